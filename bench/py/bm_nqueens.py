"""N-queens: every placement of N queens on an N x N board with no two
attacking, written for objheap's suite.

Two solvers, checked against each other: a generator over the
permutations of the columns (itertools.permutations) keeping those whose
two diagonals are all distinct (sets built from generator
expressions), and a recursive backtracking search with sets of the
attacked columns and diagonals; a third counts with bit masks.
Measures generators, set building, recursion and int bit operations.

Usage: bm_nqueens.py [N]   board size (default 10): the two solvers at
N-1, the search alone at N and N+1 (the permutations grow too fast),
a bit-mask search at N+2.
Prints the number of solutions and a checksum of the solutions found.
"""
import sys
from itertools import permutations


def by_permutations(n):
    cols = range(n)
    for p in permutations(cols):
        if (n == len(set(p[i] + i for i in cols))
                == len(set(p[i] - i for i in cols))):
            yield p


def by_search(n):
    solutions = []
    placed = []
    used_cols, used_up, used_down = set(), set(), set()

    def place(row):
        if row == n:
            solutions.append(tuple(placed))
            return
        for col in range(n):
            if (col in used_cols or row + col in used_up
                    or row - col in used_down):
                continue
            used_cols.add(col)
            used_up.add(row + col)
            used_down.add(row - col)
            placed.append(col)
            place(row + 1)
            placed.pop()
            used_cols.remove(col)
            used_up.remove(row + col)
            used_down.remove(row - col)

    place(0)
    return solutions


def by_bits(n):
    """Count the solutions with the free squares of each row as a bit
    mask; return the count and the sum of the rows' masks as placed."""
    full = (1 << n) - 1
    count = 0
    weight = 0

    def place(cols, up, down, depth):
        nonlocal count, weight
        if cols == full:
            count += 1
            return
        free = full & ~(cols | up | down)
        while free:
            bit = free & -free
            free ^= bit
            weight += bit * depth
            place(cols | bit, (up | bit) << 1, (down | bit) >> 1,
                  depth + 1)

    place(0, 0, 0, 1)
    return count, weight


def checksum(solutions):
    total = 0
    for s in solutions:
        for i, c in enumerate(s):
            total = (total * 31 + c * (i + 1)) % 1000000007
    return total


def main(n):
    a = list(by_permutations(n - 1))
    b = by_search(n - 1)
    if sorted(a) != sorted(b):
        print("nqueens: the two solvers disagree")
    print("nqueens", n - 1, len(a), checksum(a))
    for m in (n, n + 1):
        c = by_search(m)
        print("nqueens", m, len(c), checksum(c))
    print("nqueens bits", n + 2, *by_bits(n + 2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
