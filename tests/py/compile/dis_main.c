/*
 * dis_main.c -- the compiler's test driver: parse a file, compile it,
 * print the code objects as `python3 -m dis` would.
 *
 *   dis_main [-m exec|eval|single] FILE      the listing (py_code_disassemble)
 *   dis_main -s SEXP ... FILE                compile python3's tree of FILE,
 *                                            as ast2sexp.py wrote it to SEXP,
 *                                            instead of parsing FILE
 *   dis_main -i [-m MODE] FILE               one line per code object: its
 *                                            properties, as info.py prints
 *                                            python3's
 *   dis_main -p [-m MODE] FILE               the positions of the
 *                                            instructions positions.py
 *                                            compares with python3's
 *   dis_main -e [-m MODE] FILE               "ok", or the error compiling
 *                                            raised (class, message,
 *                                            position) -- errors.py compares
 *                                            these with python3's
 *   dis_main --oom [-m MODE] FILE            fail each allocation of the
 *                                            compilation in turn: each must
 *                                            fail cleanly, leaking nothing
 *
 * Exit status 0 on success (and for -e whatever happened), 1 when the
 * compilation failed, 2 on a usage or I/O error, 3 when --oom found a
 * leak or a failure without an error.
 *
 * Built by tests/py/compile/build.sh against build/asan/libobjheap.a (the
 * library holds the interpreter), under AddressSanitizer and
 * UndefinedBehaviorSanitizer.
 */
#include "astload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (p == NULL) {
                free(buf);
                buf = NULL;
            }
            buf = p;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* What to compile: source, or a tree loaded from ast2sexp.py's text. */
typedef struct input {
    const char *src;
    size_t len;
    const char *path;
    int mode;
    py_mod *mod;                        /* or NULL: parse src */
    py_arena *arena;
} input;

/* Compile once: the code object or NULL with the error set. */
static oh_object *
compile(const input *in)
{
    oh_object *filename = oh_str_from_cstr(in->path);
    if (filename == NULL)
        return NULL;
    oh_object *co;
    if (in->mod != NULL)
        co = py_compile_ast(in->mod, filename, in->arena);
    else
        co = py_compile_source(in->src, in->len, filename, in->mode);
    oh_decref(filename);
    return co;
}

/* Print the pending exception as errors.py reads it: "Class: msg (file,
 * line L, offset O, end EL EO, text T)" for a SyntaxError, "Class: msg"
 * otherwise; then clear it. */
static void
print_error(void)
{
    oh_object *exc = py_err_fetch();
    if (exc == NULL)
        return;
    const char *cls = PY_TYPE(exc)->tp_name;
    oh_object *s = py_str(exc);
    if (!py_is_instance(exc, PY_EXC(SyntaxError))) {
        printf("%s: %s\n", cls, s ? oh_str_utf8(s, NULL) : "?");
        oh_xdecref(s);
        oh_decref(exc);
        py_err_clear();
        return;
    }
    static const char *const attrs[] = {
        "msg", "filename", "lineno", "offset", "end_lineno", "end_offset",
        "text"
    };
    oh_object *v[7];
    for (int i = 0; i < 7; i++) {
        oh_object *a = py_getattr_cstr(exc, attrs[i]);
        v[i] = a ? py_str(a) : NULL;
        oh_xdecref(a);
        py_err_clear();
    }
    printf("%s: %s (%s, line %s, offset %s, end %s %s, text %s)\n", cls,
           v[0] ? oh_str_utf8(v[0], NULL) : "?",
           v[1] ? oh_str_utf8(v[1], NULL) : "?",
           v[2] ? oh_str_utf8(v[2], NULL) : "?",
           v[3] ? oh_str_utf8(v[3], NULL) : "?",
           v[4] ? oh_str_utf8(v[4], NULL) : "?",
           v[5] ? oh_str_utf8(v[5], NULL) : "?",
           v[6] ? oh_str_utf8(v[6], NULL) : "?");
    for (int i = 0; i < 7; i++)
        oh_xdecref(v[i]);
    oh_xdecref(s);
    oh_decref(exc);
}

