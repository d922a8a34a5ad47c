/*
 * t_dict.c -- dict as a Python type, its views and its iterators.
 *
 * What this file owns
 * -------------------
 * PY_T(dict): the Python face of the library's dicts (src/types/dict.c
 * owns the table: CPython's compact layout, insertion order, growth).
 * dict(mapping or pairs, **kw), dict.fromkeys, repr with recursion, ==,
 * |, |=, in, d[k] with KeyError(k) and __missing__, assignment and
 * deletion, iteration, the methods, and sys.getsizeof's figure.
 * PY_T(dict_keys), PY_T(dict_values), PY_T(dict_items): the views, with
 * len, iteration, in, reversed, set-like comparisons and the set
 * operations & | - ^ (which return sets) and isdisjoint on keys and
 * items.  PY_T(dict_keyiter), PY_T(dict_valueiter), PY_T(dict_itemiter):
 * the iterators, forward and reversed.
 *
 * Dicts are reached by kind (OHI_KIND_DICT), and the library's functions
 * check by kind too, so subclasses of dict work everywhere here.
 *
 * Iteration (CPython 3.11's rules, not the library's oh_dict_iter)
 * ---------
 * An iterator walks the entry array by position (ohi_dict_entry_at)
 * and remembers the dict's size when it started (`used`) and how many
 * items it still expects (`len`).  A size change is RuntimeError
 * "dictionary changed size during iteration" (sticky: used becomes -1);
 * finding an item when none is expected any more is "dictionary keys
 * changed during iteration".  A same-size change (del then add) is
 * otherwise iterated over as CPython does.
 *
 * Invariants
 * ----------
 * TD1. An iterator's dict is NULL once it has reported its end or an
 *      error other than a size change; then it stays exhausted.
 * TD2. pos is where the next search starts: forward iterators search
 *      [pos, nentries), reversed ones [0, pos] downwards; positions out
 *      of range read as deleted entries, so a table rebuilt under the
 *      iterator is never read out of bounds.
 * TD3. Every view holds a reference to its dict (never NULL).
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_dict(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_DICT;
}

OHI_INLINE bool
is_anyset(const oh_object *o)
{
    unsigned k = OHI_TYPE_KIND(o->type);
    return k == OHI_KIND_SET || k == OHI_KIND_FROZENSET;
}

static oh_object *
none_ref(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* KeyError(key): the key itself is the exception's argument. */
static void *
key_error(oh_object *key)
{
    oh_object *exc = py_exc_new(PY_EXC(KeyError), &key, 1);
    if (exc != NULL)
        py_err_raise_new(exc);
    return NULL;
}

/* d[key] = value for a mapping that may not be a dict. */
static int
store(oh_object *d, oh_object *key, oh_object *value)
{
    if (is_dict(d))
        return oh_dict_set(d, key, value);
    return py_setitem(d, key, value);
}

/* ==========================================================================
 * Merging (dict(), update, |=)
 * ========================================================================== */

static oh_object *view_new(py_type *t, oh_object *dict);

/* Add every item of mapping b to dict a (override: replace existing
 * keys).  A dict whose iteration is dict's own is read directly;
 * anything else through b.keys() and b[key]. */
