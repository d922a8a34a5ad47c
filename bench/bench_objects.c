/*
 * bench_objects.c -- the same object work through objheap and through
 * CPython's C API (libpython3.11 embedded), in one process.
 *
 *   make build/bench_objects && ./build/bench_objects [repetitions [name]]
 *
 * Workloads (issue 3):
 *   list_append   append 10,000,000 references to one list, then drop it
 *   dict_str      set 1,000,000 distinct str keys, then get each through
 *                 an equal but distinct str (so every get hashes and
 *                 compares), then drop the dict
 *   tuple2        create and drop 10,000,000 2-tuples
 *   str_create    create 1,000,000 strs from UTF-8 bytes, then drop them
 *
 * Inputs (the item objects, key strings, text) are made before the clock
 * starts and are the same for both sides.  Each workload runs `reps`
 * times (default 7) per side, alternating sides; the table gives the
 * median time of each and the ratio objheap / CPython.  CPython runs with
 * its cycle collector enabled, as a program would; none of these
 * workloads creates enough surviving containers to trigger a collection.
 *
 * Timing helpers are local to this file (bench/bench.h belongs to the
 * allocator benchmarks).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "objheap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define N_APPEND 10000000
#define N_DICT 1000000
#define N_TUPLE 10000000
#define N_STR 1000000
#define MAX_REPS 31

static void
die(const char *what)
{
    fprintf(stderr, "bench_objects: %s failed: %s\n", what,
            oh_err_occurred() ? oh_err_message() : "(CPython error)");
    if (PyErr_Occurred())
        PyErr_Print();
    exit(1);
}

/* Inputs shared by both sides. */
static char *texts;                     /* N_STR NUL-terminated strings */
static size_t *text_off, *text_len;
static oh_object **oh_keys, **oh_probes;
static PyObject **py_keys, **py_probes;
static oh_object *oh_item, *oh_item2;
static PyObject *py_item, *py_item2;

static void
make_inputs(void)
{
    size_t cap = (size_t)N_STR * 32;
    texts = malloc(cap);
    text_off = malloc(N_STR * sizeof *text_off);
    text_len = malloc(N_STR * sizeof *text_len);
    oh_keys = malloc(N_DICT * sizeof *oh_keys);
    oh_probes = malloc(N_DICT * sizeof *oh_probes);
    py_keys = malloc(N_DICT * sizeof *py_keys);
    py_probes = malloc(N_DICT * sizeof *py_probes);
    if (!texts || !text_off || !text_len || !oh_keys || !oh_probes
        || !py_keys || !py_probes)
        die("malloc");
    size_t pos = 0;
    for (int i = 0; i < N_STR; i++) {
        int n = snprintf(texts + pos, 32, "object number %d", i);
        text_off[i] = pos;
        text_len[i] = (size_t)n;
        pos += (size_t)n + 1;
    }
    for (int i = 0; i < N_DICT; i++) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "key:%d", i * 7);
        oh_keys[i] = oh_str_from_utf8(buf, (size_t)n);
        oh_probes[i] = oh_str_from_utf8(buf, (size_t)n);
        py_keys[i] = PyUnicode_FromStringAndSize(buf, n);
        py_probes[i] = PyUnicode_FromStringAndSize(buf, n);
        if (!oh_keys[i] || !oh_probes[i] || !py_keys[i] || !py_probes[i])
            die("making keys");
    }
    oh_item = oh_int_from_i64(1234567);
    oh_item2 = oh_float_from_double(2.5);
    py_item = PyLong_FromLong(1234567);
    py_item2 = PyFloat_FromDouble(2.5);
    if (!oh_item || !oh_item2 || !py_item || !py_item2)
        die("making items");
}

/* --- list append -------------------------------------------------------- */

static void
oh_list_append_run(void)
{
    oh_object *l = oh_list_new();
    if (l == NULL)
        die("oh_list_new");
    for (int i = 0; i < N_APPEND; i++) {
        if (oh_list_append(l, oh_item) < 0)
            die("oh_list_append");
    }
    oh_decref(l);
}

static void
py_list_append_run(void)
{
    PyObject *l = PyList_New(0);
    if (l == NULL)
        die("PyList_New");
    for (int i = 0; i < N_APPEND; i++) {
        if (PyList_Append(l, py_item) < 0)
            die("PyList_Append");
    }
    Py_DECREF(l);
}

/* --- dict with str keys ------------------------------------------------- */

static void
reset_oh_probe_hashes(void)
{
    /* Fresh probes each run: drop and remake them outside the clock, so
     * every timed get hashes its key, as on the first run. */
    for (int i = 0; i < N_DICT; i++) {
        size_t n;
        const char *s = oh_str_utf8(oh_probes[i], &n);
        oh_object *p = oh_str_from_utf8(s, n);
        if (p == NULL)
            die("remaking probes");
        oh_decref(oh_probes[i]);
        oh_probes[i] = p;
    }
}

static void
reset_py_probe_hashes(void)
{
    for (int i = 0; i < N_DICT; i++) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(py_probes[i], &n);
        PyObject *p = PyUnicode_FromStringAndSize(s, n);
        if (p == NULL)
            die("remaking probes");
        Py_DECREF(py_probes[i]);
        py_probes[i] = p;
    }
}

