async def f():
    await x
x = 1 2