static int
merge_mapping(oh_object *a, oh_object *b, bool override)
{
    if (is_dict(b) && PY_TYPE(b)->tp_iter == PY_T(dict)->tp_iter) {
        if (a == b || oh_dict_size(b) == 0)
            return 0;
        int64_t n = ohi_dict_nentries(b);
        for (int64_t i = 0; i < n && i < ohi_dict_nentries(b); i++) {
            oh_object *k, *v;
            if (!ohi_dict_entry_at(b, i, &k, &v))
                continue;
            oh_incref(k);
            oh_incref(v);
            int r = 0;
            if (!override) {
                r = oh_dict_contains(a, k);
                if (r == 0)
                    r = oh_dict_set(a, k, v);
                else if (r > 0)
                    r = 0;
            }
            else
                r = oh_dict_set(a, k, v);
            oh_decref(k);
            oh_decref(v);
            if (r < 0)
                return -1;
        }
        return 0;
    }
    oh_object *keys = py_call_method(b, PY_ID(keys), NULL, 0);
    if (keys == NULL)
        return -1;
    oh_object *it = py_iter(keys);
    oh_decref(keys);
    if (it == NULL)
        return -1;
    oh_object *k;
    while ((k = py_iter_next(it)) != NULL) {
        int r = 0;
        if (!override) {
            r = oh_dict_contains(a, k);
            if (r != 0) {
                oh_decref(k);
                if (r < 0)
                    break;
                continue;
            }
        }
        oh_object *v = py_getitem(b, k);
        if (v == NULL)
            r = -1;
        else {
            r = oh_dict_set(a, k, v);
            oh_decref(v);
        }
        oh_decref(k);
        if (r < 0)
            break;
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

/* Add the (key, value) pairs of an iterable to dict a. */
static int
merge_pairs(oh_object *a, oh_object *seq)
{
    oh_object *it = py_iter(seq);
    if (it == NULL)
        return -1;
    oh_object *item;
    int64_t i = 0;
    int rc = 0;
    while ((item = py_iter_next(it)) != NULL) {
        oh_object *fast = NULL;
        if (item->type == &oh_tuple_type || item->type == &oh_list_type) {
            oh_incref(item);
            fast = item;
        }
        else {
            fast = py_sequence_list(item);
            if (fast == NULL && py_err_matches(PY_EXC(TypeError))) {
                py_err_clear();
                py_err_format(PY_EXC(TypeError), "cannot convert "
                              "dictionary update sequence element #%lld to "
                              "a sequence", (long long)i);
            }
        }
        oh_decref(item);
        if (fast == NULL) {
            rc = -1;
            break;
        }
        oh_object *const *kv;
        int64_t n;
        if (fast->type == &oh_tuple_type) {
            kv = OHI_TUPLE(fast)->items;
            n = (int64_t)OHI_TUPLE_SIZE(fast);
        }
        else {
            kv = OHI_LIST(fast)->items;
            n = OHI_LIST(fast)->size;
        }
        if (n != 2) {
            py_err_format(PY_EXC(ValueError), "dictionary update sequence "
                          "element #%lld has length %lld; 2 is required",
                          (long long)i, (long long)n);
            oh_decref(fast);
            rc = -1;
            break;
        }
        oh_object *k = kv[0], *v = kv[1];
        oh_incref(k);
        oh_incref(v);
        rc = oh_dict_set(a, k, v);
        oh_decref(k);
        oh_decref(v);
        oh_decref(fast);
        if (rc < 0)
            break;
        i++;
    }
    oh_decref(it);
    if (rc == 0 && py_err_occurred())
        rc = -1;
    return rc;
}

/* update's positional argument: a mapping (it has .keys) or pairs. */
static int
update_arg(oh_object *a, oh_object *arg)
{
    if (is_dict(arg))
        return merge_mapping(a, arg, true);
    oh_object *keys;
    int r = py_lookup_attr(arg, PY_ID(keys), &keys);
    if (r < 0)
        return -1;
    if (r > 0) {
        oh_decref(keys);
        return merge_mapping(a, arg, true);
    }
    return merge_pairs(a, arg);
}

/* The keyword arguments of a call, stored into a. */
static int
update_kwargs(oh_object *a, oh_object *const *values, oh_object *kwnames)
{
    size_t nk = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nk; k++)
        if (oh_dict_set(a, OHI_TUPLE(kwnames)->items[k], values[k]) < 0)
            return -1;
    return 0;
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
dict_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (type == PY_T(dict))
        return oh_dict_new();
    return py_alloc_instance(type, 0);
}

static int
dict_init(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (nargs > 1) {
        py_err_format(PY_EXC(TypeError), "dict expected at most 1 argument, "
                      "got %zu", nargs);
        return -1;
    }
    if (nargs == 1 && update_arg(self, args[0]) < 0)
        return -1;
    return update_kwargs(self, PY_KWVALUES(args, nargs), kwnames);
}

static oh_object *
dict_repr(oh_object *o)
{
    if (oh_dict_size(o) == 0)
        return oh_str_from_cstr("{}");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("{...}") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "{", 1);
    bool ok = true, first = true;
    for (int64_t i = 0; ok && i < ohi_dict_nentries(o); i++) {
        oh_object *k, *v;
        if (!ohi_dict_entry_at(o, i, &k, &v))
            continue;
        if (!first)
            ohi_strbuf_add(&b, ", ", 2);
        first = false;
        oh_incref(k);
        oh_incref(v);
        oh_object *rk = py_repr(k);
        oh_object *rv = rk ? py_repr(v) : NULL;
        if (rk != NULL && rv != NULL) {
            ohi_strbuf_add(&b, OHI_STR(rk)->data, (size_t)OHI_STR(rk)->nbytes);
            ohi_strbuf_add(&b, ": ", 2);
            ohi_strbuf_add(&b, OHI_STR(rv)->data, (size_t)OHI_STR(rv)->nbytes);
        }
        else
            ok = false;
        oh_xdecref(rk);
        oh_xdecref(rv);
        oh_decref(k);
        oh_decref(v);
    }
    ohi_repr_leave(o);
    if (!ok) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "}", 1);
    return ohi_strbuf_finish(&b);
}

