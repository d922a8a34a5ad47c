# del of names, attributes, items, slices, and tuples of targets.
a = 1
del a
print('a' in globals())
class O: pass
o = O()
o.x = 1; o.y = 2
del o.x
print(hasattr(o, 'x'), o.y)
lst = list(range(10))
del lst[0]
print(lst)
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
del lst[::2]
print(lst)
d = {'a': 1, 'b': 2, 'c': 3}
del d['b']
print(d)
p, q = 1, 2
del p, q
print('p' in globals(), 'q' in globals())
m = [1, 2, 3]; n = {'k': 1}
del (m[0], n['k'])
print(m, n)
def f():
    v = 5
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)
print(f())
