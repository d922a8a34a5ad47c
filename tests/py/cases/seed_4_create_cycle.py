>>> def create_cycle():
...     list = [8, 9, 10]
...     list.append(list)
...     return list
>>> create_cycle()
[8, 9, 10, [...]]