/* a == b for two dicts: 1, 0, -1. */
static int
dict_equal(oh_object *a, oh_object *b)
{
    if (oh_dict_size(a) != oh_dict_size(b))
        return 0;
    for (int64_t i = 0; i < ohi_dict_nentries(a); i++) {
        oh_object *k, *va;
        if (!ohi_dict_entry_at(a, i, &k, &va))
            continue;
        oh_incref(k);
        oh_incref(va);
        oh_object *vb = NULL;
        int r = oh_dict_lookup(b, k, &vb);
        if (r > 0) {
            oh_incref(vb);
            r = py_compare_bool(va, vb, PY_CMP_EQ);
            oh_decref(vb);
        }
        oh_decref(k);
        oh_decref(va);
        if (r <= 0)
            return r;
    }
    return 1;
}

static oh_object *
dict_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_dict(a) || !is_dict(b) || (op != PY_CMP_EQ && op != PY_CMP_NE))
        return NOTIMPL();
    int r = dict_equal(a, b);
    if (r < 0)
        return NULL;
    return oh_bool_from(op == PY_CMP_EQ ? r : !r);
}

static int64_t
dict_len(oh_object *o)
{
    return oh_dict_size(o);
}

static int
dict_contains(oh_object *o, oh_object *key)
{
    return oh_dict_contains(o, key);
}

static oh_object *
dict_getitem(oh_object *o, oh_object *key)
{
    oh_object *v;
    int r = oh_dict_lookup(o, key, &v);
    if (r > 0) {
        oh_incref(v);
        return v;
    }
    if (r < 0)
        return NULL;
    if (o->type != &oh_dict_type) {
        oh_object *missing = py_type_lookup(PY_TYPE(o), PY_ID(__missing__));
        if (missing != NULL)
            return py_call_method(o, PY_ID(__missing__), &key, 1);
    }
    return key_error(key);
}

static int
dict_ass_subscript(oh_object *o, oh_object *key, oh_object *value)
{
    if (value != NULL)
        return oh_dict_set(o, key, value);
    int r = oh_dict_lookup(o, key, NULL);
    if (r == 0)
        key_error(key);
    if (r <= 0)
        return -1;
    return oh_dict_delete(o, key);
}

static oh_object *dictiter_new(py_type *t, oh_object *dict, bool reversed);

static oh_object *
dict_iter(oh_object *o)
{
    return dictiter_new(PY_T(dict_keyiter), o, false);
}

