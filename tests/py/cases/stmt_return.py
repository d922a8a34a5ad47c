# return forms.
def none1(): return
def none2(): pass
def tup(): return 1, 2
def early(x):
    for i in range(10):
        if i == x:
            return i * 10
    return -1
def ret_in_finally():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(none1(), none2(), tup(), early(3), early(20))
print(ret_in_finally())
def star(): return *[1, 2], 3
print(star())
