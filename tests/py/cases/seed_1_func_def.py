def func(x):
    value = (x + 5) * 10
    return value
