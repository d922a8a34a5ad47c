# getweakrefcount and getweakrefs.
import weakref
class C: pass
c = C()
print(weakref.getweakrefcount(c), weakref.getweakrefs(c))
r1 = weakref.ref(c)
r2 = weakref.ref(c, lambda r: None)
p = weakref.proxy(c)
print(weakref.getweakrefcount(c), len(weakref.getweakrefs(c)))
print(r1 in weakref.getweakrefs(c), r2 in weakref.getweakrefs(c))
del r2
print(weakref.getweakrefcount(c))
print(weakref.getweakrefcount(5))
