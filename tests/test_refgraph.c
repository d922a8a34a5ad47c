/*
 * test_refgraph.c -- back-reference chains and object graphs
 * (src/refgraph.c).  A chain must be a real chain (each object references
 * the next), start at a root, and be the shortest there is.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

typedef struct find {
    oh_object *want;
    bool found;
} find;

static int
look_for(oh_object *child, void *arg)
{
    find *f = arg;
    f->found |= child == f->want;
    return 0;
}

/* Does a reference b, according to a's type's traverse? */
static bool
references(oh_object *a, oh_object *b)
{
    find f = {b, false};
    if (a->type->traverse != NULL)
        a->type->traverse(a, look_for, &f);
    return f.found;
}

static void
check_is_chain(oh_object *chain, oh_object *target)
{
    int64_t n = oh_list_size(chain);
    cr_assert_geq(n, 1);
    cr_assert_eq(oh_list_get(chain, n - 1), target, "the chain ends at obj");
    for (int64_t i = 0; i + 1 < n; i++)
        cr_assert(references(oh_list_get(chain, i), oh_list_get(chain, i + 1)),
                  "link %lld of the chain is not a reference", (long long)i);
}

Test(backref, finds_the_shortest_chain_from_a_root)
{
    /* root1: dict -> list -> list -> target   (3 steps)
     * root2: list -> target                    (1 step)          */
    oh_object *target = oh_list_new();
    oh_object *root1 = oh_dict_new(), *a = oh_list_new(), *b = oh_list_new();
    oh_object *key = S("k");
    oh_dict_set(root1, key, a);
    oh_list_append(a, b);
    oh_list_append(b, target);
    oh_object *root2 = oh_list_new();
    oh_list_append(root2, target);
    oh_decref(a);
    oh_decref(b);
    oh_decref(key);
    oh_object *chain = oh_find_backref_chain(target);
    cr_assert_not_null(chain);
    check_is_chain(chain, target);
    cr_assert_eq(oh_list_size(chain), 2, "the shortest: root2 -> target");
    cr_assert_eq(oh_list_get(chain, 0), root2);
    oh_decref(chain);
    /* Without the short path, the long one is found. */
    oh_decref(root2);
    chain = oh_find_backref_chain(target);
    check_is_chain(chain, target);
    cr_assert_eq(oh_list_size(chain), 4);
    cr_assert_eq(oh_list_get(chain, 0), root1);
    oh_decref(chain);
    oh_decref(root1);
    oh_decref(target);
}

Test(backref, an_object_held_only_from_c_is_its_own_root)
{
    oh_object *t = oh_list_new();
    oh_object *extra = t;
    oh_incref(extra);           /* another C variable holds it */
    oh_object *chain = oh_find_backref_chain(t);
    cr_assert_eq(oh_list_size(chain), 1);
    cr_assert_eq(oh_list_get(chain, 0), t);
    oh_decref(chain);
    oh_decref(extra);
    oh_decref(t);
}

Test(backref, garbage_in_a_cycle_has_no_chain)
{
    oh_object *cycle = oh_list_new();
    oh_list_append(cycle, cycle);   /* held by itself and by us */
    oh_object *chain = oh_find_backref_chain(cycle);
    cr_assert_eq(oh_list_size(chain), 0, "no root keeps it alive");
    oh_decref(chain);
    oh_list_set(cycle, 0, OH_NONE);    /* break it by hand */
    oh_decref(cycle);
    cr_assert_null(oh_find_backref_chain(NULL));
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    oh_err_clear();
}

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* Node lines: those with a label that are not edges. */
static size_t
count_nodes(const char *dot)
{
    size_t n = 0;
    for (const char *line = dot; *line != '\0';) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *label = memmem(line, len, "label=", 6);
        if (label != NULL && memmem(line, len, "->", 2) == NULL)
            n++;
        line += len + (end != NULL);
    }
    return n;
}

