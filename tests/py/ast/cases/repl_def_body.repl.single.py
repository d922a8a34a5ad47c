def f():
  pass