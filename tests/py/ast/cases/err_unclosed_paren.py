foo(
x = 1