/* A new exact dict with o's items. */
static oh_object *
dict_copy(oh_object *o)
{
    oh_object *r = oh_dict_new();
    if (r != NULL && merge_mapping(r, o, true) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
dict_or(oh_object *a, oh_object *b)
{
    if (!is_dict(a) || !is_dict(b))
        return NOTIMPL();
    oh_object *r = dict_copy(a);
    if (r != NULL && update_arg(r, b) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
dict_ior(oh_object *a, oh_object *b)
{
    if (!is_dict(a))
        return NOTIMPL();
    if (update_arg(a, b) < 0)
        return NULL;
    oh_incref(a);
    return a;
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

static oh_object *
dict_m_get(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("get", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *v;
    int r = oh_dict_lookup(self, args[0], &v);
    if (r < 0)
        return NULL;
    if (r == 0)
        v = nargs > 1 ? args[1] : OH_NONE;
    oh_incref(v);
    return v;
}

static oh_object *
dict_m_setdefault(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("setdefault", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *v;
    int r = oh_dict_lookup(self, args[0], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        v = nargs > 1 ? args[1] : OH_NONE;
        if (oh_dict_set(self, args[0], v) < 0)
            return NULL;
    }
    oh_incref(v);
    return v;
}

static oh_object *
dict_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (oh_dict_size(self) == 0 && nargs > 1) {
        oh_incref(args[1]);
        return args[1];
    }
    oh_object *v;
    int r = oh_dict_lookup(self, args[0], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        if (nargs > 1) {
            oh_incref(args[1]);
            return args[1];
        }
        return key_error(args[0]);
    }
    oh_incref(v);
    if (oh_dict_delete(self, args[0]) < 0) {
        oh_decref(v);
        return NULL;
    }
    return v;
}

static oh_object *
dict_m_popitem(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("popitem", nargs, kwnames, 0, 0) < 0)
        return NULL;
    /* The pair is made first: it cannot fail after the item is out. */
    oh_object *t = ohi_tuple_alloc(2);
    if (t == NULL)
        return NULL;
    oh_object *k, *v;
    if (!ohi_dict_popitem(self, &k, &v)) {
        oh_decref(t);
        oh_object *msg = oh_str_from_cstr("popitem(): dictionary is empty");
        if (msg != NULL) {
            key_error(msg);
            oh_decref(msg);
        }
        return NULL;
    }
    OHI_TUPLE(t)->items[0] = k;
    OHI_TUPLE(t)->items[1] = v;
    return t;
}

static oh_object *
dict_m_keys(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("keys", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return view_new(PY_T(dict_keys), self);
}

static oh_object *
dict_m_values(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("values", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return view_new(PY_T(dict_values), self);
}

static oh_object *
dict_m_items(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("items", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return view_new(PY_T(dict_items), self);
}

static oh_object *
dict_m_update(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "update expected at most 1 "
                             "argument, got %zu", nargs);
    if (nargs == 1 && update_arg(self, args[0]) < 0)
        return NULL;
    if (update_kwargs(self, PY_KWVALUES(args, nargs), kwnames) < 0)
        return NULL;
    return none_ref();
}

static oh_object *
dict_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return dict_copy(self);
}

static oh_object *
dict_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (oh_dict_clear(self) < 0)
        return NULL;
    return none_ref();
}

/* dict.fromkeys(iterable, value=None), a class method. */
static oh_object *
dict_m_fromkeys(oh_object *cls, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("fromkeys", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *value = nargs > 1 ? args[1] : OH_NONE;
    oh_object *d = py_call0(cls);
    if (d == NULL)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL) {
        oh_decref(d);
        return NULL;
    }
    oh_object *k;
    while ((k = py_iter_next(it)) != NULL) {
        int r = store(d, k, value);
        oh_decref(k);
        if (r < 0)
            break;
    }
    oh_decref(it);
    if (py_err_occurred()) {
        oh_decref(d);
        return NULL;
    }
    return d;
}

static oh_object *
dict_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("__reversed__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return dictiter_new(PY_T(dict_revkeyiter), self, true);
}

/* What sys.getsizeof counts, less the collector's 16-byte prefix (as
 * CPython's __sizeof__ leaves out its gc head): the header and the key
 * table.  Our header and table header are 8 bytes smaller each than
 * CPython's and the tables are sized alike (dict.c), so this is at most
 * python3's figure. */
static oh_object *
dict_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)py_sizeof(self));
}

static const py_method_def dict_methods[] = {
    {"get", dict_m_get, 0, NULL},
    {"setdefault", dict_m_setdefault, 0, NULL},
    {"pop", dict_m_pop, 0, NULL},
    {"popitem", dict_m_popitem, 0, NULL},
    {"keys", dict_m_keys, 0, NULL},
    {"values", dict_m_values, 0, NULL},
    {"items", dict_m_items, 0, NULL},
    {"update", dict_m_update, 0, NULL},
    {"copy", dict_m_copy, 0, NULL},
    {"clear", dict_m_clear, 0, NULL},
    {"fromkeys", dict_m_fromkeys, PY_METH_CLASS, NULL},
    {"__reversed__", dict_m_reversed, 0, NULL},
    {"__sizeof__", dict_m_sizeof, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_dict_static = {.t = {
    PY_TYPE_INIT_KIND("dict", oh_dict_type),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = dict_methods,
    .doc = "dict() -> new empty dictionary",
    .tp_new = dict_new,
    .tp_init = dict_init,
    .tp_repr = dict_repr,
    .tp_richcompare = dict_richcompare,
    .tp_iter = dict_iter,
    .mp_length = dict_len,
    .mp_subscript = dict_getitem,
    .mp_ass_subscript = dict_ass_subscript,
    .sq_contains = dict_contains,
    .nb_binary = {[PY_OP_BITOR] = dict_or},
    .nb_inplace = {[PY_OP_BITOR] = dict_ior},
}};

/* ==========================================================================
 * Iterators
 * ========================================================================== */

typedef struct dictiter {
    OH_OBJECT_HEAD;
    oh_object *dict;                    /* TD1 */
    int64_t used;                       /* size at the start, or -1 */
    int64_t pos;                        /* TD2 */
    int64_t len;                        /* items still expected */
    bool reversed;
} dictiter;

#define DIT(o) ((dictiter *)(void *)(o))

static int
dictiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(DIT(o)->dict);
    return 0;
}

static void
dictiter_clear(oh_object *o)
{
    OH_CLEAR(DIT(o)->dict);
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
dictiter_new(py_type *t, oh_object *dict, bool reversed)
{
    dictiter *it = (dictiter *)(void *)ohi_object_alloc(&t->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(dict);
    it->dict = dict;
    it->used = oh_dict_size(dict);
    it->len = it->used;
    it->pos = reversed ? ohi_dict_nentries(dict) - 1 : 0;
    it->reversed = reversed;
    ohi_gc_track(&it->ob_base);
    ohi_gc_safe_point();
    return &it->ob_base;
}

/* The next entry: 1 with borrowed key and value, 0 at the end (or an
 * error, set). */
static int
dictiter_step(dictiter *it, oh_object **k, oh_object **v)
{
    oh_object *d = it->dict;
    if (d == NULL)
        return 0;
    if (it->used != oh_dict_size(d)) {
        py_err_set_string(PY_EXC(RuntimeError),
                          "dictionary changed size during iteration");
        it->used = -1;
        return 0;
    }
    int64_t n = ohi_dict_nentries(d);
    int64_t i = it->pos;
    if (!it->reversed) {
        while (i < n && !ohi_dict_entry_at(d, i, k, v))
            i++;
        if (i >= n)
            goto done;
        it->pos = i + 1;
    }
    else {
        while (i >= 0 && !ohi_dict_entry_at(d, i, k, v))
            i--;
        if (i < 0)
            goto done;
        it->pos = i - 1;
    }
    if (it->len == 0) {
        py_err_set_string(PY_EXC(RuntimeError),
                          "dictionary keys changed during iteration");
        goto done;
    }
    it->len--;
    return 1;
done:
    it->pos = -1;
    OH_CLEAR(it->dict);
    return 0;
}

static oh_object *
dictiter_next_key(oh_object *o)
{
    oh_object *k, *v;
    if (!dictiter_step(DIT(o), &k, &v))
        return NULL;
    oh_incref(k);
    return k;
}

static oh_object *
dictiter_next_value(oh_object *o)
{
    oh_object *k, *v;
    if (!dictiter_step(DIT(o), &k, &v))
        return NULL;
    oh_incref(v);
    return v;
}

static oh_object *
dictiter_next_item(oh_object *o)
{
    oh_object *k, *v;
    if (!dictiter_step(DIT(o), &k, &v))
        return NULL;
    return oh_tuple_pack(2, k, v);
}

static oh_object *
dictiter_m_length_hint(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    dictiter *it = DIT(self);
    int64_t n = 0;
    if (it->dict != NULL && it->used == oh_dict_size(it->dict))
        n = it->len;
    return oh_int_from_i64(n);
}

static const py_method_def dictiter_methods[] = {
    {"__length_hint__", dictiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

#define DICT_ITER_TYPE(cname, pyname, nextfn)                               \
    py_static_type py_##cname##_static = {.t = {                            \
        PY_TYPE_INIT(pyname, dictiter, OH_TYPE_CONTAINER),                  \
        .ot.traverse = dictiter_traverse,                                   \
        .ot.clear = dictiter_clear,                                         \
        .methods = dictiter_methods,                                        \
        .tp_iter = iter_self,                                               \
        .tp_iternext = nextfn,                                              \
    }};
DICT_ITER_TYPE(dict_keyiter, "dict_keyiterator", dictiter_next_key)
DICT_ITER_TYPE(dict_valueiter, "dict_valueiterator", dictiter_next_value)
DICT_ITER_TYPE(dict_itemiter, "dict_itemiterator", dictiter_next_item)
DICT_ITER_TYPE(dict_revkeyiter, "dict_reversekeyiterator",
               dictiter_next_key)
DICT_ITER_TYPE(dict_revvalueiter, "dict_reversevalueiterator",
               dictiter_next_value)
DICT_ITER_TYPE(dict_revitemiter, "dict_reverseitemiterator",
               dictiter_next_item)
#undef DICT_ITER_TYPE

/* ==========================================================================
 * Views
 * ========================================================================== */

typedef struct dict_view {
    OH_OBJECT_HEAD;
    oh_object *dict;                    /* TD3 */
} dict_view;

#define VIEW(o) ((dict_view *)(void *)(o))

OHI_INLINE bool
is_keys_view(const oh_object *o)
{
    return o->type == &PY_T(dict_keys)->ot;
}

OHI_INLINE bool
is_items_view(const oh_object *o)
{
    return o->type == &PY_T(dict_items)->ot;
}

/* A view that acts as a set (keys or items). */
OHI_INLINE bool
is_setview(const oh_object *o)
{
    return is_keys_view(o) || is_items_view(o);
}

static oh_object *
view_new(py_type *t, oh_object *dict)
{
    dict_view *v = (dict_view *)(void *)ohi_object_alloc(&t->ot, 0);
    if (v == NULL)
        return NULL;
    oh_incref(dict);
    v->dict = dict;
    ohi_gc_track(&v->ob_base);
    ohi_gc_safe_point();
    return &v->ob_base;
}

static int
view_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(VIEW(o)->dict);
    return 0;
}

static void
view_clear(oh_object *o)
{
    OH_CLEAR(VIEW(o)->dict);
}

static int64_t
view_len(oh_object *o)
{
    return oh_dict_size(VIEW(o)->dict);
}

/* dict_keys([1, 2]) */
static oh_object *
view_repr(oh_object *o)
{
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("...") : NULL;
    oh_object *l = py_sequence_list(o);
    oh_object *r = NULL;
    if (l != NULL)
        r = py_str_format("%s(%R)", PY_TYPE(o)->tp_name, l);
    oh_xdecref(l);
    ohi_repr_leave(o);
    return r;
}

static oh_object *
keys_iter(oh_object *o)
{
    return dictiter_new(PY_T(dict_keyiter), VIEW(o)->dict, false);
}

static oh_object *
values_iter(oh_object *o)
{
    return dictiter_new(PY_T(dict_valueiter), VIEW(o)->dict, false);
}

static oh_object *
items_iter(oh_object *o)
{
    return dictiter_new(PY_T(dict_itemiter), VIEW(o)->dict, false);
}

static int
keys_contains(oh_object *o, oh_object *key)
{
    return oh_dict_contains(VIEW(o)->dict, key);
}

/* (k, v) in d.items(): k maps to a value equal to v. */
static int
items_contains(oh_object *o, oh_object *item)
{
    if (item->type != &oh_tuple_type || OHI_TUPLE_SIZE(item) != 2)
        return 0;
    oh_object *v;
    int r = oh_dict_lookup(VIEW(o)->dict, OHI_TUPLE(item)->items[0], &v);
    if (r <= 0)
        return r;
    oh_incref(v);
    r = py_compare_bool(v, OHI_TUPLE(item)->items[1], PY_CMP_EQ);
    oh_decref(v);
    return r;
}

/* Is every item of a in b?  1, 0, -1. */
static int
all_contained_in(oh_object *a, oh_object *b)
{
    oh_object *it = py_iter(a);
    if (it == NULL)
        return -1;
    int ok = 1;
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL) {
        ok = py_contains(b, x);
        oh_decref(x);
        if (ok <= 0)
            break;
    }
    oh_decref(it);
    if (ok >= 0 && py_err_occurred())
        ok = -1;
    return ok;
}

static oh_object *
view_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_setview(a) || !(is_anyset(b) || is_setview(b)))
        return NOTIMPL();
    int64_t na = py_len(a), nb = py_len(b);
    if (na < 0 || nb < 0)
        return NULL;
    int r = 0;
    switch (op) {
    case PY_CMP_EQ:
    case PY_CMP_NE:
        r = na == nb ? all_contained_in(a, b) : 0;
        if (r >= 0 && op == PY_CMP_NE)
            r = !r;
        break;
    case PY_CMP_LT:
        r = na < nb ? all_contained_in(a, b) : 0;
        break;
    case PY_CMP_LE:
        r = na <= nb ? all_contained_in(a, b) : 0;
        break;
    case PY_CMP_GT:
        r = na > nb ? all_contained_in(b, a) : 0;
        break;
    default:
        r = na >= nb ? all_contained_in(b, a) : 0;
        break;
    }
    if (r < 0)
        return NULL;
    return oh_bool_from(r);
}

/* set(x) for the set operations: a keys view of a plain dict reads the
 * dict itself, as CPython's dictviews_to_set. */
static oh_object *
view_to_set(oh_object *x)
{
    oh_object *src = x;
    if (is_keys_view(x) && VIEW(x)->dict->type == &oh_dict_type)
        src = VIEW(x)->dict;
    oh_object *s = oh_set_new();
    if (s != NULL && py_set_update(s, src) < 0)
        OH_CLEAR(s);
    return s;
}

/* result.name(other) for a new set `result` (stolen). */
static oh_object *
set_then(oh_object *result, const char *name, oh_object *other)
{
    if (result == NULL)
        return NULL;
    oh_object *n = py_static_str(name);
    oh_object *r = n ? py_call_method(result, n, &other, 1) : NULL;
    if (r == NULL) {
        oh_decref(result);
        return NULL;
    }
    oh_decref(r);
    return result;
}

static oh_object *
view_sub(oh_object *a, oh_object *b)
{
    return set_then(view_to_set(a), "difference_update", b);
}

static oh_object *
view_or(oh_object *a, oh_object *b)
{
    return set_then(view_to_set(a), "update", b);
}

static oh_object *
view_xor(oh_object *a, oh_object *b)
{
    return set_then(view_to_set(a), "symmetric_difference_update", b);
}

/* a & b: CPython's _PyDictView_Intersect (which side is iterated
 * decides the result's insertion order). */
static oh_object *
view_and(oh_object *a, oh_object *b)
{
    oh_object *self = a, *other = b;
    if (!is_setview(self)) {
        self = b;
        other = a;
    }
    int64_t nself = view_len(self);
    if (other->type == &oh_set_type) {
        int64_t nother = py_len(other);
        if (nother < 0)
            return NULL;
        if (nself <= nother) {
            oh_object *n = py_static_str("intersection");
            return n ? py_call_method(other, n, &self, 1) : NULL;
        }
    }
    if (is_setview(other) && view_len(other) > nself) {
        oh_object *t = other;
        other = self;
        self = t;
    }
    oh_object *result = oh_set_new();
    if (result == NULL)
        return NULL;
    oh_object *it = py_iter(other);
    if (it == NULL) {
        oh_decref(result);
        return NULL;
    }
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL) {
        int r = is_keys_view(self) ? keys_contains(self, x)
                                   : items_contains(self, x);
        if (r > 0)
            r = oh_set_add(result, x);
        oh_decref(x);
        if (r < 0)
            break;
    }
    oh_decref(it);
    if (py_err_occurred()) {
        oh_decref(result);
        return NULL;
    }
    return result;
}

