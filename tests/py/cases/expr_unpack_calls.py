# * and ** unpacking in calls.
def f(a, b, c, d=0, **kw):
    return a, b, c, d, kw
args = [1, 2]
kw = {'d': 4, 'e': 5}
print(f(*args, 3))
print(f(0, *args, **kw))
print(f(*range(3), **{'x': 1}, **{'y': 2}))
print(f(*"ab", *[9]))
print(f(1, *(), 2, *[3]))
print(f(**{'a': 1, 'b': 2, 'c': 3}))
print(max(*[3, 1, 2]), print(*["a", "b"], sep="-"))
try:
    f(**{'a': 1}, **{'a': 2})
except TypeError as e:
    print(e)
try:
    f(*1)
except TypeError as e:
    print(e)
try:
    f(**[1])
except TypeError as e:
    print(e)
