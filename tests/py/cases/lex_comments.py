#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Comments in various positions.
x = 1  # trailing comment
# y = 2
print(x)  # print(x * 100)
s = "# not a comment"
print(s)
def f():
    # only a comment and a pass
    pass
    # after the body
print(f())
    # an indented comment line is fine
print('#', "'#'")
