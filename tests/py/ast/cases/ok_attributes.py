a.b
a.b.c.d
a().b
a[0].b
(1).real
'abc'.upper()
