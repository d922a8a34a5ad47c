/*
 * mod_gc.c -- the gc module: Python's face of objheap's collector.
 *
 * What this file owns
 * -------------------
 * py_module_gc: every function of CPython 3.11's gc module, each a thin
 * layer over objheap/gc.h (the collector is src/gc.c; nothing here
 * collects, counts or walks objects itself), plus the module attributes
 * `garbage` (the library's own list, oh_gc_garbage), `callbacks` (a
 * Python list) and the DEBUG_* constants.
 *
 * gc.callbacks
 * ------------
 * The library calls C callbacks (oh_gc_callback_register) before and
 * after each collection.  The module registers one, gc_callbacks_run,
 * which calls every callable in the module's `callbacks` list with
 * ("start" | "stop", {"generation": g, "collected": n, "uncollectable":
 * m}) as CPython does.  The C callback holds no reference: it finds the
 * list through sys.modules["gc"] each time, so a collection at shutdown
 * (after the modules are gone) calls nothing, and importing the module
 * again does not register it twice (MG1).  gc_fini unregisters it, so
 * that the library's table of callbacks, a block of its own, does not
 * outlive the interpreter (the Python fuzzer found it left behind).
 *
 * Invariants
 * ----------
 * MG1. gc_callbacks_run is registered with the collector at most once
 *      (exec unregisters any earlier registration before registering).
 * MG2. gc_callbacks_run calls the callables of a copy of the list taken
 *      at the start of the phase, so a callback that edits gc.callbacks
 *      changes the next collection's calls, not this one's.
 * MG3. The module's `garbage` is the library's gc.garbage list (the same
 *      object); gc_fini drops the library's reference at shutdown.
 */
#include "py/py.h"

/* ==========================================================================
 * Helpers
 * ========================================================================== */

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* A tuple of n ints.  New reference. */
static oh_object *
int_tuple(const int64_t *v, size_t n)
{
    oh_object *items[OH_GC_GENERATIONS];
    size_t made = 0;
    oh_object *t = NULL;
    for (; made < n; made++) {
        items[made] = oh_int_from_i64(v[made]);
        if (items[made] == NULL)
            goto done;
    }
    t = oh_tuple_from_array(items, n);
done:
    for (size_t i = 0; i < made; i++)
        oh_decref(items[i]);
    return t;
}

/* The generation argument of collect() and get_objects(): an int, or None
 * where `allow_none` (then -1). */
static int
generation_arg(oh_object *o, bool allow_none, int *out)
{
    if (o == NULL || (allow_none && o == OH_NONE)) {
        *out = allow_none ? -1 : OH_GC_GENERATIONS - 1;
        return 0;
    }
    int64_t g;
    if (py_index_i64(o, &g) < 0)
        return -1;
    if (g < INT32_MIN || g > INT32_MAX)
        g = g < 0 ? INT32_MIN : INT32_MAX;
    *out = (int)g;
    return 0;
}

/* ==========================================================================
 * The functions
 * ========================================================================== */