static char *
read_dot(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char *dot = NULL;
    size_t cap = 0;
    cr_assert_gt(getdelim(&dot, &cap, '\0', f), 0);
    fclose(f);
    return dot;
}

Test(graph, dot_of_referents_and_referrers)
{
    oh_object *top = oh_list_new(), *mid = oh_list_new();
    oh_object *leaf = S("leaf \"quoted\"");
    oh_list_append(top, mid);
    oh_list_append(mid, leaf);
    char path[] = "/tmp/objheap-graph-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    oh_object *objs[] = {top};
    cr_assert_eq(oh_graph_write_dot(objs, 1, OH_GRAPH_REFERENTS, 5, path), 0);
    FILE *f = fopen(path, "r");
    char *dot = NULL;
    size_t cap = 0;
    cr_assert_gt(getdelim(&dot, &cap, '\0', f), 0);
    fclose(f);
    cr_assert_eq(strncmp(dot, "digraph objheap {", 17), 0);
    cr_assert_eq(count(dot, "->"), 2, "top -> mid -> leaf:\n%s", dot);
    cr_assert_eq(count_nodes(dot), 3);
    cr_assert_not_null(strstr(dot, "'leaf \\\"quoted\\\"'"), "quotes escaped:"
                       "\n%s", dot);
    free(dot);
    /* Depth 1 stops at mid. */
    cr_assert_eq(oh_graph_write_dot(objs, 1, OH_GRAPH_REFERENTS, 1, path), 0);
    f = fopen(path, "r");
    dot = NULL;
    cr_assert_gt(getdelim(&dot, &cap, '\0', f), 0);
    fclose(f);
    cr_assert_eq(count_nodes(dot), 2);
    free(dot);
    /* Referrers of the leaf: mid, then top. */
    oh_object *leaves[] = {leaf};
    cr_assert_eq(oh_graph_write_dot(leaves, 1, OH_GRAPH_REFERRERS, 5, path),
                 0);
    f = fopen(path, "r");
    dot = NULL;
    cr_assert_gt(getdelim(&dot, &cap, '\0', f), 0);
    fclose(f);
    cr_assert_eq(count(dot, "->"), 2);
    free(dot);
    char svg[64];
    snprintf(svg, sizeof svg, "%s.svg", path);
    int rc = oh_graph_write_svg(objs, 1, OH_GRAPH_REFERENTS, 5, path, svg);
    cr_assert_geq(rc, 0);
    if (rc == 1) {              /* Graphviz is installed */
        static char xmllint[] = "xmllint", noout[] = "--noout";
        char *argv[] = {xmllint, noout, svg, NULL};
        cr_assert_eq(ohi_os_run(argv), 0, "dot's SVG is well-formed XML");
        unlink(svg);
    }
    unlink(path);
    cr_assert_eq(oh_graph_write_dot(objs, 1, OH_GRAPH_REFERENTS, -1, path),
                 -1);
    oh_err_clear();
    cr_assert_eq(oh_graph_write_dot(NULL, 1, OH_GRAPH_REFERENTS, 1, path),
                 -1);
    oh_err_clear();
    oh_decref(top);
    oh_decref(mid);
    oh_decref(leaf);
}

/* A program's own type with two object fields, for edges by offset. */
typedef struct pair {
    oh_object ob_base;
    oh_object *first;           /* offset 16 */
    oh_object *second;          /* offset 24 */
} pair;

static int
pair_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(((pair *)(void *)o)->first);
    OH_VISIT(((pair *)(void *)o)->second);
    return 0;
}

static void
pair_clear(oh_object *o)
{
    OH_CLEAR(((pair *)(void *)o)->first);
    OH_CLEAR(((pair *)(void *)o)->second);
}

static const oh_type pair_type = {
    .name = "pair",
    .basicsize = sizeof(pair),
    .flags = OH_TYPE_CONTAINER,
    .traverse = pair_traverse,
    .clear = pair_clear,
};

