/*
 * t_list.c -- list as a Python type, its iterators, and sorting.
 *
 * What this file owns
 * -------------------
 * PY_T(list), PY_T(list_iter) and PY_T(list_reviter): the Python face of
 * the library's lists (src/types/list.c owns the layout: an ohi_list
 * header and an oh_malloc'd item array).  list(iterable), repr with
 * recursion, comparisons, +, *, +=, *=, indexing, slicing and slice
 * assignment, in, the methods, list.sort (a stable natural merge sort),
 * and the helpers every sequence type here shares (py_seq_index,
 * py_repeat_count, py_slice_bound, py_clamp_range, py_length_hint) and
 * py_list_extend for the interpreter loop.
 *
 * Lists are reached by kind (OHI_KIND_LIST), so everything here works on
 * instances of subclasses of list too: they have the same header, and the
 * library's own functions (which check for the exact type) are not used
 * on them.
 *
 * Growth
 * ------
 * The item array grows and shrinks exactly as CPython 3.11's
 * listobject.c does it, so that sys.getsizeof(l) (40 + 8 * allocated,
 * plus the 16-byte gc head) matches python3 after any sequence of
 * operations:
 *
 *   list_resize(n): keep the array when allocated/2 <= n <= allocated;
 *       otherwise allocated = (n + n/8 + 6) & ~3, or (n + 3) & ~3 when
 *       one step adds more than that spare; 0 for n == 0.
 *   preallocate_exact(n): an empty list about to receive n items (list(x)
 *       of a sized x, extend of a list or tuple) gets n rounded up to even.
 *   extend(iterable without len): grow to size + __length_hint__ first
 *       (preallocate_exact when there is no array yet), then append, then
 *       list_resize(size) to cut back a wrong guess.
 *
 * One difference remains: CPython keeps a zero-byte array when a list
 * shrinks to nothing through list_resize (pop), so a later extend takes
 * the list_resize path; the library frees it (LS3), so we take the
 * preallocate path.
 *   slices, +, *, copy: the new list is allocated exactly.
 *
 * Sorting
 * -------
 * list.sort uses only `<` (py_compare_bool with PY_CMP_LT), as CPython.
 * The algorithm is a natural merge sort in the spirit of CPython's
 * listsort.txt (no galloping): find the next run (non-descending, or
 * strictly descending and then reversed, which keeps it stable), extend
 * a short run to MIN_RUN items by binary insertion, push it, and merge
 * the top two runs while the lower one is not longer than the upper one
 * (so run lengths on the stack at least double downwards and the stack
 * stays O(log n)).  A merge copies the left run into a buffer and
 * merges forward; on a comparison error the buffer's rest is
 * copied back, so the array always holds every item exactly once.  With a
 * key function the keys are computed first and carried in a parallel
 * array; reverse=True reverses before and after a stable sort, which
 * keeps equal items in their original order, as CPython does.
 *
 * Comparisons: when every key has the same type, the type's slot is
 * called directly, and exact ints (int64 layout), floats and strs are
 * compared inline (CPython's pre-sort check and its unsafe_*_compare):
 * the same answers, about three times faster on 200,000 keys.
 *
 * While it sorts, the list is made to look empty (size 0, items NULL,
 * allocated -1): code run by comparisons sees [] and anything it adds
 * sets allocated, which is how "list modified during sort" is detected.
 *
 * Invariants
 * ----------
 * TL1. Outside a sort, LS1-LS3 (internal.h) hold for every list, and
 *      allocated follows the growth rules above.
 * TL2. Every operation leaves the list consistent before it drops a
 *      reference (dropping one may run code that reads the list).
 * TL3. During a merge, the items of the range being merged are exactly
 *      those of the array part not yet overwritten plus the buffer part
 *      not yet copied back (a multiset invariant), so an error at any
 *      comparison can restore the range by copying the buffer back.
 * TL4. A list iterator's `seq` is NULL once exhausted; its index is
 *      checked against the list's current size on every step.
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_list(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_LIST;
}

OHI_INLINE bool
is_tuple_kind(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_TUPLE;
}

#define L(o) OHI_LIST(o)
#define SIZE(o) (OHI_LIST(o)->size)
#define ITEMS(o) (OHI_LIST(o)->items)

/* ==========================================================================
 * Helpers shared by the sequence types (declared in py.h)
 * ========================================================================== */

int
py_seq_index(oh_object *key, const char *tname, int64_t *out)
{
    if (PY_TYPE(key)->nb_index == NULL) {
        py_err_format(PY_EXC(TypeError), "%s indices must be integers or "
                      "slices, not %T", tname, key);
        return -1;
    }
    if (py_index_i64(key, out) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(IndexError), "cannot fit 'int' into "
                              "an index-sized integer");
        }
        return -1;
    }
    return 0;
}

int
py_repeat_count(oh_object *n, int64_t *out)
{
    if (py_index_i64(n, out) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(OverflowError), "cannot fit 'int' "
                              "into an index-sized integer");
        }
        return -1;
    }
    return 0;
}

int
py_slice_bound(oh_object *o, int64_t *out)
{
    if (PY_TYPE(o)->nb_index == NULL) {
        py_err_set_string(PY_EXC(TypeError), "slice indices must be "
                          "integers or have an __index__ method");
        return -1;
    }
    oh_object *i = py_index(o);
    if (i == NULL)
        return -1;
    if (oh_int_as_i64(i, out) < 0) {
        int s = 0;
        py_err_clear();
        oh_int_sign(i, &s);
        *out = s < 0 ? INT64_MIN : INT64_MAX;
    }
    oh_decref(i);
    return 0;
}

void
py_clamp_range(int64_t *start, int64_t *stop, int64_t n)
{
    if (*start < 0) {
        *start += n;
        if (*start < 0)
            *start = 0;
    }
    if (*stop < 0) {
        *stop += n;
        if (*stop < 0)
            *stop = 0;
    }
}

