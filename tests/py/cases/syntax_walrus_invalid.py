# The walrus operator at statement level without parentheses.
x := 5
