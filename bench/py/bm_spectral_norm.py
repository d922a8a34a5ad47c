"""Spectral norm: the largest singular value of the infinite matrix
A[i][j] = 1 / ((i + j)(i + j + 1) / 2 + i + 1), truncated to N x N, by
ten rounds of the power method on A'A, written for objheap's suite.

The products are written as generator expressions over zip and range,
so the benchmark measures generator frames, function calls and float
division more than list indexing.

Usage: bm_spectral_norm.py [N]   the matrix's size (default 420).
Prints the norm to nine decimals.
"""
import sys


def entry(i, j):
    ij = i + j
    return 1.0 / ((ij * (ij + 1) >> 1) + i + 1)


def times(u):
    n = len(u)
    return [sum(entry(i, j) * uj for j, uj in zip(range(n), u))
            for i in range(n)]


def times_transposed(u):
    n = len(u)
    return [sum(entry(j, i) * uj for j, uj in zip(range(n), u))
            for i in range(n)]


def times_ata(u):
    return times_transposed(times(u))


def main(n):
    u = [1.0] * n
    for _ in range(10):
        v = times_ata(u)
        u = times_ata(v)
    vbv = vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    print("spectral_norm %d %.9f" % (n, (vbv / vv) ** 0.5))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 420)