int64_t
py_length_hint(oh_object *o, int64_t dflt)
{
    py_type *t = PY_TYPE(o);
    if (t->mp_length != NULL) {
        int64_t n = t->mp_length(o);
        if (n >= 0)
            return n;
        if (!py_err_matches(PY_EXC(TypeError)))
            return -1;
        py_err_clear();
    }
    oh_object *m = py_type_lookup(t, PY_ID(__length_hint__));
    if (m == NULL)
        return dflt;
    oh_object *r = py_call_method(o, PY_ID(__length_hint__), NULL, 0);
    if (r == NULL) {
        if (!py_err_matches(PY_EXC(TypeError)))
            return -1;
        py_err_clear();
        return dflt;
    }
    if (r == PY_NOTIMPL) {
        oh_decref(r);
        return dflt;
    }
    if (!oh_int_check(r)) {
        py_err_format(PY_EXC(TypeError), "__length_hint__ must be an "
                      "integer, not %T", r);
        oh_decref(r);
        return -1;
    }
    int64_t n;
    int rc = py_index_i64(r, &n);
    oh_decref(r);
    if (rc < 0)
        return -1;
    if (n < 0) {
        py_err_set_string(PY_EXC(ValueError), "__length_hint__() should "
                          "return >= 0");
        return -1;
    }
    return n;
}

/* ==========================================================================
 * The item array (TL1)
 * ========================================================================== */

/* Make room for newsize items by CPython's rule and set size.  0, or -1
 * with MemoryError and the list unchanged.  Items past the old size are
 * uninitialised: the caller fills them. */
static int
list_resize(ohi_list *l, int64_t newsize)
{
    int64_t allocated = l->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        l->size = newsize;
        return 0;
    }
    size_t n = (size_t)newsize;
    size_t want = (n + (n >> 3) + 6) & ~(size_t)3;
    if (newsize - l->size > (int64_t)want - newsize)
        want = (n + 3) & ~(size_t)3;
    if (newsize == 0)
        want = 0;
    if (want > (size_t)INT64_MAX / sizeof(oh_object *)) {
        py_err_no_memory();
        return -1;
    }
    oh_object **items;
    if (want == 0) {
        oh_free(l->items);
        items = NULL;
    }
    else {
        items = oh_realloc(l->items, want * sizeof(oh_object *));
        if (items == NULL) {
            py_err_no_memory();
            return -1;
        }
    }
    l->items = items;
    l->allocated = (int64_t)want;
    l->size = newsize;
    return 0;
}

/* An empty list with no array receives n > 0 items: allocate n rounded
 * up to even.  0 or -1. */
static int
preallocate_exact(ohi_list *l, int64_t n)
{
    size_t k = ((size_t)n + 1) & ~(size_t)1;
    if (k > (size_t)INT64_MAX / sizeof(oh_object *)) {
        py_err_no_memory();
        return -1;
    }
    oh_object **items = oh_malloc(k * sizeof(oh_object *));
    if (items == NULL) {
        py_err_no_memory();
        return -1;
    }
    l->items = items;
    l->allocated = (int64_t)k;
    return 0;
}

/* A new exact list of n items copied from items[] (increfed), allocated
 * exactly. */
static oh_object *
list_from_items(oh_object *const *items, int64_t n)
{
    return oh_list_from_array(items, (size_t)n);
}

/* A new exact list, empty, with an array of exactly n slots (none for
 * n == 0): the caller fills the items and sets size. */
static oh_object *
list_new_prealloc(int64_t n)
{
    oh_object *r = oh_list_new();
    if (r == NULL || n == 0)
        return r;
    if ((uint64_t)n > (uint64_t)INT64_MAX / sizeof(oh_object *)) {
        oh_decref(r);
        return py_err_no_memory();
    }
    oh_object **items = oh_malloc((size_t)n * sizeof(oh_object *));
    if (items == NULL) {
        oh_decref(r);
        return py_err_no_memory();
    }
    L(r)->items = items;
    L(r)->allocated = n;
    return r;
}

/* Drop every item and the array (TL2: emptied first). */
static void
list_clear_items(ohi_list *l)
{
    oh_object **items = l->items;
    int64_t n = l->size;
    l->items = NULL;
    l->size = 0;
    l->allocated = 0;
    for (int64_t i = n; --i >= 0;)
        oh_decref(items[i]);
    oh_free(items);
}

static int
list_append(oh_object *o, oh_object *v)
{
    ohi_list *l = L(o);
    int64_t n = l->size;
    if (n < l->allocated) {
        oh_incref(v);
        l->items[n] = v;
        l->size = n + 1;
        return 0;
    }
    if (list_resize(l, n + 1) < 0)
        return -1;
    oh_incref(v);
    l->items[n] = v;
    return 0;
}

/* l[ilow:ihigh] = the n items of src (borrowed, may be NULL for n == 0):
 * CPython's list_ass_slice once the right-hand side is an array.  Bounds
 * are already clamped into [0, size] with ilow <= ihigh. */
static int
list_replace(oh_object *o, int64_t ilow, int64_t ihigh,
             oh_object *const *src, int64_t n)
{
    ohi_list *l = L(o);
    int64_t size = l->size;
    int64_t norig = ihigh - ilow;
    int64_t d = n - norig;
    if (size + d == 0) {
        list_clear_items(l);
        return 0;
    }
    /* Keep the removed items until the list is consistent (TL2). */
    oh_object *small[8];
    oh_object **recycle = small;
    if (norig > 8) {
        recycle = oh_malloc((size_t)norig * sizeof(oh_object *));
        if (recycle == NULL) {
            py_err_no_memory();
            return -1;
        }
    }
    if (norig > 0)
        memcpy(recycle, l->items + ilow, (size_t)norig * sizeof(oh_object *));
    if (d < 0) {
        memmove(l->items + ihigh + d, l->items + ihigh,
                (size_t)(size - ihigh) * sizeof(oh_object *));
        if (list_resize(l, size + d) < 0) {
            /* Shrinking failed to realloc: the array stays larger. */
            py_err_clear();
            l->size = size + d;
        }
    }
    else if (d > 0) {
        if (list_resize(l, size + d) < 0) {
            if (recycle != small)
                oh_free(recycle);
            return -1;
        }
        memmove(l->items + ihigh + d, l->items + ihigh,
                (size_t)(size - ihigh) * sizeof(oh_object *));
    }
    for (int64_t k = 0; k < n; k++) {
        oh_incref(src[k]);
        l->items[ilow + k] = src[k];
    }
    for (int64_t k = norig; --k >= 0;)
        oh_decref(recycle[k]);
    if (recycle != small)
        oh_free(recycle);
    return 0;
}

