/*
 * fuzz_objects.c -- a coverage-guided fuzzer for the object graph, the
 * collector, finalizers and weak references.
 *
 * The input is a program: each op is one opcode byte followed by operand
 * bytes (an input that ends early reads zeros).  The ops build objects of
 * every built-in type, add and remove references between them, make and
 * drop roots, make weak references (with and without callbacks) and
 * finalize registrations, change the thresholds, switch automatic
 * collection off and on, collect a generation, and arm fault injection:
 *
 *   op % 16   0      new leaf: int, float, str or bytes    -> root slot
 *             1      new container: list, dict, set, tuple -> root slot
 *             2      new instance of P (no finalizer) or F (finalizer
 *                    that may resurrect into a root slot, make new
 *                    garbage, delete an attribute or set one)
 *             3      list: append, insert, set, delete, pop
 *             4      dict: set, delete
 *             5      set: add, discard
 *             6      instance: setattr, delattr
 *             7      roots: drop, copy, root any reachable node
 *             8      weak reference slots: new (callback or shared; a
 *                    callback may drop a root), drop
 *             9      oh_finalize: register, call, detach, alive, drop
 *             10     thresholds (t0 0 included), disable / enable,
 *                    DEBUG_SAVEALL on / off, clear gc.garbage, freeze /
 *                    unfreeze
 *             11     collect generation 0, 1 or 2
 *             12     a chain of 10..73 lists and instances, each holding
 *                    the one before: deallocation deeper than the
 *                    trashcan's limit, finalizers inside it
 *             13     arm fault injection (nth allocation, or every one
 *                    from the nth on), or disarm it
 *             14     weak containers: WeakSet add / discard,
 *                    WeakValueDictionary set / delete, WeakKeyDictionary
 *                    set / delete, and an iteration over one of them
 *                    during which a root is dropped
 *             15     calls that change nothing the model keeps: repr,
 *                    equal, hash, getsizeof, list slice / concat /
 *                    repeat, tuple slice, dict keys, gc get_referents /
 *                    get_referrers / get_objects (their results are
 *                    dropped; FO1 and FO8 see any damage or leak)
 *
 * The model
 * ---------
 * Kept in plain C arrays, never in objheap objects: one record per node
 * (kind, value, its edges in order with their keys), the root slots, a
 * temporary root held while a node is being built, the weak reference
 * slots and the finalize records.  Reachability is computed from the
 * model alone (a walk from the roots).  The fuzzer only ever touches a
 * node the model says is reachable, because anything else may have been
 * freed by a collection at any allocation.
 *
 * Deaths are observed, never assumed.  Each instance carries a weak
 * reference with a callback (its "obs"), owned by the fuzzer so it is
 * never part of the garbage; each list, dict, set and tuple holds a
 * private "marker" instance (list item 0, dict key -1, a set member, tuple
 * item 0) that nothing else references, and the obs sits on the marker,
 * whose weak reference is cleared exactly when its container's is.  Leaf
 * deaths (int, float, str, bytes) are not observed one by one; the block
 * count at the end catches a leaf that leaked.
 *
 * An observed node goes LIVE -> CLEARED (its obs callback ran: the
 * library says it is garbage) -> DEAD (freed), or CLEARED -> LIVE again
 * when a finalizer resurrected it (PEP 442 clears weak references to all
 * of the garbage before any finalizer runs); it then gets a new obs.
 * Each mutation updates the model first and undoes it if the call fails,
 * so a callback or finalizer that runs inside the call sees a model in
 * which nothing is reachable that the heap could free.  The fuzzer holds
 * its own reference to every node it passes to a call for the length of
 * the call (as a C API caller must): a finalizer run by a collection
 * inside the call may drop the root that was the node's only other
 * reference.
 *
 * Checks (each violation is ohi_fatal, so libFuzzer keeps the input):
 *   FO1. After each op, every reachable node is intact: its type, its
 *       value, its edges in order (list, tuple), by key (dict, instance)
 *       or as members (set), and its marker.
 *   FO2. An obs callback, a weak reference callback and a finalize
 *       function (unless called through oh_finalize_call) run only for a
 *       node the model says is unreachable; an instance finalizer too,
 *       when its count reached zero.  A collection runs the finalizers
 *       of all the garbage it found, even of objects an earlier one has
 *       resurrected (as CPython does): there the check was made when the
 *       collection cleared the node's obs.
 *   FO3. Each instance finalizer runs at most once per node, and a node of
 *       class F that died ran it exactly once.
 *   FO4. After an explicit full collection, every unreachable observed
 *       node is dead -- unless a finalizer or callback dropped a
 *       reference during that collection (new garbage it was not asked
 *       to find), objects are frozen, or gc.garbage holds saved garbage
 *       (DEBUG_SAVEALL), which keeps alive what it refers to.
 *   FO5. A weak reference slot's callback runs exactly once when the slot's
 *       reference is cleared (its referent died, or was collected and
 *       then resurrected), never otherwise, and never after the slot
 *       dropped it; ref() is the referent while it is reachable, None
 *       once cleared, and cleared once the referent is dead.
 *   FO6. A finalize record's function ran exactly once if its node died
 *       and it was not detached; at most once in all.
 *   C6a. A weak container holds exactly the entries the model says are
 *       alive: an entry vanishes when its node's obs is cleared (death,
 *       or collection before a resurrection), and never otherwise; an
 *       iteration returns only such entries, even when objects die
 *       during it.
 *   FO7. A call that fails does so only with fault injection armed and
 *       past its count, with MemoryError, and leaves the graph as it was
 *       (FO1 then checks it); repr and equal may also stop at the
 *       recursion limit (RuntimeError) on deep or cyclic graphs.
 *   FO8. At the end of the input every root and slot is dropped, the heap
 *       collected until nothing is left, the free lists emptied, and the
 *       pool blocks in use are what they were at the start (no leak), so
 *       one input cannot leak into the next.
 *
 * Built two ways, like fuzz_alloc.c: with clang -fsanitize=fuzzer for
 * `make fuzz`, and with the test build's compiler and tests/fuzz/replay.c
 * for `make test`, which replays tests/fuzz/corpus/objects/.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NNODES 160              /* ids fit small ints: obs data is free */
#define NROOTS 8
#define NWEAK 8
#define NFIN 16                 /* finalize records per input */
#define NFSLOT 4                /* finalize objects the fuzzer holds */
#define MAXE 10                 /* edges per node */
#define NATTR 8                 /* attribute names a0..a7 */
#define NKEYS 16                /* dict keys 0..15 (small ints) */

_Static_assert(NNODES + NWEAK <= 256, "callback data must be small ints");

enum kind {
    K_INT, K_FLOAT, K_STR, K_BYTES,                 /* leaves */
    K_TUPLE, K_LIST, K_DICT, K_SET,                 /* with a marker */
    K_INST, K_FINST                                 /* classes P and F */
};

enum state { S_FREE, S_LIVE, S_CLEARED, S_DEAD };

typedef struct node {
    uint8_t kind;
    uint8_t state;
    oh_object *obj;             /* valid while reachable, or not DEAD */
    oh_object *marker;          /* containers: the private marker */
    oh_object *obs;             /* the fuzzer's weak reference observing
                                   obj (instances) or marker */
    int64_t value;              /* leaves */
    size_t len;                 /* str, bytes: length in bytes */
    int nedge;
    int16_t edge[MAXE];         /* children (node ids) */
    int8_t key[MAXE];           /* dict key or attribute number */
    int8_t resurrect;           /* F: root slot to store itself in, -1 */
    bool garbage;               /* F: make a new garbage cycle */
    int8_t mutate;              /* F: 0 none, 1 delete its first
                                   attribute, 2 set a7 to the node in
                                   root slot `resurrect & 7` */
    int finalized;              /* F: finalizer calls */
    int clears;                 /* obs callbacks so far (its weak
                                   references were cleared this often) */
} node;

/* An entry of a weak container: alive while its node's weak references
 * have not been cleared since it went in. */
typedef struct wentry {
    int16_t node;               /* -1: none */
    int16_t clears;             /* node's clears when it went in */
} wentry;

#define NWENT 16

static bool wentry_alive(const wentry *e);
static void edge_remove(struct node *x, int e);
static void edge_insert(struct node *x, int e, int child, int key);
static int edge_find_key(const struct node *x, int key);
static void root_store(int r, int id);

typedef struct wslot {
    oh_object *ref;             /* held by the fuzzer, or NULL */
    int target;                 /* node id */
    bool has_cb;
    int calls;
    int8_t drop_root;           /* the callback drops this root, or -1 */
} wslot;

