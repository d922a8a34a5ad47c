"""Object-heavy work: build trees of class instances, walk them, drop them.

The pattern of a document model or a scene graph: many small instances
with a handful of attributes each (instance dicts, or __slots__), linked
into trees, queried, partly rebuilt, then released all at once.  Almost
every allocation is a small object or a small dict: the pools' fast path.
"""
import sys


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.children = []
        self.parent = parent
        self.text = None

    def add(self, child):
        self.children.append(child)
        return child


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def build(depth, fanout, serial):
    root = Element("root", {"id": serial})
    level = [root]
    for d in range(depth):
        nxt = []
        for parent in level:
            for i in range(fanout):
                e = parent.add(Element("n%d" % d, {"i": i, "d": d}, parent))
                e.text = Point(i, d)
                nxt.append(e)
        level = nxt
    return root


def walk(node):
    total = 0
    stack = [node]
    while stack:
        n = stack.pop()
        total += n.attrs.get("i", 0)
        if n.text is not None:
            total += n.text.x * n.text.y
        stack.extend(n.children)
    return total


def main(rounds):
    checksum = 0
    keep = []
    for r in range(rounds):
        tree = build(6, 5, r)          # 1 + 5 + ... + 5**6 = 19531 nodes
        checksum += walk(tree)
        # Replace a subtree: its old nodes die while the tree lives on.
        tree.children[r % 5] = build(4, 5, -r)
        checksum += walk(tree)
        if r % 4 == 0:
            keep.append(tree)          # some trees live longer
        if len(keep) > 3:
            keep.pop(0)
    print("objects", checksum)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 14)
