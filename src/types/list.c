/*
 * list.c -- mutable sequences with amortised O(1) append.
 *
 * What this file owns
 * -------------------
 * The list type: its item array, growth policy, and every list operation.
 *
 * Layout (a container: gc head first, object.c)
 * ------
 *
 *   | gc (16) | refcnt | type | size | items | allocated |   56 bytes
 *                                      |
 *                                      v  oh_malloc'd, separately
 *                              | item 0 | item 1 | ... | (spare) ... |
 *                              <--- size ---->
 *                              <-------- allocated ------------------>
 *
 * The header never moves, so a list's identity survives growth; the item
 * array is reallocated.  oh_getsizeof counts the header and the whole
 * allocated array (sys.getsizeof does the same): 56 + 8 * allocated.
 *
 * Growth
 * ------
 * When an append or insert needs room, the array grows to
 *     (newsize + newsize / 8 + 6) rounded down to a multiple of 4,
 * CPython 3.11's pattern (0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...): about
 * 12.5% spare, so n appends copy O(n) items in all and each append is
 * amortised O(1).  When one operation adds more than that spare (extend
 * by a long list), the array is sized to fit exactly, rounded up to 4.
 * When a list shrinks below half its allocation, the array shrinks to the
 * same formula, so a list that grew and emptied gives memory back.
 *
 * Mutation safety
 * ---------------
 * Dropping a reference may run arbitrary code (a finalizer that touches
 * this very list).  Every operation therefore puts the list in a
 * consistent state before it drops references it removed, and loops that
 * call oh_equal re-read size and items after each call.
 *
 * Invariants (LS1-LS3 in internal.h)
 * ----------
 * LS4. allocated follows the growth rule above or was set exactly (by
 *     oh_list_from_array, oh_list_repeat, slices, concatenation).
 */
#include "internal.h"

#include <string.h>

_Static_assert(sizeof(ohi_list) == 40, "list header: 40 bytes + gc head");

#define LIST_CHECK(o) \
    ((o)->type == &oh_list_type || ohi_kind(o) == OHI_KIND_LIST)

static void
list_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    ohi_list *l = OHI_LIST(o);
    oh_object **items = l->items;
    if (items != NULL) {
        for (int64_t i = l->size; --i >= 0;)
            oh_decref(items[i]);
        oh_free(items);
    }
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* The collector's clear: drop every item (oh_list_clear's work). */
static void
list_clear(oh_object *o)
{
    (void)oh_list_clear(o);
}

static int
list_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    for (int64_t i = 0; i < OHI_LIST(o)->size; i++)
        OH_VISIT(OHI_LIST(o)->items[i]);
    return 0;
}

static size_t
list_sizeof(oh_object *o)
{
    return sizeof(ohi_list)
           + (size_t)OHI_LIST(o)->allocated * sizeof(oh_object *);
}

/* Make room for newsize items (LS4), keeping the items.  0, or -1 with
 * MemoryError and the list unchanged.  Sets size = newsize. */
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
        oh_err_no_memory();
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
            oh_err_no_memory();
            return -1;
        }
    }
    l->items = items;
    l->allocated = (int64_t)want;
    l->size = newsize;
    return 0;
}

/* A list with room for exactly n items, size n, items unset, untracked:
 * the caller fills the items, then calls list_done. */
static oh_object *
list_alloc(size_t n)
{
    if (n > (size_t)INT64_MAX / sizeof(oh_object *)) {
        oh_err_no_memory();
        return NULL;
    }
    oh_object **items = NULL;
    if (n != 0) {
        items = oh_malloc(n * sizeof(oh_object *));
        if (items == NULL)
            return oh_err_no_memory();
    }
    oh_object *o = ohi_object_alloc(&oh_list_type, 0);
    if (o == NULL) {
        oh_free(items);
        return NULL;
    }
    ohi_list *l = OHI_LIST(o);
    l->size = (int64_t)n;
    l->items = items;
    l->allocated = (int64_t)n;
    return o;
}

