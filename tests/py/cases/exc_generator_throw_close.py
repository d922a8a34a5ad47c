# generator.throw and generator.close.
def g():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("generator caught", e)
        yield "recovered"
    finally:
        print("generator cleanup")
it = g()
print(next(it))
print(it.throw(ValueError("boom")))
it.close()
it2 = g()
next(it2)
try:
    it2.throw(KeyError("unhandled"))
except KeyError as e:
    print("propagated", e)
def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        yield "should not yield"
it3 = ignores_exit()
next(it3)
try:
    it3.close()
except RuntimeError as e:
    print(e)
it4 = g()
it4.close()
print("closing an unstarted generator runs nothing")
