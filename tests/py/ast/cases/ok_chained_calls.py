a.b(c).d[e](f)(g).h
x = obj.method(1)(2)[3]
