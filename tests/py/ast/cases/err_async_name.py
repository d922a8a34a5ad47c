def f():
 async   s
