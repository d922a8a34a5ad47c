# del of something that is not a target.
del 5
