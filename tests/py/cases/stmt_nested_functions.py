# Functions defined inside loops, conditionals and other functions.
funcs = []
for i in range(3):
    def f(x, i=i):
        return x * i
    funcs.append(f)
print([g(10) for g in funcs])
if True:
    def chosen(): return "true branch"
else:
    def chosen(): return "false branch"
print(chosen())
def outer(n):
    def middle(m):
        def inner(k):
            return n + m + k
        return inner
    return middle
print(outer(1)(2)(3), outer.__name__, outer(1).__qualname__, outer(1)(2).__qualname__)
def recursive_inner(n):
    def helper(k):
        return 1 if k == 0 else k * helper(k - 1)
    return helper(n)
print(recursive_inner(10))
