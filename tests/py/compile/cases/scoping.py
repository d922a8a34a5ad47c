"""Scopes: locals, globals, cells, free variables, nonlocal, classes."""
import os.path
import os.path as osp
from os import path as p2, sep
from . import sibling
from .. import parent as par
from .mod import *

g = 1

def outer(a, b=2, *args, c, d=4, **kw):
    x = a
    def inner(y):
        nonlocal x
        x = x + y + b
        return x + g
    def other():
        return inner(c)
    return inner, other

def uses_global():
    global g, h
    g = 2
    h = 3
    del h
    return g

def cellarg(a, b):
    def f():
        return a
    b = 1
    return f, b

def shadow():
    x = 1
    class C:
        x = 2
        def m(self):
            return x
        y = [x for _ in range(3)]
        def n(self):
            return __class__, super().n()
    return C

def deep():
    a = 1
    def l1():
        def l2():
            def l3():
                return a
            return l3
        return l2
    return l1

class K:
    __priv = 1
    def __m(self, __a):
        return self.__priv + __a
    def meth(self):
        return self.__m(1), __import__
    def __dunder__(self):
        return self.__dunder__

class D(K, metaclass=type):
    def f(self):
        x = 1
        class E:
            def g(s):
                return x
            x = 3
        return E

lam = lambda x, *y, z=3, **w: (x, y, z, w, g)
nested_lam = lambda: lambda: g

def walrus(items):
    if (n := len(items)) > 3:
        pass
    total = [y := v for v in items]
    return n, y, total

def free_in_class_body():
    v = 1
    class C:
        w = v
        def m(self):
            return v
    return C

def deleted():
    z = 1
    def f():
        nonlocal z
        del z
    return f
