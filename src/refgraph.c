/*
 * refgraph.c -- who keeps what alive: the reference graph of the whole
 * heap, back-reference chains, and object graphs as Graphviz DOT.
 *
 * What this file owns
 * -------------------
 * A snapshot of the heap's reference graph, made on demand and thrown away
 * after one question:
 *
 *   nodes   every live object, found by walking the object pools
 *           (ohi_alloc_walk_objects), numbered 0..n-1; a hash map takes an
 *           object's address to its number
 *   edges   for each node, the objects its type's traverse visits that are
 *           themselves nodes, in both directions, as compressed rows:
 *
 *             fwd_start: | 0 | 2 | 2 | 5 | ...      node i's referents are
 *             fwd:       | 3 7 | 1 4 9 | ...        fwd[fwd_start[i] ..
 *                                                        fwd_start[i+1])
 *           (rev_start / rev the same for referrers)
 *   held    for each node, how many references other nodes hold to it
 *
 * A node is a *root* when its reference count exceeds `held`: something
 * outside the heap (a C variable, a global, a structure of the program's)
 * holds it.  This is the collector's own test (copy the counts, subtract
 * the internal references), applied to every object rather than to one
 * generation, and it needs no help from the collector.
 *
 * The back-reference chain of an object is the shortest path to it from
 * any root, found by one breadth-first search from all roots at once along
 * the forward edges.  Objects outside the heap (the static immortals) are
 * not nodes: references to them are not edges.
 *
 * The inspection's own results
 * ----------------------------
 * oh_find_backref_chain and oh_census_by_type answer with lists, which
 * live on the heap like any other.  Counted as nodes, a chain kept by the
 * caller became every later chain's root (it holds the object directly)
 * and every graph of referrers showed it (issue 16).  So those lists have
 * a descriptor of their own, ohi_list_result_type (list.c: a list in every
 * other way), and are not nodes: their references still count in `held`,
 * so the objects in them are not taken for roots, but they are no edges.
 * The census leaves them out too (inspect.c).
 *
 * Object graphs
 * -------------
 * The DOT writer draws each node with its type, address, reference count
 * and how many objects it refers to (not "N references", which read as a
 * reference count), and each edge once per pair, labelled with what the
 * child is to its parent: "[3]" in a list or tuple, the key in a dict
 * ('name'), "key" for a dict's key itself, "__dict__" and "__class__" of
 * an instance, the field's offset ("+24") in a program's own type.  The
 * interpreter's own types and sets get no label.
 *
 * Invariants (while a snapshot exists; it is built and used between two
 * calls into the heap, so no object changes under it)
 * -----------------------------------------------------------------------
 * RG1. held[i] == number of j with i in referents(j), counted with
 *     multiplicity, plus the references the inspection's result lists
 *     hold to it; held[i] <= refcnt of node i.
 * RG2. fwd_start and rev_start are non-decreasing, with fwd_start[n] ==
 *     rev_start[n] == number of edges.
 *
 * The snapshot's memory comes from the C library, not objheap's pools, so
 * building it changes nothing it measures, and the pool walk (which forbids
 * allocating from objheap) can fill it directly.
 */
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct refgraph {
    size_t n, cap;
    oh_object **obj;            /* node i's object */
    size_t *slot;               /* open addressing: node + 1, or 0 */
    size_t nslots;              /* power of two, >= 2n */
    uint32_t *held;             /* RG1 */
    size_t nedges;
    size_t *fwd_start, *fwd;    /* referents, RG2 */
    size_t *rev_start, *rev;    /* referrers, RG2 */
    oh_object **hidden;         /* the inspection's result lists */
    size_t nhidden, hidden_cap;
} refgraph;

static void
graph_free(refgraph *g)
{
    free(g->obj);
    free(g->slot);
    free(g->held);
    free(g->fwd_start);
    free(g->fwd);
    free(g->rev_start);
    free(g->rev);
    free(g->hidden);
    memset(g, 0, sizeof *g);
}

static size_t
addr_hash(const void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ull >> 17);
}