static oh_object *
gc_collect(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    static const char *const kw[] = {"generation", NULL};
    static const py_argspec spec = {"collect", kw, 0, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int g;
    if (generation_arg(a[0], false, &g) < 0)
        return NULL;
    if (g < 0 || g >= OH_GC_GENERATIONS)
        return py_err_set_string(PY_EXC(ValueError), "invalid generation");
    int64_t n = oh_gc_collect(g);
    if (n < 0)
        return NULL;
    return oh_int_from_i64(n);
}

static oh_object *
gc_enable(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("gc.enable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_gc_enable();
    return none();
}

static oh_object *
gc_disable(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("gc.disable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_gc_disable();
    return none();
}

static oh_object *
gc_isenabled(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gc.isenabled", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_bool_from(oh_gc_isenabled());
}

static oh_object *
gc_get_count(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gc.get_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t c[OH_GC_GENERATIONS];
    if (oh_gc_get_count(c) < 0)
        return NULL;
    return int_tuple(c, OH_GC_GENERATIONS);
}

static oh_object *
gc_get_threshold(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("gc.get_threshold", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t t[OH_GC_GENERATIONS];
    if (oh_gc_get_threshold(t) < 0)
        return NULL;
    return int_tuple(t, OH_GC_GENERATIONS);
}

/* set_threshold(threshold0[, threshold1[, threshold2]]).  CPython stores
 * C ints; values that do not fit are OverflowError there too. */
static oh_object *
gc_set_threshold(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("set_threshold", kwnames) < 0)
        return NULL;
    if (nargs < 1)
        return py_err_format(PY_EXC(TypeError), "set_threshold() takes at "
                             "least 1 argument (%zu given)", nargs);
    if (nargs > 3)
        return py_err_format(PY_EXC(TypeError), "set_threshold() takes at "
                             "most 3 arguments (%zu given)", nargs);
    int64_t t[3] = {-1, -1, -1};
    for (size_t i = 0; i < nargs; i++) {
        if (args[i]->type == &oh_float_type)
            return py_err_set_string(PY_EXC(TypeError), "'float' object "
                                     "cannot be interpreted as an integer");
        if (py_index_i64(args[i], &t[i]) < 0)
            return NULL;
        if (t[i] > INT32_MAX || t[i] < INT32_MIN)
            return py_err_set_string(PY_EXC(OverflowError), "signed "
                                     "integer is greater than maximum");
        /* The library reads a negative value as "leave it": CPython
         * stores it, and a negative threshold behaves as 0. */
        if (t[i] < 0)
            t[i] = 0;
    }
    oh_gc_set_threshold(t[0], t[1], t[2]);
    return none();
}

static oh_object *
gc_get_objects(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"generation", NULL};
    static const py_argspec spec = {"get_objects", kw, 0, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int g;
    if (generation_arg(a[0], true, &g) < 0)
        return NULL;
    if (a[0] != NULL && a[0] != OH_NONE && g < -1)
        return py_err_set_string(PY_EXC(ValueError), "generation parameter "
                                 "cannot be negative");
    return oh_gc_get_objects(g);
}

static oh_object *
gc_get_referrers(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("get_referrers", kwnames) < 0)
        return NULL;
    return oh_gc_get_referrers(args, nargs);
}

static oh_object *
gc_get_referents(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("get_referents", kwnames) < 0)
        return NULL;
    return oh_gc_get_referents(args, nargs);
}

static oh_object *
gc_is_tracked(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("gc.is_tracked", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_bool_from(oh_gc_is_tracked(args[0]));
}

static oh_object *
gc_is_finalized(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("gc.is_finalized", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_bool_from(oh_gc_is_finalized(args[0]));
}

static oh_object *
gc_freeze(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("gc.freeze", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_gc_freeze();
    return none();
}

static oh_object *
gc_unfreeze(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("gc.unfreeze", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_gc_unfreeze();
    return none();
}

static oh_object *
gc_get_freeze_count(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    if (py_check_args("gc.get_freeze_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64(oh_gc_get_freeze_count());
}

/* get_stats(): [{'collections': c, 'collected': n, 'uncollectable': u},
 * ...] for the three generations. */
static oh_object *
gc_get_stats(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gc.get_stats", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_gc_stats st[OH_GC_GENERATIONS];
    if (oh_gc_get_stats(st) < 0)
        return NULL;
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    for (int g = 0; g < OH_GC_GENERATIONS; g++) {
        oh_object *d = oh_dict_new();
        if (d == NULL)
            goto fail;
        const char *names[3] = {"collections", "collected",
                                "uncollectable"};
        int64_t vals[3] = {st[g].collections, st[g].collected,
                           st[g].uncollectable};
        for (int i = 0; i < 3; i++) {
            oh_object *v = oh_int_from_i64(vals[i]);
            int r = v ? oh_dict_set_str(d, names[i], v) : -1;
            oh_xdecref(v);
            if (r < 0) {
                oh_decref(d);
                goto fail;
            }
        }
        int r = oh_list_append(out, d);
        oh_decref(d);
        if (r < 0)
            goto fail;
    }
    return out;
fail:
    oh_decref(out);
    return NULL;
}

static oh_object *
gc_set_debug(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gc.set_debug", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t flags;
    if (py_index_i64(args[0], &flags) < 0)
        return NULL;
    /* CPython keeps any bits; the library knows only its flags. */
    unsigned known = OH_GC_DEBUG_STATS | OH_GC_DEBUG_LEAK;
    if (oh_gc_set_debug((unsigned)flags & known) < 0)
        return NULL;
    return none();
}

static oh_object *
gc_get_debug(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gc.get_debug", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)oh_gc_get_debug());
}

/* ==========================================================================
 * gc.callbacks
 * ========================================================================== */

/* The gc module's `callbacks` list, found through sys.modules (MG1's
 * reason): borrowed, or NULL (no error) when there is none. */
static oh_object *
callbacks_list(void)
{
    py_interp *in = OHI_RT->py;
    if (in == NULL || in->modules == NULL)
        return NULL;
    oh_object *m;
    if (oh_dict_lookup(in->modules, py_static_str("gc"), &m) <= 0
        || !py_is_instance(m, PY_T(module)))
        return NULL;
    oh_object *l;
    oh_object *d = ((py_module *)(void *)m)->dict;
    if (d == NULL
        || oh_dict_lookup(d, py_static_str("callbacks"), &l) <= 0
        || !oh_list_check(l))
        return NULL;
    return l;
}

/* The library's callback: call each Python callable with the phase and an
 * info dict.  Errors are reported (as unraisable) and the rest still
 * run, as in CPython. */
static int
gc_callbacks_run(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    oh_object *l = callbacks_list();
    if (l == NULL || oh_list_size(l) == 0)
        return 0;
    oh_object *copy = oh_list_slice(l, 0, oh_list_size(l));     /* MG2 */
    oh_object *ph = oh_str_from_cstr(phase == OH_GC_START ? "start"
                                                          : "stop");
    oh_object *d = oh_dict_new();
    oh_object *g = oh_int_from_i64(info->generation);
    oh_object *c = oh_int_from_i64(info->collected);
    oh_object *u = oh_int_from_i64(info->uncollectable);
    int rc = 0;
    if (copy == NULL || ph == NULL || d == NULL || g == NULL || c == NULL
        || u == NULL || oh_dict_set_str(d, "generation", g) < 0
        || oh_dict_set_str(d, "collected", c) < 0
        || oh_dict_set_str(d, "uncollectable", u) < 0) {
        rc = -1;
        goto done;
    }
    for (int64_t i = 0; i < OHI_LIST(copy)->size; i++) {
        oh_object *r = py_call2(OHI_LIST(copy)->items[i], ph, d);
        if (r == NULL)
            py_err_write_unraisable(NULL, OHI_LIST(copy)->items[i]);
        oh_xdecref(r);
    }
done:
    oh_xdecref(copy);
    oh_xdecref(ph);
    oh_xdecref(d);
    oh_xdecref(g);
    oh_xdecref(c);
    oh_xdecref(u);
    return rc;
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static int
gc_exec(oh_object *m)
{
    /* MG1: at most one registration, whatever happened before. */
    if (oh_gc_callback_unregister(gc_callbacks_run, NULL) < 0)
        oh_err_clear();
    if (oh_gc_callback_register(gc_callbacks_run, NULL) < 0)
        return -1;
    oh_object *garbage = oh_gc_garbage();
    if (garbage == NULL)
        return -1;
    oh_incref(garbage);
    if (py_module_add(m, "garbage", garbage) < 0
        || py_module_add(m, "callbacks", oh_list_new()) < 0)
        return -1;
    static const struct {
        const char *name;
        int value;
    } flags[] = {
        {"DEBUG_STATS", OH_GC_DEBUG_STATS},
        {"DEBUG_COLLECTABLE", OH_GC_DEBUG_COLLECTABLE},
        {"DEBUG_UNCOLLECTABLE", OH_GC_DEBUG_UNCOLLECTABLE},
        {"DEBUG_SAVEALL", OH_GC_DEBUG_SAVEALL},
        {"DEBUG_LEAK", OH_GC_DEBUG_LEAK},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (py_module_add(m, flags[i].name,
                          oh_int_from_i64(flags[i].value)) < 0)
            return -1;
    return 0;
}

static const py_method_def gc_methods[] = {
    {"collect", gc_collect, 0,
     "collect($module, /, generation=2)\n--\n\nRun the garbage collector."},
    {"enable", gc_enable, 0, "Enable automatic garbage collection."},
    {"disable", gc_disable, 0, "Disable automatic garbage collection."},
    {"isenabled", gc_isenabled, 0,
     "Returns true if automatic garbage collection is enabled."},
    {"get_count", gc_get_count, 0,
     "Return a three-tuple of the current collection counts."},
    {"get_threshold", gc_get_threshold, 0,
     "Return the current collection thresholds."},
    {"set_threshold", gc_set_threshold, 0,
     "set_threshold(threshold0, [threshold1, threshold2]) -> None"},
    {"get_objects", gc_get_objects, 0,
     "Return a list of objects tracked by the collector."},
    {"get_referrers", gc_get_referrers, 0,
     "Return the list of objects that directly refer to any of objs."},
    {"get_referents", gc_get_referents, 0,
     "Return the list of objects that are directly referred to by objs."},
    {"is_tracked", gc_is_tracked, 0,
     "Returns true if the object is tracked by the garbage collector."},
    {"is_finalized", gc_is_finalized, 0,
     "Returns true if the object has been already finalized by the GC."},
    {"freeze", gc_freeze, 0,
     "Freeze all current tracked objects and ignore them for future "
     "collections."},
    {"unfreeze", gc_unfreeze, 0,
     "Unfreeze all objects in the permanent generation."},
    {"get_freeze_count", gc_get_freeze_count, 0,
     "Return the number of objects in the permanent generation."},
    {"get_stats", gc_get_stats, 0,
     "Return a list of dictionaries containing per-generation statistics."},
    {"set_debug", gc_set_debug, 0, "Set the garbage collection debugging "
     "flags."},
    {"get_debug", gc_get_debug, 0, "Get the garbage collection debugging "
     "flags."},
    {NULL, NULL, 0, NULL}
};

/* At shutdown: gc.garbage is the library's list, made for the module
 * (MG3); drop it with what it holds, so the exit leaves nothing live.  A
 * later oh_gc_garbage makes a new one.  And the C callback goes (MG1). */
static void
gc_fini(void)
{
    OH_CLEAR(OHI_RT->gc.garbage);
    if (oh_gc_callback_unregister(gc_callbacks_run, NULL) < 0)
        oh_err_clear();                 /* the module was never made */
}

const py_module_def py_module_gc = {
    .name = "gc",
    .doc = "This module provides access to the garbage collector for "
           "reference cycles.",
    .methods = gc_methods,
    .exec = gc_exec,
    .fini = gc_fini,
};
