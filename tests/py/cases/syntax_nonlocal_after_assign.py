# nonlocal at module level after an assignment: CPython reports the assignment first.
x = 1
nonlocal x
