# An uncaught exception inside a sort key function.
people = [{"name": "Ann", "age": 30}, {"name": "Bob"}]
people.sort(key=lambda p: p["age"])