typedef struct finrec {
    int target;                 /* node id, -1: unused */
    bool detached;
    int calls;
} finrec;

static struct model {
    node n[NNODES];
    int nn;                     /* ids handed out */
    int root[NROOTS];           /* node id or -1; each holds a reference */
    int tmp;                    /* a node being built, held, or -1 */
    int held[16];               /* nodes passed to the call in progress,
                                   each with a reference of its own (a
                                   stack: finalizers nest) */
    int nheld;
    wslot w[NWEAK];
    finrec fin[NFIN];
    int nfin;
    oh_object *fslot[NFSLOT];   /* finalize objects held */
    int fslot_rec[NFSLOT];
    bool reach[NNODES];         /* from the last reach_compute */
    unsigned long fail_n;       /* fault injection as armed (0: off) */
    bool fail_every;
    bool explicit_call;         /* inside oh_finalize_call */
    bool frozen;                /* oh_gc_freeze in effect */
    bool in_collect;            /* inside an explicit oh_gc_collect */
    bool new_garbage;           /* a finalizer or callback dropped a
                                   reference during that collection */
    oh_object *cls_p, *cls_f, *cls_m;
    oh_object *wset, *wvd, *wkd;        /* the weak containers */
    wentry wset_e[NWENT];               /* by position */
    wentry wvd_e[NWENT];                /* by key 0..15 */
    wentry wkd_e[NWENT];                /* by position */
    const uint8_t *in;
    size_t len, pos;
} M;

static const char *const attr_names[NATTR] = {
    "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"
};

/* FUZZ_OBJECTS_TRACE=1 in the environment: each op and event on stderr,
 * to read a finding. */
static bool tracing;

static void trace(const char *fmt, ...) OH_PRINTF(1, 2);

