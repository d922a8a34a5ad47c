NAME = "pkg.sub"
def hello():
    return "hello from sub"
