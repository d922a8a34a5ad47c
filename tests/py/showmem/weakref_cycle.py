# Weak references, for the tour's show-memory chapter.  The seeds name
# weakref ("weakref to break circular references") but their example's
# code did not survive, so this one is ours: a weak back-reference that
# makes no cycle, then a strong one that does and needs the collector,
# which runs the finalizers and the weak reference's callback.
import gc
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self.parent = None
        self.children = []

    def __del__(self):
        print("finalizing", self.name)


def gone(ref):
    print("callback: a Node died")


root = Node("root")
leaf = Node("leaf")
root.children.append(leaf)
leaf.parent = weakref.ref(root, gone)   # weak: no cycle
print(leaf.parent() is root)
del root                                # freed at once by its count
print(leaf.parent())
a = Node("a")
b = Node("b")
a.children.append(b)
b.parent = a                            # strong: a cycle
watch = weakref.ref(a, gone)
del a, b
print("collected", gc.collect())
print(watch())
del leaf