/* The properties of co and its nested code objects, one line each, in
 * the order dis recurses (info.py prints python3's the same way). */
static void
print_info(const py_code *co)
{
    printf("%s flags=0x%x args=%d/%d/%d stack=%d line=%d locals=",
           oh_str_utf8(co->qualname, NULL), (unsigned)co->flags,
           co->argcount, co->posonlyargcount, co->kwonlyargcount,
           co->stacksize, co->firstlineno);
    for (int i = 0; i < co->nlocalsplus; i++) {
        uint8_t k = co->localspluskinds[i];
        printf("%s%s:%s%s%s", i ? "," : "",
               oh_str_utf8(OHI_TUPLE(co->localsplusnames)->items[i], NULL),
               (k & PY_LOCAL_PLAIN) ? "L" : "", (k & PY_LOCAL_CELL) ? "C" : "",
               (k & PY_LOCAL_FREE) ? "F" : "");
    }
    printf("\n");
    for (intptr_t i = 0; i < OHI_TUPLE_SIZE(co->consts); i++) {
        oh_object *c = OHI_TUPLE(co->consts)->items[i];
        if (c->type == &PY_T(code)->ot)
            print_info((const py_code *)(const void *)c);
    }
}

/* The instructions whose positions tracebacks can show, named as
 * python3 names them (positions.py keeps the same set). */
static const char *
comparable(int op)
{
    static const char *const names[] = {
        "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "LOAD_GLOBAL",
        "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_FAST", "STORE_FAST",
        "DELETE_FAST", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF",
        "LOAD_CLASSDEREF", "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR",
        "LOAD_METHOD", "BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR",
        "BINARY_OP", "COMPARE_OP", "IS_OP", "CONTAINS_OP",
        "UNARY_NEGATIVE", "UNARY_POSITIVE", "UNARY_INVERT", "UNARY_NOT",
        "CALL", "CALL_FUNCTION_EX", "GET_ITER", "FOR_ITER",
        "UNPACK_SEQUENCE", "UNPACK_EX", "IMPORT_NAME", "IMPORT_FROM",
        "IMPORT_STAR", "RAISE_VARARGS", "FORMAT_VALUE", "BUILD_STRING",
        "LIST_APPEND", "SET_ADD", "MAP_ADD", "YIELD_VALUE",
        "MAKE_FUNCTION", "LOAD_BUILD_CLASS", "BEFORE_WITH",
        "WITH_EXCEPT_START", "CHECK_EXC_MATCH", "PRINT_EXPR",
        "LOAD_ASSERTION_ERROR", "GET_YIELD_FROM_ITER", "SEND",
        "DICT_MERGE", "DICT_UPDATE", "LIST_EXTEND", "SET_UPDATE",
        "BUILD_SLICE", "BUILD_MAP", "BUILD_CONST_KEY_MAP", NULL
    };
    const char *name = op == PY_CALL_KW ? "CALL" : py_opcode_name[op];
    for (int i = 0; names[i] != NULL; i++)
        if (strcmp(names[i], name) == 0)
            return name;
    return NULL;
}

static void
print_positions(const py_code *co)
{
    printf("%s:\n", oh_str_utf8(co->qualname, NULL));
    for (uint32_t i = 0; i < co->ncode; i += 1 + PY_CACHE(PY_OP(co->code[i]))) {
        const char *name = comparable(PY_OP(co->code[i]));
        py_pos p;
        if (name == NULL || py_code_addr2pos(co, (int)i, &p) < 0)
            continue;
        printf("  %s %d %d %d %d\n", name, p.lineno, p.col_offset,
               p.end_lineno, p.end_col_offset);
    }
    for (intptr_t i = 0; i < OHI_TUPLE_SIZE(co->consts); i++) {
        oh_object *c = OHI_TUPLE(co->consts)->items[i];
        if (c->type == &PY_T(code)->ot)
            print_positions((const py_code *)(const void *)c);
    }
}

static size_t
live_blocks(void)
{
    oh_object_clear_freelists();
    return oh_alloc_blocks_in_use();
}

