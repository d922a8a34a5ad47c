x.if_
x.None_
print(x.match)
