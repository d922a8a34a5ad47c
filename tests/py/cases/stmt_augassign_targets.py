# Augmented assignment on attributes and subscripts evaluates the target once.
class C:
    def __init__(self):
        self.n = 0
calls = []
def get(obj):
    calls.append('get')
    return obj
c = C()
get(c).n += 5
print(c.n, calls)
d = {'a': [1]}
def key():
    calls.append('key')
    return 'a'
d[key()] += [2]
print(d, calls)
lst = [1, 2, 3]
lst[1:] += [9]
print(lst)
l2 = [1]
alias = l2
l2 += [2]
print(alias, alias is l2)
t = (1,)
talias = t
t += (2,)
print(talias, t)
