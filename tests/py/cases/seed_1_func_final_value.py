def func(x):
    value = (x + 5) * 10
    return value
x = 10
final_value = func(x)
print("Final value = ", final_value)
