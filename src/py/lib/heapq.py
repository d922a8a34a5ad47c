"""Heap queues: the heapq module of CPython 3.11.

A heap is a list with a[k] <= a[2*k+1] and a[k] <= a[2*k+2] for every
k; a[0] is its smallest item.  The functions keep the list in the very
order CPython's do (a program that prints its heap sees the same list):
popping moves the hole at the root down to a leaf along the smaller
children, then sifts the last item up from there; pushing sifts up.
"""

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def _sift_up_from(heap, top, pos):
    """Move heap[pos] up towards `top` while it is smaller than its
    parent."""
    item = heap[pos]
    while pos > top:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if item < above:
            heap[pos] = above
            pos = parent
            continue
        break
    heap[pos] = item


def _sink(heap, pos):
    """Fill the hole at pos: move the smaller child up until a leaf, put
    the item there and sift it back up."""
    end = len(heap)
    top = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_up_from(heap, top, pos)


def heappush(heap, item):
    """Push item onto heap, maintaining the heap invariant."""
    heap.append(item)
    _sift_up_from(heap, 0, len(heap) - 1)


def heappop(heap):
    """Pop the smallest item off the heap, maintaining the heap
    invariant."""
    if not heap:
        raise IndexError('index out of range')
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _sink(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    """Pop and return the smallest item, then push item (the heap must
    not be empty)."""
    if not heap:
        raise IndexError('index out of range')
    smallest = heap[0]
    heap[0] = item
    _sink(heap, 0)
    return smallest


def heappushpop(heap, item):
    """Push item, then pop and return the smallest item, in one step."""
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sink(heap, 0)
    return item


def heapify(x):
    """Make the list x a heap, in place, in linear time."""
    for i in reversed(range(len(x) // 2)):
        _sink(x, i)


# Max-heaps, for merge(reverse=True).

def _sift_up_from_max(heap, top, pos):
    item = heap[pos]
    while pos > top:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if above < item:
            heap[pos] = above
            pos = parent
            continue
        break
    heap[pos] = item


def _sink_max(heap, pos):
    end = len(heap)
    top = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[right] < heap[child]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_up_from_max(heap, top, pos)


def _heapify_max(x):
    for i in reversed(range(len(x) // 2)):
        _sink_max(x, i)


def _heappop_max(heap):
    last = heap.pop()
    if heap:
        largest = heap[0]
        heap[0] = last
        _sink_max(heap, 0)
        return largest
    return last


def _heapreplace_max(heap, item):
    largest = heap[0]
    heap[0] = item
    _sink_max(heap, 0)
    return largest


def merge(*iterables, key=None, reverse=False):
    """Merge sorted inputs into one sorted output; among equal items,
    those of earlier inputs come first."""
    if reverse:
        pop, replace, make = _heappop_max, _heapreplace_max, _heapify_max
        order = -1
    else:
        pop, replace, make = heappop, heapreplace, heapify
        order = 1
    heap = []
    for index, it in enumerate(map(iter, iterables)):
        for value in it:
            k = value if key is None else key(value)
            heap.append([k, index * order, value, it])
            break
    make(heap)
    while len(heap) > 1:
        while True:
            entry = heap[0]
            yield entry[2]
            for value in entry[3]:
                entry[0] = value if key is None else key(value)
                entry[2] = value
                replace(heap, entry)
                break
            else:
                pop(heap)
                break
    if heap:
        entry = heap[0]
        yield entry[2]
        yield from entry[3]


def nsmallest(n, iterable, key=None):
    """The n smallest items, smallest first (equal to sorted(iterable,
    key=key)[:n])."""
    return sorted(iterable, key=key)[:n] if n > 0 else []


def nlargest(n, iterable, key=None):
    """The n largest items, largest first (equal to sorted(iterable,
    key=key, reverse=True)[:n])."""
    return sorted(iterable, key=key, reverse=True)[:n] if n > 0 else []
