# input() reads lines from stdin (the case's .in file).
name = input()
print("hello,", name)
age = int(input("age? "))
print("next year", age + 1)
rest = input()
print(repr(rest))
try:
    input()
except EOFError as e:
    print("EOFError", repr(str(e)))
