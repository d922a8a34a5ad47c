def f():
    class A:
        def g(self):
            for i in x:
                while y:
                    if z:
                        try:
                            pass
                        except:
                            pass
    return A