static oh_object *
view_m_isdisjoint(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("isdisjoint", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *other = args[0];
    oh_object *a = self, *b = other;
    /* Iterate over the smaller one when both sizes are known. */
    if (is_anyset(other) || is_setview(other)) {
        int64_t nb = py_len(other);
        if (nb < 0)
            return NULL;
        if (nb > view_len(self)) {
            a = other;
            b = self;
        }
    }
    oh_object *it = py_iter(b);
    if (it == NULL)
        return NULL;
    oh_object *x;
    int found = 0;
    while ((x = py_iter_next(it)) != NULL) {
        found = py_contains(a, x);
        oh_decref(x);
        if (found != 0)
            break;
    }
    oh_decref(it);
    if (found < 0 || py_err_occurred())
        return NULL;
    return oh_bool_from(!found);
}

static oh_object *
keys_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    return dictiter_new(PY_T(dict_revkeyiter), VIEW(self)->dict, true);
}

static oh_object *
values_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    return dictiter_new(PY_T(dict_revvalueiter), VIEW(self)->dict, true);
}

static oh_object *
items_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    return dictiter_new(PY_T(dict_revitemiter), VIEW(self)->dict, true);
}

static oh_object *
view_get_mapping(oh_object *self)
{
    return py_mappingproxy_new(VIEW(self)->dict);
}