/* The last step of every constructor: o is complete; track it, then
 * reach the collector's safe point (gc.c, C7). */
static oh_object *
list_done(oh_object *o)
{
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

static int
list_equal(oh_object *a, oh_object *b)
{
    if (!LIST_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    if (OHI_LIST(a)->size != OHI_LIST(b)->size)
        return 0;
    for (int64_t i = 0; i < OHI_LIST(a)->size && i < OHI_LIST(b)->size;
         i++) {
        /* Hold the items: comparing may run code that changes a or b. */
        oh_object *x = OHI_LIST(a)->items[i], *y = OHI_LIST(b)->items[i];
        oh_incref(x);
        oh_incref(y);
        int r = oh_equal(x, y);
        oh_decref(x);
        oh_decref(y);
        if (r != 1)
            return r;
    }
    return OHI_LIST(a)->size == OHI_LIST(b)->size;
}

static oh_object *
list_repr(oh_object *o)
{
    if (OHI_LIST(o)->size == 0)
        return oh_str_from_cstr("[]");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("[...]") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "[", 1);
    int rc = 0;
    for (int64_t i = 0; i < OHI_LIST(o)->size && rc == 0; i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        oh_object *item = OHI_LIST(o)->items[i];
        oh_incref(item);
        rc = ohi_strbuf_add_repr(&b, item);
        oh_decref(item);
    }
    ohi_repr_leave(o);
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "]", 1);
    return ohi_strbuf_finish(&b);
}

const oh_type oh_list_type = {
    .name = "list",
    .basicsize = sizeof(ohi_list),
    .flags = OH_TYPE_CONTAINER
             | OHI_KIND(OHI_KIND_LIST),
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_clear,
    .equal = list_equal,
    .repr = list_repr,
    .getsizeof = list_sizeof,
};

/* The lists the inspection calls return (oh_find_backref_chain,
 * oh_census_by_type): lists in every way, under a descriptor of their own
 * so that the census and the reference graph can leave them out -- an
 * inspecting tool's answer is not part of the heap it reports on
 * (refgraph.c, "The inspection's own results"). */
const oh_type ohi_list_result_type = {
    .name = "list",
    .basicsize = sizeof(ohi_list),
    .flags = OH_TYPE_CONTAINER
             | OHI_KIND(OHI_KIND_LIST),
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_clear,
    .equal = list_equal,
    .repr = list_repr,
    .getsizeof = list_sizeof,
};

int
oh_list_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return LIST_CHECK(o);
}

/* ==========================================================================
 * Construction
 * ========================================================================== */

oh_object *
oh_list_new(void)
{
    oh_object *o = list_alloc(0);
    return o != NULL ? list_done(o) : NULL;
}

oh_object *
oh_list_from_array(oh_object *const *items, size_t n)
{
    OHI_NOT_NULL_ARRAY(items, n, NULL);
    oh_object *o = list_alloc(n);
    if (o == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        oh_incref(items[i]);
        OHI_LIST(o)->items[i] = items[i];
    }
    return list_done(o);
}

oh_object *
oh_list_repeat(oh_object *src, size_t times)
{
    OHI_NOT_NULL(src, NULL);
    if (!LIST_CHECK(src))
        return ohi_type_error(src, "list");
    size_t n = (size_t)OHI_LIST(src)->size;
    if (n != 0 && times > (size_t)INT64_MAX / sizeof(oh_object *) / n)
        return oh_err_no_memory();
    oh_object *o = list_alloc(n * times);
    if (o == NULL)
        return NULL;
    oh_object **to = OHI_LIST(o)->items, **from = OHI_LIST(src)->items;
    for (size_t k = 0; k < times; k++) {
        for (size_t i = 0; i < n; i++) {
            oh_incref(from[i]);
            *to++ = from[i];
        }
    }
    return list_done(o);
}

