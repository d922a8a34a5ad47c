# Name mangling of __private attributes.
class A:
    def __init__(self):
        self.__secret = "A's"
        self._protected = "visible"
    def reveal(self):
        return self.__secret
    def __hidden(self):
        return "hidden method"
    def call_hidden(self):
        return self.__hidden()
class B(A):
    def __init__(self):
        super().__init__()
        self.__secret = "B's"
b = B()
print(b.reveal(), b._B__secret, b._A__secret, b._protected, b.call_hidden())
print(sorted(vars(b)))
try:
    b.__secret
except AttributeError as e:
    print(e)
print(A._A__hidden(b))