/* The node number of o, or SIZE_MAX if o is not a live heap object. */
static size_t
node_of(const refgraph *g, const oh_object *o)
{
    size_t mask = g->nslots - 1;
    for (size_t i = addr_hash(o) & mask; g->slot[i] != 0; i = (i + 1) & mask)
        if (g->obj[g->slot[i] - 1] == o)
            return g->slot[i] - 1;
    return SIZE_MAX;
}

/* Append o to the growing C-library array *items (*n used of *cap,
 * first_cap when it is first made): 0, or 1 when out of memory (the
 * array is left as it was). */
static int
push_object(oh_object ***items, size_t *n, size_t *cap, size_t first_cap,
            oh_object *o)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : first_cap;
        oh_object **grown = realloc(*items, ncap * sizeof *grown);
        if (grown == NULL)
            return 1;
        *items = grown;
        *cap = ncap;
    }
    (*items)[(*n)++] = o;
    return 0;
}

static int
collect_node(void *p, int family, void *arg)
{
    refgraph *g = arg;
    oh_object *o = (oh_object *)(void *)((char *)p
                   + (family == OHI_FAMILY_GC ? sizeof(ohi_gc_head) : 0));
    if (o->type == &ohi_freed_type)
        return 0;
    if (OHI_IS_RESULT_LIST(o))
        return push_object(&g->hidden, &g->nhidden, &g->hidden_cap, 16, o);
    return push_object(&g->obj, &g->n, &g->cap, 1024, o);
}

/* Traverse's visitor, in two passes: count edges, then fill them. */
typedef struct edge_pass {
    refgraph *g;
    size_t src;
    bool fill;
    size_t *fwd_pos, *rev_pos;  /* next free place per node (fill pass) */
} edge_pass;

static int
visit_edge(oh_object *child, void *arg)
{
    edge_pass *e = arg;
    if (child == NULL)                  /* gc.c, C9 */
        return 0;
    size_t dst = node_of(e->g, child);
    if (dst == SIZE_MAX)
        return 0;
    if (!e->fill) {
        e->g->fwd_start[e->src + 1]++;
        e->g->rev_start[dst + 1]++;
        e->g->held[dst]++;
    }
    else {
        e->g->fwd[e->fwd_pos[e->src]++] = dst;
        e->g->rev[e->rev_pos[dst]++] = e->src;
    }
    return 0;
}

/* A result list's references: held, but no edges (RG1). */
static int
visit_hidden(oh_object *child, void *arg)
{
    refgraph *g = arg;
    size_t dst = node_of(g, child);
    if (dst != SIZE_MAX)
        g->held[dst]++;
    return 0;
}

static void
traverse_all(refgraph *g, edge_pass *e)
{
    for (size_t i = 0; i < g->n; i++) {
        const oh_type *t = g->obj[i]->type;
        if (t->traverse != NULL) {
            e->src = i;
            ohi_gc_traverse(g->obj[i], visit_edge, e,
                            "building the heap's reference graph");
        }
    }
}

/* Build the snapshot.  0, or -1 with MemoryError set. */
static int
graph_build(refgraph *g)
{
    memset(g, 0, sizeof *g);
    if (ohi_alloc_walk_objects(collect_node, g) != 0)
        goto nomem;
    g->nslots = 16;
    while (g->nslots < 2 * g->n + 2)
        g->nslots *= 2;
    g->slot = calloc(g->nslots, sizeof *g->slot);
    g->held = calloc(g->n + 1, sizeof *g->held);
    g->fwd_start = calloc(g->n + 1, sizeof *g->fwd_start);
    g->rev_start = calloc(g->n + 1, sizeof *g->rev_start);
    if (!g->slot || !g->held || !g->fwd_start || !g->rev_start)
        goto nomem;
    for (size_t i = 0; i < g->n; i++) {
        size_t k = addr_hash(g->obj[i]) & (g->nslots - 1);
        while (g->slot[k] != 0)
            k = (k + 1) & (g->nslots - 1);
        g->slot[k] = i + 1;
    }
    edge_pass e = {g, 0, false, NULL, NULL};
    traverse_all(g, &e);
    for (size_t i = 0; i < g->nhidden; i++)
        g->hidden[i]->type->traverse(g->hidden[i], visit_hidden, g);
    for (size_t i = 0; i < g->n; i++) {
        g->fwd_start[i + 1] += g->fwd_start[i];
        g->rev_start[i + 1] += g->rev_start[i];
    }
    g->nedges = g->fwd_start[g->n];
    g->fwd = malloc((g->nedges + 1) * sizeof *g->fwd);
    g->rev = malloc((g->nedges + 1) * sizeof *g->rev);
    e.fwd_pos = malloc((g->n + 1) * sizeof *e.fwd_pos);
    e.rev_pos = malloc((g->n + 1) * sizeof *e.rev_pos);
    if (!g->fwd || !g->rev || !e.fwd_pos || !e.rev_pos) {
        free(e.fwd_pos);
        free(e.rev_pos);
        goto nomem;
    }
    memcpy(e.fwd_pos, g->fwd_start, (g->n + 1) * sizeof *e.fwd_pos);
    memcpy(e.rev_pos, g->rev_start, (g->n + 1) * sizeof *e.rev_pos);
    e.fill = true;
    traverse_all(g, &e);
    free(e.fwd_pos);
    free(e.rev_pos);
    return 0;
nomem:
    graph_free(g);
    oh_err_no_memory();
    return -1;
}

