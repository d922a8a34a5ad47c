# Chained comparisons evaluate each operand once.
x = 5
print(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4 < 3)
print(1 == 1.0 == True, 1 < 2 != 2)
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(2) < v(3))
print(calls)
calls.clear()
print(v(3) < v(2) < v(1))
print(calls)
print(0 <= x <= 5 == 5)
print("a" < "b" < "c", [1] < [1, 0] < [2])
