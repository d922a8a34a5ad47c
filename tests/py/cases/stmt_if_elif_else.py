# if / elif / else chains.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
for v in (-3, 0, 5, 50):
    print(v, classify(v))
if []:
    print("empty list is true?")
else:
    print("empty list is false")
if 0.0 or "" or None or ():
    print("no")
elif "x":
    print("non-empty str")
if 1:
    if 0:
        print("inner")
    else:
        print("nested else")
