class A(metaclass=M): pass
class B(object, **kw): pass
class C(): pass
