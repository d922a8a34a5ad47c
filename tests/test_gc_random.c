/*
 * test_gc_random.c -- the collector against an independent model.
 *
 * Each round builds a random graph of lists, dicts and instances (some
 * with finalizers), with random edges (list items, dict values, instance
 * attributes) and a random set of roots, then drops every reference but
 * the roots' and runs a full collection.  The model, computed from the C
 * arrays that describe the graph and never from the heap:
 *
 *   reachable   = nodes reachable from a root;
 *   unreachable = the rest.  Reference counting frees, as soon as our
 *                 references go, every unreachable node no cycle keeps
 *                 alive: peel off nodes with no incoming edge from a node
 *                 still standing (Kahn's algorithm) until none is left;
 *                 the nodes that remain are what the collector must find.
 *
 * Checks: every reachable node is alive and intact (exactly its edges, in
 * order); every unreachable node is dead (its weak reference is None);
 * oh_gc_collect returned exactly the number of objects the model says the
 * remaining nodes are made of; every finalizer of a dead node ran exactly
 * once; and after the roots go too, the heap is back where it started.
 *
 * Liveness of a list or dict is observed through a "marker": an instance
 * that only that node references (its first item, or its value under key
 * -1), whose weak reference dies exactly when the node does.
 */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#define MAXN 160
#define MAXE 6

enum { K_LIST, K_DICT, K_INST, K_FINST };

typedef struct model {
    int n;
    int kind[MAXN];
    int nedges[MAXN];
    int edge[MAXN][MAXE];
    bool root[MAXN];
    bool reach[MAXN];
    bool remain[MAXN];                  /* found by the collector */
} model;

static int finalizer_calls;
static int finalized_of[MAXN];

static void
count_finalizer(oh_object *self)
{
    finalizer_calls++;
    oh_object *tag = oh_instance_getattr(self, "tag");
    if (tag == NULL) {
        oh_err_clear();
        return;
    }
    int64_t i = -1;
    oh_int_as_i64(tag, &i);
    if (i >= 0 && i < MAXN)
        finalized_of[i]++;
    oh_decref(tag);
}

static uint64_t rng;

static uint32_t
next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void
attr_name(char *buf, size_t n, int j)
{
    snprintf(buf, n, "e%d", j);
}

/* The model: reachability from the roots, then the cyclic remainder. */
static void
compute_model(model *m)
{
    int stack[MAXN], sp = 0;
    for (int i = 0; i < m->n; i++) {
        m->reach[i] = m->root[i];
        if (m->root[i])
            stack[sp++] = i;
    }
    while (sp > 0) {
        int i = stack[--sp];
        for (int e = 0; e < m->nedges[i]; e++) {
            int j = m->edge[i][e];
            if (!m->reach[j]) {
                m->reach[j] = true;
                stack[sp++] = j;
            }
        }
    }
    int indeg[MAXN] = {0};
    for (int i = 0; i < m->n; i++) {
        m->remain[i] = !m->reach[i];
        if (m->reach[i])
            continue;
        for (int e = 0; e < m->nedges[i]; e++)
            indeg[m->edge[i][e]]++;
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (int i = 0; i < m->n; i++) {
            if (m->remain[i] && indeg[i] == 0) {
                m->remain[i] = false;
                changed = true;
                for (int e = 0; e < m->nedges[i]; e++)
                    indeg[m->edge[i][e]]--;
            }
        }
    }
}

/* Tracked objects a remaining node is made of: itself, plus its marker
 * (lists and dicts), or its attribute dict (instances) when that holds a
 * container; a dict of nothing but the int "tag" is untracked (CPython
 * 3.11's rule), so the collector never sees it and does not count it. */
static int
objects_of(const model *m, int i)
{
    if (m->kind[i] == K_LIST || m->kind[i] == K_DICT)
        return 2;
    return m->nedges[i] > 0 ? 2 : 1;
}

