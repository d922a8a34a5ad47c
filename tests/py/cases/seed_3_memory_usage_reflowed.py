import sys

def memory_usage():
    a = [1] * 1000000
    b = [2] * 1000000
    c = a + b
    print(f"Size of 'a': {sys.getsizeof(a)} bytes")
    print(f"Size of 'b': {sys.getsizeof(b)} bytes")
    print(f"Size of 'c': {sys.getsizeof(c)} bytes")

memory_usage()
