# Closing and abandoning generators runs their finally blocks.
def resource(name):
    print("open", name)
    try:
        yield 1
        yield 2
    finally:
        print("close", name)
g = resource("explicit")
next(g)
g.close()
print("after close")
for v in resource("loop-break"):
    print("value", v)
    break
print("after break")
g2 = resource("dropped")
next(g2)
del g2
print("after del")
def catches_exit():
    try:
        yield
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
g3 = catches_exit()
next(g3)
g3.close()
