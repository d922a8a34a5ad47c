print('hello')
print(1, 2, sep='')
print
x = print