static bool
is_root(const refgraph *g, size_t i)
{
    return (uintptr_t)g->obj[i]->refcnt > g->held[i];
}

/* ==========================================================================
 * The inspection's own results
 * ========================================================================== */

oh_object *
ohi_result_list_new(void)
{
    oh_object *l = oh_list_new();
    if (l != NULL)
        l->type = &ohi_list_result_type;    /* the same layout: a list */
    return l;
}

/* ==========================================================================
 * Back-reference chains
 * ========================================================================== */

oh_object *
oh_find_backref_chain(oh_object *obj)
{
    OHI_NOT_NULL(obj, NULL);
    refgraph g;
    if (graph_build(&g) < 0)
        return NULL;
    size_t target = node_of(&g, obj);
    size_t *parent = malloc((g.n + 1) * sizeof *parent);
    size_t *queue = malloc((g.n + 1) * sizeof *queue);
    if (parent == NULL || queue == NULL) {
        free(parent);
        free(queue);
        graph_free(&g);
        return oh_err_no_memory();
    }
    /* Multi-source breadth-first search from every root. */
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < g.n; i++) {
        parent[i] = SIZE_MAX;
        /* The caller holds the reference it passed in: that one is not
         * what keeps obj alive, so it does not make obj a root. */
        uintptr_t own = i == target ? 1 : 0;
        if ((uintptr_t)g.obj[i]->refcnt - own > g.held[i]) {
            parent[i] = i;
            queue[tail++] = i;
        }
    }
    while (head < tail && target != SIZE_MAX && parent[target] == SIZE_MAX) {
        size_t u = queue[head++];
        for (size_t k = g.fwd_start[u]; k < g.fwd_start[u + 1]; k++) {
            size_t v = g.fwd[k];
            if (parent[v] == SIZE_MAX) {
                parent[v] = u;
                queue[tail++] = v;
            }
        }
    }
    /* Walk back from the target, then build the list root first.  The
     * objects stay valid: nothing has been freed since the snapshot. */
    size_t len = 0;
    if (target != SIZE_MAX && parent[target] != SIZE_MAX)
        for (size_t v = target;; v = parent[v]) {
            queue[len++] = v;
            if (parent[v] == v)
                break;
        }
    oh_object *chain = ohi_result_list_new();
    for (size_t i = len; chain != NULL && i-- > 0;)
        if (oh_list_append(chain, g.obj[queue[i]]) < 0) {
            oh_decref(chain);
            chain = NULL;
        }
    free(parent);
    free(queue);
    graph_free(&g);
    return chain;
}

/* ==========================================================================
 * Object graphs as DOT
 * ========================================================================== */

/* Write `s` inside a DOT double-quoted string, at most `max` characters. */
static void
put_dot(FILE *f, const char *s, size_t max)
{
    size_t i = 0;
    for (; *s && i < max; s++, i++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else
            fputc(*s, f);
    }
    if (*s)
        fputs("...", f);
}

/* Traverse's visitor for put_label: collect what o refers to. */
typedef struct referents {
    oh_object **items;
    size_t n, cap;
    bool failed;
} referents;

