"""Collections over a big live object graph, written for objheap's
suite.

A graph of V vertices (instances whose attributes hold a list of
edges and a dict of tags, indexed by a dict and a list) stays alive
while, round after round, a few hundred edges are rewired, a little
cyclic garbage is made and gc.collect() runs over everything (a full
collection and two young ones); every fifth round, and after the last,
the graph is walked breadth-first from vertex 0.  Almost all the
collector's work is traversing live objects that survive: the work a
generational collector is built to put off, and a full collection
cannot avoid.

Usage: bm_gc_graph.py [N [V]]   N rounds (default 8) over V vertices
(default 100000).
Prints the vertices reached and the distances, summed over the walks.
"""
import gc
import random
import sys



class Vertex:
    def __init__(self, ident):
        self.ident = ident
        self.edges = []
        self.tags = {"id": ident, "parity": ident & 1}


def build(rng, size):
    vs = [Vertex(i) for i in range(size)]
    index = {}
    for v in vs:
        index[v.ident] = v
        for _ in range(3):
            v.edges.append(vs[rng.randrange(size)])
    return vs, index


def walk(start):
    """Breadth-first from start: (vertices reached, sum of distances)."""
    seen = {start.ident: 0}
    frontier = [start]
    dist = 0
    total = 0
    while frontier:
        dist += 1
        nxt = []
        for v in frontier:
            for w in v.edges:
                if w.ident not in seen:
                    seen[w.ident] = dist
                    total += dist
                    nxt.append(w)
        frontier = nxt
    return len(seen), total


def main(n, size):
    rng = random.Random(2024)
    vs, index = build(rng, size)
    reached = dist_sum = 0
    for r in range(n):
        for _ in range(300):
            v = vs[rng.randrange(size)]
            v.edges[rng.randrange(len(v.edges))] = index[rng.randrange(size)]
        for i in range(200):
            junk = Vertex(-i)
            junk.edges.append(junk)
            junk.tags["self"] = junk.tags
        del junk
        gc.collect()
        gc.collect(0)
        gc.collect(1)
        if r % 5 == 4 or r == n - 1:
            count, total = walk(vs[0])
            reached += count
            dist_sum += total
    print("gc_graph", n, reached, dist_sum, len(index))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8,
         int(sys.argv[2]) if len(sys.argv) > 2 else 100000)
