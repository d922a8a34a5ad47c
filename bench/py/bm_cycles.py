"""Creating and collecting reference cycles in a loop, written for
objheap's suite.

Each round makes garbage that only the cycle collector can free:
doubly linked rings of instances, trees whose children point back at
their parents, lists and dicts that contain themselves, closures that
refer to themselves through their cell, and a few rings of objects with
__del__ methods (PEP 442 finalizers) and weak references with callbacks
to them.  The automatic collections run as the thresholds say; every
so many rounds an explicit gc.collect() runs too.  The checksum counts
what the program itself observes (finalizers run, callbacks called,
values summed), never gc.collect()'s return value, which depends on how
an implementation lays out its objects.

Usage: bm_cycles.py [N]   N rounds (default 12000).
Prints the rounds, the finalizers and callbacks seen, and a value sum.
"""
import gc
import sys
import weakref


class Cell:
    __slots__ = ("value", "next", "prev", "__weakref__")

    def __init__(self, value):
        self.value = value
        self.next = self.prev = None


class Tracked:
    """A ring member that counts its own finalization."""
    finalized = 0

    def __init__(self, value):
        self.value = value
        self.peer = None

    def __del__(self):
        Tracked.finalized += 1


class TreeNode:
    def __init__(self, parent, value):
        self.parent = parent
        self.value = value
        self.children = []


def ring(n, base):
    first = prev = Cell(base)
    for i in range(1, n):
        c = Cell(base + i)
        c.prev = prev
        prev.next = c
        prev = c
    prev.next = first
    first.prev = prev
    return first


def ring_sum(first):
    total = first.value
    c = first.next
    while c is not first:
        total += c.value
        c = c.next
    return total


def tree(parent, depth, value):
    node = TreeNode(parent, value)
    if depth:
        for i in range(3):
            node.children.append(tree(node, depth - 1, value * 3 + i))
    return node


def tree_sum(node):
    return node.value + sum(tree_sum(c) for c in node.children)


def counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return step, count
    return step


def main(n):
    callbacks = 0

    def on_clear(ref):
        nonlocal callbacks
        callbacks += 1

    refs = []
    made_tracked = 0
    total = 0
    for r in range(n):
        first = ring(40, r)
        total += ring_sum(first)
        refs.append(weakref.ref(first, on_clear))
        del first

        root = tree(None, 4, r % 17)
        total += tree_sum(root)
        del root

        lst = [r, r + 1]
        lst.append(lst)
        d = {"r": r}
        d["self"] = d
        d["list"] = lst
        total += lst[0] + d["r"]
        del lst, d

        step = counter()
        for _ in range(r % 5):
            step, c = step()
            total += c
        del step

        if r % 10 == 0:
            a, b = Tracked(r), Tracked(-r)
            a.peer, b.peer = b, a
            refs.append(weakref.ref(a, on_clear))
            made_tracked += 2
            del a, b

        if r % 500 == 499:
            gc.collect()
            refs = [ref for ref in refs if ref() is not None]
    gc.collect()
    refs = [ref for ref in refs if ref() is not None]
    print("cycles", n, made_tracked, Tracked.finalized, callbacks, len(refs),
          total, gc.garbage)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12000)
