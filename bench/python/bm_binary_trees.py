"""The binary-trees pattern (Computer Language Benchmarks Game).

Allocate one long-lived tree, then many short-lived complete binary trees
of increasing depth, checking each by counting its nodes.  Nodes are
2-tuples (leaves are (None, None)): the purest small-object churn there
is, with a long-lived structure in the middle of it.
"""
import sys


def make(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make(depth), make(depth))


def check(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check(left) + check(right)


def main(max_depth):
    min_depth = 4
    stretch = max_depth + 1
    out = ["stretch %d check %d" % (stretch, check(make(stretch)))]
    long_lived = make(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 2 ** (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total += check(make(depth))
        out.append("%d trees of depth %d check %d" % (iterations, depth,
                                                      total))
    out.append("long lived tree of depth %d check %d"
               % (max_depth, check(long_lived)))
    print("binary_trees", len(out), out[-1])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 16)
