/*
 * parse_main.c -- the parser's test driver: parse a file, print what
 * CPython 3.11's ast.dump or SyntaxError would show.
 *
 *   parse_main [-i] [-a] [-m] FILE [exec|eval|single]
 *
 * The mode defaults to the file name's: NAME.eval.py is parsed as an
 * expression, NAME.single.py as an interactive statement, anything else
 * as a module.  Output, one of:
 *
 *   Module(body=[...], type_ignores=[])          ast.dump of the tree
 *   SyntaxError: msg (lineno, offset, end_lineno, end_offset)
 *   SyntaxError: msg (None, None, None, None)    an error with no place
 *   MemoryError: msg                             any other error
 *
 * expect.py prints the same from python3.  With -i (the default for
 * NAME.repl.single.py) py_parse is asked whether more input could
 * complete the statement, as the interactive prompt asks, and a line
 * "incomplete" follows when it says so.  With -a (the default for
 * NAME.attrs.py) the tree is printed as ast.dump(tree,
 * include_attributes=True) prints it: the nodes' positions.
 *
 * The file is parsed twice and the allocator's block count compared
 * after each (the first run warms the interned-string table and the
 * like): a difference is a leak, reported on stderr with exit status 2.
 *
 * With -m (out of memory) the parse is then repeated failing each of its
 * allocations in turn (oh_alloc_set_fail), once with only that one
 * failing and once with every later one failing too: each run must end
 * in a tree or an error, and leave the block count where it was.
 */
#include "py/py.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stubs.h"

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *b = realloc(buf, cap * 2);
        if (b == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = b;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return buf;
}

static py_parse_mode
mode_of(const char *path, const char *arg)
{
    const char *m = arg;
    if (m == NULL) {
        size_t n = strlen(path);
        if (n > 8 && strcmp(path + n - 8, ".eval.py") == 0)
            m = "eval";
        else if (n > 10 && strcmp(path + n - 10, ".single.py") == 0)
            m = "single";
        else
            m = "exec";
    }
    if (strcmp(m, "eval") == 0)
        return PY_MODE_EVAL;
    if (strcmp(m, "single") == 0)
        return PY_MODE_SINGLE;
    return PY_MODE_EXEC;
}

/* Parse once; print the result when `print`. */
static int attrs;                      /* -a */
static int oom;                        /* -m */

static void
parse_once(const char *src, size_t len, py_parse_mode mode, int ask,
           int print)
{
    oh_object *filename = oh_str_from_cstr("<test>");
    py_arena *arena = py_arena_new();
    int incomplete = 0;
    py_mod *mod = NULL;
    if (filename != NULL && arena != NULL)
        mod = py_parse(arena, src, len, filename, mode,
                       ask ? &incomplete : NULL);
    oh_object *text = mod != NULL ? py_ast_dump_attrs(mod, attrs) : NULL;
    if (print) {
        if (text != NULL) {
            printf("%s\n", oh_str_utf8(text, NULL));
        }
        else if (stub_err.type != NULL && stub_err.has_location
                 && stub_err.lineno == 0 && stub_err.offset == -1) {
            /* A coding declaration's error: no end (the parser passes
             * 0, which exceptions.c stores as None there). */
            printf("%s: %s (0, -1, None, None)\n", stub_err.type->tp_name,
                   stub_err.msg);
        }
        else if (stub_err.type != NULL && stub_err.has_location) {
            printf("%s: %s (%d, %d, %d, %d)\n", stub_err.type->tp_name,
                   stub_err.msg, stub_err.lineno, stub_err.offset,
                   stub_err.end_lineno, stub_err.end_offset);
        }
        else if (stub_err.type != NULL
                 && (stub_err.type == PY_EXC(SyntaxError)
                     || stub_err.type == PY_EXC(IndentationError))) {
            printf("%s: %s (None, None, None, None)\n",
                   stub_err.type->tp_name, stub_err.msg);
        }
        else if (stub_err.type != NULL) {
            printf("%s: %s\n", stub_err.type->tp_name, stub_err.msg);
        }
        else {
            printf("%s: %s\n", oh_err_kind_name(oh_err_occurred()),
                   oh_err_message());
        }
        if (incomplete)
            printf("incomplete\n");
    }
    if (text != NULL)
        oh_decref(text);
    py_err_clear();
    py_arena_free(arena);
    if (filename != NULL)
        oh_decref(filename);
}

int
main(int argc, char **argv)
{
    int ask = 0;
    while (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
        if (strcmp(argv[1], "-i") == 0)
            ask = 1;
        else if (strcmp(argv[1], "-a") == 0)
            attrs = 1;
        else if (strcmp(argv[1], "-m") == 0)
            oom = 1;
        argv++;
        argc--;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: parse_main [-i] [-a] [-m] FILE "
                "[exec|eval|single]\n");
        return 1;
    }
    size_t len;
    char *src = read_file(argv[1], &len);
    if (src == NULL) {
        perror(argv[1]);
        return 1;
    }
    size_t n = strlen(argv[1]);
    if (n > 15 && strcmp(argv[1] + n - 15, ".repl.single.py") == 0)
        ask = 1;
    if (n > 9 && strcmp(argv[1] + n - 9, ".attrs.py") == 0)
        attrs = 1;
    py_parse_mode mode = mode_of(argv[1], argc > 2 ? argv[2] : NULL);
    parse_once(src, len, mode, ask, 1);
    size_t before = oh_alloc_blocks_in_use();
    parse_once(src, len, mode, ask, 0);
    size_t after = oh_alloc_blocks_in_use();
    if (after != before) {
        fprintf(stderr, "%s: LEAK: %zu blocks before, %zu after\n", argv[1],
                before, after);
        free(src);
        return 2;
    }
    if (oom) {
        oh_alloc_set_fail(~0UL, 0);
        parse_once(src, len, mode, ask, 0);
        unsigned long total = oh_alloc_fail_counter();
        oh_alloc_set_fail(0, 0);
        for (int every = 0; every < 2; every++) {
            for (unsigned long k = 1; k <= total; k++) {
                oh_alloc_set_fail(k, every);
                parse_once(src, len, mode, ask, 0);
                oh_alloc_set_fail(0, 0);
                after = oh_alloc_blocks_in_use();
                if (after != before) {
                    fprintf(stderr, "%s: LEAK after failing allocation %lu "
                            "(every=%d): %zu blocks before, %zu after\n",
                            argv[1], k, every, before, after);
                    free(src);
                    return 2;
                }
            }
        }
        fprintf(stderr, "%s: %lu allocations failed in turn, no leak\n",
                argv[1], total);
    }
    free(src);
    return 0;
}
