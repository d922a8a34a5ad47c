# The finally block runs, then the exception continues to the top.
def work():
    try:
        print("working")
        raise LookupError("missing item")
    finally:
        print("finally ran")
work()
