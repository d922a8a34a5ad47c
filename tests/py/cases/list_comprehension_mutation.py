# Lists modified while building other lists; aliasing and copies.
a = [1, 2, 3]
b = a
c = a[:]
a.append(4)
print(b, c, a is b, a is c)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
transposed = [list(row) for row in zip(*matrix)]
print(matrix, transposed)
flat = [x for row in matrix for x in row if x % 2]
print(flat)
stack = [1]
for v in stack:
    if v < 5:
        stack.append(v + 1)
print(stack)
nums = list(range(10))
nums[:] = [n for n in nums if n % 3]
print(nums)
