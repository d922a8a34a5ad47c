# Deep recursion with a raised recursion limit.
import sys
sys.setrecursionlimit(100000)
print(sys.getrecursionlimit())
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1
print(depth(50000))
def sum_to(n):
    return n if n == 0 else n + sum_to(n - 1)
print(sum_to(30000))
