"""Fannkuch: pancake flips over every permutation of 1..N, written for
objheap's suite.

For each permutation (generated in the order of the counting
rotations), reverse the first k elements while the first element k is
not 1, and count the flips.  Reports the largest count and a checksum
(flips added and subtracted alternately).  Measures list slicing,
reversal and index arithmetic on small ints.

Usage: bm_fannkuch.py [N [R]]   permutations of N items (default 9),
R times over (default 3: N alone steps by a factor of ten).
"""
import sys


def fannkuch(n):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    r = n
    while True:
        # Reset the rotation counters below r.
        while r != 1:
            count[r - 1] = r
            r -= 1
        # Count flips on a copy of this permutation.
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += flips if sign > 0 else -flips
        sign = -sign
        # Next permutation: rotate the first r+1 items, carrying over.
        while True:
            if r == n:
                return max_flips, checksum
            first = perm1[0]
            i = 0
            while i < r:
                perm1[i] = perm1[i + 1]
                i += 1
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def main(n, rounds):
    for _ in range(rounds):
        max_flips, checksum = fannkuch(n)
        print("fannkuch", n, checksum, max_flips)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9,
         int(sys.argv[2]) if len(sys.argv) > 2 else 3)