/* The items of v as an array for slice assignment: a list or tuple is
 * used in place (a copy when it is o itself), anything else is iterated
 * into a new list.  *hold gets the reference to drop afterwards. */
static int
fast_items(oh_object *o, oh_object *v, const char *msg, oh_object **hold,
           oh_object *const **items, int64_t *n)
{
    if (v == o || (!is_list(v) && !is_tuple_kind(v))) {
        oh_object *l;
        if (v == o)
            l = list_from_items(ITEMS(o), SIZE(o));
        else {
            l = py_sequence_list(v);
            if (l == NULL && py_err_matches(PY_EXC(TypeError))) {
                py_err_clear();
                py_err_set_string(PY_EXC(TypeError), msg);
            }
        }
        if (l == NULL)
            return -1;
        *hold = l;
        *items = ITEMS(l);
        *n = SIZE(l);
        return 0;
    }
    oh_incref(v);
    *hold = v;
    if (is_list(v)) {
        *items = ITEMS(v);
        *n = SIZE(v);
    }
    else {
        *items = OHI_TUPLE(v)->items;
        *n = (int64_t)OHI_TUPLE_SIZE(v);
    }
    return 0;
}

/* ==========================================================================
 * extend
 * ========================================================================== */

static int
list_extend_impl(oh_object *o, oh_object *iterable)
{
    ohi_list *l = L(o);
    if (iterable->type == &oh_list_type || iterable->type == &oh_tuple_type
        || iterable == o) {
        oh_object *const *src;
        int64_t n;
        if (is_list(iterable)) {
            src = ITEMS(iterable);
            n = SIZE(iterable);
        }
        else {
            src = OHI_TUPLE(iterable)->items;
            n = (int64_t)OHI_TUPLE_SIZE(iterable);
        }
        if (n == 0)
            return 0;
        int64_t m = l->size;
        if (l->items == NULL && preallocate_exact(l, n) < 0)
            return -1;
        if (list_resize(l, m + n) < 0)
            return -1;
        if (iterable == o)
            src = l->items;             /* moved by the resize */
        for (int64_t i = 0; i < n; i++) {
            oh_incref(src[i]);
            l->items[m + i] = src[i];
        }
        return 0;
    }
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return -1;
    py_iternextfunc next = PY_TYPE(it)->tp_iternext;
    int64_t hint = py_length_hint(iterable, 8);
    if (hint < 0) {
        oh_decref(it);
        return -1;
    }
    int64_t m = l->size;
    if (m > INT64_MAX - hint) {
        /* A lying hint: grow as the items come. */
    }
    else if (l->items == NULL) {
        if (hint > 0 && preallocate_exact(l, hint) < 0) {
            oh_decref(it);
            return -1;
        }
    }
    else {
        if (list_resize(l, m + hint) < 0) {
            oh_decref(it);
            return -1;
        }
        l->size = m;
    }
    oh_object *v;
    while ((v = next(it)) != NULL) {
        int r = list_append(o, v);
        oh_decref(v);
        if (r < 0) {
            oh_decref(it);
            return -1;
        }
    }
    oh_decref(it);
    if (py_err_occurred()) {
        if (!py_err_matches(PY_EXC(StopIteration)))
            return -1;
        py_err_clear();
    }
    if (l->size < l->allocated && list_resize(l, l->size) < 0)
        return -1;
    return 0;
}

int
py_list_extend(oh_object *list, oh_object *iterable)
{
    return list_extend_impl(list, iterable);
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
list_repr(oh_object *o)
{
    if (SIZE(o) == 0)
        return oh_str_from_cstr("[]");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("[...]") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "[", 1);
    bool ok = true;
    for (int64_t i = 0; i < SIZE(o); i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        oh_object *item = ITEMS(o)[i];
        oh_incref(item);
        oh_object *r = py_repr(item);
        oh_decref(item);
        if (r == NULL) {
            ok = false;
            break;
        }
        ohi_strbuf_add(&b, OHI_STR(r)->data, (size_t)OHI_STR(r)->nbytes);
        oh_decref(r);
    }
    ohi_repr_leave(o);
    if (!ok) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "]", 1);
    return ohi_strbuf_finish(&b);
}

static oh_object *
list_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_list(a) || !is_list(b))
        return NOTIMPL();
    if (SIZE(a) != SIZE(b) && (op == PY_CMP_EQ || op == PY_CMP_NE))
        return oh_bool_from(op == PY_CMP_NE);
    int64_t i;
    for (i = 0; i < SIZE(a) && i < SIZE(b); i++) {
        oh_object *x = ITEMS(a)[i], *y = ITEMS(b)[i];
        if (x == y)
            continue;
        oh_incref(x);
        oh_incref(y);
        int eq = py_compare_bool(x, y, PY_CMP_EQ);
        oh_decref(x);
        oh_decref(y);
        if (eq < 0)
            return NULL;
        if (!eq)
            break;
    }
    int64_t na = SIZE(a), nb = SIZE(b);
    if (i >= na || i >= nb) {
        bool r;
        switch (op) {
        case PY_CMP_LT: r = na < nb; break;
        case PY_CMP_LE: r = na <= nb; break;
        case PY_CMP_EQ: r = na == nb; break;
        case PY_CMP_NE: r = na != nb; break;
        case PY_CMP_GT: r = na > nb; break;
        default: r = na >= nb; break;
        }
        return oh_bool_from(r);
    }
    if (op == PY_CMP_EQ)
        return oh_bool_from(0);
    if (op == PY_CMP_NE)
        return oh_bool_from(1);
    oh_object *x = ITEMS(a)[i], *y = ITEMS(b)[i];
    oh_incref(x);
    oh_incref(y);
    oh_object *r = py_compare(x, y, op);
    oh_decref(x);
    oh_decref(y);
    return r;
}

static int64_t
list_len(oh_object *o)
{
    return SIZE(o);
}

static int
list_contains(oh_object *o, oh_object *v)
{
    for (int64_t i = 0; i < SIZE(o); i++) {
        oh_object *x = ITEMS(o)[i];
        oh_incref(x);
        int r = py_compare_bool(x, v, PY_CMP_EQ);
        oh_decref(x);
        if (r != 0)
            return r;
    }
    return 0;
}

