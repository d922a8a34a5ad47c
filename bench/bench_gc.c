/*
 * bench_gc.c -- objheap's cycle collector against CPython 3.11's, through
 * its C API (libpython embedded), same graphs, same process.
 *
 *   make build/bench_gc && ./build/bench_gc [repetitions]
 *
 * Workloads (issue 4):
 *   cycles      1,000,000 self-referencing lists, unreachable; time one
 *               full collection; per collected object.
 *   live        1,000,000 live lists (each holding the previous one),
 *               referenced from C; time one full collection that finds
 *               nothing; per live object.
 *   young       a generation-0 collection of 700 new lists, with no old
 *               objects, then with 1,000,000 old ones in generation 2;
 *               median of 200 collections each; the ratio is the scaling.
 *   pause       the longest single automatic collection while 1,000,000
 *               lists are built and kept (each holds the previous), with
 *               the default thresholds; in milliseconds.
 *
 * Automatic collection is off on both sides except in `pause`; each
 * workload starts from a full collection.  Every measurement is repeated
 * `reps` times (default 5) per side, alternating, and the median is
 * reported with the ratio objheap / CPython.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "objheap.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"

#define N 1000000
#define YOUNG 700
#define YOUNG_ROUNDS 200
#define MAX_REPS 31

static void
die(const char *what)
{
    fprintf(stderr, "bench_gc: %s failed: %s\n", what,
            oh_err_occurred() ? oh_err_message() : "(CPython error)");
    if (PyErr_Occurred())
        PyErr_Print();
    exit(1);
}

static oh_object **oh_objs;
static PyObject **py_objs;

static PyObject *py_gc_collect;         /* gc.collect */

/* gc.collect(): PyGC_Collect does nothing while collection is disabled. */
static Py_ssize_t
py_collect(void)
{
    PyObject *r = PyObject_CallNoArgs(py_gc_collect);
    if (r == NULL)
        die("gc.collect()");
    Py_ssize_t n = PyLong_AsSsize_t(r);
    Py_DECREF(r);
    return n;
}

/* --- cycles ------------------------------------------------------------- */

static double
oh_cycles(void)
{
    oh_gc_disable();
    oh_gc_collect(2);
    for (int i = 0; i < N; i++) {
        oh_object *l = oh_list_new();
        if (l == NULL || oh_list_append(l, l) < 0)
            die("oh cycles");
        oh_decref(l);
    }
    double t = bench_now();
    int64_t n = oh_gc_collect(2);
    t = bench_now() - t;
    if (n != N)
        die("oh cycles: count");
    return t;
}

static double
py_cycles(void)
{
    PyGC_Disable();
    py_collect();
    for (int i = 0; i < N; i++) {
        PyObject *l = PyList_New(0);
        if (l == NULL || PyList_Append(l, l) < 0)
            die("py cycles");
        Py_DECREF(l);
    }
    double t = bench_now();
    Py_ssize_t n = py_collect();
    t = bench_now() - t;
    if (n < N) {
        fprintf(stderr, "CPython collected %zd\n", n);
        die("py cycles: count");
    }
    return t;
}

/* --- live --------------------------------------------------------------- */

static void
oh_build_live(void)
{
    oh_object *prev = NULL;
    for (int i = 0; i < N; i++) {
        oh_object *l = oh_list_new();
        if (l == NULL || (prev != NULL && oh_list_append(l, prev) < 0))
            die("oh live");
        oh_objs[i] = prev = l;
    }
}

static void
oh_drop_live(void)
{
    for (int i = N; --i >= 0;)
        oh_decref(oh_objs[i]);
}

static double
oh_live(void)
{
    oh_gc_disable();
    oh_gc_collect(2);
    oh_build_live();
    double t = bench_now();
    int64_t n = oh_gc_collect(2);
    t = bench_now() - t;
    if (n != 0)
        die("oh live: count");
    oh_drop_live();
    return t;
}