/* Fail allocation 1, 2, 3 ... of the compilation until it succeeds;
 * every failure must set an error and leave the heap as it was. */
static int
oom_test(const input *in)
{
    /* Warm up: the first compile interns names and grows tables that stay
     * (the interned set), which is not a leak. */
    oh_object *co = compile(in);
    oh_xdecref(co);
    py_err_clear();
    size_t base = live_blocks();
    unsigned long n;
    int bad = 0;
    for (n = 1;; n++) {
        oh_alloc_set_fail(n, 0);
        co = compile(in);
        unsigned long made = oh_alloc_fail_counter();
        oh_alloc_set_fail(0, 0);
        if (made < n) {
            /* The nth allocation never came: this was the compilation's
             * own outcome (a code object or, for a bad program, its
             * SyntaxError). */
            oh_xdecref(co);
            py_err_clear();
            break;
        }
        if (co != NULL) {
            fprintf(stderr, "allocation %lu failed, yet the compilation "
                    "succeeded\n", n);
            oh_decref(co);
            bad = 1;
            continue;
        }
        if (!py_err_occurred()) {
            fprintf(stderr, "allocation %lu: failed without an error\n", n);
            bad = 1;
        }
        py_err_clear();
        size_t now = live_blocks();
        if (now != base) {
            fprintf(stderr, "allocation %lu: %zu blocks leaked\n", n,
                    now - base);
            bad = 1;
            base = now;
        }
    }
    printf("oom: %lu allocations failed in turn, %s\n", n - 1,
           bad ? "PROBLEMS" : "all clean");
    return bad ? 3 : 0;
}

int
main(int argc, char **argv)
{
    input in = {.mode = PY_MODE_EXEC};
    bool errors = false, oom = false, info = false, positions = false;
    const char *sexp = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            in.mode = strcmp(m, "eval") == 0     ? PY_MODE_EVAL
                      : strcmp(m, "single") == 0 ? PY_MODE_SINGLE
                                                 : PY_MODE_EXEC;
        }
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            sexp = argv[++i];
        else if (strcmp(argv[i], "-e") == 0)
            errors = true;
        else if (strcmp(argv[i], "-i") == 0)
            info = true;
        else if (strcmp(argv[i], "-p") == 0)
            positions = true;
        else if (strcmp(argv[i], "--oom") == 0)
            oom = true;
        else
            in.path = argv[i];
    }
    if (py_interp_init(1, argv) < 0) {
        fprintf(stderr, "dis_main: the interpreter does not start\n");
        return 2;
    }
    if (in.path == NULL) {
        fprintf(stderr, "usage: dis_main [-e|--oom] [-m exec|eval|single] "
                "[-s SEXP] FILE\n");
        return 2;
    }
    char *text = NULL;
    if (sexp != NULL) {
        size_t n;
        text = read_file(sexp, &n);
        if (text == NULL) {
            perror(sexp);
            return 2;
        }
        if (strncmp(text, "parse-error", 11) == 0) {
            printf("%s", text);
            free(text);
            return errors ? 0 : 1;
        }
        in.arena = py_arena_new();
        in.mod = in.arena ? astload(in.arena, text, n) : NULL;
        if (in.mod == NULL) {
            fprintf(stderr, "%s\n", oh_err_message());
            return 2;
        }
    }
    else {
        char *src = read_file(in.path, &in.len);
        if (src == NULL) {
            perror(in.path);
            return 2;
        }
        in.src = src;
    }
    int rc = 0;
    if (oom) {
        rc = oom_test(&in);
    }
    else {
        oh_object *co = compile(&in);
        if (co == NULL) {
            print_error();
            rc = errors ? 0 : 1;
        }
        else {
            if (errors)
                printf("ok\n");
            else if (info)
                print_info((py_code *)(void *)co);
            else if (positions)
                print_positions((py_code *)(void *)co);
            else
                py_code_disassemble((py_code *)(void *)co, stdout);
            oh_decref(co);
        }
    }
    if (in.arena != NULL)
        py_arena_free(in.arena);
    free((char *)(uintptr_t)in.src);
    free(text);
    py_interp_fini();
    return rc;
}