static const py_getset_def view_getsets[] = {
    {"mapping", view_get_mapping, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static const py_method_def keys_methods[] = {
    {"isdisjoint", view_m_isdisjoint, 0, NULL},
    {"__reversed__", keys_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_method_def values_methods[] = {
    {"__reversed__", values_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_method_def items_methods[] = {
    {"isdisjoint", view_m_isdisjoint, 0, NULL},
    {"__reversed__", items_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_dict_keys_static = {.t = {
    PY_TYPE_INIT("dict_keys", dict_view, OH_TYPE_CONTAINER),
    .ot.traverse = view_traverse,
    .ot.clear = view_clear,
    .methods = keys_methods,
    .getsets = view_getsets,
    .tp_repr = view_repr,
    .tp_richcompare = view_richcompare,
    .tp_iter = keys_iter,
    .mp_length = view_len,
    .sq_contains = keys_contains,
    .nb_binary = {
        [PY_OP_SUB] = view_sub, [PY_OP_BITAND] = view_and,
        [PY_OP_BITOR] = view_or, [PY_OP_BITXOR] = view_xor,
    },
}};

py_static_type py_dict_values_static = {.t = {
    PY_TYPE_INIT("dict_values", dict_view, OH_TYPE_CONTAINER),
    .ot.traverse = view_traverse,
    .ot.clear = view_clear,
    .methods = values_methods,
    .getsets = view_getsets,
    .tp_repr = view_repr,
    .tp_iter = values_iter,
    .mp_length = view_len,
}};

py_static_type py_dict_items_static = {.t = {
    PY_TYPE_INIT("dict_items", dict_view, OH_TYPE_CONTAINER),
    .ot.traverse = view_traverse,
    .ot.clear = view_clear,
    .methods = items_methods,
    .getsets = view_getsets,
    .tp_repr = view_repr,
    .tp_richcompare = view_richcompare,
    .tp_iter = items_iter,
    .mp_length = view_len,
    .sq_contains = items_contains,
    .nb_binary = {
        [PY_OP_SUB] = view_sub, [PY_OP_BITAND] = view_and,
        [PY_OP_BITOR] = view_or, [PY_OP_BITXOR] = view_xor,
    },
}};
