if x:
  y
else: