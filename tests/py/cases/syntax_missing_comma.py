# Two expressions side by side with no operator.
items = [1 2]