oh_object *
py_list_slice(oh_object *o, int64_t start, int64_t step, int64_t count)
{
    if (step == 1)
        return list_from_items(ITEMS(o) + start, count);
    oh_object *r = list_new_prealloc(count);
    if (r == NULL)
        return NULL;
    /* start + k * step, not j += step: a step near INT64_MAX would
     * overflow past the last item (SC1 keeps each item in range). */
    for (int64_t k = 0; k < count; k++) {
        oh_object *v = ITEMS(o)[start + k * step];
        oh_incref(v);
        ITEMS(r)[k] = v;
    }
    L(r)->size = count;
    return r;
}

int
py_list_replace(oh_object *o, int64_t start, int64_t stop,
                oh_object *const *items, int64_t n)
{
    return list_replace(o, start, stop < start ? start : stop, items, n);
}

static oh_object *
list_getitem(oh_object *o, oh_object *key)
{
    if (py_slice_check(key)) {
        int64_t start, stop, step, count;
        if (py_slice_indices(key, SIZE(o), &start, &stop, &step, &count) < 0)
            return NULL;
        return py_list_slice(o, start, step, count);
    }
    int64_t i;
    if (py_seq_index(key, "list", &i) < 0)
        return NULL;
    if (i < 0)
        i += SIZE(o);
    if (i < 0 || i >= SIZE(o))
        return py_err_set_string(PY_EXC(IndexError),
                                 "list index out of range");
    oh_incref(ITEMS(o)[i]);
    return ITEMS(o)[i];
}

/* del l[start:stop:step] for step != 1 (count items). */
static int
list_delete_extended(oh_object *o, int64_t start, int64_t step,
                     int64_t count)
{
    if (step < 0) {
        start = start + step * (count - 1);
        step = -step;
    }
    oh_object **garbage = oh_malloc((size_t)count * sizeof(oh_object *));
    if (garbage == NULL) {
        py_err_no_memory();
        return -1;
    }
    ohi_list *l = L(o);
    int64_t size = l->size;
    /* Each deleted item's index is start + k * step, in range (SC1); the
     * kept items after it (up to the next deleted one, or after the last
     * one to the end) move down by k + 1.  Nothing computes the index
     * after the last item, which passes INT64_MAX for a step near it
     * (del l[2::2**66]: that overflow made this loop write out of
     * bounds). */
    for (int64_t k = 0; k < count; k++) {
        int64_t cur = start + k * step;
        garbage[k] = l->items[cur];
        int64_t kept = k + 1 < count ? step - 1 : size - cur - 1;
        memmove(l->items + cur - k, l->items + cur + 1,
                (size_t)kept * sizeof(oh_object *));
    }
    if (list_resize(l, size - count) < 0) {
        py_err_clear();
        l->size = size - count;
    }
    for (int64_t j = 0; j < count; j++)
        oh_decref(garbage[j]);
    oh_free(garbage);
    return 0;
}

static int
list_ass_slice_obj(oh_object *o, oh_object *key, oh_object *value)
{
    int64_t start, stop, step, count;
    if (py_slice_indices(key, SIZE(o), &start, &stop, &step, &count) < 0)
        return -1;
    if (step == 1) {
        if (stop < start)
            stop = start;
        if (value == NULL)
            return list_replace(o, start, stop, NULL, 0);
        oh_object *hold;
        oh_object *const *items;
        int64_t n;
        if (fast_items(o, value, "can only assign an iterable", &hold,
                       &items, &n) < 0)
            return -1;
        /* Re-clamp: making the sequence may have run code. */
        if (start > SIZE(o))
            start = SIZE(o);
        if (stop > SIZE(o))
            stop = SIZE(o);
        if (stop < start)
            stop = start;
        int r = list_replace(o, start, stop, items, n);
        oh_decref(hold);
        return r;
    }
    if (value == NULL)
        return count <= 0 ? 0 : list_delete_extended(o, start, step, count);
    oh_object *hold;
    oh_object *const *items;
    int64_t n;
    if (fast_items(o, value, "must assign iterable to extended slice",
                   &hold, &items, &n) < 0)
        return -1;
    /* Making the sequence may have run code that resized the list. */
    if (py_slice_indices(key, SIZE(o), &start, &stop, &step, &count) < 0) {
        oh_decref(hold);
        return -1;
    }
    if (n != count) {
        py_err_format(PY_EXC(ValueError), "attempt to assign sequence of "
                      "size %lld to extended slice of size %lld",
                      (long long)n, (long long)count);
        oh_decref(hold);
        return -1;
    }
    if (count == 0) {
        oh_decref(hold);
        return 0;
    }
    oh_object **garbage = oh_malloc((size_t)count * sizeof(oh_object *));
    if (garbage == NULL) {
        oh_decref(hold);
        py_err_no_memory();
        return -1;
    }
    for (int64_t k = 0, j = start; k < count;
         k++, j = py_slice_next(j, step)) {
        garbage[k] = ITEMS(o)[j];
        oh_incref(items[k]);
        ITEMS(o)[j] = items[k];
    }
    for (int64_t k = 0; k < count; k++)
        oh_decref(garbage[k]);
    oh_free(garbage);
    oh_decref(hold);
    return 0;
}

static int
list_ass_subscript(oh_object *o, oh_object *key, oh_object *value)
{
    if (py_slice_check(key))
        return list_ass_slice_obj(o, key, value);
    int64_t i;
    if (py_seq_index(key, "list", &i) < 0)
        return -1;
    if (i < 0)
        i += SIZE(o);
    if (i < 0 || i >= SIZE(o)) {
        py_err_set_string(PY_EXC(IndexError),
                          "list assignment index out of range");
        return -1;
    }
    if (value == NULL)
        return list_replace(o, i, i + 1, NULL, 0);
    oh_object *old = ITEMS(o)[i];
    oh_incref(value);
    ITEMS(o)[i] = value;
    oh_decref(old);
    return 0;
}

static oh_object *
list_add(oh_object *a, oh_object *b)
{
    if (!is_list(a) || !is_list(b))
        return NOTIMPL();
    int64_t na = SIZE(a), nb = SIZE(b);
    oh_object *r = list_new_prealloc(na + nb);
    if (r == NULL)
        return NULL;
    oh_object **items = ITEMS(r);
    for (int64_t i = 0; i < na; i++) {
        oh_incref(ITEMS(a)[i]);
        items[i] = ITEMS(a)[i];
    }
    for (int64_t i = 0; i < nb; i++) {
        oh_incref(ITEMS(b)[i]);
        items[na + i] = ITEMS(b)[i];
    }
    L(r)->size = na + nb;
    return r;
}

