def create_cycle():
    list = [8, 9, 10]
    list.append(list)
    return list
print(repr(create_cycle()))
