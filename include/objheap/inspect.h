/*
 * objheap/inspect.h -- seeing the heap: census, growth, back-reference
 * chains, object graphs, the heap map, leak reports.
 * ===========================================================================
 * Section: inspect.  Results are plain structures freed with the matching
 * oh_*_free; objects in them are borrowed unless a comment says otherwise.
 *
 * The census walks the allocator's object pools, so it sees every live
 * object on the heap, whether the collector tracks it or not (CPython's
 * gc.get_objects lists tracked containers only).  Statically allocated
 * immortals (None, True, False, the small ints) are not on the heap and are
 * not counted.
 */
#ifndef OBJHEAP_INSPECT_H
#define OBJHEAP_INSPECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- Census (objgraph's count, by_type, show_growth) ----------------------- */

typedef struct oh_census_row {
    const char *type_name;      /* owned by the census */
    size_t count;               /* live objects of the type */
    size_t size;                /* their oh_getsizeof, summed */
} oh_census_row;

typedef struct oh_census {
    size_t nrows;
    oh_census_row *rows;        /* biggest total size first */
    size_t total_count;
    size_t total_size;
} oh_census;

/* Count every live object by type.  NULL with MemoryError. */
OH_API oh_census *oh_census_take(void);
OH_API void oh_census_free(oh_census *c);
/* The row for a type name, or NULL. */
OH_API const oh_census_row *oh_census_find(const oh_census *c,
                                           const char *type_name);
/* "type  count  bytes" lines, the first `limit` rows (0: all). */
OH_API void oh_census_print(const oh_census *c, FILE *out, size_t limit);

/* objgraph's by_type: a new list of every live object whose type is named
 * type_name (of every type that has that name), in heap order.  The list
 * is the inspection's own: censuses, chains and graphs leave it out, so
 * holding it changes no later answer.  NULL with an error (TypeError for
 * a NULL name, MemoryError). */
OH_API oh_object *oh_census_by_type(const char *type_name);
/* objgraph's count: how many live objects have a type named type_name
 * (0 for NULL).  The same figure as oh_census_find's row, without taking
 * a whole census. */
OH_API size_t oh_census_count(const char *type_name);

typedef struct oh_growth_row {
    const char *type_name;      /* owned by the result */
    size_t count;               /* in the newer census */
    int64_t delta;              /* newer minus older; never 0 here */
} oh_growth_row;

typedef struct oh_growth {
    size_t nrows;
    oh_growth_row *rows;        /* biggest increase first, then decreases */
} oh_growth;

/* The types whose count changed between two censuses (objgraph's
 * show_growth lists the increases; decreases follow them here). */
OH_API oh_growth *oh_census_growth(const oh_census *now,
                                   const oh_census *old);
OH_API void oh_growth_free(oh_growth *g);
/* "type  count  +delta" lines, the first `limit` rows (0: all). */
OH_API void oh_growth_print(const oh_growth *g, FILE *out, size_t limit);

/* -- Who keeps what alive: back-reference chains, object graphs ----------- */

/* The shortest chain of references that keeps obj alive (objgraph's
 * find_backref_chain): a new list [root, ..., obj], where the root is an
 * object referenced from outside the heap (its count exceeds the
 * references other heap objects hold to it: a local variable, a global, a
 * C structure).  The caller's own reference to obj (the one it passes) is
 * not counted.  [obj] when obj is itself such a root; an empty list when
 * no root reaches it (it is garbage, in a cycle).  NULL with an error
 * (MemoryError; SystemError for NULL). */
OH_API oh_object *oh_find_backref_chain(oh_object *obj);

typedef enum oh_graph_direction {
    OH_GRAPH_REFERENTS,         /* follow references out of the objects */
    OH_GRAPH_REFERRERS          /* go back to the objects that hold them */
} oh_graph_direction;

/* Write the graph around objs[0..n-1] as Graphviz DOT: every object
 * within max_depth steps in the given direction, each labelled with its
 * type, address and reference count, and either how many objects it
 * refers to or, for objects that hold no references, its value.  Each
 * edge is labelled with what the child is to its parent: "[3]" in a list
 * or tuple, the key in a dict, "__dict__" or "__class__" of an instance,
 * the field's offset in a program's own type.  The starting objects are
 * shaded; roots (see oh_find_backref_chain) have a double border.  The
 * inspection's own result lists are not drawn.  0, or -1 with an error. */
OH_API int oh_graph_write_dot(oh_object *const *objs, size_t n,
                              oh_graph_direction dir, int max_depth,
                              const char *dot_path);
/* The same, then rendered to SVG with Graphviz's dot when it is installed
 * (`make tools`): 1 if the SVG was written, 0 if only the DOT file was, -1
 * with an error. */
OH_API int oh_graph_write_svg(oh_object *const *objs, size_t n,
                              oh_graph_direction dir, int max_depth,
                              const char *dot_path, const char *svg_path);

/* -- The heap map ---------------------------------------------------------- */

/* Write the allocator's arenas as an SVG picture: one row per arena, oldest
 * first; in an arena of pools one cell per pool, coloured by size class
 * and shaded by how full the pool is; in a medium arena (blocks of 513
 * bytes to 120 KiB) one cell per span, as wide as its 16 KiB units,
 * coloured by medium class on a scale of its own and shaded the same way.
 * Empty and untouched pools and units are marked, each row ends with its
 * arena's blocks in use, and the legend gives the colour scales' values.
 * Arenas given back but kept mapped for reuse (warm, until the retain
 * delay of oh_alloc_set_retain has passed) follow, a dashed row each.
 * Each cell's tooltip gives its numbers and, for objects, the types that
 * fill it, most first.  With `png_path` non-NULL, also convert it to PNG
 * when a converter (rsvg-convert, or ImageMagick's convert) is installed;
 * returns 1 if the PNG was written, 0 if only the SVG was, -1 with an
 * error. */
OH_API int oh_heapmap_write_svg(const char *svg_path, const char *png_path);

/* Save the heap's layout (types included) to a file, to render later
 * (`objheap heapmap`). */
OH_API int oh_heapmap_dump(const char *path);
/* Render a saved layout as SVG (and PNG, as above). */
OH_API int oh_heapmap_render(const char *layout_path, const char *svg_path,
                             const char *png_path);

/* -- Leak reports ---------------------------------------------------------- */

/* The leak report.  First full collections run, finalizers and weak
 * reference callbacks included, until one frees nothing, and the free
 * lists are emptied: a cycle the program dropped is not a leak.  Then it
 * prints (to `out`, when not NULL) what is still held, the leak: each type
 * with its count, its bytes and the shortest chain of references from a
 * root to one of its objects, then the roots (objects referenced from
 * outside the heap: a variable the program keeps, or a reference it never
 * dropped) with, when tracing, where each was allocated.  Last, for
 * information, what only those collections freed (cycles the program left
 * to the collector), by type.  Every line starts with "objheap: "; with
 * nothing held the first line is "objheap: 0 live objects (0 bytes)".
 * Returns the number of objects still held.  The error indicator is left
 * as it was. */
OH_API size_t oh_leak_report(FILE *out);

/* A program's last call into objheap.  With OBJHEAP_REPORT set in the
 * environment, prints oh_leak_report to stderr, and with
 * OBJHEAP_REPORT=fail, exits the process with status 3 if any object is
 * still held after the report's collections (objects those collections
 * freed do not count: for test suites that must not leak).  Stops
 * tracing.  Returns the number of objects still held.  With
 * OBJHEAP_REPORT set at start-up, it also runs at exit, unless the
 * program has called it: a program gets one report. */
OH_API size_t oh_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_INSPECT_H */
