class A: pass
class B(A): x = 1
class C(A, B, metaclass=M, **kw):
    def f(self): return self
@deco
class D(*bases): pass