static int
collect_referent(oh_object *child, void *arg)
{
    referents *r = arg;
    if (push_object(&r->items, &r->n, &r->cap, 16, child) != 0) {
        r->failed = true;
        return 1;
    }
    return 0;
}

static int
cmp_ptr(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)*(oh_object *const *)pa;
    uintptr_t b = (uintptr_t)*(oh_object *const *)pb;
    return (a > b) - (a < b);
}

/* How many distinct objects o refers to (immortals included: they are
 * objects, though not on the heap); SIZE_MAX when out of memory. */
static size_t
count_referents(oh_object *o)
{
    referents r = {NULL, 0, 0, false};
    o->type->traverse(o, collect_referent, &r);
    size_t distinct = 0;
    if (!r.failed) {
        qsort(r.items, r.n, sizeof *r.items, cmp_ptr);
        for (size_t i = 0; i < r.n; i++)
            distinct += i == 0 || r.items[i] != r.items[i - 1];
    }
    free(r.items);
    return r.failed ? SIZE_MAX : distinct;
}

static void
put_label(FILE *f, oh_object *o)
{
    fprintf(f, "label=\"");
    put_dot(f, oh_type_name(o), 40);
    fprintf(f, "\\n%p\\n", (void *)o);
    if (o->refcnt >= OH_IMMORTAL_REFCNT / 2)
        fprintf(f, "immortal");
    else
        fprintf(f, "refcount %" PRIdPTR, (intptr_t)o->refcnt);
    if (o->type->traverse == NULL) {
        /* No references: its value says what it is. */
        oh_object *r = oh_repr(o);
        if (r != NULL) {
            fputs("\\n", f);
            put_dot(f, oh_str_utf8(r, NULL), 40);
            oh_decref(r);
        }
        else {
            oh_err_clear();
        }
    }
    else {
        size_t n = count_referents(o);
        if (n != SIZE_MAX)
            fprintf(f, ", refers to %zu object%s", n, n == 1 ? "" : "s");
    }
    fputc('"', f);
}

/* Append "[i]" (or another name for where child sits) to buf, after a
 * comma when buf is not empty; at most three places are named. */
static void
add_place(char *buf, size_t len, size_t *nplaces, const char *fmt, ...)
    OH_PRINTF(4, 5);

static void
add_place(char *buf, size_t len, size_t *nplaces, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (++*nplaces > 3) {
        if (*nplaces == 4 && used + 5 < len)
            strcat(buf, ", ...");
        return;
    }
    if (used != 0 && used + 2 < len) {
        strcat(buf, ", ");
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* What `child` is to `parent`, for the edge's label (see "Object graphs"
 * above); "" when it cannot be told. */
static void
edge_label(oh_object *parent, oh_object *child, char *buf, size_t len)
{
    size_t nplaces = 0;
    buf[0] = '\0';
    switch (ohi_kind(parent)) {
    case OHI_KIND_LIST:
        for (int64_t i = 0; i < OHI_LIST(parent)->size; i++)
            if (OHI_LIST(parent)->items[i] == child)
                add_place(buf, len, &nplaces, "[%" PRId64 "]", i);
        return;
    case OHI_KIND_TUPLE:
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(parent); i++)
            if (OHI_TUPLE(parent)->items[i] == child)
                add_place(buf, len, &nplaces, "[%" PRId64 "]", i);
        return;
    case OHI_KIND_DICT:
        for (int64_t i = 0, n = ohi_dict_nentries(parent); i < n; i++) {
            oh_object *key, *value;
            if (ohi_dict_entry_at(parent, i, &key, &value) != 1)
                continue;
            if (key == child)
                add_place(buf, len, &nplaces, "key");
            if (value == child && key != NULL) {
                oh_object *r = oh_repr(key);
                if (r == NULL) {
                    oh_err_clear();
                    continue;
                }
                const char *text = oh_str_utf8(r, NULL);
                add_place(buf, len, &nplaces, "%.30s%s", text,
                          strlen(text) > 30 ? "..." : "");
                oh_decref(r);
            }
        }
        return;
    case OHI_KIND_INSTANCE:
        if (oh_instance_dict(parent) == child)
            add_place(buf, len, &nplaces, "__dict__");
        if (oh_instance_class(parent) == child)
            add_place(buf, len, &nplaces, "__class__");
        return;
    case OHI_KIND_OTHER:
        if (parent->type->flags & OHI_TYPE_PY)
            return;
        /* A program's own type: the field's offset, as offsetof says. */
        for (size_t off = sizeof(oh_object);
             off + sizeof(oh_object *) <= parent->type->basicsize;
             off += sizeof(oh_object *)) {
            oh_object *field;
            memcpy(&field, (char *)parent + off, sizeof field);
            if (field == child)
                add_place(buf, len, &nplaces, "+%zu", off);
        }
        return;
    default:
        return;
    }
}

