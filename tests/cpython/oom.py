"""Run out of memory on purpose; every attempt must end in MemoryError.

Run by tests/cpython/oom.sh under `ulimit -v`, so that the operating system
refuses memory long before the machine runs short.  Each phase grows one
kind of structure until an allocation fails, checks that the failure
arrived as MemoryError (not a crash, not a fatal error), drops what it
built, and checks that the interpreter still works, allocating a fresh
structure of the same kind.  The phases cover both paths of the
allocator: small blocks from objheap's pools (objects of up to 1024
bytes: arenas stop being mappable) and larger requests (medium spans,
huge mappings).

Prints one line per phase and "oom: all phases raised MemoryError" at the
end; exits non-zero on any other outcome.
"""
import gc
import sys


class Node:
    __slots__ = ("left", "right", "payload")

    def __init__(self, left, right, payload):
        self.left = left
        self.right = right
        self.payload = payload


def small_objects():
    # Instances, tuples and small ints: all small blocks.
    keep = []
    while True:
        keep.append(Node(None, (len(keep), len(keep) + 1), [len(keep)]))


def small_strings():
    keep = []
    i = 0
    while True:
        keep.append("s%d-%s" % (i, "x" * (i % 200)))
        i += 1


def dicts():
    keep = []
    i = 0
    while True:
        keep.append({"a": i, "b": str(i), i: (i,)})
        i += 1


def one_big_list():
    # A list whose item array keeps growing by realloc: a large request.
    keep = []
    while True:
        keep.extend(range(1 << 16))


def large_buffers():
    keep = []
    while True:
        keep.append(bytearray(1 << 20))


def huge_request():
    # One request far beyond the limit, refused at once.
    return bytes(1 << 40)


PHASES = [small_objects, small_strings, dicts, one_big_list, large_buffers,
          huge_request]


def still_works():
    # After the failure and the clean-up, the heap must be fully usable.
    data = [Node(None, None, str(i)) for i in range(20000)]
    table = {str(i): i for i in range(20000)}
    assert len(data) == len(table) == 20000
    assert sum(table.values()) == sum(range(20000))
    return len(data)


def main():
    failed = 0
    for phase in PHASES:
        raised = False
        try:
            phase()
        except MemoryError:
            # The traceback still holds the phase's frame, and with it
            # everything the phase built: clean up after leaving here.
            raised = True
        if not raised:
            print(f"oom: {phase.__name__}: finished without MemoryError")
            failed += 1
            continue
        gc.collect()
        n = still_works()
        print(f"oom: {phase.__name__}: MemoryError, then {n} new objects "
              f"allocated fine")
    if failed:
        return 1
    print("oom: all phases raised MemoryError")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "uncaught":
        small_objects()         # dies with a MemoryError traceback
    sys.exit(main())
