# Leading zeros in a decimal integer literal.
n = 0123
