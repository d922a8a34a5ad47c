# Class attributes versus instance attributes.
class C:
    shared = []
    count = 0
    def __init__(self):
        C.count += 1
        self.own = []
a, b = C(), C()
a.shared.append("a")
a.own.append("a")
print(b.shared, b.own, C.count)
a.count = 100
print(a.count, b.count, C.count)
del a.count
print(a.count)
print(sorted(vars(a)), 'shared' in C.__dict__)
C.new_attr = "added later"
print(b.new_attr)
print(hasattr(a, 'own'), hasattr(a, 'missing'), getattr(a, 'missing', 'default'))
