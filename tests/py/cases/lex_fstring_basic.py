# f-strings: prefixes and simple fields.
name = "world"
n = 42
print(f"hello {name}")
print(F"n={n}, n+1={n + 1}")
print(f'{n}' f"{n * 2}" "plain" f'''{name!r}''')
print(rf"raw {name} \n", fr"also {n}\t", Rf"{n}", fR"{n}")
print(f"{{literal braces}} {n}")
print(f"{'nested quotes'}")
print(f"{[1, 2, 3][1]} {dict(a=1)['a']}")
print(f"""multi
{name}
line""")
