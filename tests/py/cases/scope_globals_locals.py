# globals(), locals() and vars() in different scopes.
g_value = 1
def f(a, b=2):
    c = 3
    return sorted(locals().items())
print(f(1))
print('g_value' in globals(), globals()['g_value'])
globals()['made_dynamically'] = 42
print(made_dynamically)
class C:
    x = 1
    keys = sorted(k for k in locals() if not k.startswith('__'))
print(C.keys)
print(locals() is globals())
def outer():
    free = 1
    def inner():
        return sorted(locals())
    free
    return inner()
print(outer())
