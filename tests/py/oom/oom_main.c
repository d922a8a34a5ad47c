/*
 * oom_main.c -- fail each allocation of a Python workload in turn.
 *
 *   oom_main FILE.py
 *
 * FILE.py defines run(), a workload (str, bytes and formatting methods,
 * here).  The driver starts the interpreter, runs FILE.py, calls run()
 * twice to warm the caches it fills once (interned strs, attribute
 * caches, free lists), counts the allocations a third call makes, then for
 * n = 1, 2, ... calls run() again with the nth allocation failing
 * (oh_alloc_set_fail).  Each call must either succeed (when the nth
 * allocation never came, which ends the loop) or raise MemoryError --
 * never another exception, never crash -- and once the collector has run
 * the heap must hold no more blocks than before: a failed call leaks
 * nothing.
 *
 * Exit status 0 when every failure was clean, 1 when one was not (each is
 * described on stderr), 2 on a usage error or when run() fails by itself.
 *
 * Built by tests/py/oom/run.sh against the interpreter's objects under
 * AddressSanitizer and UndefinedBehaviorSanitizer, which also catch a use
 * after free or an overrun on any error path.
 */
#include <objheap.h>
#include <objheap/py.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf != NULL && (got = fread(buf + n, 1, cap - 1 - n, f)) > 0) {
        n += got;
        if (n == cap - 1) {
            char *p = realloc(buf, cap *= 2);
            if (p == NULL)
                free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[n] = '\0';
    return buf;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: oom_main FILE.py\n");
        return 2;
    }
    char *source = read_file(argv[1]);
    if (source == NULL) {
        perror(argv[1]);
        return 2;
    }
    char *pargv[] = {argv[0], NULL};
    if (oh_py_init(1, pargv) < 0
        || oh_py_run_string(source, argv[1]) < 0) {
        oh_py_print_error();
        free(source);
        return 2;
    }
    free(source);
    const char *call = "run()\n";
    for (int i = 0; i < 2; i++) {
        if (oh_py_run_string(call, "<run>") < 0) {
            oh_py_print_error();
            return 2;
        }
    }
    oh_alloc_set_fail((unsigned long)-1 / 2, 0);
    oh_py_run_string(call, "<run>");
    unsigned long total = oh_alloc_fail_counter();
    oh_alloc_set_fail(0, 0);
    oh_gc_collect(2);
    size_t base = oh_alloc_blocks_in_use();
    int bad = 0;
    unsigned long n;
    for (n = 1;; n++) {
        oh_alloc_set_fail(n, 0);
        int rc = oh_py_run_string(call, "<run>");
        unsigned long made = oh_alloc_fail_counter();
        oh_alloc_set_fail(0, 0);
        if (rc < 0) {
            oh_object *e = oh_py_err_fetch();
            const char *name = e != NULL ? e->type->name : "no exception";
            if (e == NULL || strcmp(name, "MemoryError") != 0) {
                oh_object *r = e != NULL ? oh_repr(e) : NULL;
                fprintf(stderr, "allocation %lu: %s instead of "
                        "MemoryError: %s\n", n, name,
                        r != NULL ? oh_str_utf8(r, NULL) : "");
                oh_xdecref(r);
                bad++;
            }
            oh_xdecref(e);
        }
        oh_gc_collect(2);
        size_t now = oh_alloc_blocks_in_use();
        if (now > base) {
            fprintf(stderr, "allocation %lu: %zu blocks leaked\n", n,
                    now - base);
            bad++;
            base = now;
        }
        if (rc == 0 && made < n)
            break;
    }
    printf("%s: %lu allocations in a run, each failed in turn: %s\n",
           argv[1], total, bad ? "NOT CLEAN" : "clean");
    oh_py_fini();
    return bad ? 1 : 0;
}
