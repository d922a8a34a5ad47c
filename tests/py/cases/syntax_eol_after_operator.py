# An expression that ends with an operator.
x = 1 +
