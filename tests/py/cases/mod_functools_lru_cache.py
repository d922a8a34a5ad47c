# functools.lru_cache and cache: memoisation and cache_info.
import functools
calls = 0
@functools.lru_cache(maxsize=None)
def fib(n):
    global calls
    calls += 1
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), calls)
print(fib.cache_info())
@functools.lru_cache(maxsize=2)
def sq(x):
    print("computing", x)
    return x * x
sq(1); sq(2); sq(1); sq(3); sq(2)
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
@functools.cache
def ident(x):
    print("miss", x)
    return x
ident(1); ident(1)
print(ident.cache_info().hits)
