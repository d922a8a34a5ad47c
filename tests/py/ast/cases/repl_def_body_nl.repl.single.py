def f():
  pass
