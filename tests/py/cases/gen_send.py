# The send protocol: priming, averaging coroutine, send(None).
def averager():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
a = averager()
print(next(a))
print(a.send(10), a.send(20), a.send(60))
g = averager()
try:
    g.send(5)
except TypeError as e:
    print(e)
print(g.send(None))
def accumulate():
    items = []
    while True:
        item = yield len(items)
        if item is None:
            return items
        items.append(item)
acc = accumulate()
next(acc)
acc.send("x"); acc.send("y")
try:
    acc.send(None)
except StopIteration as e:
    print("returned", e.value)
