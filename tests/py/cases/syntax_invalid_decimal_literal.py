# A name glued to a number.
value = 12abc
