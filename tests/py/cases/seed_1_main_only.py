x = 10
final_value = func(x)
print("Final value = ", final_value)
