# sys.settrace: call, line, return and exception events with the frame's
# f_lineno, a local trace function returned from 'call', f_trace set by
# hand, f_trace_lines, generators resumed, and a trace function that raises.
import sys

events = []

def tracer(frame, event, arg):
    if event == "return":
        a = arg
    elif event == "exception":
        a = arg[0].__name__ + ":" + str(arg[1])
    else:
        a = None
    events.append((event, frame.f_code.co_name, frame.f_lineno, a))
    return tracer

def add(a, b):
    c = a + b
    return c

def loop(n):
    t = 0
    for i in range(n):
        t += i
    while t > 2:
        t -= 2
    return t

def gen():
    yield 1
    x = 5
    yield x

def fails():
    raise ValueError("bad")

def catches():
    r = None
    for attempt in range(2):
        r = attempt
    return r

class K:
    def __init__(self):
        self.v = 1

sys.settrace(tracer)
add(1, 2)
loop(3)
list(gen())
catches()
K()
[x * 2 for x in range(2)]
sys.settrace(None)
print(sys.gettrace())
for e in events:
    print(e)

# Only 'call' goes to the global function; returning None leaves a frame
# untraced.
calls = []
def only_calls(frame, event, arg):
    calls.append((event, frame.f_code.co_name))
    return None
sys.settrace(only_calls)
add(3, 4)
loop(2)
sys.settrace(None)
print(calls)

# A local trace function that turns line events off for its frame.
seen = []
def lines_off(frame, event, arg):
    seen.append((event, frame.f_lineno))
    if event == "call":
        frame.f_trace_lines = False
    return lines_off
sys.settrace(lines_off)
add(5, 6)
sys.settrace(None)
print(seen)

# An exception passing through two frames, caught in a third.
exc_events = []
def exc_tracer(frame, event, arg):
    if event == "exception":
        exc_events.append((frame.f_code.co_name, arg[0].__name__))
    elif event == "return":
        exc_events.append((frame.f_code.co_name, "return", arg))
    return exc_tracer
def middle():
    fails()
def top():
    for k in range(1):
        middle()
sys.settrace(exc_tracer)
for attempt in range(1):
    try:
        top()
    except ValueError as e:
        caught = str(e)
sys.settrace(None)
print(exc_events, caught)

# A trace function that raises: tracing stops, the error reaches the
# traced code.
def broken(frame, event, arg):
    if event == "line":
        raise RuntimeError("tracer failed")
    return broken
sys.settrace(broken)
for attempt in range(1):
    try:
        add(1, 1)
    except RuntimeError as e:
        print("caught:", e, sys.gettrace())
sys.settrace(None)