/* ==========================================================================
 * Access and mutation
 * ========================================================================== */

int64_t
oh_list_size(oh_object *l)
{
    OHI_NOT_NULL(l, -1);
    if (!LIST_CHECK(l)) {
        ohi_type_error(l, "list");
        return -1;
    }
    return OHI_LIST(l)->size;
}

oh_object *
oh_list_get(oh_object *l, int64_t i)
{
    OHI_NOT_NULL(l, NULL);
    if (!LIST_CHECK(l))
        return ohi_type_error(l, "list");
    int64_t k = ohi_index(i, OHI_LIST(l)->size);
    if (k < 0) {
        oh_err_set(OH_ERR_INDEX, "list index out of range");
        return NULL;
    }
    return OHI_LIST(l)->items[k];
}

int
oh_list_set(oh_object *l, int64_t i, oh_object *item)
{
    OHI_NOT_NULL(l, -1);
    OHI_NOT_NULL(item, -1);
    if (!LIST_CHECK(l)) {
        ohi_type_error(l, "list");
        return -1;
    }
    int64_t k = ohi_index(i, OHI_LIST(l)->size);
    if (k < 0) {
        oh_err_set(OH_ERR_INDEX, "list assignment index out of range");
        return -1;
    }
    oh_incref(item);
    oh_object *old = OHI_LIST(l)->items[k];
    OHI_LIST(l)->items[k] = item;
    oh_decref(old);                     /* last: may run code */
    return 0;
}

int
oh_list_append(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    if (OH_UNLIKELY(!LIST_CHECK(o))) {
        ohi_type_error(o, "list");
        return -1;
    }
    ohi_list *l = OHI_LIST(o);
    int64_t n = l->size;
    if (OH_LIKELY(n < l->allocated)) {
        oh_incref(item);
        l->items[n] = item;
        l->size = n + 1;
        return 0;
    }
    if (list_resize(l, n + 1) < 0)
        return -1;
    oh_incref(item);
    l->items[n] = item;
    return 0;
}

int
oh_list_insert(oh_object *o, int64_t i, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    if (!LIST_CHECK(o)) {
        ohi_type_error(o, "list");
        return -1;
    }
    ohi_list *l = OHI_LIST(o);
    int64_t n = l->size;
    if (i < 0) {
        i += n;
        if (i < 0)
            i = 0;
    }
    if (i > n)
        i = n;
    if (list_resize(l, n + 1) < 0)
        return -1;
    memmove(l->items + i + 1, l->items + i,
            (size_t)(n - i) * sizeof(oh_object *));
    oh_incref(item);
    l->items[i] = item;
    return 0;
}

/* Remove items[k] and return it (the caller owns the reference). */
static oh_object *
list_remove_at(ohi_list *l, int64_t k)
{
    oh_object *item = l->items[k];
    int64_t n = l->size;
    memmove(l->items + k, l->items + k + 1,
            (size_t)(n - k - 1) * sizeof(oh_object *));
    /* Shrinking never fails to keep the items: on a failed realloc the
     * array just stays larger. */
    if (list_resize(l, n - 1) < 0) {
        oh_err_clear();
        l->size = n - 1;
    }
    return item;
}

int
oh_list_delete(oh_object *o, int64_t i)
{
    OHI_NOT_NULL(o, -1);
    if (!LIST_CHECK(o)) {
        ohi_type_error(o, "list");
        return -1;
    }
    int64_t k = ohi_index(i, OHI_LIST(o)->size);
    if (k < 0) {
        oh_err_set(OH_ERR_INDEX, "list assignment index out of range");
        return -1;
    }
    oh_decref(list_remove_at(OHI_LIST(o), k));
    return 0;
}

