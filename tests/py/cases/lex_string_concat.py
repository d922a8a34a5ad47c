# Adjacent literal concatenation across forms.
print("a" 'b' """c""" '''d''')
print("x" r"\y" f"{1 + 1}")
print(("one"
       "two"))
print(len("ab" "cd"))
x = 5
print(f"{x}" "{x}" f"{x!r}")
