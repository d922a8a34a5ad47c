# Pairs of local loads and stores run as one instruction; each half must
# still behave as its own instruction: errors name the right line, a jump
# into the second half runs it alone, and a tracer sees every line.
import sys


def unbound_second(flag):
    if flag:
        b = 1
    a = 2
    return (a,
            b)                  # the second load of a pair fails here


try:
    unbound_second(False)
except UnboundLocalError as e:
    tb = e.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    print("UnboundLocalError:", e, "line", tb.tb_lineno - 6)


def loop_store_store(n):
    total = 0
    i = 0
    while i < n:                # the loop jumps back between pairs
        x, y = i, i * 2
        total += x + y
        i += 1
    return total, x, y


print(loop_store_store(5))


def swap(a, b):
    a, b = b, a
    c = a; d = b
    return a, b, c, d


print(swap(1, 2), swap("x", None))

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "traced":
        events.append((event, frame.f_lineno - frame.f_code.co_firstlineno))
    return tracer


def traced(p, q):
    r = p
    s = q
    t = r + s
    return t


sys.settrace(tracer)
traced(3, 4)
sys.settrace(None)
print(events)
print(traced(5, 6))


def gen(a, b):
    x = a
    y = b
    yield x + y
    x, y = y, x
    yield x - y


print(list(gen(10, 3)))
print([k for k in (lambda u, v: (u, v, u))(7, 8)])
