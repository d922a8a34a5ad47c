# functools.wraps copies metadata onto wrappers.
import functools
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        "wrapper doc"
        return fn(*args, **kwargs)
    return wrapper
@logged
def greet(name):
    "Return a greeting."
    return "hi " + name
print(greet("x"), greet.__name__, greet.__doc__, greet.__wrapped__.__name__)
def plain(fn):
    def wrapper(*a):
        return fn(*a)
    return wrapper
@plain
def other():
    "other doc"
print(other.__name__, other.__doc__)
print(greet.__qualname__, greet.__module__)