static void
oh_dict_run(void)
{
    oh_object *d = oh_dict_new();
    if (d == NULL)
        die("oh_dict_new");
    for (int i = 0; i < N_DICT; i++) {
        if (oh_dict_set(d, oh_keys[i], oh_item) < 0)
            die("oh_dict_set");
    }
    for (int i = 0; i < N_DICT; i++) {
        if (oh_dict_get(d, oh_probes[i]) != oh_item)
            die("oh_dict_get");
    }
    oh_decref(d);
}

static void
py_dict_run(void)
{
    PyObject *d = PyDict_New();
    if (d == NULL)
        die("PyDict_New");
    for (int i = 0; i < N_DICT; i++) {
        if (PyDict_SetItem(d, py_keys[i], py_item) < 0)
            die("PyDict_SetItem");
    }
    for (int i = 0; i < N_DICT; i++) {
        if (PyDict_GetItemWithError(d, py_probes[i]) != py_item)
            die("PyDict_GetItemWithError");
    }
    Py_DECREF(d);
}

/* --- 2-tuples ----------------------------------------------------------- */

static void
oh_tuple_run(void)
{
    for (int i = 0; i < N_TUPLE; i++) {
        oh_object *t = oh_tuple_pack(2, oh_item, oh_item2);
        if (t == NULL)
            die("oh_tuple_pack");
        oh_decref(t);
    }
}

static void
py_tuple_run(void)
{
    for (int i = 0; i < N_TUPLE; i++) {
        PyObject *t = PyTuple_Pack(2, py_item, py_item2);
        if (t == NULL)
            die("PyTuple_Pack");
        Py_DECREF(t);
    }
}

/* --- strs --------------------------------------------------------------- */

static void *str_slots;

static void
oh_str_run(void)
{
    oh_object **s = str_slots;
    for (int i = 0; i < N_STR; i++) {
        s[i] = oh_str_from_utf8(texts + text_off[i], text_len[i]);
        if (s[i] == NULL)
            die("oh_str_from_utf8");
    }
    for (int i = 0; i < N_STR; i++)
        oh_decref(s[i]);
}

static void
py_str_run(void)
{
    PyObject **s = str_slots;
    for (int i = 0; i < N_STR; i++) {
        s[i] = PyUnicode_FromStringAndSize(texts + text_off[i],
                                           (Py_ssize_t)text_len[i]);
        if (s[i] == NULL)
            die("PyUnicode_FromStringAndSize");
    }
    for (int i = 0; i < N_STR; i++)
        Py_DECREF(s[i]);
}

/* --- driver ------------------------------------------------------------- */

typedef struct workload {
    const char *name;
    const char *what;
    void (*oh_run)(void);
    void (*py_run)(void);
    void (*oh_prepare)(void);
    void (*py_prepare)(void);
} workload;

static const workload workloads[] = {
    {"list_append", "append 10M items to a list", oh_list_append_run,
     py_list_append_run, NULL, NULL},
    {"dict_str", "set then get 1M distinct str keys", oh_dict_run,
     py_dict_run, reset_oh_probe_hashes, reset_py_probe_hashes},
    {"tuple2", "create and drop 10M 2-tuples", oh_tuple_run, py_tuple_run,
     NULL, NULL},
    {"str_create", "create and drop 1M strs", oh_str_run, py_str_run, NULL,
     NULL},
};
#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

static double
timed(void (*prepare)(void), void (*run)(void))
{
    if (prepare != NULL)
        prepare();
    double t0 = bench_now();
    run();
    return bench_now() - t0;
}

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    if (reps < 1 || reps > MAX_REPS)
        reps = 7;
    Py_InitializeEx(0);
    make_inputs();
    str_slots = malloc(N_STR * sizeof(void *));
    if (str_slots == NULL)
        die("malloc");
    printf("objheap %s vs CPython %s C API; median of %d runs each\n\n",
           OH_VERSION_STRING, PY_VERSION, reps);
    printf("| workload | objheap (ms) | CPython (ms) | objheap / CPython |\n");
    printf("|---|---:|---:|---:|\n");
    for (size_t w = 0; w < NWORKLOADS; w++) {
        const workload *wl = &workloads[w];
        if (argc > 2 && strcmp(argv[2], wl->name) != 0)
            continue;
        double to[MAX_REPS], tp[MAX_REPS];
        /* One warm-up run each (page faults, free lists, arenas). */
        timed(wl->oh_prepare, wl->oh_run);
        timed(wl->py_prepare, wl->py_run);
        for (int r = 0; r < reps; r++) {
            to[r] = timed(wl->oh_prepare, wl->oh_run);
            tp[r] = timed(wl->py_prepare, wl->py_run);
        }
        double mo = bench_median(to, (size_t)reps);
        double mp = bench_median(tp, (size_t)reps);
        printf("| %s: %s | %.1f | %.1f | %.2f |\n", wl->name, wl->what,
               mo * 1e3, mp * 1e3, mo / mp);
        fflush(stdout);
    }
    return 0;
}
