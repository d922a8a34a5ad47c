"""The GCBench pattern (Ellis, Kovac and Boehm), in Python.

Builds a long-lived tree and a long-lived array of floats, then for each
depth builds many short-lived trees both top-down (allocate the node,
then fill in its children) and bottom-up (children first), dropping each
at once.  Nodes are instances with __slots__, so every node is one small
block and the cycle collector tracks them all.
"""
import sys


class Node:
    __slots__ = ("left", "right", "i", "j")

    def __init__(self, left=None, right=None):
        self.left = left
        self.right = right
        self.i = 0
        self.j = 0


def tree_size(depth):
    return (1 << (depth + 1)) - 1


def populate(depth, node):
    """Top-down: the parent exists before its children."""
    if depth <= 0:
        return
    depth -= 1
    node.left = Node()
    node.right = Node()
    populate(depth, node.left)
    populate(depth, node.right)


def make_tree(depth):
    """Bottom-up: children before their parent."""
    if depth <= 0:
        return Node()
    return Node(make_tree(depth - 1), make_tree(depth - 1))


def count(node):
    n = 0
    stack = [node]
    while stack:
        x = stack.pop()
        if x is not None:
            n += 1
            stack.append(x.left)
            stack.append(x.right)
    return n


def main(scale):
    stretch_depth, long_depth, array_size = 16, 14, 250000
    min_depth, max_depth = 4, 14
    total = count(make_tree(stretch_depth))
    long_lived = Node()
    populate(long_depth, long_lived)
    array = [1.0 / (i + 1) for i in range(array_size // 2)]
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = scale * 2 * tree_size(max_depth) // tree_size(depth)
        for _ in range(iterations):
            t = Node()
            populate(depth, t)
            total += count(t)
            del t
            total += count(make_tree(depth))
    total += count(long_lived) + int(array[1000] * 1e6)
    print("gcbench", total)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