/* Each edge says what the child is to its parent; each node how many
 * objects it refers to, and its reference count. */
Test(graph, edges_say_what_the_child_is)
{
    oh_object *s = S("shared");
    oh_object *l = oh_list_new();
    oh_list_append(l, OH_NONE);
    oh_list_append(l, s);
    oh_list_append(l, s);
    oh_object *d = oh_dict_new();
    oh_dict_set(d, S("name"), s);
    oh_object *Cls = oh_class_new("Thing", NULL);
    oh_object *inst = oh_instance_new(Cls);
    oh_instance_setattr(inst, "colour", s);
    pair *p = (pair *)(void *)oh_object_new(&pair_type);
    cr_assert_not_null(p);
    p->first = s;
    p->second = l;
    oh_incref(s);
    oh_incref(l);
    char path[] = "/tmp/objheap-edges-XXXXXX";
    close(mkstemp(path));
    oh_object *objs[] = {l, d, inst, &p->ob_base};
    cr_assert_eq(oh_graph_write_dot(objs, 4, OH_GRAPH_REFERENTS, 2, path), 0,
                 "%s", oh_err_message());
    char *dot = read_dot(path);
    cr_assert_not_null(strstr(dot, "[label=\"[1], [2]\""), "list index, "
                       "once per pair:\n%s", dot);
    cr_assert_not_null(strstr(dot, "[label=\"'name'\""), "dict key:\n%s",
                       dot);
    cr_assert_not_null(strstr(dot, "[label=\"__dict__\""), "%s", dot);
    cr_assert_not_null(strstr(dot, "[label=\"__class__\""), "%s", dot);
    cr_assert_not_null(strstr(dot, "[label=\"'colour'\""), "%s", dot);
    cr_assert_not_null(strstr(dot, "[label=\"+16\""), "%s", dot);
    cr_assert_not_null(strstr(dot, "[label=\"+24\""), "%s", dot);
    /* The list: None and s, twice: two objects; refcount 2 (the pair's
     * and ours). */
    cr_assert_not_null(strstr(dot, "refcount 2, refers to 2 objects"),
                       "%s", dot);
    cr_assert_null(strstr(dot, " references"), "no count that reads as a "
                   "reference count:\n%s", dot);
    free(dot);
    unlink(path);
    oh_decref(&p->ob_base);
    oh_decref(inst);
    oh_decref(Cls);
    oh_decref(d);
    oh_decref(l);
    oh_decref(s);
}

/* The lists the inspection calls return are left out: a chain kept by
 * the caller is no root of the next chain, and no referrer in a graph. */
Test(graph, the_inspections_own_lists_are_left_out)
{
    oh_object *holder = oh_list_new();
    oh_object *obj = S("held");
    oh_list_append(holder, obj);
    oh_object *chain1 = oh_find_backref_chain(obj);
    cr_assert_eq(oh_list_size(chain1), 2, "holder -> obj");
    oh_object *all = oh_census_by_type("str");
    cr_assert_not_null(all);
    oh_object *chain2 = oh_find_backref_chain(obj);
    cr_assert_eq(oh_list_size(chain2), 2, "the first chain is no root");
    cr_assert_eq(oh_list_get(chain2, 0), holder);
    char path[] = "/tmp/objheap-own-XXXXXX";
    close(mkstemp(path));
    oh_object *objs[] = {obj};
    cr_assert_eq(oh_graph_write_dot(objs, 1, OH_GRAPH_REFERRERS, 3, path), 0);
    char *dot = read_dot(path);
    cr_assert_eq(count(dot, "->"), 1, "only the holder refers to it:\n%s",
                 dot);
    cr_assert_eq(count_nodes(dot), 2, "%s", dot);
    free(dot);
    unlink(path);
    oh_decref(chain1);
    oh_decref(chain2);
    oh_decref(all);
    oh_decref(holder);
    oh_decref(obj);
}
