# while loops with complex conditions, nested breaks and flags.
numbers = [4, 8, 15, 16, 23, 42]
i = 0
while i < len(numbers) and numbers[i] % 2 == 0:
    i += 1
print("first odd at", i, numbers[i])
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
found = None
row = 0
while row < 5:
    col = 0
    while col < 5:
        if row * col == 6:
            found = (row, col)
            break
        col += 1
    if found:
        break
    row += 1
print(found)
