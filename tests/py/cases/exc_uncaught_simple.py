# An uncaught exception at module level: traceback on stderr, status 1.
print("about to fail")
x = {"a": 1}
value = x["b"]
print("not reached")
