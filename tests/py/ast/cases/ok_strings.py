'a'
"b"
'''c'''
"""d"""
''
""
'''
multi
line
'''
'it''s'
"a" 'b' '''c'''