static void
py_build_live(void)
{
    PyObject *prev = NULL;
    for (int i = 0; i < N; i++) {
        PyObject *l = PyList_New(0);
        if (l == NULL || (prev != NULL && PyList_Append(l, prev) < 0))
            die("py live");
        py_objs[i] = prev = l;
    }
}

static void
py_drop_live(void)
{
    for (int i = N; --i >= 0;)
        Py_DECREF(py_objs[i]);
}

static double
py_live(void)
{
    PyGC_Disable();
    py_collect();
    py_build_live();
    double t = bench_now();
    Py_ssize_t n = py_collect();
    t = bench_now() - t;
    if (n != 0)
        die("py live: count");
    py_drop_live();
    return t;
}

/* --- young -------------------------------------------------------------- */

static oh_object *oh_young[YOUNG];
static PyObject *py_young[YOUNG];

static double
oh_young_collections(void)
{
    double v[YOUNG_ROUNDS];
    for (int r = 0; r < YOUNG_ROUNDS; r++) {
        for (int i = 0; i < YOUNG; i++) {
            oh_young[i] = oh_list_new();
            if (oh_young[i] == NULL)
                die("oh young");
        }
        double t = bench_now();
        oh_gc_collect(0);
        v[r] = bench_now() - t;
        for (int i = 0; i < YOUNG; i++)
            oh_decref(oh_young[i]);
    }
    return bench_median(v, YOUNG_ROUNDS);
}

static double
oh_young_run(int with_old)
{
    oh_gc_disable();
    oh_gc_collect(2);
    if (with_old) {
        oh_build_live();
        oh_gc_collect(2);               /* now in generation 2 */
    }
    double t = oh_young_collections();
    if (with_old)
        oh_drop_live();
    return t;
}

static double
py_young_collections(void)
{
    double v[YOUNG_ROUNDS];
    PyObject *zero = PyLong_FromLong(0);
    for (int r = 0; r < YOUNG_ROUNDS; r++) {
        for (int i = 0; i < YOUNG; i++) {
            py_young[i] = PyList_New(0);
            if (py_young[i] == NULL)
                die("py young");
        }
        double t = bench_now();
        PyObject *res = PyObject_CallOneArg(py_gc_collect, zero);
        v[r] = bench_now() - t;
        if (res == NULL)
            die("gc.collect(0)");
        Py_DECREF(res);
        for (int i = 0; i < YOUNG; i++)
            Py_DECREF(py_young[i]);
    }
    Py_DECREF(zero);
    return bench_median(v, YOUNG_ROUNDS);
}

static double
py_young_run(int with_old)
{
    PyGC_Disable();
    py_collect();
    if (with_old) {
        py_build_live();
        py_collect();
    }
    double t = py_young_collections();
    if (with_old)
        py_drop_live();
    return t;
}

static double oh_young0(void) { return oh_young_run(0); }
static double oh_young1(void) { return oh_young_run(1); }
static double py_young0(void) { return py_young_run(0); }
static double py_young1(void) { return py_young_run(1); }

/* --- pause -------------------------------------------------------------- */

static double pause_start, pause_max;

static int
oh_pause_cb(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    if (phase == OH_GC_START) {
        pause_start = bench_now();
    }
    else {
        double d = bench_now() - pause_start;
        if (d > pause_max)
            pause_max = d;
    }
    return 0;
}

static double
oh_pause(void)
{
    oh_gc_disable();
    oh_gc_collect(2);
    pause_max = 0;
    oh_gc_callback_register(oh_pause_cb, NULL);
    oh_gc_enable();
    oh_build_live();
    oh_gc_disable();
    oh_gc_callback_unregister(oh_pause_cb, NULL);
    oh_drop_live();
    return pause_max;
}

static PyObject *py_pause_max;          /* a Python float cell */

