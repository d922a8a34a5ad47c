# sys.exit from inside nested calls, with finally blocks on the way out.
import sys
def inner():
    try:
        print("inner: calling sys.exit(2)")
        sys.exit(2)
    finally:
        print("inner finally")
def outer():
    try:
        inner()
    finally:
        print("outer finally")
outer()
print("not reached")
