# Subclassing built-in types.
class MyList(list):
    def total(self): return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.total(), len(ml), type(ml).__name__, isinstance(ml, list))
print(type(ml + [5]).__name__, type(ml[:2]).__name__)
class MyDict(dict):
    def __missing__(self, key):
        return f"missing {key}"
md = MyDict(a=1)
print(md["a"], md["b"], "b" in md)
class Upper(str):
    def shout(self): return self.upper() + "!"
u = Upper("hey")
print(u.shout(), u + " there", type(u + "x").__name__, u == "hey")
class Celsius(float):
    def __repr__(self): return f"{float(self)}C"
print(Celsius(21.5), Celsius(1) + 1)
class Even(int):
    def is_even(self): return self % 2 == 0
print(Even(4).is_even(), Even(3) * 2)
