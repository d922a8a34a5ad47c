/*
 * quickstart.c -- the README's tour of the API, as a program that runs.
 * `make test` builds and runs it, so the README cannot drift from the code.
 *
 *     cc quickstart.c $(pkg-config --cflags --libs objheap)
 */
#include <objheap.h>

#include <stdio.h>

static int
on_death(oh_object *ref, oh_object *data)
{
    (void)ref;
    printf("  weak reference callback: the %s died\n",
           oh_str_utf8(data, NULL));
    return 0;
}

int
main(void)
{
    /* 1. Raw memory with malloc's contract, from arenas, pools, blocks. */
    char *buf = oh_malloc(100);
    buf = oh_realloc(buf, 4000);
    oh_free(buf);

    /* 2. Objects: reference counted; the count reaching zero frees. */
    oh_object *list = oh_list_new();
    oh_object *item = oh_str_from_cstr("hello");
    if (list == NULL || item == NULL || oh_list_append(list, item) < 0)
        return 1;
    printf("refcount of the str: %ld\n", (long)oh_refcount(item));
    oh_decref(item);                            /* the list keeps it */
    printf("sizeof the list: %zu bytes (CPython: l = []; "
           "l.append('hello') gives 88)\n", oh_getsizeof(list));

    /* 3. Errors are recorded, as in CPython's C API. */
    if (oh_list_get(list, 99) == NULL) {
        printf("%s: %s\n", oh_err_kind_name(oh_err_occurred()),
               oh_err_message());
        oh_err_clear();
    }

    /* 4. A reference cycle: counting cannot free it; the collector can.
     * (Lists cannot be weakly referenced, as in Python: an instance.) */
    oh_object *Node = oh_class_new("Node", NULL);
    oh_object *node = oh_instance_new(Node);
    oh_object *name = oh_str_from_cstr("node");
    if (Node == NULL || node == NULL || name == NULL
        || oh_instance_setattr(node, "self", node) < 0)
        return 1;
    oh_object *ref = oh_weakref_new_data(node, on_death, name);
    if (ref == NULL)
        return 1;
    oh_decref(name);
    oh_decref(node);                            /* alive: it holds itself */
    printf("collected %lld unreachable objects\n",
           (long long)oh_gc_collect(2));
    oh_object *gone = oh_weakref_get(ref);
    printf("the weak reference now gives %s\n",
           gone == OH_NONE ? "None" : "an object");
    oh_decref(gone);
    oh_decref(ref);
    oh_decref(Node);

    /* 5. Where memory goes: trace, snapshot, compare. */
    oh_trace_start(1);
    oh_snapshot *before = oh_trace_take_snapshot();
    for (int i = 0; i < 100; i++) {
        oh_object *s = oh_str_from_format("entry %d", i);
        oh_list_append(list, s);
        oh_decref(s);
    }
    oh_snapshot *after = oh_trace_take_snapshot();
    oh_stat_diffs *d = oh_snapshot_compare_to(after, before,
                                              OH_STAT_LINENO, 0);
    printf("what grew, by line:\n");
    oh_stat_diffs_print(d, stdout, 3);
    oh_stat_diffs_free(d);
    oh_snapshot_free(before);
    oh_snapshot_free(after);
    oh_trace_stop();

    oh_decref(list);
    /* 6. Nothing left behind (OBJHEAP_REPORT=fail would exit 3 if so). */
    printf("live objects at the end: %zu\n", oh_shutdown());
    return 0;
}
