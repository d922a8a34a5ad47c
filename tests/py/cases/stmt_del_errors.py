# Errors from del.
def t(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
def a():
    del undefined_name
def b():
    d = {}
    del d['missing']
def c():
    l = [1]
    del l[5]
def d():
    o = object()
    del o.attr
def e():
    x = (1, 2)
    del x[0]
def g():
    global gname
    del gname
t(a); t(b); t(c); t(d); t(e); t(g)
