# KeyError shows the repr of the key; other errors show str.
for key in ["text", 1, (1, 2), None, "", "with 'quote'"]:
    try:
        {}[key]
    except KeyError as e:
        print(e, "|", repr(e), "|", e.args)
try:
    raise KeyError("a", "b")
except KeyError as e:
    print(e)
try:
    raise ValueError("plain")
except ValueError as e:
    print(e)
