x = 'a' 'b'
y = ('a'
     'b'
     'c')
z = 'a' \
    'b'
