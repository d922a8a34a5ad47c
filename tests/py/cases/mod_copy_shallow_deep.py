# copy.copy and copy.deepcopy.
import copy
orig = {"list": [1, [2, 3]], "tuple": (4, [5]), "str": "s"}
shallow = copy.copy(orig)
deep = copy.deepcopy(orig)
orig["list"][1].append("changed")
orig["tuple"][1].append("changed")
print(shallow["list"], deep["list"])
print(shallow["tuple"], deep["tuple"])
print(shallow is orig, shallow["list"] is orig["list"], deep["list"] is orig["list"])
cyc = [1]
cyc.append(cyc)
dc = copy.deepcopy(cyc)
print(dc[1] is dc, dc is cyc)
class Node:
    def __init__(self, v, children=()):
        self.v = v
        self.children = list(children)
tree = Node(1, [Node(2), Node(3)])
t2 = copy.deepcopy(tree)
t2.children[0].v = 20
print(tree.children[0].v, t2.children[0].v, type(t2).__name__)
t = (1, 2)
print(copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy("s") == "s")
class Custom:
    def __init__(self): self.data = [1]
    def __copy__(self):
        print("__copy__ called")
        return Custom()
    def __deepcopy__(self, memo):
        print("__deepcopy__ called")
        return "deep!"
copy.copy(Custom())
print(copy.deepcopy(Custom()))
