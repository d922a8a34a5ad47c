"""Build-and-drop of binary trees (binary-trees and GCBench style),
written for objheap's suite.

Two kinds of tree: nested tuples (left, right), and instances of a Node
class with left and right attributes built both top-down (allocate the
node, then fill its children) and bottom-up (children first).  A tree
of the largest depth and a list of floats stay alive throughout, as
GCBench's long-lived data does, while many short-lived trees of smaller
depths are built, checked by counting their nodes, and dropped.  No
tree has a cycle: every node is freed by its count reaching zero, but
each allocation counts towards a collection of the young generation,
which must traverse whatever is tracked and still alive.

Usage: bm_trees.py [D]   largest depth (default 15).
Prints the nodes counted at each depth.
"""
import sys


def tuple_tree(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (tuple_tree(depth), tuple_tree(depth))


def tuple_count(t):
    left, right = t
    if left is None:
        return 1
    return 1 + tuple_count(left) + tuple_count(right)


class Node:
    def __init__(self, left=None, right=None):
        self.left = left
        self.right = right


def top_down(node, depth):
    """Give node children down to depth more levels."""
    if depth <= 0:
        return
    depth -= 1
    node.left = Node()
    node.right = Node()
    top_down(node.left, depth)
    top_down(node.right, depth)


def bottom_up(depth):
    if depth <= 0:
        return Node()
    depth -= 1
    return Node(bottom_up(depth), bottom_up(depth))


def node_count(node):
    n = 1
    if node.left is not None:
        n += node_count(node.left)
    if node.right is not None:
        n += node_count(node.right)
    return n


def main(max_depth):
    min_depth = 4
    out = []
    # The long-lived data.
    stretch = tuple_count(tuple_tree(max_depth + 1))
    out.append("stretch %d %d" % (max_depth + 1, stretch))
    long_tree = Node()
    top_down(long_tree, max_depth)
    floats = [i / 2.0 for i in range(100000)]
    for depth in range(min_depth, max_depth + 1, 2):
        rounds = 1 << (max_depth - depth + min_depth - 3)
        tuples = nodes = 0
        for i in range(rounds):
            tuples += tuple_count(tuple_tree(depth))
            root = Node()
            top_down(root, depth)
            nodes += node_count(root)
            nodes += node_count(bottom_up(depth))
        out.append("depth %d rounds %d tuples %d nodes %d"
                   % (depth, rounds, tuples, nodes))
    out.append("long-lived %d %s" % (node_count(long_tree),
                                    floats[1000] + floats[-1]))
    print("trees", max_depth)
    print("\n".join(out))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