/* Draw the edge parent -> child, with its label. */
static void
put_edge(FILE *f, const refgraph *g, size_t parent, size_t child)
{
    char label[160];
    edge_label(g->obj[parent], g->obj[child], label, sizeof label);
    fprintf(f, "  n%zu -> n%zu", parent, child);
    if (label[0] != '\0') {
        fprintf(f, " [label=\"");
        put_dot(f, label, sizeof label);
        fprintf(f, "\", fontsize=9]");
    }
    fprintf(f, ";\n");
}

int
oh_graph_write_dot(oh_object *const *objs, size_t n, oh_graph_direction dir,
                   int max_depth, const char *dot_path)
{
    OHI_NOT_NULL_ARRAY(objs, n, -1);
    if (dot_path == NULL || max_depth < 0
        || (dir != OH_GRAPH_REFERENTS && dir != OH_GRAPH_REFERRERS)) {
        oh_err_set(OH_ERR_VALUE, "oh_graph_write_dot: bad arguments (NULL "
                   "path, negative depth, or unknown direction)");
        return -1;
    }
    refgraph g;
    if (graph_build(&g) < 0)
        return -1;
    int *depth = malloc((g.n + 1) * sizeof *depth);
    size_t *queue = malloc((g.n + 1) * sizeof *queue);
    size_t *drawn = malloc((g.n + 1) * sizeof *drawn);
    FILE *f = (depth && queue && drawn) ? fopen(dot_path, "w") : NULL;
    if (f == NULL) {
        if (depth && queue && drawn)
            oh_err_format(OH_ERR_VALUE, "cannot write %s: %s", dot_path,
                          strerror(errno));
        else
            oh_err_no_memory();
        free(depth);
        free(queue);
        free(drawn);
        graph_free(&g);
        return -1;
    }
    const size_t *start = dir == OH_GRAPH_REFERENTS ? g.fwd_start
                                                    : g.rev_start;
    const size_t *adj = dir == OH_GRAPH_REFERENTS ? g.fwd : g.rev;
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < g.n; i++) {
        depth[i] = -1;
        drawn[i] = SIZE_MAX;    /* the node last drawn an edge with */
    }
    fprintf(f, "digraph objheap {\n  rankdir=%s;\n  node [shape=box, "
               "fontname=\"monospace\", fontsize=10];\n",
            dir == OH_GRAPH_REFERENTS ? "TB" : "BT");
    for (size_t i = 0; i < n; i++) {
        size_t v = node_of(&g, objs[i]);
        if (v == SIZE_MAX) {
            /* Not on the heap (an immortal): drawn alone. */
            fprintf(f, "  x%zu [style=filled, fillcolor=\"#fff3b0\", ", i);
            put_label(f, objs[i]);
            fprintf(f, "];\n");
        }
        else if (depth[v] < 0) {
            depth[v] = 0;
            queue[tail++] = v;
        }
    }
    while (head < tail) {
        size_t u = queue[head++];
        fprintf(f, "  n%zu [", u);
        if (depth[u] == 0)
            fprintf(f, "style=filled, fillcolor=\"#fff3b0\", ");
        if (is_root(&g, u))
            fprintf(f, "peripheries=2, ");
        put_label(f, g.obj[u]);
        fprintf(f, "];\n");
        for (size_t k = start[u]; k < start[u + 1]; k++) {
            size_t v = adj[k];
            if (depth[v] < 0 && depth[u] < max_depth) {
                depth[v] = depth[u] + 1;
                queue[tail++] = v;
            }
            /* One edge per pair, however many references it stands for
             * (its label names each place). */
            if (depth[v] >= 0 && drawn[v] != u) {
                drawn[v] = u;
                if (dir == OH_GRAPH_REFERENTS)
                    put_edge(f, &g, u, v);
                else
                    put_edge(f, &g, v, u);
            }
        }
    }
    fprintf(f, "}\n");
    int bad = ferror(f);
    int rc = fclose(f) != 0 || bad ? -1 : 0;
    if (rc < 0)
        oh_err_format(OH_ERR_VALUE, "cannot write %s", dot_path);
    free(depth);
    free(queue);
    free(drawn);
    graph_free(&g);
    return rc;
}

