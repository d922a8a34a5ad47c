"""Float-heavy vector loops, written for objheap's suite.

Lists of floats updated in place by the kernels of a small numerical
code: a 1-D heat-diffusion stencil, axpy, dot products and norms,
Horner polynomial evaluation and math.sin/exp/sqrt over every element.
No objects but floats and lists, so the benchmark measures float
boxing and freeing (a float free list, or none) and the arithmetic
paths of the interpreter loop.

Usage: bm_float.py [N]   N sweeps over vectors of 2000 floats
(default 2800).
Prints norms and sums to twelve significant digits.
"""
import math
import sys

LENGTH = 2000


def stencil(u, out, k):
    """One explicit step of u_t = k u_xx with fixed ends."""
    out[0] = u[0]
    out[-1] = u[-1]
    prev, cur = u[0], u[1]
    for i in range(1, len(u) - 1):
        nxt = u[i + 1]
        out[i] = cur + k * (prev - 2.0 * cur + nxt)
        prev, cur = cur, nxt


def axpy(a, x, y):
    for i in range(len(y)):
        y[i] += a * x[i]


def dot(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s += a * b
    return s


def horner(coeffs, x):
    acc = 0.0
    for c in coeffs:
        acc = acc * x + c
    return acc


def main(n):
    u = [math.sin(math.pi * i / (LENGTH - 1)) + 0.5 * math.sin(
         7.0 * math.pi * i / (LENGTH - 1)) for i in range(LENGTH)]
    v = [0.0] * LENGTH
    w = [1.0 / (1.0 + i) for i in range(LENGTH)]
    coeffs = [1.0, -0.5, 0.25, -0.125, 0.0625, -0.03125]
    acc = 0.0
    for sweep in range(n):
        stencil(u, v, 0.25)
        u, v = v, u
        axpy(1e-4, w, u)
        d = dot(u, w)
        acc += d
        if sweep % 10 == 0:
            poly = 0.0
            for x in u:
                poly += horner(coeffs, x)
            trans = 0.0
            for x in w:
                trans += math.exp(-x) * math.sqrt(x) + math.sin(x)
            acc += poly * 1e-6 + trans * 1e-6
    norm = math.sqrt(dot(u, u))
    print("float %d %.12g %.12g %.12g" % (n, norm, acc, sum(u)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2800)
