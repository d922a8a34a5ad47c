# Inconsistent use of tabs and spaces in one block.
def f():
        x = 1
	return x