int
oh_graph_write_svg(oh_object *const *objs, size_t n, oh_graph_direction dir,
                   int max_depth, const char *dot_path, const char *svg_path)
{
    OHI_NOT_NULL_ARRAY(objs, n, -1);
    if (svg_path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_graph_write_svg: NULL SVG path");
        return -1;
    }
    if (oh_graph_write_dot(objs, n, dir, max_depth, dot_path) < 0)
        return -1;
    static char dot[] = "dot", tsvg[] = "-Tsvg", dash_o[] = "-o";
    char *argv[] = {dot, tsvg, (char *)(uintptr_t)dot_path, dash_o,
                    (char *)(uintptr_t)svg_path, NULL};
    return ohi_os_run(argv) == 0 ? 1 : 0;
}

/* ==========================================================================
 * What holds the objects a leak report finds (inspect.c)
 * ========================================================================== */

/* Write "type@address" for node v. */
static void
put_node(FILE *out, const refgraph *g, size_t v)
{
    fprintf(out, "%s@%p", oh_type_name(g->obj[v]), (void *)g->obj[v]);
}

/* Write the chain from its root to v, given each node's parent in the
 * search (a root is its own parent).  Long chains keep their two first
 * and three last links. */
static void
put_chain(FILE *out, const refgraph *g, const size_t *parent, size_t v,
          size_t *scratch)
{
    size_t len = 0;
    for (size_t u = v;; u = parent[u]) {
        scratch[len++] = u;
        if (parent[u] == u)
            break;
    }
    for (size_t i = len; i-- > 0;) {
        if (len > 6 && i == len - 3) {
            fprintf(out, " -> ... (%zu more)", len - 5);
            i = 2;
        }
        if (i != len - 1)
            fputs(" -> ", out);
        put_node(out, g, scratch[i]);
    }
}

static void
put_traceback(FILE *out, const oh_object *o)
{
    oh_traceback *tb = oh_trace_get_object_traceback(o);
    if (tb == NULL) {
        oh_err_clear();
        return;
    }
    for (size_t i = 0; i < tb->nframes; i++)
        fprintf(out, "objheap:     File \"%s\", line %d, in %s\n",
                tb->frames[i].filename, tb->frames[i].lineno,
                tb->frames[i].function);
    oh_traceback_free(tb);
}

/* One search from every root at once (as oh_find_backref_chain) gives
 * each held object the shortest chain to it and the root that reaches it
 * first; the table shows, for each of the census's first `max_rows` types,
 * the chain to the nearest object of that type, then the roots that hold
 * the most, with where each was allocated when tracing.  Every line begins
 * with "objheap: ".  0, or -1 with MemoryError (nothing printed). */