oh_object *
oh_list_pop(oh_object *o, int64_t i)
{
    OHI_NOT_NULL(o, NULL);
    if (!LIST_CHECK(o))
        return ohi_type_error(o, "list");
    if (OHI_LIST(o)->size == 0) {
        oh_err_set(OH_ERR_INDEX, "pop from empty list");
        return NULL;
    }
    int64_t k = ohi_index(i, OHI_LIST(o)->size);
    if (k < 0) {
        oh_err_set(OH_ERR_INDEX, "pop index out of range");
        return NULL;
    }
    return list_remove_at(OHI_LIST(o), k);
}

oh_object *
oh_list_slice(oh_object *o, int64_t start, int64_t stop)
{
    OHI_NOT_NULL(o, NULL);
    if (!LIST_CHECK(o))
        return ohi_type_error(o, "list");
    ohi_slice_bounds(&start, &stop, OHI_LIST(o)->size);
    return oh_list_from_array(OHI_LIST(o)->items + start,
                              (size_t)(stop - start));
}

oh_object *
oh_list_concat(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (!LIST_CHECK(a))
        return ohi_type_error(a, "list");
    if (!LIST_CHECK(b)) {
        ohi_check_live(b, "oh_list_concat");
        oh_err_format(OH_ERR_TYPE, "can only concatenate list (not \"%s\") "
                      "to list", oh_type_name(b));
        return NULL;
    }
    size_t na = (size_t)OHI_LIST(a)->size, nb = (size_t)OHI_LIST(b)->size;
    oh_object *o = list_alloc(na + nb);
    if (o == NULL)
        return NULL;
    oh_object **to = OHI_LIST(o)->items;
    for (size_t i = 0; i < na; i++) {
        oh_incref(OHI_LIST(a)->items[i]);
        to[i] = OHI_LIST(a)->items[i];
    }
    for (size_t i = 0; i < nb; i++) {
        oh_incref(OHI_LIST(b)->items[i]);
        to[na + i] = OHI_LIST(b)->items[i];
    }
    return list_done(o);
}

int
oh_list_extend(oh_object *o, oh_object *other)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(other, -1);
    if (!LIST_CHECK(o)) {
        ohi_type_error(o, "list");
        return -1;
    }
    oh_object **src;
    int64_t m;
    if (LIST_CHECK(other)) {
        src = OHI_LIST(other)->items;
        m = OHI_LIST(other)->size;
    }
    else if (other->type == &oh_tuple_type) {
        src = OHI_TUPLE(other)->items;
        m = OHI_TUPLE_SIZE(other);
    }
    else {
        ohi_type_error(other, "list or tuple");
        return -1;
    }
    ohi_list *l = OHI_LIST(o);
    int64_t n = l->size;
    if (m == 0)
        return 0;
    if (list_resize(l, n + m) < 0)
        return -1;
    if (other == o)
        src = l->items;                 /* l.extend(l): moved by resize */
    for (int64_t i = 0; i < m; i++) {
        oh_incref(src[i]);
        l->items[n + i] = src[i];
    }
    return 0;
}

int
oh_list_contains(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    if (!LIST_CHECK(o)) {
        ohi_type_error(o, "list");
        return -1;
    }
    for (int64_t i = 0; i < OHI_LIST(o)->size; i++) {
        oh_object *x = OHI_LIST(o)->items[i];
        oh_incref(x);
        int r = oh_equal(x, item);
        oh_decref(x);
        if (r != 0)
            return r;
    }
    return 0;
}

int
oh_list_clear(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!LIST_CHECK(o)) {
        ohi_type_error(o, "list");
        return -1;
    }
    ohi_list *l = OHI_LIST(o);
    oh_object **items = l->items;
    int64_t n = l->size;
    /* Empty the list first: dropping the items may run code. */
    l->items = NULL;
    l->size = 0;
    l->allocated = 0;
    for (int64_t i = n; --i >= 0;)
        oh_decref(items[i]);
    oh_free(items);
    return 0;
}
