/*
 * tree.c -- a program-defined object type: a tree node with a parent
 * pointer, built with nothing but objheap's public header.
 *
 *   build/examples/tree          (make examples)
 *
 * Each node holds a name (a str), a list of children, and a reference to
 * its parent.  A child and its parent therefore reference each other: the
 * tree is full of reference cycles, the kind reference counting alone
 * never frees and CPython's cycle collector exists for.  The type declares
 * what the collector needs, `traverse` (visit every reference a node
 * holds) and `clear` (drop them), and the default dealloc uses `clear`.
 * Dropping the root leaves the whole tree alive in its cycles; one
 * collection frees it, and the last lines check that every block came
 * back.  (tree_dispose shows the other way: breaking the cycles by hand.)
 */
#include "objheap.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct node {
    OH_OBJECT_HEAD;
    oh_object *name;            /* str */
    oh_object *children;        /* list of nodes */
    oh_object *parent;          /* node, or NULL for the root */
} node;

static int
node_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    node *n = (node *)self;
    OH_VISIT(n->name);
    OH_VISIT(n->children);
    OH_VISIT(n->parent);
    return 0;
}

static void
node_clear(oh_object *self)
{
    node *n = (node *)self;
    OH_CLEAR(n->parent);
    OH_CLEAR(n->children);
    OH_CLEAR(n->name);
}

static oh_object *
node_repr(oh_object *self)
{
    node *n = (node *)self;
    return oh_str_from_format("<node %s, %lld children>",
                              oh_str_utf8(n->name, NULL),
                              (long long)oh_list_size(n->children));
}

static const oh_type node_type = {
    .name = "node",
    .basicsize = sizeof(node),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_HASHABLE,
    .traverse = node_traverse,
    .clear = node_clear,
    .repr = node_repr,
};

/* A new node named `name` under `parent` (NULL for a root).  New
 * reference; NULL with an error set. */
static oh_object *
node_new(const char *name, oh_object *parent)
{
    oh_object *self = oh_object_new(&node_type);
    if (self == NULL)
        return NULL;
    node *n = (node *)self;
    n->name = oh_str_from_cstr(name);
    n->children = oh_list_new();
    if (n->name == NULL || n->children == NULL) {
        oh_decref(self);
        return NULL;
    }
    if (parent != NULL) {
        if (oh_list_append(((node *)parent)->children, self) < 0) {
            oh_decref(self);
            return NULL;
        }
        oh_incref(parent);
        n->parent = parent;
    }
    return self;
}

/* Count the nodes below and including `self`. */
static int
count_nodes(oh_object *self)
{
    int count = 1;
    node *n = (node *)self;
    for (int64_t i = 0; i < oh_list_size(n->children); i++)
        count += count_nodes(oh_list_get(n->children, i));
    return count;
}

/* A visit function for traverse: count the references a node holds. */
static int
count_visit(oh_object *o, void *arg)
{
    (*(int *)arg)++;
    return 0;
}

static void
print_tree(oh_object *self, int depth)
{
    node *n = (node *)self;
    oh_object *r = oh_repr(self);
    printf("%*s%s  refcount %ld, parent %s\n", 2 * depth, "",
           r ? oh_str_utf8(r, NULL) : "?", (long)oh_refcount(self),
           n->parent ? oh_str_utf8(((node *)n->parent)->name, NULL)
                     : "(none)");
    oh_xdecref(r);
    for (int64_t i = 0; i < oh_list_size(n->children); i++)
        print_tree(oh_list_get(n->children, i), depth + 1);
}

/* Break every child -> parent reference, so counting can free the tree
 * without the collector (which finds the cycles on its own). */
static void
tree_dispose(oh_object *self)
{
    node *n = (node *)self;
    for (int64_t i = 0; i < oh_list_size(n->children); i++)
        tree_dispose(oh_list_get(n->children, i));
    OH_CLEAR(n->parent);
}

static int
fail(const char *what)
{
    fprintf(stderr, "tree: %s: %s\n", what, oh_err_message());
    return 1;
}

int
main(void)
{
    size_t start = oh_alloc_blocks_in_use();
    oh_object *root = node_new("root", NULL);
    if (root == NULL)
        return fail("node_new");
    const char *names[] = {"usr", "etc", "home"};
    for (int i = 0; i < 3; i++) {
        oh_object *dir = node_new(names[i], root);
        if (dir == NULL)
            return fail("node_new");
        for (int j = 0; j < 2; j++) {
            char leaf[32];
            snprintf(leaf, sizeof leaf, "%s-%d", names[i], j);
            oh_object *f = node_new(leaf, dir);
            if (f == NULL)
                return fail("node_new");
            oh_decref(f);       /* its parent's list keeps it */
        }
        oh_decref(dir);
    }
    print_tree(root, 0);
    int refs = 0;
    node_traverse(root, count_visit, &refs);
    printf("\n%d nodes; the root holds %d references (name, children, "
           "no parent)\n", count_nodes(root), refs);
    printf("blocks in use: %zu\n", oh_alloc_blocks_in_use() - start);

    /* Each child references its parent: dropping the root leaves every
     * node alive in a cycle, which only the collector can free. */
    oh_decref(root);
    oh_object_clear_freelists();
    printf("after dropping the root: %zu blocks still in use (cycles)\n",
           oh_alloc_blocks_in_use() - start);
    long long found = (long long)oh_gc_collect(2);
    oh_object_clear_freelists();
    size_t left = oh_alloc_blocks_in_use() - start;
    printf("a full collection found %lld unreachable objects; %zu blocks "
           "in use\n", found, left);

    /* The other way: break the parent references by hand first. */
    root = node_new("root", NULL);
    oh_object *child = root ? node_new("child", root) : NULL;
    if (child == NULL)
        return fail("node_new");
    oh_decref(child);
    tree_dispose(root);
    oh_decref(root);
    oh_object_clear_freelists();
    left = oh_alloc_blocks_in_use() - start;
    printf("a tree whose cycles were broken by hand: %zu blocks in use\n",
           left);
    return left == 0 && found > 0 ? 0 : 1;
}
