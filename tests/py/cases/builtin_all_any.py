# all and any, with short-circuiting.
print(all([]), any([]), all([1, 2]), all([1, 0]), any([0, "", None]), any([0, 3]))
print(all(x > 0 for x in range(1, 5)), any(x > 3 for x in range(5)))
seen = []
def check(v):
    seen.append(v)
    return v
print(all(check(v) for v in [1, 0, 1]), seen)
seen.clear()
print(any(check(v) for v in [0, 2, 3]), seen)
print(all("abc"), any({}), all({0: 1}), any({0: 1}))
