# Single inheritance: overriding, extending, attribute lookup through bases.
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return "animal"
class Dog(Animal):
    sound = "woof"
    def kind(self):
        return "dog, an " + super().kind()
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
p = Puppy("Rex", 1)
print(p.speak(), "|", p.kind(), "|", p.age)
print(isinstance(p, Animal), issubclass(Puppy, Animal), issubclass(Animal, Puppy))
print(Puppy.__base__.__name__, Puppy.__mro__[-1].__name__)
print([c.__name__ for c in Puppy.__mro__])
