# str() of large ints and int() of long digit strings.
n = 7 ** 1000
s = str(n)
print(len(s), s[:20], s[-20:])
print(int(s) == n, int(s[:100]) % 97)
print(sum(int(c) for c in str(2 ** 2000)))
print(str(-(10 ** 99))[:5], len(str(10 ** 999)))
