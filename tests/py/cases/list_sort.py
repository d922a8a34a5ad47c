# list.sort: key, reverse, stability, errors.
nums = [5, 2, 9, 1, 5, 6]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = ["pear", "Fig", "apple", "kiwi", "banana", "date"]
words.sort(key=len)
print(words)
words.sort(key=str.lower)
print(words)
records = [("b", 2), ("a", 2), ("c", 1), ("d", 1), ("e", 2)]
records.sort(key=lambda r: r[1])
print(records)
records.sort(key=lambda r: r[1], reverse=True)
print(records)
mixed = [3.5, 1, True, 2.25, 0]
mixed.sort()
print(mixed)
big = list(range(1000, 0, -1))
big.sort()
print(big[:3], big[-3:], big == sorted(big))
try:
    [1, "x", 2].sort()
except TypeError as e:
    print(e)
print([].sort(), sorted([[2, 1], [1, 2], [1]]))