static double
py_pause(void)
{
    PyGC_Disable();
    py_collect();
    if (PyRun_SimpleString("_bench_pause.reset()") != 0)
        die("reset");
    PyGC_Enable();
    py_build_live();
    PyGC_Disable();
    PyObject *m = PyImport_AddModule("__main__");
    PyObject *bp = PyObject_GetAttrString(m, "_bench_pause");
    PyObject *mx = bp ? PyObject_GetAttrString(bp, "max") : NULL;
    if (mx == NULL)
        die("pause max");
    double r = PyFloat_AsDouble(mx);
    Py_DECREF(mx);
    Py_DECREF(bp);
    py_drop_live();
    return r;
}

/* ------------------------------------------------------------------------ */

typedef struct workload {
    const char *name;
    double (*oh)(void);
    double (*py)(void);
    double scale;                       /* to the unit shown */
    const char *unit;
} workload;

int
main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    if (reps < 1 || reps > MAX_REPS)
        reps = 5;
    Py_InitializeEx(0);
    oh_objs = malloc(N * sizeof *oh_objs);
    py_objs = malloc(N * sizeof *py_objs);
    if (oh_objs == NULL || py_objs == NULL)
        die("malloc");
    PyObject *gcmod = PyImport_ImportModule("gc");
    py_gc_collect = gcmod ? PyObject_GetAttrString(gcmod, "collect") : NULL;
    if (py_gc_collect == NULL)
        die("import gc");
    if (PyRun_SimpleString(
            "import gc, time\n"
            "class _P:\n"
            "    max = 0.0\n"
            "    t = 0.0\n"
            "    def reset(self):\n"
            "        self.max = 0.0\n"
            "    def __call__(self, phase, info):\n"
            "        if phase == 'start':\n"
            "            self.t = time.perf_counter()\n"
            "        else:\n"
            "            d = time.perf_counter() - self.t\n"
            "            if d > self.max: self.max = d\n"
            "_bench_pause = _P()\n"
            "gc.callbacks.append(_bench_pause)\n") != 0)
        die("pause callback");
    (void)py_pause_max;

    const workload wls[] = {
        {"cycles: collect 1M self-referencing lists", oh_cycles, py_cycles,
         1e9 / N, "ns per collected object"},
        {"live: full collection, 1M live lists, finds nothing", oh_live,
         py_live, 1e9 / N, "ns per live object"},
        {"young: gen-0 collection of 700 new lists, no old objects",
         oh_young0, py_young0, 1e6, "us"},
        {"young: the same with 1M old objects in gen 2", oh_young1,
         py_young1, 1e6, "us"},
        {"pause: longest automatic collection building 1M lists",
         oh_pause, py_pause, 1e3, "ms"},
    };
    printf("objheap %s vs CPython %s collector; median of %d runs each\n\n",
           OH_VERSION_STRING, PY_VERSION, reps);
    printf("| workload | unit | objheap | CPython | objheap / CPython |\n");
    printf("|---|---|---:|---:|---:|\n");
    double young_oh[2] = {0, 0}, young_py[2] = {0, 0};
    for (size_t w = 0; w < sizeof wls / sizeof wls[0]; w++) {
        double to[MAX_REPS], tp[MAX_REPS];
        for (int r = 0; r < reps; r++) {
            to[r] = wls[w].oh();
            tp[r] = wls[w].py();
        }
        double mo = bench_median(to, (size_t)reps) * wls[w].scale;
        double mp = bench_median(tp, (size_t)reps) * wls[w].scale;
        printf("| %s | %s | %.2f | %.2f | %.2f |\n", wls[w].name,
               wls[w].unit, mo, mp, mo / mp);
        fflush(stdout);
        if (w == 2 || w == 3) {
            young_oh[w - 2] = mo;
            young_py[w - 2] = mp;
        }
    }
    printf("\ngenerational scaling (young with 1M old / without): "
           "objheap %.2fx, CPython %.2fx (target <= 1.5x)\n",
           young_oh[1] / young_oh[0], young_py[1] / young_py[0]);
    Py_DECREF(py_gc_collect);
    Py_DECREF(gcmod);
    return 0;
}