static void
trace(const char *fmt, ...)
{
    if (!tracing)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static uint8_t
rd(void)
{
    return M.pos < M.len ? M.in[M.pos++] : 0;
}

/* ==========================================================================
 * Reachability, from the model alone
 * ========================================================================== */

static void
reach_compute(void)
{
    int stack[NNODES], sp = 0;
    memset(M.reach, 0, sizeof M.reach);
    for (int r = -1 - M.nheld; r < NROOTS; r++) {
        int id = r < -1 ? M.held[-2 - r] : r < 0 ? M.tmp : M.root[r];
        if (id >= 0 && !M.reach[id]) {
            M.reach[id] = true;
            stack[sp++] = id;
        }
    }
    while (sp > 0) {
        node *x = &M.n[stack[--sp]];
        for (int e = 0; e < x->nedge; e++) {
            int c = x->edge[e];
            if (!M.reach[c]) {
                M.reach[c] = true;
                stack[sp++] = c;
            }
        }
    }
}

static bool
is_leaf(int kind)
{
    return kind <= K_BYTES;
}

static bool
is_instance(int kind)
{
    return kind == K_INST || kind == K_FINST;
}

/* Hold a reference to node id (if any) for the call that follows: a
 * finalizer run inside the call may drop every other reference to it, and
 * a caller must own what it passes, as in CPython's C API.  The model
 * counts held nodes as roots.  unhold drops them all, the model first. */
static void
hold(int id)
{
    if (id < 0)
        return;
    if (M.nheld == (int)(sizeof M.held / sizeof M.held[0]))
        ohi_fatal("fuzz_objects: too many held nodes");
    M.held[M.nheld++] = id;
    oh_incref(M.n[id].obj);
}

static void
unhold_to(int n)
{
    while (M.nheld > n) {
        int id = M.held[--M.nheld];
        oh_decref(M.n[id].obj);
    }
}

static void
unhold(void)
{
    while (M.nheld > 0) {
        int id = M.held[--M.nheld];
        oh_decref(M.n[id].obj);
    }
}

/* A reachable node of one of the kinds in `mask` (1 << kind), chosen by
 * an operand byte; -1 when there is none. */
static int
pick(unsigned mask)
{
    int ids[NNODES], k = 0;
    reach_compute();
    for (int i = 0; i < M.nn; i++)
        if (M.reach[i] && (mask >> M.n[i].kind & 1))
            ids[k++] = i;
    uint8_t b = rd();
    return k == 0 ? -1 : ids[b % k];
}

#define ANY 0x3ffu
#define CONTAINERS ((1u << K_LIST) | (1u << K_DICT) | (1u << K_SET))
#define INSTANCES ((1u << K_INST) | (1u << K_FINST))

/* ==========================================================================
 * Fault injection
 * ========================================================================== */

/* Stop failing allocations while the fuzzer checks and repairs; resume
 * where the count left off. */
static void
fault_pause(void)
{
    if (M.fail_n == 0)
        return;
    unsigned long c = oh_alloc_fail_counter();
    if (c < M.fail_n)
        M.fail_n -= c;
    else
        M.fail_n = M.fail_every ? 1 : 0;
    oh_alloc_set_fail(0, 0);
}

static void
fault_resume(void)
{
    if (M.fail_n != 0)
        oh_alloc_set_fail(M.fail_n, M.fail_every);
}

/* FO7: a call failed.  That is allowed only as an injected MemoryError. */
static void
expect_fail(const char *what)
{
    oh_errkind k = oh_err_occurred();
    if (M.fail_n == 0 || oh_alloc_fail_counter() < M.fail_n)
        ohi_fatal("fuzz_objects: %s failed with no fault injected (%s: %s)",
                  what, oh_err_kind_name(k), oh_err_message());
    if (k != OH_ERR_MEMORY)
        ohi_fatal("fuzz_objects: %s failed with %s (%s), not MemoryError",
                  what, oh_err_kind_name(k), oh_err_message());
    oh_err_clear();
}

/* ==========================================================================
 * Callbacks and finalizers: each checks FO2 against the model
 * ========================================================================== */

static int
data_id(oh_object *data)
{
    int64_t v = -1;
    if (data == NULL || oh_int_as_i64(data, &v) < 0)
        ohi_fatal("fuzz_objects: callback without its data");
    return (int)v;
}

static void
must_be_unreachable(int id, const char *who)
{
    reach_compute();
    if (M.reach[id])
        ohi_fatal("fuzz_objects: %s ran for node %d (%s kind %d), which is "
                  "reachable", who, id, M.n[id].state == S_LIVE ? "live"
                  : "not live", M.n[id].kind);
}

static int
obs_callback(oh_object *ref, oh_object *data)
{
    int id = data_id(data);
    if (id < 0 || id >= M.nn || M.n[id].obs != ref)
        ohi_fatal("fuzz_objects: obs callback for unknown node %d", id);
    if (M.n[id].state != S_LIVE)
        ohi_fatal("fuzz_objects: obs callback of node %d ran twice", id);
    must_be_unreachable(id, "an obs callback");
    trace("  obs cleared: node %d", id);
    M.n[id].state = S_CLEARED;
    M.n[id].clears++;
    return 0;
}

static int
weak_callback(oh_object *ref, oh_object *data)
{
    int w = data_id(data) - NNODES;
    if (w < 0 || w >= NWEAK || M.w[w].ref != ref || !M.w[w].has_cb)
        ohi_fatal("fuzz_objects: callback of a weak reference the fuzzer "
                  "no longer holds");
    if (++M.w[w].calls != 1)
        ohi_fatal("fuzz_objects: weak reference callback ran twice");
    must_be_unreachable(M.w[w].target, "a weak reference callback");
    if (M.w[w].drop_root >= 0 && M.root[M.w[w].drop_root] >= 0) {
        /* More deaths, from inside the dealloc or collection that is
         * clearing the reference. */
        if (M.in_collect)
            M.new_garbage = true;
        root_store(M.w[w].drop_root, -1);
    }
    return 0;
}

static void
finalize_func(void *arg)
{
    finrec *f = arg;
    if (f < M.fin || f >= M.fin + NFIN || f->target < 0)
        ohi_fatal("fuzz_objects: finalize function with a stale record");
    if (f->detached)
        ohi_fatal("fuzz_objects: a detached finalize ran");
    if (++f->calls != 1)
        ohi_fatal("fuzz_objects: a finalize ran twice");
    if (!M.explicit_call)
        must_be_unreachable(f->target, "a finalize function");
}

/* Store a reference to node id in root slot r, dropping what was there;
 * the model first, so callbacks see it. */
static void
root_store(int r, int id)
{
    int old = M.root[r];
    trace("  root %d: node %d -> node %d", r, old, id);
    M.root[r] = id;
    if (id >= 0)
        oh_incref(M.n[id].obj);
    if (old >= 0)
        oh_decref(M.n[old].obj);
}

/* A self-referencing list and a dict in a cycle with it, dropped: work
 * for the next collection that the model knows nothing about.  Under
 * fault injection any step may fail; what was made is dropped. */
static void
make_garbage(void)
{
    oh_object *l = oh_list_new();
    if (l == NULL) {
        oh_err_clear();
        return;
    }
    oh_object *d = oh_dict_new();
    if (d == NULL || oh_list_append(l, l) < 0 || oh_list_append(l, d) < 0
        || oh_dict_set(d, OH_NONE, l) < 0)
        oh_err_clear();
    oh_xdecref(d);
    oh_decref(l);
}

/* Class F's finalizer (FO2, FO3), and resurrection. */
static void
finst_finalizer(oh_object *self)
{
    int id = -1;
    for (int i = 0; i < M.nn; i++)
        if (M.n[i].kind == K_FINST && M.n[i].state != S_DEAD
            && M.n[i].obj == self) {
            id = i;
            break;
        }
    if (id < 0)
        ohi_fatal("fuzz_objects: finalizer of an object the model does "
                  "not know (%p)", (void *)self);
    node *x = &M.n[id];
    trace("  finalizer: node %d (%s)", id,
          x->state == S_LIVE ? "count 0" : "collected");
    if (++x->finalized != 1)
        ohi_fatal("fuzz_objects: finalizer of node %d ran twice", id);
    /* CLEARED: a collection found it unreachable (checked when its obs
     * was cleared) and runs every finalizer of the garbage, even one of
     * an object an earlier finalizer has resurrected, as CPython does.
     * LIVE: its count reached zero, so nothing may reach it now. */
    if (x->state == S_LIVE)
        must_be_unreachable(id, "a finalizer");
    if (x->garbage)
        make_garbage();
    if (x->mutate == 1 && x->nedge > 0) {
        /* del self.a<k>: the model first; it may free what it held. */
        int old = x->edge[0], a = x->key[0];
        edge_remove(x, 0);
        if (M.in_collect)
            M.new_garbage = true;
        if (oh_instance_delattr(self, attr_names[a]) < 0) {
            edge_insert(x, 0, old, a);
            trace("  finalizer: delattr failed: %s", oh_err_message());
            oh_err_clear();
        }
    } else if (x->mutate == 2) {
        /* self.a7 = the node in a root slot (or itself). */
        int r = M.root[(x->resurrect < 0 ? 0 : x->resurrect) & 7];
        int c = r >= 0 ? r : id, e = edge_find_key(x, 7);
        int old = e >= 0 ? x->edge[e] : -1;
        if (e >= 0)
            x->edge[e] = (int16_t)c;
        else if (x->nedge < MAXE)
            edge_insert(x, x->nedge, c, 7);
        else
            c = -1;
        if (c >= 0 && M.in_collect)
            M.new_garbage = true;
        int mark = M.nheld;
        hold(c);
        if (c >= 0 && oh_instance_setattr(self, "a7", M.n[c].obj) < 0) {
            if (e >= 0)
                x->edge[e] = (int16_t)old;
            else
                edge_remove(x, x->nedge - 1);
            trace("  finalizer: setattr failed: %s", oh_err_message());
            oh_err_clear();
        }
        unhold_to(mark);
    }
    if (x->resurrect >= 0) {
        if (M.root[x->resurrect] >= 0 && M.in_collect)
            M.new_garbage = true;
        root_store(x->resurrect, id);
    }
}

/* ==========================================================================
 * Building nodes
 * ========================================================================== */

/* Node i was freed: drop its obs, check FO3. */
static void
node_retire(int i)
{
    node *x = &M.n[i];
    trace("  node %d dead", i);
    x->state = S_DEAD;
    OH_CLEAR(x->obs);
    if (x->kind == K_FINST && x->finalized != 1)
        ohi_fatal("fuzz_objects: node %d died without its finalizer", i);
}

/* A new node id for obj, held by M.tmp.  An observed node's stale record
 * with the same address is forgotten: a live object owns its address.
 * (Leaves are never looked up by address, and may share one: small ints
 * and short strs are shared objects.) */
static int
node_register(int kind, oh_object *obj)
{
    for (int i = 0; i < M.nn && !is_leaf(kind); i++)
        if (M.n[i].obj == obj && M.n[i].state != S_DEAD
            && !is_leaf(M.n[i].kind)) {
            reach_compute();
            /* A live observed node cannot have been freed unseen. */
            if (M.reach[i] || (M.n[i].state == S_LIVE
                               && M.n[i].obs != NULL))
                ohi_fatal("fuzz_objects: new object at the address of "
                          "node %d, which the model says is alive", i);
            node_retire(i);
        }
    int id = M.nn++;
    node *x = &M.n[id];
    trace("  node %d: kind %d at %p", id, kind, (void *)obj);
    memset(x, 0, sizeof *x);
    x->kind = (uint8_t)kind;
    x->state = S_LIVE;
    x->obj = obj;
    x->resurrect = -1;
    M.tmp = id;
    return id;
}

/* Attach an obs weak reference to node id (its object or its marker).
 * Returns 0, or -1 with the error left set. */
static int
obs_attach(int id)
{
    node *x = &M.n[id];
    oh_object *target = is_instance(x->kind) ? x->obj : x->marker;
    oh_object *data = oh_int_from_i64(id);      /* small: never fails */
    x->obs = oh_weakref_new_data(target, obs_callback, data);
    oh_decref(data);
    return x->obs == NULL ? -1 : 0;
}

/* The leaf's expected bytes (str: lowercase ASCII; bytes: anything). */
static void
leaf_text(const node *x, char *buf)
{
    for (size_t i = 0; i < x->len; i++)
        buf[i] = x->kind == K_STR ? (char)('a' + (x->value + i) % 26)
                                  : (char)(x->value * 31 + i * 7);
}

/* The node held by M.tmp is complete: move it into root slot r. */
static void
node_finish(int id, int r)
{
    int old = M.root[r];
    trace("  root %d: node %d -> new node %d", r, old, id);
    M.root[r] = id;
    M.tmp = -1;
    if (old >= 0)
        oh_decref(M.n[old].obj);
}

/* The build of node id failed: drop the temporary reference. */
static void
node_abandon(int id)
{
    M.tmp = -1;
    oh_decref(M.n[id].obj);
}

static void
op_new_leaf(void)
{
    uint8_t k = rd(), r = rd() % NROOTS, a = rd(), b = rd();
    if (M.nn == NNODES)
        return;
    int kind = K_INT + k % 4;
    int64_t v = (int64_t)((uint64_t)a << 8 | b) * (k & 0x80 ? 1 : 104729);
    if (k & 0x40)
        v = -v;
    size_t len = kind >= K_STR ? (size_t)a * (k & 0x20 ? 41 : 1) : 0;
    char buf[256 * 41];
    oh_object *o;
    node tmpl = {.kind = (uint8_t)kind, .value = v, .len = len};
    switch (kind) {
    case K_INT:
        o = oh_int_from_i64(v);
        break;
    case K_FLOAT:
        o = oh_float_from_double((double)v / 8);
        break;
    case K_STR:
        leaf_text(&tmpl, buf);
        o = oh_str_from_utf8(buf, len);
        break;
    default:
        leaf_text(&tmpl, buf);
        o = oh_bytes_from(buf, len);
        break;
    }
    if (o == NULL) {
        expect_fail("a leaf constructor");
        return;
    }
    int id = node_register(kind, o);
    M.n[id].value = v;
    M.n[id].len = len;
    node_finish(id, r);
}

/* An instance of class P or F, held by M.tmp; an F instance's finalizer
 * behaviour comes from k.  -1 if it could not be made. */
static int
make_instance(uint8_t k)
{
    if (M.nn == NNODES)
        return -1;
    bool f = k & 1;
    oh_object *o = oh_instance_new(f ? M.cls_f : M.cls_p);
    if (o == NULL) {
        expect_fail("oh_instance_new");
        return -1;
    }
    int id = node_register(f ? K_FINST : K_INST, o);
    if (f) {
        M.n[id].resurrect = (k & 2) ? (int8_t)(k >> 4 & (NROOTS - 1)) : -1;
        M.n[id].garbage = (k & 4) != 0;
        M.n[id].mutate = (k & 8) ? 1 + (k >> 7) : 0;
    }
    if (obs_attach(id) < 0) {
        expect_fail("oh_weakref_new_data");
        node_abandon(id);
        return -1;
    }
    return id;
}

static void
op_new_instance(void)
{
    uint8_t k = rd(), r = rd() % NROOTS;
    int id = make_instance(k);
    if (id >= 0)
        node_finish(id, r);
}

/* A list with its marker, held by M.tmp; -1 if it could not be made. */
static int
make_list(void)
{
    if (M.nn == NNODES)
        return -1;
    oh_object *marker = oh_instance_new(M.cls_m);
    if (marker == NULL) {
        expect_fail("oh_instance_new (marker)");
        return -1;
    }
    oh_object *o = oh_list_new();
    if (o == NULL || oh_list_append(o, marker) < 0) {
        expect_fail("oh_list_new");
        oh_xdecref(o);
        oh_decref(marker);
        return -1;
    }
    int id = node_register(K_LIST, o);
    M.n[id].marker = marker;
    oh_decref(marker);
    if (obs_attach(id) < 0) {
        expect_fail("oh_weakref_new_data (marker)");
        node_abandon(id);
        return -1;
    }
    return id;
}

/* A chain 10 to 73 nodes long, each referring to the one made before it
 * (list item or attribute a0): when it dies, deallocation nests deeper
 * than OHI_TRASHCAN_DEPTH, so the trashcan parks and resumes deallocs,
 * and the F instances in it run their finalizers (and may resurrect)
 * from there.  Operands: length, the kinds' pattern, the F config, the
 * root slot. */
static void
op_chain(void)
{
    uint8_t nb = rd(), pat = rd(), fk = rd(), r = rd() % NROOTS;
    int n = 10 + nb % 64, prev = -1;
    for (int i = 0; i < n; i++) {
        if (prev >= 0) {
            /* prev: from M.tmp to the held stack, ownership and all. */
            M.held[M.nheld++] = prev;
            M.tmp = -1;
        }
        int kind = pat >> (i % 8) & 1;
        int id = kind ? make_list()
                      : make_instance(i % 5 == 4 ? fk : 0);
        if (id >= 0 && prev >= 0) {
            node *x = &M.n[id];
            edge_insert(x, 0, prev, 0);
            int rc = kind ? oh_list_append(x->obj, M.n[prev].obj)
                          : oh_instance_setattr(x->obj, attr_names[0],
                                                M.n[prev].obj);
            if (rc < 0) {
                edge_remove(x, 0);
                expect_fail("chain link");
                node_abandon(id);
                id = -1;
            }
        }
        if (prev >= 0)
            unhold_to(M.nheld - 1);     /* the new node owns it now */
        if (id < 0)
            return;                     /* the chain so far dies */
        prev = id;
    }
    node_finish(prev, r);
}

/* A list, dict, set or tuple with its marker (and, for a tuple, up to
 * three children chosen now: a tuple never changes). */
static void
op_new_container(void)
{
    uint8_t k = rd(), r = rd() % NROOTS;
    if (M.nn == NNODES)
        return;
    int kind = K_TUPLE + k % 4;
    oh_object *marker = oh_instance_new(M.cls_m);
    if (marker == NULL) {
        expect_fail("oh_instance_new (marker)");
        return;
    }
    oh_object *o = NULL;
    int rc = 0, nkids = 0, kids[3];
    switch (kind) {
    case K_TUPLE: {
        oh_object *items[4] = {marker};
        nkids = (k >> 2) % 4;
        for (int i = 0; i < nkids; i++) {
            kids[i] = pick(ANY);
            if (kids[i] < 0) {
                nkids = i;
                break;
            }
            hold(kids[i]);
            items[1 + i] = M.n[kids[i]].obj;
        }
        o = oh_tuple_from_array(items, 1 + (size_t)nkids);
        break;
    }
    case K_LIST:
        o = oh_list_new();
        if (o != NULL)
            rc = oh_list_append(o, marker);
        break;
    case K_DICT:
        o = oh_dict_new();
        if (o != NULL) {
            oh_object *key = oh_int_from_i64(-1);
            rc = oh_dict_set(o, key, marker);
            oh_decref(key);
        }
        break;
    default:
        o = oh_set_new();
        if (o != NULL)
            rc = oh_set_add(o, marker);
        break;
    }
    if (o == NULL || rc < 0) {
        expect_fail("a container constructor");
        oh_xdecref(o);
        oh_decref(marker);
        return;
    }
    int id = node_register(kind, o);
    node *x = &M.n[id];
    x->marker = marker;
    oh_decref(marker);                  /* the container holds it now */
    for (int i = 0; i < nkids; i++)
        x->edge[x->nedge++] = (int16_t)kids[i];
    if (obs_attach(id) < 0) {
        expect_fail("oh_weakref_new_data (marker)");
        node_abandon(id);
        return;
    }
    node_finish(id, r);
}

/* ==========================================================================
 * Mutations: the model first, the call, the model undone on failure
 * ========================================================================== */

static void
edge_remove(node *x, int e)
{
    memmove(&x->edge[e], &x->edge[e + 1],
            (size_t)(x->nedge - e - 1) * sizeof x->edge[0]);
    memmove(&x->key[e], &x->key[e + 1],
            (size_t)(x->nedge - e - 1) * sizeof x->key[0]);
    x->nedge--;
}

static void
edge_insert(node *x, int e, int child, int key)
{
    memmove(&x->edge[e + 1], &x->edge[e],
            (size_t)(x->nedge - e) * sizeof x->edge[0]);
    memmove(&x->key[e + 1], &x->key[e],
            (size_t)(x->nedge - e) * sizeof x->key[0]);
    x->edge[e] = (int16_t)child;
    x->key[e] = (int8_t)key;
    x->nedge++;
}

static int
edge_find_key(const node *x, int key)
{
    for (int e = 0; e < x->nedge; e++)
        if (x->key[e] == key)
            return e;
    return -1;
}

static void
op_list(void)
{
    int id = pick(1u << K_LIST);
    uint8_t how = rd(), ib = rd();
    int child = pick(ANY);
    if (id < 0)
        return;
    hold(id);
    hold(child);
    node *x = &M.n[id];
    oh_object *l = x->obj;
    int n = x->nedge;
    trace("  list node %d (%d items): how %d, index byte %d, child %d", id,
          n, how % 5, ib, child);
    switch (how % 5) {
    case 0:                             /* append */
    case 1:                             /* insert at 1..n (0: the marker) */
        if (child < 0 || n == MAXE)
            return;
        int at = how % 5 == 0 ? n : ib % (n + 1);
        int rc = how % 5 == 0 ? oh_list_append(l, M.n[child].obj)
                 : oh_list_insert(l, 1 + at, M.n[child].obj);
        if (rc < 0)
            expect_fail("oh_list_append/insert");
        else
            edge_insert(x, at, child, 0);
        return;
    case 2: {                           /* l[i] = child */
        if (child < 0 || n == 0)
            return;
        int e = ib % n, old = x->edge[e];
        x->edge[e] = (int16_t)child;
        if (oh_list_set(l, 1 + e, M.n[child].obj) < 0) {
            x->edge[e] = (int16_t)old;
            expect_fail("oh_list_set");
        }
        return;
    }
    default: {                          /* del l[i], l.pop(i) */
        if (n == 0)
            return;
        int e = ib % n, old = x->edge[e];
        edge_remove(x, e);
        if (how % 5 == 3) {
            if (oh_list_delete(l, 1 + e) < 0) {
                edge_insert(x, e, old, 0);
                expect_fail("oh_list_delete");
            }
        } else {
            oh_object *p = oh_list_pop(l, 1 + e);
            if (p == NULL) {
                edge_insert(x, e, old, 0);
                expect_fail("oh_list_pop");
                return;
            }
            if (p != M.n[old].obj)
                ohi_fatal("fuzz_objects: list pop returned the wrong item");
            oh_decref(p);
        }
        return;
    }
    }
}

static void
op_dict(void)
{
    int id = pick(1u << K_DICT);
    uint8_t how = rd(), kb = rd();
    int child = pick(ANY);
    if (id < 0)
        return;
    hold(id);
    hold(child);
    node *x = &M.n[id];
    int k = kb % NKEYS, e = edge_find_key(x, k);
    oh_object *key = oh_int_from_i64(k);        /* small: never fails */
    if (how & 1) {                              /* d[k] = child */
        if (child < 0 || (e < 0 && x->nedge == MAXE)) {
            oh_decref(key);
            return;
        }
        int old = e >= 0 ? x->edge[e] : -1;
        if (e >= 0)
            x->edge[e] = (int16_t)child;
        if (oh_dict_set(x->obj, key, M.n[child].obj) < 0) {
            if (e >= 0)
                x->edge[e] = (int16_t)old;
            expect_fail("oh_dict_set");
        } else if (e < 0) {
            edge_insert(x, x->nedge, child, k);
        }
    } else if (e >= 0) {                        /* del d[k] */
        int old = x->edge[e];
        edge_remove(x, e);
        if (oh_dict_delete(x->obj, key) < 0) {
            edge_insert(x, e, old, k);
            expect_fail("oh_dict_delete");
        }
    }
    oh_decref(key);
}

/* Sets hold instances only: instances hash by identity, so set
 * membership in the model is node identity. */
static void
op_set(void)
{
    int id = pick(1u << K_SET);
    uint8_t how = rd();
    int child = pick(INSTANCES);
    if (id < 0 || child < 0)
        return;
    hold(id);
    hold(child);
    node *x = &M.n[id];
    int e = -1;
    for (int i = 0; i < x->nedge; i++)
        if (x->edge[i] == child)
            e = i;
    if (how & 1) {
        if (e >= 0 || x->nedge == MAXE)
            return;
        if (oh_set_add(x->obj, M.n[child].obj) < 0)
            expect_fail("oh_set_add");
        else
            edge_insert(x, x->nedge, child, 0);
    } else {
        if (e >= 0)
            edge_remove(x, e);
        int rc = oh_set_discard(x->obj, M.n[child].obj);
        if (rc < 0) {
            if (e >= 0)
                edge_insert(x, e, child, 0);
            expect_fail("oh_set_discard");
        } else if (rc != (e >= 0)) {
            ohi_fatal("fuzz_objects: set discard returned %d", rc);
        }
    }
}

static void
op_attr(void)
{
    int id = pick(INSTANCES);
    uint8_t how = rd(), ab = rd();
    int child = pick(ANY);
    if (id < 0)
        return;
    hold(id);
    hold(child);
    node *x = &M.n[id];
    int a = ab % NATTR, e = edge_find_key(x, a);
    if (how & 1) {
        if (child < 0)
            return;
        int old = e >= 0 ? x->edge[e] : -1;
        if (e >= 0)
            x->edge[e] = (int16_t)child;
        trace("  node %d.%s = node %d", id, attr_names[a], child);
        if (oh_instance_setattr(x->obj, attr_names[a], M.n[child].obj) < 0) {
            if (e >= 0)
                x->edge[e] = (int16_t)old;
            expect_fail("oh_instance_setattr");
        } else if (e < 0) {
            edge_insert(x, x->nedge, child, a);
        }
    } else if (e >= 0) {
        int old = x->edge[e];
        trace("  del node %d.%s (node %d)", id, attr_names[a], old);
        edge_remove(x, e);
        if (oh_instance_delattr(x->obj, attr_names[a]) < 0) {
            edge_insert(x, e, old, a);
            expect_fail("oh_instance_delattr");
        }
    }
}

static void
op_roots(void)
{
    uint8_t how = rd(), r = rd() % NROOTS, s = rd() % NROOTS;
    switch (how % 3) {
    case 0:
        root_store(r, -1);
        break;
    case 1:
        root_store(r, M.root[s]);
        break;
    default: {
        int id = pick(ANY);
        if (id >= 0)
            root_store(r, id);
        break;
    }
    }
}

static void
weak_drop(int w)
{
    oh_object *ref = M.w[w].ref;
    M.w[w].ref = NULL;
    oh_xdecref(ref);
}

static void
op_weak(void)
{
    uint8_t how = rd(), wb = rd();
    int w = wb % NWEAK;
    int id = pick(INSTANCES);
    weak_drop(w);
    if ((how & 3) == 0 || id < 0)
        return;
    hold(id);
    bool cb = how & 4;
    oh_object *data = oh_int_from_i64(NNODES + w);
    oh_object *ref = cb ? oh_weakref_new_data(M.n[id].obj, weak_callback,
                                              data)
                        : oh_weakref_new(M.n[id].obj, NULL);
    oh_decref(data);
    if (ref == NULL) {
        expect_fail("oh_weakref_new");
        return;
    }
    M.w[w] = (wslot){.ref = ref, .target = id, .has_cb = cb,
                     .drop_root = (how & 0x40) ? (int8_t)(how >> 3 & 7)
                                               : -1};
}

static void
op_finalize(void)
{
    uint8_t how = rd(), sb = rd();
    int s = sb % NFSLOT;
    oh_object *f = M.fslot[s];
    finrec *rec = f != NULL ? &M.fin[M.fslot_rec[s]] : NULL;
    switch (how % 5) {
    case 0: {                           /* register */
        int id = pick(INSTANCES);
        if (id < 0 || M.nfin == NFIN)
            return;
        hold(id);
        finrec *nr = &M.fin[M.nfin];
        *nr = (finrec){.target = id};
        oh_object *nf = oh_finalize(M.n[id].obj, finalize_func, nr);
        if (nf == NULL) {
            nr->target = -1;
            expect_fail("oh_finalize");
            return;
        }
        M.fslot_rec[s] = M.nfin++;
        M.fslot[s] = nf;
        oh_xdecref(f);              /* keeps itself alive while pending */
        return;
    }
    case 1: {                           /* f() */
        if (f == NULL)
            return;
        int want = rec->calls == 0 && !rec->detached;
        M.explicit_call = true;
        int rc = oh_finalize_call(f);
        M.explicit_call = false;
        if (rc < 0)
            expect_fail("oh_finalize_call");
        else if (rc != want || rec->calls != (rc ? 1 : rec->calls))
            ohi_fatal("fuzz_objects: finalize call returned %d, want %d",
                      rc, want);
        return;
    }
    case 2: {                           /* f.detach() */
        if (f == NULL)
            return;
        int want = rec->calls == 0 && !rec->detached;
        int rc = oh_finalize_detach(f);
        if (rc < 0)
            expect_fail("oh_finalize_detach");
        else if (rc != want)
            ohi_fatal("fuzz_objects: detach returned %d, want %d", rc, want);
        else if (rc == 1)
            rec->detached = true;
        return;
    }
    case 3: {                           /* f.alive */
        if (f == NULL)
            return;
        int want = rec->calls == 0 && !rec->detached;
        if (oh_finalize_alive(f) != want)
            ohi_fatal("fuzz_objects: finalize alive is not %d", want);
        return;
    }
    default:
        M.fslot[s] = NULL;
        oh_xdecref(f);
        return;
    }
}

/* A read-only call failed: MemoryError as for any call, or RuntimeError
 * from the recursion guard of repr and equal. */
static void
expect_fail_or_recursion(const char *what)
{
    if (oh_err_occurred() == OH_ERR_RUNTIME
        && strstr(oh_err_message(), "recursion") != NULL)
        oh_err_clear();
    else
        expect_fail(what);
}

/* Drop the result of a call that returns a new object, or check its
 * failure. */
static void
drop_result(oh_object *o, const char *what)
{
    if (o == NULL)
        expect_fail_or_recursion(what);
    else
        oh_decref(o);
}

static void
op_read(void)
{
    uint8_t how = rd(), nb = rd();
    int a = pick(ANY), b = pick(ANY);
    if (a < 0)
        return;
    hold(a);
    hold(b);
    oh_object *o = M.n[a].obj;
    switch (how % 8) {
    case 0:
        drop_result(oh_repr(o), "oh_repr");
        break;
    case 1: {
        if (b < 0)
            break;
        int rc = oh_equal(o, M.n[b].obj);
        if (rc < 0)
            expect_fail_or_recursion("oh_equal");
        else if (a == b && rc != 1)
            ohi_fatal("fuzz_objects: node %d is not equal to itself", a);
        break;
    }
    case 2:
        if (is_instance(M.n[a].kind) || M.n[a].kind <= K_TUPLE) {
            /* A tuple holding a list is unhashable: TypeError. */
            if (oh_hash(o) == -1) {
                if (M.n[a].kind == K_TUPLE
                    && oh_err_occurred() == OH_ERR_TYPE)
                    oh_err_clear();
                else
                    expect_fail_or_recursion("oh_hash");
            }
        }
        if (oh_getsizeof(o) < sizeof(oh_object))
            ohi_fatal("fuzz_objects: getsizeof of node %d is too small", a);
        break;
    case 3:
        if (M.n[a].kind == K_LIST) {
            drop_result(oh_list_slice(o, nb % 4, nb / 4 % 12),
                        "oh_list_slice");
            drop_result(oh_list_repeat(o, nb % 3), "oh_list_repeat");
            drop_result(oh_list_concat(o, o), "oh_list_concat");
        } else if (M.n[a].kind == K_TUPLE) {
            drop_result(oh_tuple_slice(o, nb % 4, nb / 4 % 6),
                        "oh_tuple_slice");
        } else if (M.n[a].kind == K_DICT) {
            drop_result(oh_dict_keys(o), "oh_dict_keys");
        }
        break;
    case 4: {
        oh_object *r = oh_gc_get_referents(&o, 1);
        if (r == NULL) {
            expect_fail("oh_gc_get_referents");
            break;
        }
        /* A list's, tuple's, dict's or set's referents are its items
         * (and a dict's keys: the small ints are counted too). */
        int64_t n = oh_list_size(r), want = -1;
        if (M.n[a].kind == K_LIST || M.n[a].kind == K_TUPLE
            || M.n[a].kind == K_SET)
            want = 1 + M.n[a].nedge;
        else if (M.n[a].kind == K_DICT)
            want = 2 * (1 + M.n[a].nedge);
        if (want >= 0 && n != want)
            ohi_fatal("fuzz_objects: node %d has %ld referents, the model "
                      "%ld", a, (long)n, (long)want);
        oh_decref(r);
        break;
    }
    case 5:
        drop_result(oh_gc_get_referrers(&o, 1), "oh_gc_get_referrers");
        break;
    case 6:
        drop_result(oh_gc_get_objects(nb % 4 == 3 ? -1 : nb % 4),
                    "oh_gc_get_objects");
        break;
    default:
        if (oh_is_true(o) < 0)
            expect_fail("oh_is_true");
        break;
    }
}

/* ==========================================================================
 * Weak containers (C6a)
 * ========================================================================== */

static bool
wentry_alive(const wentry *e)
{
    return e->node >= 0 && M.n[e->node].clears == e->clears;
}

static wentry *
wentry_find(wentry *tab, int id)
{
    for (int i = 0; i < NWENT; i++)
        if (tab[i].node == id && wentry_alive(&tab[i]))
            return &tab[i];
    return NULL;
}

static wentry *
wentry_free_slot(wentry *tab)
{
    for (int i = 0; i < NWENT; i++)
        if (!wentry_alive(&tab[i]))
            return &tab[i];
    return NULL;
}

/* An iteration over one container, with a root dropped after `at`
 * entries: every entry it returns must be alive in the model then. */
static void
weak_iterate(int which, int at, int r)
{
    oh_object *c = which == 0 ? M.wset : which == 1 ? M.wvd : M.wkd;
    oh_weak_iter it;
    if (oh_weak_iter_init(&it, c) < 0)
        ohi_fatal("fuzz_objects: oh_weak_iter_init: %s", oh_err_message());
    oh_object *k, *v;
    int rc, n = 0;
    while ((rc = oh_weak_iter_next(&it, &k, &v)) == 1) {
        bool ok = false;
        if (which == 1) {
            int64_t key = -1;
            oh_int_as_i64(k, &key);
            ok = key >= 0 && key < NWENT && wentry_alive(&M.wvd_e[key])
                 && M.n[M.wvd_e[key].node].obj == v;
        } else {
            for (int i = 0; i < NWENT; i++) {
                wentry *e = which == 0 ? &M.wset_e[i] : &M.wkd_e[i];
                if (wentry_alive(e) && M.n[e->node].obj == k)
                    ok = true;
            }
        }
        oh_decref(k);
        oh_xdecref(v);
        if (!ok)
            ohi_fatal("fuzz_objects: weak container %d returned an entry "
                      "the model does not have", which);
        if (n++ == at)
            root_store(r, -1);
    }
    if (rc < 0)
        ohi_fatal("fuzz_objects: weak iteration failed: %s",
                  oh_err_message());
}

static void
op_weak_container(void)
{
    uint8_t how = rd(), kb = rd();
    int id = pick(INSTANCES);
    int k = kb % NWENT;
    oh_object *key = oh_int_from_i64(k);       /* small: never fails */
    hold(id);
    switch (how % 7) {
    case 0: {                           /* WeakSet.add */
        wentry *e = id >= 0 && !wentry_find(M.wset_e, id)
                    ? wentry_free_slot(M.wset_e) : NULL;
        if (e == NULL)
            break;
        if (oh_weakset_add(M.wset, M.n[id].obj) < 0)
            expect_fail("oh_weakset_add");
        else
            *e = (wentry){(int16_t)id, (int16_t)M.n[id].clears};
        break;
    }
    case 1: {                           /* WeakSet.discard */
        if (id < 0)
            break;
        wentry *e = wentry_find(M.wset_e, id);
        int rc = oh_weakset_discard(M.wset, M.n[id].obj);
        if (rc < 0)
            expect_fail("oh_weakset_discard");
        else if (rc != (e != NULL))
            ohi_fatal("fuzz_objects: WeakSet discard returned %d", rc);
        else if (e != NULL)
            e->node = -1;
        break;
    }
    case 2:                             /* wvd[k] = node */
        if (id < 0)
            break;
        if (oh_weakdict_set(M.wvd, key, M.n[id].obj) < 0)
            expect_fail("oh_weakdict_set");
        else
            M.wvd_e[k] = (wentry){(int16_t)id, (int16_t)M.n[id].clears};
        break;
    case 3: {                           /* del wvd[k] */
        bool alive = wentry_alive(&M.wvd_e[k]);
        if (oh_weakdict_delete(M.wvd, key) < 0) {
            if (alive || oh_err_occurred() != OH_ERR_KEY)
                expect_fail("oh_weakdict_delete");
            oh_err_clear();
        } else if (!alive) {
            ohi_fatal("fuzz_objects: deleted a dead WeakValueDictionary "
                      "entry");
        } else {
            M.wvd_e[k].node = -1;
        }
        break;
    }
    case 4: {                           /* wkd[node] = None */
        wentry *e = id >= 0 && !wentry_find(M.wkd_e, id)
                    ? wentry_free_slot(M.wkd_e) : NULL;
        if (e == NULL)
            break;
        if (oh_weakdict_set(M.wkd, M.n[id].obj, OH_NONE) < 0)
            expect_fail("oh_weakdict_set (weak keys)");
        else
            *e = (wentry){(int16_t)id, (int16_t)M.n[id].clears};
        break;
    }
    case 5: {                           /* del wkd[node] */
        if (id < 0)
            break;
        wentry *e = wentry_find(M.wkd_e, id);
        if (oh_weakdict_delete(M.wkd, M.n[id].obj) < 0) {
            if (e != NULL || oh_err_occurred() != OH_ERR_KEY)
                expect_fail("oh_weakdict_delete (weak keys)");
            oh_err_clear();
        } else if (e == NULL) {
            ohi_fatal("fuzz_objects: deleted a missing weak key");
        } else {
            e->node = -1;
        }
        break;
    }
    default:
        weak_iterate(kb % 3, kb >> 2 & 7, kb >> 5 & (NROOTS - 1));
        break;
    }
    oh_decref(key);
}

/* C6a: sizes, and membership of every entry the fuzzer may touch. */
static void
check_weak_containers(void)
{
    int nset = 0, nvd = 0, nkd = 0;
    for (int i = 0; i < NWENT; i++) {
        const wentry *es = &M.wset_e[i], *ev = &M.wvd_e[i],
                     *ek = &M.wkd_e[i];
        nset += wentry_alive(es);
        nvd += wentry_alive(ev);
        nkd += wentry_alive(ek);
        if (wentry_alive(es) && M.reach[es->node]
            && oh_weakset_contains(M.wset, M.n[es->node].obj) != 1)
            ohi_fatal("fuzz_objects: WeakSet lost node %d", es->node);
        if (wentry_alive(ek) && M.reach[ek->node]
            && oh_weakdict_contains(M.wkd, M.n[ek->node].obj) != 1)
            ohi_fatal("fuzz_objects: weak-key dict lost node %d", ek->node);
        oh_object *key = oh_int_from_i64(i);
        oh_object *v = oh_weakdict_get(M.wvd, key);
        if (v == NULL && oh_err_occurred() == OH_ERR_KEY)
            oh_err_clear();
        if (wentry_alive(ev) ? v != M.n[ev->node].obj : v != NULL)
            ohi_fatal("fuzz_objects: WeakValueDictionary[%d] is %p", i,
                      (void *)v);
        oh_xdecref(v);
        oh_decref(key);
    }
    if (oh_weak_size(M.wset) != nset || oh_weak_size(M.wvd) != nvd
        || oh_weak_size(M.wkd) != nkd)
        ohi_fatal("fuzz_objects: weak container sizes %ld %ld %ld, the "
                  "model %d %d %d", (long)oh_weak_size(M.wset),
                  (long)oh_weak_size(M.wvd), (long)oh_weak_size(M.wkd),
                  nset, nvd, nkd);
}

static void
op_gc_config(void)
{
    uint8_t how = rd(), a = rd(), b = rd();
    switch (how % 8) {
    case 0:
        oh_gc_disable();
        break;
    case 1:
        oh_gc_enable();
        break;
    case 5:
        /* DEBUG_SAVEALL: garbage goes to gc.garbage instead of being
         * freed, after its weak references are cleared and finalizers
         * run; the model counts it dead (it is unreachable from the
         * roots for ever) until the list is cleared. */
        if (oh_gc_set_debug(oh_gc_get_debug() ^ OH_GC_DEBUG_SAVEALL) < 0)
            ohi_fatal("fuzz_objects: oh_gc_set_debug failed");
        break;
    case 6: {
        oh_object *g = oh_gc_garbage();
        if (g == NULL)
            expect_fail("oh_gc_garbage");
        else if (oh_list_clear(g) < 0)
            expect_fail("oh_list_clear(gc.garbage)");
        break;
    }
    case 7:
        /* Frozen objects are never collected, so FO4 waits for unfreeze. */
        if (a & 1) {
            oh_gc_freeze();
            M.frozen = true;
        } else {
            oh_gc_unfreeze();
            M.frozen = false;
        }
        break;
    default:
        /* t0 == 0 turns automatic collection off; small t0 makes it run
         * inside almost every container allocation. */
        oh_gc_set_threshold(a % 4 == 0 ? 0 : a % 4 == 1 ? 700 : a % 40 + 1,
                            b % 12, b / 12 % 12);
        break;
    }
}

/* ==========================================================================
 * Settling and checking the model (fault injection paused, automatic
 * collection off: nothing runs under our feet while we look)
 * ========================================================================== */

static void
check_item(int id, const char *what, oh_object *got, oh_object *want)
{
    if (got != want)
        ohi_fatal("fuzz_objects: node %d (kind %d): %s is %p, the model "
                  "says %p", id, M.n[id].kind, what, (void *)got,
                  (void *)want);
}

/* FO1 for one reachable node. */
static void
check_node(int id)
{
    node *x = &M.n[id];
    oh_object *o = x->obj;
    static const oh_type *const types[] = {
        &oh_int_type, &oh_float_type, &oh_str_type, &oh_bytes_type,
        &oh_tuple_type, &oh_list_type, &oh_dict_type, &oh_set_type,
    };
    if (o->refcnt <= 0)
        ohi_fatal("fuzz_objects: reachable node %d has count %ld", id,
                  (long)o->refcnt);
    if (x->kind < K_INST ? oh_type_of(o) != types[x->kind]
        : oh_instance_check(o) != 1
          || oh_instance_class(o) != (x->kind == K_INST ? M.cls_p
                                                        : M.cls_f))
        ohi_fatal("fuzz_objects: node %d is a %s, not kind %d", id,
                  oh_type_name(o), x->kind);
    char buf[256 * 41];
    switch (x->kind) {
    case K_INT: {
        int64_t v;
        if (oh_int_as_i64(o, &v) < 0 || v != x->value)
            ohi_fatal("fuzz_objects: int node %d changed", id);
        break;
    }
    case K_FLOAT: {
        double v;
        if (oh_float_as_double(o, &v) < 0 || v != (double)x->value / 8)
            ohi_fatal("fuzz_objects: float node %d changed", id);
        break;
    }
    case K_STR:
    case K_BYTES: {
        size_t n;
        const void *p;
        if (x->kind == K_STR) {
            p = oh_str_utf8(o, &n);
        } else {
            p = oh_bytes_data(o);
            n = (size_t)oh_bytes_size(o);
        }
        leaf_text(x, buf);
        if (p == NULL || n != x->len || memcmp(p, buf, n) != 0)
            ohi_fatal("fuzz_objects: %s node %d changed",
                      oh_type_name(o), id);
        break;
    }
    case K_TUPLE:
    case K_LIST: {
        bool t = x->kind == K_TUPLE;
        int64_t n = t ? oh_tuple_size(o) : oh_list_size(o);
        if (n != 1 + x->nedge)
            ohi_fatal("fuzz_objects: node %d has %ld items, the model %d",
                      id, (long)n, 1 + x->nedge);
        check_item(id, "item 0", t ? oh_tuple_get(o, 0) : oh_list_get(o, 0),
                   x->marker);
        for (int e = 0; e < x->nedge; e++)
            check_item(id, "an item", t ? oh_tuple_get(o, 1 + e)
                                        : oh_list_get(o, 1 + e),
                       M.n[x->edge[e]].obj);
        break;
    }
    case K_DICT: {
        if (oh_dict_size(o) != 1 + x->nedge)
            ohi_fatal("fuzz_objects: dict node %d has %ld items, the model "
                      "%d", id, (long)oh_dict_size(o), 1 + x->nedge);
        for (int e = -1; e < x->nedge; e++) {
            oh_object *key = oh_int_from_i64(e < 0 ? -1 : x->key[e]);
            oh_object *v = NULL;
            if (oh_dict_lookup(o, key, &v) != 1)
                ohi_fatal("fuzz_objects: dict node %d lost a key", id);
            check_item(id, "a value", v,
                       e < 0 ? x->marker : M.n[x->edge[e]].obj);
            oh_decref(key);
        }
        break;
    }
    case K_SET:
        if (oh_set_size(o) != 1 + x->nedge)
            ohi_fatal("fuzz_objects: set node %d has %ld items, the model "
                      "%d", id, (long)oh_set_size(o), 1 + x->nedge);
        if (oh_set_contains(o, x->marker) != 1)
            ohi_fatal("fuzz_objects: set node %d lost its marker", id);
        for (int e = 0; e < x->nedge; e++)
            if (oh_set_contains(o, M.n[x->edge[e]].obj) != 1)
                ohi_fatal("fuzz_objects: set node %d lost an item", id);
        break;
    default:
        /* Every name, so that an attribute the model lacks is caught. */
        for (int a = 0; a < NATTR; a++) {
            int e = edge_find_key(x, a);
            oh_object *v = oh_instance_getattr(o, attr_names[a]);
            if (v == NULL && oh_err_occurred() == OH_ERR_ATTRIBUTE)
                oh_err_clear();
            check_item(id, attr_names[a], v,
                       e >= 0 ? M.n[x->edge[e]].obj : NULL);
            oh_xdecref(v);
        }
        break;
    }
    if (!is_leaf(x->kind)) {
        oh_object *t = oh_weakref_get(x->obs);
        check_item(id, "obs()", t,
                   is_instance(x->kind) ? x->obj : x->marker);
        oh_decref(t);
    }
}

/* After each op: retire the dead, re-observe the resurrected, then check
 * FO1, FO3 to FO6.  `full`: an explicit full collection just ran (FO4). */
static void
settle(bool full)
{
    bool was_enabled = oh_gc_isenabled();
    oh_gc_disable();
    fault_pause();
    if (oh_err_occurred() != OH_ERR_NONE)
        ohi_fatal("fuzz_objects: an error was left set: %s",
                  oh_err_message());
    /* Garbage saved in gc.garbage (DEBUG_SAVEALL) is dead to the model
     * but keeps alive what it refers to, resurrected objects included:
     * FO4 waits until the list is emptied. */
    oh_object *saved = oh_gc_garbage();
    bool strict = full && !M.new_garbage && !M.frozen
                  && saved != NULL && oh_list_size(saved) == 0;
    reach_compute();
    for (int i = 0; i < M.nn; i++) {
        node *x = &M.n[i];
        if (is_leaf(x->kind) || x->state == S_DEAD)
            continue;
        if (M.reach[i]) {
            if (x->state == S_CLEARED || x->obs == NULL) {
                /* Resurrected (its weak references were cleared as
                 * garbage), or its first obs failed: observe it anew. */
                oh_xdecref(x->obs);
                x->obs = NULL;
                if (obs_attach(i) < 0)
                    ohi_fatal("fuzz_objects: obs_attach failed: %s",
                              oh_err_message());
                x->state = S_LIVE;
            }
            continue;
        }
        if (x->state == S_CLEARED || x->obs == NULL) {
            /* Garbage, and not resurrected: it was freed. */
            node_retire(i);
        } else if (strict) {
            ohi_fatal("fuzz_objects: unreachable node %d (kind %d) "
                      "survived a full collection", i, x->kind);
        }
    }
    for (int i = 0; i < M.nn; i++)
        if (M.reach[i]) {
            if (M.n[i].state == S_DEAD)
                ohi_fatal("fuzz_objects: node %d is reachable but its "
                          "object was freed", i);
            check_node(i);
        }
    for (int w = 0; w < NWEAK; w++) {
        wslot *s = &M.w[w];
        if (s->ref == NULL)
            continue;
        /* Cleared as garbage, the referent may have been resurrected
         * since: the callback tells of the clearing, not of the death. */
        bool dead = M.n[s->target].state == S_DEAD;
        oh_object *t = oh_weakref_get(s->ref);
        bool cleared = t == OH_NONE;
        if (s->calls != (s->has_cb && cleared))
            ohi_fatal("fuzz_objects: weak slot %d: callback ran %d times, "
                      "the reference is %s", w, s->calls,
                      cleared ? "cleared" : "not cleared");
        if (dead && !cleared)
            ohi_fatal("fuzz_objects: weak slot %d outlived its referent", w);
        if (!cleared && M.reach[s->target])
            check_item(s->target, "ref()", t, M.n[s->target].obj);
        oh_decref(t);
    }
    check_weak_containers();
    for (int f = 0; f < M.nfin; f++) {
        finrec *r = &M.fin[f];
        if (r->target >= 0 && M.n[r->target].state == S_DEAD
            && !r->detached && r->calls != 1)
            ohi_fatal("fuzz_objects: finalize of dead node %d ran %d times",
                      r->target, r->calls);
    }
    oh_err_clear();
    fault_resume();
    if (was_enabled)
        oh_gc_enable();
}

/* ==========================================================================
 * One input
 * ========================================================================== */

/* Populate the caches that live for the process (interned attribute
 * names, the finalize registry) before the first block count is taken. */
static void
warm_up(void)
{
    oh_object *cls = oh_class_new("W", NULL);
    oh_object *o = cls != NULL ? oh_instance_new(cls) : NULL;
    if (o == NULL)
        ohi_fatal("fuzz_objects: warm-up: %s", oh_err_message());
    for (int a = 0; a < NATTR; a++)
        if (oh_instance_setattr(o, attr_names[a], OH_NONE) < 0)
            ohi_fatal("fuzz_objects: warm-up: %s", oh_err_message());
    static finrec dummy = {.target = -1};
    oh_object *f = oh_finalize(o, finalize_func, &dummy);
    if (f == NULL || oh_finalize_detach(f) != 1)
        ohi_fatal("fuzz_objects: warm-up finalize");
    oh_decref(f);
    oh_decref(o);
    oh_decref(cls);
    if (oh_gc_garbage() == NULL)        /* made once, kept for ever */
        ohi_fatal("fuzz_objects: warm-up: gc.garbage");
    oh_gc_collect(2);
    oh_object_clear_freelists();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
    static bool warm;
    if (!warm) {
        tracing = getenv("FUZZ_OBJECTS_TRACE") != NULL;
        warm_up();
        warm = true;
    }
    oh_gc_set_threshold(700, 10, 10);
    oh_gc_enable();
    oh_gc_collect(2);
    oh_object_clear_freelists();
    size_t base = oh_alloc_blocks_in_use();

    memset(&M, 0, sizeof M);
    M.tmp = -1;
    for (int r = 0; r < NROOTS; r++)
        M.root[r] = -1;
    M.in = in;
    M.len = len;
    M.cls_p = oh_class_new("P", NULL);
    M.cls_f = oh_class_new("F", finst_finalizer);
    M.cls_m = oh_class_new("Marker", NULL);
    M.wset = oh_weakset_new();
    M.wvd = oh_weakvaluedict_new();
    M.wkd = oh_weakkeydict_new();
    for (int i = 0; i < NWENT; i++)
        M.wset_e[i].node = M.wvd_e[i].node = M.wkd_e[i].node = -1;
    if (M.cls_p == NULL || M.cls_f == NULL || M.cls_m == NULL
        || M.wset == NULL || M.wvd == NULL || M.wkd == NULL)
        ohi_fatal("fuzz_objects: oh_class_new: %s", oh_err_message());

    while (M.pos < M.len) {
        uint8_t op = rd();
        trace("op %u at %zu", op % 16u, M.pos - 1);
        bool full = false;
        switch (op % 16) {
        case 0:
            op_new_leaf();
            break;
        case 1:
            op_new_container();
            break;
        case 2:
            op_new_instance();
            break;
        case 3:
            op_list();
            break;
        case 14:
            op_weak_container();
            break;
        case 4:
            op_dict();
            break;
        case 5:
            op_set();
            break;
        case 6:
            op_attr();
            break;
        case 15:
            op_read();
            break;
        case 7:
            op_roots();
            break;
        case 8:
            op_weak();
            break;
        case 9:
            op_finalize();
            break;
        case 10:
            op_gc_config();
            break;
        case 12:
            op_chain();
            break;
        case 11: {
            int g = rd() % 3;
            M.in_collect = true;
            M.new_garbage = false;
            if (oh_gc_collect(g) < 0)
                ohi_fatal("fuzz_objects: oh_gc_collect(%d) failed", g);
            M.in_collect = false;
            full = g == 2;
            break;
        }
        default: {
            uint8_t n = rd();
            M.fail_n = n == 0 ? 0 : n % 64 + 1;
            M.fail_every = op & 0x80;
            oh_alloc_set_fail(M.fail_n, M.fail_every);
            break;
        }
        }
        unhold();
        settle(full);
    }

    /* FO8: drop everything, collect until no finalizer resurrects. */
    oh_alloc_set_fail(0, 0);
    M.fail_n = 0;
    oh_gc_enable();
    oh_gc_unfreeze();
    M.frozen = false;
    if (oh_gc_set_debug(0) < 0 || oh_list_clear(oh_gc_garbage()) < 0)
        ohi_fatal("fuzz_objects: cannot empty gc.garbage");
    for (int s = 0; s < NFSLOT; s++)
        OH_CLEAR(M.fslot[s]);
    /* Until a collection starts with no root set and ends having made
     * no new garbage (a callback or finalizer that drops a reference
     * during it makes garbage the next one must find). */
    for (int round = 0, again = 1;; round++) {
        bool any = false;
        for (int r = 0; r < NROOTS; r++)
            if (M.root[r] >= 0) {
                root_store(r, -1);
                any = true;
            }
        if (!any && !again)
            break;
        if (round > 2 * NNODES)
            ohi_fatal("fuzz_objects: resurrection without end");
        M.in_collect = true;
        M.new_garbage = false;
        oh_gc_collect(2);
        M.in_collect = false;
        again = M.new_garbage;
        settle(true);
    }
    for (int i = 0; i < M.nn; i++)
        if (!is_leaf(M.n[i].kind) && M.n[i].state != S_DEAD)
            ohi_fatal("fuzz_objects: node %d outlived the input", i);
    for (int w = 0; w < NWEAK; w++)
        weak_drop(w);
    OH_CLEAR(M.wset);
    OH_CLEAR(M.wvd);
    OH_CLEAR(M.wkd);
    OH_CLEAR(M.cls_p);
    OH_CLEAR(M.cls_f);
    OH_CLEAR(M.cls_m);
    /* Finalizers made garbage during the last collections. */
    for (int i = 0; i < 4 && oh_gc_collect(2) > 0; i++)
        ;
    oh_gc_set_threshold(700, 10, 10);
    oh_object_clear_freelists();
    if (oh_err_occurred() != OH_ERR_NONE)
        ohi_fatal("fuzz_objects: an error was left set at the end: %s",
                  oh_err_message());
    if (oh_alloc_blocks_in_use() != base) {
        if (tracing) {
            oh_census *c = oh_census_take();
            if (c != NULL)
                oh_census_print(c, stderr, 20);
            oh_census_free(c);
        }
        ohi_fatal("fuzz_objects: %zu blocks in use at the start, %zu at "
                  "the end", base, oh_alloc_blocks_in_use());
    }
    return 0;
}