static void
one_round(uint64_t seed, int n, bool enabled)
{
    rng = seed * 2654435761u + 1;
    model m;
    memset(&m, 0, sizeof m);
    memset(finalized_of, 0, sizeof finalized_of);
    finalizer_calls = 0;
    m.n = n;
    oh_gc_collect(2);
    size_t base = live_blocks();
    if (enabled)
        oh_gc_enable();
    else
        oh_gc_disable();
    oh_object *C = oh_class_new("Node", NULL);
    oh_object *F = oh_class_new("FNode", count_finalizer);
    oh_object *M = oh_class_new("Marker", NULL);
    oh_object *obj[MAXN], *weak[MAXN];
    for (int i = 0; i < n; i++) {
        m.kind[i] = (int)(next_rand() % 4);
        oh_object *marker = NULL, *tag = I(i);
        switch (m.kind[i]) {
        case K_LIST:
            obj[i] = oh_list_new();
            marker = oh_instance_new(M);
            oh_list_append(obj[i], marker);
            break;
        case K_DICT:
            obj[i] = oh_dict_new();
            marker = oh_instance_new(M);
            oh_object *k = I(-1);
            oh_dict_set(obj[i], k, marker);
            oh_decref(k);
            break;
        default:
            obj[i] = oh_instance_new(m.kind[i] == K_INST ? C : F);
            oh_instance_setattr(obj[i], "tag", tag);
            break;
        }
        cr_assert_not_null(obj[i]);
        weak[i] = oh_weakref_new(marker != NULL ? marker : obj[i], NULL);
        cr_assert_not_null(weak[i]);
        oh_xdecref(marker);
        oh_decref(tag);
        m.root[i] = next_rand() % 8 == 0;
    }
    /* Edges: mostly local, some long, so there are chains, cycles and
     * cycles hanging off chains. */
    for (int i = 0; i < n; i++) {
        m.nedges[i] = (int)(next_rand() % (MAXE + 1));
        for (int e = 0; e < m.nedges[i]; e++) {
            int j = next_rand() % 3 == 0 ? (int)(next_rand() % n)
                    : (i + 1 + (int)(next_rand() % 5)) % n;
            m.edge[i][e] = j;
            switch (m.kind[i]) {
            case K_LIST:
                cr_assert_eq(oh_list_append(obj[i], obj[j]), 0);
                break;
            case K_DICT: {
                oh_object *k = I(e);
                cr_assert_eq(oh_dict_set(obj[i], k, obj[j]), 0);
                oh_decref(k);
                break;
            }
            default: {
                char name[16];
                attr_name(name, sizeof name, e);
                cr_assert_eq(oh_instance_setattr(obj[i], name, obj[j]), 0);
                break;
            }
            }
        }
    }
    compute_model(&m);
    int64_t expected = 0;
    for (int i = 0; i < n; i++) {
        if (m.remain[i])
            expected += objects_of(&m, i);
    }
    for (int i = 0; i < n; i++) {
        if (!m.root[i])
            oh_decref(obj[i]);
    }
    oh_gc_disable();
    int64_t found = oh_gc_collect(2);
    if (!enabled)
        cr_assert_eq(found, expected, "seed %llu: collected %lld, the "
                     "model says %lld", (unsigned long long)seed,
                     (long long)found, (long long)expected);
    for (int i = 0; i < n; i++) {
        oh_object *got = oh_weakref_get(weak[i]);
        if (m.reach[i]) {
            cr_assert_neq(got, OH_NONE, "seed %llu: reachable node %d "
                          "died", (unsigned long long)seed, i);
            cr_assert_eq(finalized_of[i], 0);
            /* Intact: exactly the edges the model has, in order. */
            for (int e = 0; e < m.nedges[i]; e++) {
                oh_object *t = NULL;
                if (m.kind[i] == K_LIST) {
                    t = oh_list_get(obj[i], e + 1);
                }
                else if (m.kind[i] == K_DICT) {
                    oh_object *k = I(e);
                    t = oh_dict_get(obj[i], k);
                    oh_decref(k);
                }
                else {
                    char name[16];
                    attr_name(name, sizeof name, e);
                    t = oh_instance_getattr(obj[i], name);
                    oh_decref(t);
                }
                cr_assert_eq(t, obj[m.edge[i][e]], "seed %llu: node %d "
                             "edge %d changed", (unsigned long long)seed,
                             i, e);
            }
            if (m.kind[i] == K_LIST)
                cr_assert_eq(oh_list_size(obj[i]), m.nedges[i] + 1);
        }
        else {
            cr_assert_eq(got, OH_NONE, "seed %llu: unreachable node %d "
                         "lives", (unsigned long long)seed, i);
            if (m.kind[i] == K_FINST)
                cr_assert_eq(finalized_of[i], 1, "finalized once");
        }
        oh_decref(got);
    }
    /* Drop the roots: everything goes, by counts or by the collector. */
    for (int i = 0; i < n; i++) {
        if (m.root[i])
            oh_decref(obj[i]);
    }
    oh_gc_collect(2);
    for (int i = 0; i < n; i++) {
        oh_object *got = oh_weakref_get(weak[i]);
        cr_assert_eq(got, OH_NONE);
        oh_decref(got);
        oh_decref(weak[i]);
        if (m.kind[i] == K_FINST)
            cr_assert_eq(finalized_of[i], 1);
    }
    oh_decref(C);
    oh_decref(F);
    oh_decref(M);
    cr_assert_eq(live_blocks(), base, "seed %llu leaked",
                 (unsigned long long)seed);
}

Test(gc_random, against_the_model, .timeout = 120)
{
    for (uint64_t seed = 1; seed <= 300; seed++)
        one_round(seed, 10 + (int)(seed % (MAXN - 10)), false);
}

Test(gc_random, with_automatic_collections, .timeout = 120)
{
    oh_gc_set_threshold(7, 3, 3);
    for (uint64_t seed = 1000; seed < 1100; seed++)
        one_round(seed, 20 + (int)(seed % (MAXN - 20)), true);
}

Test(gc_random, young_collections_miss_nothing_reachable, .timeout = 120)
{
    /* Objects spread over generations: build half, promote, build the
     * rest, then a young collection must not free a reachable object. */
    for (uint64_t seed = 5000; seed < 5050; seed++) {
        rng = seed;
        oh_gc_disable();
        oh_object *root = oh_list_new();
        oh_object *prev = root;
        oh_object *w[64];
        for (int i = 0; i < 64; i++) {
            oh_object *l = oh_list_new();
            oh_object *mk = oh_instance_new(oh_class_new("K", NULL));
            oh_decref(oh_instance_class(mk));
            oh_list_append(l, mk);
            w[i] = oh_weakref_new(mk, NULL);
            oh_decref(mk);
            oh_list_append(prev, l);
            if (next_rand() % 2)
                oh_list_append(l, root);        /* a cycle back */
            oh_decref(l);
            prev = l;
            if (i == 32)
                oh_gc_collect(1);
        }
        cr_assert_eq(oh_gc_collect(0), 0);
        cr_assert_eq(oh_gc_collect(1), 0);
        for (int i = 0; i < 64; i++) {
            oh_object *g = oh_weakref_get(w[i]);
            cr_assert_neq(g, OH_NONE);
            oh_decref(g);
        }
        oh_decref(root);
        oh_gc_collect(2);
        for (int i = 0; i < 64; i++) {
            oh_object *g = oh_weakref_get(w[i]);
            cr_assert_eq(g, OH_NONE);
            oh_decref(g);
            oh_decref(w[i]);
        }
    }
}
