"""Millions of small tuples and instances, written for objheap's suite.

Conway's Life on an unbounded board kept as a set of (x, y) tuples
(every generation makes a tuple for each neighbour of each live cell),
then a particle system in which every step makes new small instances
(a plain class, a class with __slots__ and a namedtuple) instead of
updating old ones, and sorts and groups records held in tuples.  Almost
every object lives for a moment: the benchmark measures the allocation
and freeing of small objects, free lists and the young generation.

Usage: bm_tuples_objects.py [N]   N generations and steps
(default 150).
Prints the live cells, the particles' state and the records' checksums.
"""
import collections
import sys

NEIGHBOURS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
              if dx or dy]

Point = collections.namedtuple("Point", "x y")


class Particle:
    def __init__(self, pos, vel, mass):
        self.pos = pos
        self.vel = vel
        self.mass = mass

    def moved(self, dt):
        p, v = self.pos, self.vel
        return Particle(Point(p.x + v.x * dt, p.y + v.y * dt), v, self.mass)


class Vel:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def bounced(self, fx, fy):
        return Vel(self.x * fx, self.y * fy)


def life_step(live):
    counts = {}
    for x, y in live:
        for dx, dy in NEIGHBOURS:
            key = (x + dx, y + dy)
            counts[key] = counts.get(key, 0) + 1
    return {cell for cell, c in counts.items()
            if c == 3 or (c == 2 and cell in live)}


def particles_step(ps, dt):
    out = []
    for p in ps:
        q = p.moved(dt)
        x, y = q.pos
        fx = -1 if x < 0 or x > 100 else 1
        fy = -1 if y < 0 or y > 100 else 1
        if fx != 1 or fy != 1:
            q = Particle(q.pos, q.vel.bounced(fx, fy), q.mass)
        out.append(q)
    return out


def main(n):
    # An R-pentomino and a glider, far apart.
    live = {(0, 1), (1, 0), (1, 1), (1, 2), (2, 0),
            (40, 40), (41, 41), (42, 39), (42, 40), (42, 41)}
    sizes = 0
    for _ in range(n * 3):
        live = life_step(live)
        sizes += len(live)
    xs = sorted(live)
    print("life", n * 3, len(live), sizes, xs[0], xs[-1])

    ps = [Particle(Point(float(i % 100), float(i * 7 % 100)),
                   Vel((i % 13 - 6) * 0.5, (i % 7 - 3) * 0.25), 1 + i % 5)
          for i in range(3000)]
    for _ in range(n):
        ps = particles_step(ps, 0.5)
    cx = sum(p.pos.x * p.mass for p in ps) / sum(p.mass for p in ps)
    cy = sum(p.pos.y * p.mass for p in ps) / sum(p.mass for p in ps)
    print("particles %d %.6f %.6f" % (len(ps), cx, cy))

    records = [(i * 7919 % 1000, i % 17, -i) for i in range(n * 2000)]
    records.sort()
    by_key = collections.defaultdict(list)
    for a, b, c in records:
        by_key[b].append((a, c))
    check = 0
    for k in sorted(by_key):
        rs = by_key[k]
        check = (check * 31 + len(rs) + rs[0][0] - rs[-1][1]) % 1000000007
    print("records", len(records), len(by_key), check)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
