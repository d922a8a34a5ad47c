"""Digits of pi by a streaming spigot over big integers, written for
objheap's suite.

The state is a linear fractional transformation x -> (q x + r) / t
with integer coefficients: the composition of the transformations of
pi's continued fraction (Gibbons's unbounded spigot).  A digit d is
emitted once the floors at x = 3 and x = 4 agree, and emitting composes
the state with x -> 10 x - 10 d.  The integers grow to thousands of
digits, so the benchmark measures big-int multiplication and division
and the reuse of memory for large int objects.

Usage: bm_pidigits.py [N]   N digits (default 5000).
Prints the digits in lines of 50 (the last line shorter) with a digit sum.
"""
import sys


def pi_digits(count):
    q, r, t = 1, 0, 1
    k = 0
    out = []
    while len(out) < count:
        k += 1
        # Compose with x -> (k x + 4k + 2) / (2k + 1).
        q, r, t = q * k, (4 * k + 2) * q + (2 * k + 1) * r, (2 * k + 1) * t
        digit = (3 * q + r) // t
        while digit == (4 * q + r) // t:
            out.append(digit)
            if len(out) == count:
                break
            # Emit: compose with x -> 10 x - 10 digit on the left.
            q, r = 10 * q, 10 * (r - digit * t)
            digit = (3 * q + r) // t
    return out


def main(n):
    digits = pi_digits(n)
    text = "".join(map(str, digits))
    for i in range(0, n, 50):
        print(text[i:i + 50])
    print("pidigits", n, sum(digits))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