int
ohi_refgraph_print_holders(FILE *out, const oh_census *c, size_t max_rows,
                           size_t max_roots)
{
    refgraph g;
    if (graph_build(&g) < 0)
        return -1;
    size_t n = g.n;
    size_t *parent = malloc((n + 1) * sizeof *parent);
    size_t *owner = malloc((n + 1) * sizeof *owner);
    size_t *order = malloc((n + 1) * sizeof *order);
    size_t *held = calloc(n + 1, sizeof *held);
    size_t *held_bytes = calloc(n + 1, sizeof *held_bytes);
    size_t *scratch = malloc((n + 1) * sizeof *scratch);
    if (!parent || !owner || !order || !held || !held_bytes || !scratch) {
        free(parent);
        free(owner);
        free(order);
        free(held);
        free(held_bytes);
        free(scratch);
        graph_free(&g);
        oh_err_no_memory();
        return -1;
    }
    size_t head = 0, tail = 0, nroots = 0;
    for (size_t i = 0; i < n; i++) {
        parent[i] = SIZE_MAX;
        if (is_root(&g, i)) {
            parent[i] = owner[i] = i;
            order[tail++] = i;
            nroots++;
        }
    }
    while (head < tail) {
        size_t u = order[head++];
        held[owner[u]]++;
        held_bytes[owner[u]] += oh_getsizeof(g.obj[u]);
        for (size_t k = g.fwd_start[u]; k < g.fwd_start[u + 1]; k++) {
            size_t v = g.fwd[k];
            if (parent[v] == SIZE_MAX) {
                parent[v] = u;
                owner[v] = owner[u];
                order[tail++] = v;
            }
        }
    }
    /* The census's rows, each with the chain to its nearest object. */
    size_t rows = c->nrows < max_rows ? c->nrows : max_rows;
    fprintf(out, "objheap:   %-24s %9s %12s  %s\n", "type", "objects",
            "bytes", "the shortest chain that holds one (from a root)");
    for (size_t r = 0; r < rows; r++) {
        const oh_census_row *row = &c->rows[r];
        fprintf(out, "objheap:   %-24s %9zu %12zu  ", row->type_name,
                row->count, row->size);
        size_t v = SIZE_MAX;
        for (size_t i = 0; i < tail && v == SIZE_MAX; i++)
            if (strcmp(oh_type_name(g.obj[order[i]]), row->type_name) == 0)
                v = order[i];
        if (v == SIZE_MAX)
            fputs("(held by no root: in a cycle the collector cannot see)",
                  out);
        else if (parent[v] == v)
            fputs("itself a root", out);
        else
            put_chain(out, &g, parent, v, scratch);
        fputc('\n', out);
    }
    if (rows < c->nrows)
        fprintf(out, "objheap:   ... %zu more types\n", c->nrows - rows);
    fprintf(out, "objheap:   %-24s %9zu %12zu\n", "(all types)",
            c->total_count, c->total_size);
    /* The roots, those that hold the most first (selection: few are
     * shown). */
    if (nroots > 0)
        fprintf(out, "objheap: %zu root%s (held from outside the heap: a "
                "reference the program still keeps, or one it never "
                "dropped)%s\n", nroots, nroots == 1 ? "" : "s",
                nroots > max_roots ? "; those that hold the most:" : ":");
    bool traced = oh_trace_is_tracing();
    for (size_t shown = 0; shown < max_roots && shown < nroots; shown++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (parent[i] == i && held[i] != 0
                && (best == SIZE_MAX || held_bytes[i] > held_bytes[best]))
                best = i;
        if (best == SIZE_MAX)
            break;
        oh_object *o = g.obj[best];
        fprintf(out, "objheap:   ");
        put_node(out, &g, best);
        fprintf(out, ": %zu bytes, %" PRIdPTR " reference%s from outside "
                "the heap", oh_getsizeof(o), o->refcnt - (intptr_t)g.held[best],
                o->refcnt - (intptr_t)g.held[best] == 1 ? "" : "s");
        if (held[best] > 1)
            fprintf(out, "; %zu more object%s (%zu bytes) through it",
                    held[best] - 1, held[best] == 2 ? "" : "s",
                    held_bytes[best] - oh_getsizeof(o));
        fputc('\n', out);
        if (traced)
            put_traceback(out, o);
        held[best] = 0;         /* shown */
    }
    if (nroots > 0 && !traced)
        fprintf(out, "objheap: (trace allocations with oh_trace_start to "
                "see where each root was allocated)\n");
    if (tail < n)
        fprintf(out, "objheap: %zu object%s held by no root: in cycles "
                "the collector cannot see (a container type without "
                "OH_TYPE_CONTAINER or traverse, or an untracked "
                "container)\n", n - tail, n - tail == 1 ? " is" : "s are");
    free(parent);
    free(owner);
    free(order);
    free(held);
    free(held_bytes);
    free(scratch);
    graph_free(&g);
    return 0;
}
