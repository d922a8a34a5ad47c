# __set_name__ on descriptors, and data/non-data descriptors.
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        setattr(obj, self.name, value)
class Model:
    title = Field()
    size = Field()
m = Model()
print(m.title)
m.title = "hello"
print(m.title, m._title, type(Model.title).__name__)
class NonData:
    def __get__(self, obj, objtype=None):
        return "from descriptor"
class User:
    attr = NonData()
u = User()
print(u.attr)
u.__dict__['attr'] = "from instance dict"
print(u.attr)
class DataDesc:
    def __get__(self, obj, t=None): return "data descriptor wins"
    def __set__(self, obj, v): pass
class User2:
    attr = DataDesc()
u2 = User2()
u2.__dict__['attr'] = "shadowed"
print(u2.attr)