static oh_object *
list_mul(oh_object *a, oh_object *b)
{
    oh_object *l = is_list(a) ? a : is_list(b) ? b : NULL;
    oh_object *nobj = l == a ? b : a;
    if (l == NULL || PY_TYPE(nobj)->nb_index == NULL)
        return NOTIMPL();
    int64_t k;
    if (py_repeat_count(nobj, &k) < 0)
        return NULL;
    int64_t n = SIZE(l);
    if (k <= 0 || n == 0)
        return oh_list_new();
    if (k > INT64_MAX / 8 / n)
        return py_err_no_memory();
    oh_object *r = list_new_prealloc(n * k);
    if (r == NULL)
        return NULL;
    oh_object **to = ITEMS(r);
    for (int64_t j = 0; j < k; j++)
        for (int64_t i = 0; i < n; i++) {
            oh_incref(ITEMS(l)[i]);
            *to++ = ITEMS(l)[i];
        }
    L(r)->size = n * k;
    return r;
}

static oh_object *
list_iadd(oh_object *a, oh_object *b)
{
    if (!is_list(a))
        return NOTIMPL();
    if (list_extend_impl(a, b) < 0)
        return NULL;
    oh_incref(a);
    return a;
}

static oh_object *
list_imul(oh_object *a, oh_object *b)
{
    if (!is_list(a) || PY_TYPE(b)->nb_index == NULL)
        return NOTIMPL();
    int64_t k;
    if (py_repeat_count(b, &k) < 0)
        return NULL;
    ohi_list *l = L(a);
    int64_t n = l->size;
    if (n == 0 || k == 1) {
        oh_incref(a);
        return a;
    }
    if (k < 1) {
        list_clear_items(l);
        oh_incref(a);
        return a;
    }
    if (n > INT64_MAX / 8 / k)
        return py_err_no_memory();
    if (list_resize(l, n * k) < 0)
        return NULL;
    oh_object **p = l->items + n;
    for (int64_t j = 1; j < k; j++)
        for (int64_t i = 0; i < n; i++) {
            oh_incref(l->items[i]);
            *p++ = l->items[i];
        }
    oh_incref(a);
    return a;
}

/* ==========================================================================
 * Iterators
 * ========================================================================== */

typedef struct list_iter {
    OH_OBJECT_HEAD;
    oh_object *seq;                     /* NULL when exhausted (TL4) */
    int64_t index;
} list_iter;

#define LIT(o) ((list_iter *)(void *)(o))

static int
listiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(LIT(o)->seq);
    return 0;
}

