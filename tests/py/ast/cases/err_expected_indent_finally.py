try:
    x
finally:
y
