# An uncaught exception inside a dict comprehension.
pairs = [("a", "1"), ("b", "2"), ("c", "three")]
table = {k: int(v) for k, v in pairs}