static void
listiter_clear(oh_object *o)
{
    OH_CLEAR(LIT(o)->seq);
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
listiter_next(oh_object *o)
{
    list_iter *it = LIT(o);
    if (it->seq == NULL)
        return NULL;
    if (it->index < SIZE(it->seq)) {
        oh_object *v = ITEMS(it->seq)[it->index++];
        oh_incref(v);
        return v;
    }
    OH_CLEAR(it->seq);
    return NULL;
}

static oh_object *
listiter_m_length_hint(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    list_iter *it = LIT(self);
    int64_t n = it->seq == NULL ? 0 : SIZE(it->seq) - it->index;
    return oh_int_from_i64(n < 0 ? 0 : n);
}

static const py_method_def listiter_methods[] = {
    {"__length_hint__", listiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_list_iter_static = {.t = {
    PY_TYPE_INIT("list_iterator", list_iter, OH_TYPE_CONTAINER),
    .ot.traverse = listiter_traverse,
    .ot.clear = listiter_clear,
    .methods = listiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = listiter_next,
}};

static oh_object *
listreviter_next(oh_object *o)
{
    list_iter *it = LIT(o);
    if (it->seq == NULL)
        return NULL;
    if (it->index >= 0 && it->index < SIZE(it->seq)) {
        oh_object *v = ITEMS(it->seq)[it->index--];
        oh_incref(v);
        return v;
    }
    it->index = -1;
    OH_CLEAR(it->seq);
    return NULL;
}

static oh_object *
listreviter_m_length_hint(oh_object *self, oh_object *const *args,
                          size_t nargs, oh_object *kwnames)
{
    list_iter *it = LIT(self);
    int64_t n = it->seq == NULL || it->index >= SIZE(it->seq)
                ? 0 : it->index + 1;
    return oh_int_from_i64(n);
}

static const py_method_def listreviter_methods[] = {
    {"__length_hint__", listreviter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_list_reviter_static = {.t = {
    PY_TYPE_INIT("list_reverseiterator", list_iter, OH_TYPE_CONTAINER),
    .ot.traverse = listiter_traverse,
    .ot.clear = listiter_clear,
    .methods = listreviter_methods,
    .tp_iter = iter_self,
    .tp_iternext = listreviter_next,
}};

static oh_object *
list_iter_make(py_type *t, oh_object *seq, int64_t index)
{
    list_iter *it = (list_iter *)(void *)ohi_object_alloc(&t->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(seq);
    it->seq = seq;
    it->index = index;
    ohi_gc_track(&it->ob_base);
    ohi_gc_safe_point();
    return &it->ob_base;
}

static oh_object *
list_iter_new(oh_object *seq)
{
    return list_iter_make(PY_T(list_iter), seq, 0);
}

/* ==========================================================================
 * list(iterable)
 * ========================================================================== */

static oh_object *
list_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (type == PY_T(list))
        return oh_list_new();
    return py_alloc_instance(type, 0);
}

static int
list_init(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    py_type *t = PY_TYPE(self);
    if ((t == PY_T(list) || t->tp_new == PY_T(list)->tp_new)
        && py_no_kwargs("list", kwnames) < 0)
        return -1;
    if (nargs > 1) {
        py_err_format(PY_EXC(TypeError), "list expected at most 1 argument, "
                      "got %zu", nargs);
        return -1;
    }
    if (L(self)->items != NULL)
        list_clear_items(L(self));
    if (nargs == 0)
        return 0;
    oh_object *iterable = args[0];
    py_type *it = PY_TYPE(iterable);
    if (it->mp_length != NULL) {
        int64_t n = it->mp_length(iterable);
        if (n < 0) {
            if (!py_err_matches(PY_EXC(TypeError)))
                return -1;
            py_err_clear();
        }
        if (n > 0 && L(self)->items == NULL
            && preallocate_exact(L(self), n) < 0)
            return -1;
    }
    return list_extend_impl(self, iterable);
}

/* ==========================================================================
 * Sorting
 * ========================================================================== */

#define MIN_RUN 32

/* The sort's state: keys[] are compared, values[] (NULL when there is no
 * key function) move along with them. */
typedef struct sort_state {
    oh_object **keys;
    oh_object **values;
    oh_object **buf;                    /* merge buffer for keys */
    oh_object **vbuf;                   /* ... and for values */
    int64_t bufcap;
    int (*lt)(struct sort_state *, oh_object *, oh_object *);
    py_richcmpfunc cmp;                 /* same_type_lt's slot */
} sort_state;

/* a < b: 1, 0, -1.  The general case: Python's `<`. */
static int
generic_lt(sort_state *s, oh_object *a, oh_object *b)
{
    return py_compare_bool(a, b, PY_CMP_LT);
}

/* Every key has the same type: its slot directly (CPython's
 * unsafe_object_compare), Python's `<` when it answers NotImplemented. */
static int
same_type_lt(sort_state *s, oh_object *a, oh_object *b)
{
    oh_object *r = s->cmp(a, b, PY_CMP_LT);
    if (r == NULL)
        return -1;
    if (r == PY_NOTIMPL) {
        oh_decref(r);
        return py_compare_bool(a, b, PY_CMP_LT);
    }
    int t = r == OH_TRUE ? 1 : r == OH_FALSE ? 0 : py_is_true(r);
    oh_decref(r);
    return t;
}

/* Every key an exact int that fits int64, a float, or a str: the
 * comparison the type's slot would make, without the call. */
static int
int_lt(sort_state *s, oh_object *a, oh_object *b)
{
    return OHI_INT_VALUE(a) < OHI_INT_VALUE(b);
}

static int
float_lt(sort_state *s, oh_object *a, oh_object *b)
{
    double x, y;
    (void)oh_float_as_double(a, &x);
    (void)oh_float_as_double(b, &y);
    return x < y;
}

/* UTF-8's byte order is code point order. */
static int
str_lt(sort_state *s, oh_object *a, oh_object *b)
{
    size_t na = (size_t)OHI_STR(a)->nbytes, nb = (size_t)OHI_STR(b)->nbytes;
    int c = memcmp(OHI_STR(a)->data, OHI_STR(b)->data, na < nb ? na : nb);
    return c != 0 ? c < 0 : na < nb;
}

/* Every key an exact tuple: tuple_richcompare's `<` without the call and
 * the bool (CPython's unsafe_tuple_compare): the first items that differ
 * decide, else the shorter tuple is the smaller. */
static int
tuple_lt(sort_state *s, oh_object *a, oh_object *b)
{
    int64_t na = OHI_TUPLE_SIZE(a), nb = OHI_TUPLE_SIZE(b);
    oh_object *const *x = OHI_TUPLE(a)->items, *const *y = OHI_TUPLE(b)->items;
    int64_t i;
    for (i = 0; i < na && i < nb; i++) {
        int eq = py_compare_bool(x[i], y[i], PY_CMP_EQ);
        if (eq < 0)
            return -1;
        if (!eq)
            break;
    }
    if (i >= na || i >= nb)
        return na < nb;
    return py_compare_bool(x[i], y[i], PY_CMP_LT);
}

/* Choose the comparison for keys[0..n) (CPython's pre-sort check). */
static void
choose_lt(sort_state *s, int64_t n)
{
    s->lt = generic_lt;
    if (n < 2)
        return;
    const oh_type *t = s->keys[0]->type;
    for (int64_t i = 1; i < n; i++)
        if (s->keys[i]->type != t)
            return;
    if (t == &oh_int_type)
        s->lt = int_lt;
    else if (t == &oh_float_type)
        s->lt = float_lt;
    else if (t == &oh_str_type)
        s->lt = str_lt;
    else if (t == &oh_tuple_type)
        s->lt = tuple_lt;
    else if (PY_TYPE(s->keys[0])->tp_richcompare != NULL) {
        s->cmp = PY_TYPE(s->keys[0])->tp_richcompare;
        s->lt = same_type_lt;
    }
}

#define islt(a, b) (s->lt(s, (a), (b)))

static void
reverse_range(oh_object **a, int64_t lo, int64_t hi)
{
    for (hi--; lo < hi; lo++, hi--) {
        oh_object *t = a[lo];
        a[lo] = a[hi];
        a[hi] = t;
    }
}

/* Binary insertion sort of [lo, hi), whose first `start` - lo items are
 * already sorted.  0 or -1 (the range is a permutation either way). */
static int
binary_insertion(sort_state *s, int64_t lo, int64_t hi, int64_t start)
{
    for (; start < hi; start++) {
        oh_object *pivot = s->keys[start];
        oh_object *pv = s->values ? s->values[start] : NULL;
        int64_t l = lo, r = start;
        while (l < r) {
            int64_t m = l + (r - l) / 2;
            int c = islt(pivot, s->keys[m]);
            if (c < 0)
                return -1;
            if (c)
                r = m;
            else
                l = m + 1;
        }
        memmove(s->keys + l + 1, s->keys + l,
                (size_t)(start - l) * sizeof(oh_object *));
        s->keys[l] = pivot;
        if (pv != NULL) {
            memmove(s->values + l + 1, s->values + l,
                    (size_t)(start - l) * sizeof(oh_object *));
            s->values[l] = pv;
        }
    }
    return 0;
}

/* The length of the run starting at lo (at most hi - lo); a strictly
 * descending run is reversed in place.  -1 on error. */
static int64_t
count_run(sort_state *s, int64_t lo, int64_t hi)
{
    if (lo + 1 >= hi)
        return hi - lo;
    int64_t n = 2;
    int c = islt(s->keys[lo + 1], s->keys[lo]);
    if (c < 0)
        return -1;
    if (c) {
        for (; lo + n < hi; n++) {
            c = islt(s->keys[lo + n], s->keys[lo + n - 1]);
            if (c < 0)
                return -1;
            if (!c)
                break;
        }
        reverse_range(s->keys, lo, lo + n);
        if (s->values)
            reverse_range(s->values, lo, lo + n);
    }
    else {
        for (; lo + n < hi; n++) {
            c = islt(s->keys[lo + n], s->keys[lo + n - 1]);
            if (c < 0)
                return -1;
            if (c)
                break;
        }
    }
    return n;
}

static int
ensure_buf(sort_state *s, int64_t n)
{
    if (n <= s->bufcap)
        return 0;
    oh_object **b = oh_realloc(s->buf, (size_t)n * sizeof(oh_object *));
    if (b == NULL) {
        py_err_no_memory();
        return -1;
    }
    s->buf = b;
    if (s->values != NULL) {
        oh_object **v = oh_realloc(s->vbuf, (size_t)n * sizeof(oh_object *));
        if (v == NULL) {
            py_err_no_memory();
            return -1;
        }
        s->vbuf = v;
    }
    s->bufcap = n;
    return 0;
}

/* Merge the sorted runs [lo, mid) and [mid, hi) stably.  The left run
 * goes to the buffer; the output position never passes the right run's
 * read position (TL3).  On an error the buffer's rest is copied back, so
 * [lo, hi) still holds every item once. */
static int
merge(sort_state *s, int64_t lo, int64_t mid, int64_t hi)
{
    int64_t na = mid - lo;
    if (ensure_buf(s, na) < 0)
        return -1;
    memcpy(s->buf, s->keys + lo, (size_t)na * sizeof(oh_object *));
    if (s->values)
        memcpy(s->vbuf, s->values + lo, (size_t)na * sizeof(oh_object *));
    int64_t i = 0, j = mid, k = lo;
    int rc = 0;
    while (i < na && j < hi) {
        int c = islt(s->keys[j], s->buf[i]);
        if (c < 0) {
            rc = -1;
            break;
        }
        if (c) {
            s->keys[k] = s->keys[j];
            if (s->values)
                s->values[k] = s->values[j];
            j++;
        }
        else {
            s->keys[k] = s->buf[i];
            if (s->values)
                s->values[k] = s->vbuf[i];
            i++;
        }
        k++;
    }
    /* The rest of the buffer goes between k and j (on an error too: the
     * unmerged right part stays where it is). */
    memcpy(s->keys + k, s->buf + i, (size_t)(na - i) * sizeof(oh_object *));
    if (s->values)
        memcpy(s->values + k, s->vbuf + i,
               (size_t)(na - i) * sizeof(oh_object *));
    return rc;
}

/* Sort keys[0..n) (and values alongside) stably with `<`. */
static int
merge_sort(sort_state *s, int64_t n)
{
    int64_t base[128], len[128];
    int nruns = 0;
    int64_t lo = 0;
    while (lo < n) {
        int64_t r = count_run(s, lo, n);
        if (r < 0)
            return -1;
        if (r < MIN_RUN) {
            int64_t force = n - lo < MIN_RUN ? n - lo : MIN_RUN;
            if (binary_insertion(s, lo, lo + force, lo + r) < 0)
                return -1;
            r = force;
        }
        base[nruns] = lo;
        len[nruns] = r;
        nruns++;
        lo += r;
        /* Merge while the run below is not longer than the top one, so
         * lengths at least double downwards (128 entries suffice). */
        while (nruns >= 2 && len[nruns - 2] <= len[nruns - 1]) {
            if (merge(s, base[nruns - 2], base[nruns - 1],
                      base[nruns - 1] + len[nruns - 1]) < 0)
                return -1;
            len[nruns - 2] += len[nruns - 1];
            nruns--;
        }
    }
    while (nruns >= 2) {
        if (merge(s, base[nruns - 2], base[nruns - 1],
                  base[nruns - 1] + len[nruns - 1]) < 0)
            return -1;
        len[nruns - 2] += len[nruns - 1];
        nruns--;
    }
    return 0;
}

/* list.sort(*, key=None, reverse=False) on o. */
static int
list_sort_impl(oh_object *o, oh_object *keyfunc, bool reverse)
{
    ohi_list *l = L(o);
    int64_t n = l->size;
    oh_object **saved = l->items;
    int64_t saved_alloc = l->allocated;
    /* Look empty while sorting. */
    l->size = 0;
    l->items = NULL;
    l->allocated = -1;

    sort_state s = {saved, NULL, NULL, NULL, 0, generic_lt, NULL};
    oh_object **keys = NULL;
    int64_t nkeys = 0;
    int rc = 0;
    if (keyfunc != NULL && keyfunc != OH_NONE && n > 0) {
        keys = oh_malloc((size_t)n * sizeof(oh_object *));
        if (keys == NULL) {
            py_err_no_memory();
            rc = -1;
        }
        for (; rc == 0 && nkeys < n; nkeys++) {
            keys[nkeys] = py_call1(keyfunc, saved[nkeys]);
            if (keys[nkeys] == NULL)
                rc = -1;
        }
        if (rc < 0)
            nkeys = nkeys > 0 ? nkeys - 1 : 0;
        s.keys = keys;
        s.values = saved;
    }
    if (rc == 0 && n > 1) {
        choose_lt(&s, n);
        if (reverse) {
            reverse_range(s.keys, 0, n);
            if (s.values)
                reverse_range(s.values, 0, n);
        }
        rc = merge_sort(&s, n);
        if (reverse) {
            reverse_range(s.keys, 0, n);
            if (s.values)
                reverse_range(s.values, 0, n);
        }
    }
    oh_free(s.buf);
    oh_free(s.vbuf);
    if (keys != NULL) {
        for (int64_t i = 0; i < nkeys; i++)
            oh_decref(keys[i]);
        oh_free(keys);
    }
    /* Put the items back; drop whatever was added meanwhile. */
    oh_object **final_items = l->items;
    int64_t final_size = l->size;
    bool modified = l->allocated != -1;
    l->items = saved;
    l->size = n;
    l->allocated = saved_alloc;
    if (modified && rc == 0) {
        py_err_set_string(PY_EXC(ValueError), "list modified during sort");
        rc = -1;
    }
    if (final_items != NULL) {
        for (int64_t i = final_size; --i >= 0;)
            oh_decref(final_items[i]);
        oh_free(final_items);
    }
    return rc;
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

oh_object *
py_list_m_append(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("list.append", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (list_append(self, args[0]) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_extend(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("list.extend", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (list_extend_impl(self, args[0]) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_insert(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("insert", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int64_t i;
    if (py_index_i64(args[0], &i) < 0)
        return NULL;
    ohi_list *l = L(self);
    int64_t n = l->size;
    if (i < 0) {
        i += n;
        if (i < 0)
            i = 0;
    }
    if (i > n)
        i = n;
    if (list_resize(l, n + 1) < 0)
        return NULL;
    memmove(l->items + i + 1, l->items + i,
            (size_t)(n - i) * sizeof(oh_object *));
    oh_incref(args[1]);
    l->items[i] = args[1];
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 0, 1) < 0)
        return NULL;
    int64_t i = -1;
    if (nargs == 1 && py_index_i64(args[0], &i) < 0)
        return NULL;
    ohi_list *l = L(self);
    int64_t n = l->size;
    if (n == 0)
        return py_err_set_string(PY_EXC(IndexError), "pop from empty list");
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return py_err_set_string(PY_EXC(IndexError),
                                 "pop index out of range");
    oh_object *v = l->items[i];
    memmove(l->items + i, l->items + i + 1,
            (size_t)(n - i - 1) * sizeof(oh_object *));
    if (list_resize(l, n - 1) < 0) {
        py_err_clear();
        l->size = n - 1;
    }
    return v;
}

/* The first index in [start, stop) whose item equals v, -2 if none, -1
 * on error. */
static int64_t
list_find(oh_object *o, oh_object *v, int64_t start, int64_t stop)
{
    for (int64_t i = start; i < stop && i < SIZE(o); i++) {
        oh_object *x = ITEMS(o)[i];
        oh_incref(x);
        int r = py_compare_bool(x, v, PY_CMP_EQ);
        oh_decref(x);
        if (r < 0)
            return -1;
        if (r)
            return i;
    }
    return -2;
}

static oh_object *
list_m_remove(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("list.remove", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t i = list_find(self, args[0], 0, INT64_MAX);
    if (i == -1)
        return NULL;
    if (i == -2)
        return py_err_set_string(PY_EXC(ValueError),
                                 "list.remove(x): x not in list");
    if (list_replace(self, i, i + 1, NULL, 0) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_index(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("index", nargs, kwnames, 1, 3) < 0)
        return NULL;
    int64_t start = 0, stop = INT64_MAX;
    if (nargs > 1 && py_slice_bound(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && py_slice_bound(args[2], &stop) < 0)
        return NULL;
    py_clamp_range(&start, &stop, SIZE(self));
    int64_t i = list_find(self, args[0], start, stop);
    if (i == -1)
        return NULL;
    if (i == -2)
        return py_err_format(PY_EXC(ValueError), "%R is not in list",
                             args[0]);
    return oh_int_from_i64(i);
}

static oh_object *
list_m_count(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("list.count", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t c = 0;
    for (int64_t i = 0; i < SIZE(self); i++) {
        oh_object *x = ITEMS(self)[i];
        oh_incref(x);
        int r = py_compare_bool(x, args[0], PY_CMP_EQ);
        oh_decref(x);
        if (r < 0)
            return NULL;
        c += r;
    }
    return oh_int_from_i64(c);
}

static oh_object *
list_m_sort(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    static const char *const kw[] = {"key", "reverse", NULL};
    static const py_argspec spec = {"sort", kw, 0, 0, 0};
    if (nargs > 0)
        return py_err_set_string(PY_EXC(TypeError),
                                 "sort() takes no positional arguments");
    size_t nk = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nk; k++) {
        const char *s = oh_str_utf8(OHI_TUPLE(kwnames)->items[k], NULL);
        if (strcmp(s, "key") != 0 && strcmp(s, "reverse") != 0)
            return py_err_format(PY_EXC(TypeError), "'%s' is an invalid "
                                 "keyword argument for sort()", s);
    }
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int rev = 0;
    if (a[1] != NULL) {
        if (PY_TYPE(a[1])->nb_index == NULL && a[1]->type != &oh_bool_type)
            return py_err_format(PY_EXC(TypeError), "'%T' object cannot "
                                 "be interpreted as an integer", a[1]);
        rev = py_is_true(a[1]);
        if (rev < 0)
            return NULL;
    }
    if (list_sort_impl(self, a[0], rev != 0) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_reverse(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("reverse", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (SIZE(self) > 1)
        reverse_range(ITEMS(self), 0, SIZE(self));
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return list_from_items(ITEMS(self), SIZE(self));
}

static oh_object *
list_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    list_clear_items(L(self));
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
list_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("__reversed__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return list_iter_make(PY_T(list_reviter), self, SIZE(self) - 1);
}

static oh_object *
list_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t a = L(self)->allocated < 0 ? 0 : L(self)->allocated;
    return oh_int_from_i64((int64_t)sizeof(ohi_list)
                           + a * (int64_t)sizeof(oh_object *)
                           + (int64_t)py_sizeof_extra(self));
}

static const py_method_def list_methods[] = {
    {"append", py_list_m_append, 0, NULL},
    {"extend", list_m_extend, 0, NULL},
    {"insert", list_m_insert, 0, NULL},
    {"pop", list_m_pop, 0, NULL},
    {"remove", list_m_remove, 0, NULL},
    {"index", list_m_index, 0, NULL},
    {"count", list_m_count, 0, NULL},
    {"sort", list_m_sort, 0, NULL},
    {"reverse", list_m_reverse, 0, NULL},
    {"copy", list_m_copy, 0, NULL},
    {"clear", list_m_clear, 0, NULL},
    {"__reversed__", list_m_reversed, 0, NULL},
    {"__sizeof__", list_m_sizeof, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_list_static = {.t = {
    PY_TYPE_INIT_KIND("list", oh_list_type),
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .methods = list_methods,
    .doc = "Built-in mutable sequence.",
    .tp_new = list_new,
    .tp_init = list_init,
    .tp_repr = list_repr,
    .tp_richcompare = list_richcompare,
    .tp_iter = list_iter_new,
    .mp_length = list_len,
    .mp_subscript = list_getitem,
    .mp_ass_subscript = list_ass_subscript,
    .sq_contains = list_contains,
    .nb_binary = {[PY_OP_ADD] = list_add, [PY_OP_MULT] = list_mul},
    .nb_inplace = {[PY_OP_ADD] = list_iadd, [PY_OP_MULT] = list_imul},
}};
