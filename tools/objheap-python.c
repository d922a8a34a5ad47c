/*
 * objheap-python.c -- an unmodified CPython, running on objheap's allocator.
 *
 *   build/objheap-python [python options] [-c cmd | -m mod | file | -] [args]
 *
 * What it does
 * ------------
 * This is `python3`, built from CPython's embedding API, with one change:
 * before the interpreter starts, oh_malloc, oh_calloc, oh_realloc and
 * oh_free become the allocator of CPython's three domains: RAW
 * (PyMem_RawMalloc: thread states, locks, big buffers), MEM (PyMem_Malloc
 * and friends) and OBJ (PyObject_Malloc: every object, every list and
 * dict buffer up to 512 bytes).  pymalloc, CPython's own arenas-pools-blocks
 * allocator, is then never called.  Everything else is the interpreter the
 * library came with: its options, its environment variables, its standard
 * library, its exit codes.  `objheap-python -m test test_list`,
 * `objheap-python -c CODE` and `objheap-python script.py` behave as
 * `python3` does, and sys.executable is this program, so the subprocesses a
 * test suite starts run on objheap as well.
 *
 * Start-up, step by step (the sequence CPython's own main() uses, with our
 * step inserted):
 *
 *   1. Py_PreInitializeFromBytesArgs: the pre-configuration.  It reads the
 *      options that must be known before anything is decoded or allocated
 *      (-E, -I, -X utf8, -X dev) and PYTHONMALLOC, and installs CPython's
 *      allocators as those say.  Everything allocated so far came from the
 *      RAW domain (the pre-configuration runs before any GIL exists).
 *   2. PyConfig_InitPythonConfig + PyConfig_SetBytesArgv, twice: one
 *      configuration to start the interpreter with, and a probe that
 *      PyConfig_Read parses, so that we learn whether the environment is
 *      ignored (-E, -I), whether -X dev is on and whether PYTHONHOME is
 *      set without parsing a single option ourselves.  The probe is then
 *      thrown away: in 3.11 a configuration that has been read and is then
 *      given to Py_InitializeFromConfig loses -X warn_default_encoding
 *      (python3 reads its configuration once, inside the initialisation),
 *      so the interpreter starts from the unread one.
 *   3. Our step: choose_allocator() below, then PyMem_SetAllocator for
 *      RAW, MEM and OBJ.  The documented moment to replace (rather than
 *      wrap) an allocator is exactly this one: after pre-initialisation,
 *      before Py_InitializeFromConfig, before any MEM or OBJ block exists
 *      (RAW's earlier blocks are the C library's: see below).  (Were
 *      one to exist, freeing it through oh_free would hand a pymalloc block
 *      to the C library's free.  tests/cpython/launcher.sh checks that
 *      sys.getallocatedblocks(), which counts live pymalloc blocks, is 0.)
 *   4. The prefix: see "Finding the standard library" below.
 *   5. Py_InitializeFromConfig, then Py_RunMain, which runs the program,
 *      finalises the interpreter and returns python3's exit status.
 *
 * All three domains, RAW included (threads)
 * -----------------------------------------
 * objheap's allocator is thread-safe (objheap.h, "THREADS"): each thread
 * allocates from a heap of its own, with no lock on the fast path, and a
 * block may be freed by any thread.  So it serves all three of CPython's
 * domains:
 *
 *   - MEM and OBJ are called with the GIL held (the C API manual says so,
 *     and CPython's debug hooks check it: bpo-26558, bpo-26563); Python
 *     threads take turns, each on its own heap, and an object allocated by
 *     one thread and freed by another goes back to its heap's owner.
 *   - RAW (PyMem_RawMalloc) is called *without* the GIL: thread states,
 *     locks, the GIL itself.  Until the allocator became thread-safe
 *     (issue 17) RAW stayed on the C library's malloc for that reason.
 *     RAW also holds memory allocated before step 3 (the pre-configuration
 *     and the command line), and CPython switches RAW to its default
 *     allocator for a moment while it sets some process-wide state up or
 *     tears it down (_PyMem_SetDefaultAllocator), allocating and freeing
 *     that state with the C library.  Both are harmless: oh_free and
 *     oh_realloc hand a pointer outside objheap's arenas to the C library.
 *
 * Mixing domains is a bug (the manual says to free with the family that
 * allocated), but a harmless one here in one direction: oh_free hands any
 * pointer outside our arenas to the C library's free, so a RAW block freed
 * through PyMem_Free still reaches the right allocator.  objheap serves
 * every size itself: pools to 1024 bytes (pymalloc's stop at 512 and send
 * the rest to RAW), medium spans to 120 KiB, then huge mappings.
 *
 * Contracts CPython relies on
 * ---------------------------
 * PyMem_Malloc(0) and PyMem_Calloc(0, n) / (n, 0) must return a distinct
 * non-NULL pointer, as if 1 byte had been asked for; PyMem_Realloc(p, 0)
 * must resize, not free, and return non-NULL; PyMem_Calloc must fail
 * cleanly when nelem * elsize overflows.  oh_malloc, oh_calloc and
 * oh_realloc keep exactly these contracts (objheap/alloc.h), and their
 * oh_ctx_ forms take CPython's `ctx` argument first and ignore it, so they
 * go into CPython's table as they are: no adapter between CPython and the
 * allocator (an adapter of two instructions, on every PyObject_Malloc and
 * PyObject_Free, was 0.6% of the instructions the strings benchmark ran).
 * Failure is NULL, which CPython turns into MemoryError.
 *
 * PYTHONMALLOC
 * ------------
 * objheap replaces pymalloc as *the default* allocator.  So:
 *
 *   PYTHONMALLOC unset or ""      objheap for RAW, MEM and OBJ
 *   PYTHONMALLOC=default          objheap (the default of this program)
 *   PYTHONMALLOC=debug, -X dev    objheap, with CPython's debug hooks on
 *                                 top (PyMem_SetupDebugHooks): guard
 *                                 bytes, dead-byte fill, and the GIL check
 *                                 above, all around objheap
 *   PYTHONMALLOC=malloc, pymalloc, malloc_debug, pymalloc_debug
 *                                 CPython's allocator of that name, as in
 *                                 python3; objheap is not used.  This is
 *                                 what makes A/B comparisons in one binary
 *                                 possible (bench/python/run.sh).
 *
 * With -E or -I the environment is ignored, PYTHONMALLOC included, as
 * python3 ignores it.  An unknown PYTHONMALLOC fails in step 1 with
 * CPython's own message and exit status.
 *
 * Finding the standard library
 * ----------------------------
 * CPython locates its library by searching upwards from the executable's
 * directory for lib/python3.11/os.py, and falls back to the prefix compiled
 * into libpython.  This program lives in a build directory, not in a
 * Python prefix, and the upward search can succeed by accident: from a
 * checkout under /usr/src it finds /usr/lib/python3.11/os.py, Debian's
 * standard library (3.11.2), which a 3.11.7 libpython would then load
 * (seen, not guessed).  So the configuration's prefix and exec_prefix are
 * set to the prefix of the libpython this program was linked with,
 * OH_PYTHON_HOME, which the Makefile takes from the same
 * python3.11-config that gave the link flags.  A preset prefix only
 * replaces that search (CPython's Modules/getpath.py looks for a prefix
 * only when it has none); everything else is computed as in python3:
 *
 *   - PYTHONHOME still wins (it sets the home, and a home sets the prefix);
 *   - a ._pth file beside the executable still sets sys.path and isolated
 *     mode;
 *   - a venv's pyvenv.cfg is still found; site.py makes sys.prefix the
 *     venv and sys.base_prefix stays the linked one's;
 *   - a prefix given later to _testinternalcapi.set_config (test_embed)
 *     is kept.
 *
 * Until issue 16 this program set the *home* instead, which did none of
 * the last three: a preset home switches ._pth files and the venv search
 * off, and overrides any prefix.
 *
 * Two exceptions, left to CPython's search as in python3.  A copy of the
 * program installed as PREFIX/bin beside a PREFIX/lib/python3.11 of its
 * own (or in a venv whose home is such a bin): the search finds that
 * PREFIX; CPython's test_venv builds exactly such a copy.  Only the
 * executable's parent is looked at, so the accident above cannot happen.
 * And a process in which the dynamic loader took another libpython than
 * ours (the rpath's directory unreadable to the user, say): that
 * libpython's own compiled-in prefix is then the right one, and
 * OH_PYTHON_HOME would name a library of another build, or one the user
 * cannot read (test_subprocess's test_user runs the program as nobody).
 *
 * The objheap module, OBJHEAP_STATS and OBJHEAP_HEAPMAP
 * -----------------------------------------------------
 * `import objheap` shows the heap CPython now lives in (issue 16):
 * objheap.stats(), the allocator's statistics (oh_alloc_stats) as a dict;
 * objheap.print_stats(file=None), its table (oh_alloc_print_stats), to
 * sys.stderr by default or to any text stream, through the stream's own
 * write() so that redirections work; objheap.heapmap(path), the heap map
 * (oh_heapmap_write_svg) of CPython's arenas, pools and spans;
 * objheap.active, False when PYTHONMALLOC chose one of CPython's
 * allocators, and
 * objheap.debug, True under OBJHEAP_DEBUG=1.  The module is built in
 * (PyImport_AppendInittab, before initialisation), so it exists only in
 * this program; python3 and the control have none.
 *
 * OBJHEAP_STATS=1 prints the table, and OBJHEAP_HEAPMAP=FILE.svg writes
 * the map (FILE.png: the SVG beside it, converted), when the program
 * ends: from a Python atexit callback registered before the program runs,
 * so it comes after the program's own exit handlers and shows the heap as
 * the program leaves it, modules and objects still alive; the peak and
 * total rows cover the whole run.  After the interpreter is finalised one
 * more line says what CPython left allocated.  The library reads the same
 * variables (runtime.c) and would report again from C's atexit, after
 * finalisation, when CPython has freed nearly everything; so the callback
 * takes both variables out of the environment once it has reported, and
 * there is exactly one table and one map.  Subprocesses inherit the
 * variables: each writes its own map, the last to exit wins the file.
 *
 * The control build
 * -----------------
 * Compiled with -DOH_PYTHON_CONTROL, this file becomes build/libc-python:
 * everything above, but the adapters call the C library's malloc, and
 * there is no objheap module.  It is the control of the experiment: a
 * CPython test that fails on objheap is excused only if it fails on the
 * control as well (tests/cpython/run.sh).  objheap is linked in but
 * unused, so the control takes OBJHEAP_STATS and OBJHEAP_HEAPMAP out of
 * its environment at start: the library would report an empty heap.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "objheap.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <wchar.h>

#ifndef OH_PYTHON_HOME
#  error "build with -DOH_PYTHON_HOME=\"<prefix of the linked libpython>\""
#endif

/* ==========================================================================
 * The allocator, as CPython's PyMemAllocatorEx wants it
 * ========================================================================== */

#ifndef OH_PYTHON_CONTROL

#define objheap_py_malloc oh_ctx_malloc
#define objheap_py_calloc oh_ctx_calloc
#define objheap_py_realloc oh_ctx_realloc
#define objheap_py_free oh_ctx_free

#else /* OH_PYTHON_CONTROL */

/* The control build, build/libc-python: this same program with the C
 * library's allocator installed through the same PyMem_SetAllocator calls.
 * tests/cpython/run.sh excuses a CPython test that fails on objheap only
 * if it fails here too, which proves the failure comes from replacing
 * pymalloc, not from objheap.  glibc's realloc(p, 0) frees p, so zero
 * sizes become 1, as CPython's own malloc-based allocator does. */

static void *
objheap_py_malloc(void *ctx, size_t size)
{
    return malloc(size != 0 ? size : 1);
}

static void *
objheap_py_calloc(void *ctx, size_t nelem, size_t elsize)
{
    if (nelem == 0 || elsize == 0) {
        nelem = 1;
        elsize = 1;
    }
    return calloc(nelem, elsize);
}

static void *
objheap_py_realloc(void *ctx, void *ptr, size_t new_size)
{
    return realloc(ptr, new_size != 0 ? new_size : 1);
}

static void
objheap_py_free(void *ctx, void *ptr)
{
    free(ptr);
}

#endif /* OH_PYTHON_CONTROL */

/* What step 3 installs: objheap, with or without CPython's debug hooks, or
 * nothing (CPython keeps the allocator PYTHONMALLOC named). */
typedef enum {
    USE_CPYTHON,
    USE_OBJHEAP,
    USE_OBJHEAP_DEBUG
} allocator_choice;

/* Apply the PYTHONMALLOC table of the design comment.  `config` is the
 * probe, read by PyConfig_Read, so use_environment and dev_mode are
 * CPython's own verdicts on the command line and environment. */
static allocator_choice
choose_allocator(const PyConfig *config)
{
    const char *env = config->use_environment ? getenv("PYTHONMALLOC")
                                              : NULL;
    if (env == NULL || env[0] == '\0')
        return config->dev_mode ? USE_OBJHEAP_DEBUG : USE_OBJHEAP;
    if (strcmp(env, "default") == 0)
        return USE_OBJHEAP;
    if (strcmp(env, "debug") == 0)
        return USE_OBJHEAP_DEBUG;
    return USE_CPYTHON;
}

static void
install_objheap(allocator_choice choice)
{
    PyMemAllocatorEx alloc = {
        .ctx = NULL,
        .malloc = objheap_py_malloc,
        .calloc = objheap_py_calloc,
        .realloc = objheap_py_realloc,
        .free = objheap_py_free,
    };
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &alloc);
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &alloc);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &alloc);
    /* The hooks wrap whatever each domain now holds: in dev mode RAW had
     * them already, around the C library, and now gets them around
     * objheap; its blocks from before carry the hooks' header either way,
     * and their free reaches the C library through oh_free. */
    if (choice == USE_OBJHEAP_DEBUG)
        PyMem_SetupDebugHooks();
}

/* ==========================================================================
 * Finding the standard library
 * ========================================================================== */

/* Does `prefix` hold a standard library: PLATLIBDIR/python3.11/os.py (or
 * os.pyc), the landmark CPython's own search looks for? */
static int
holds_stdlib(const char *prefix, const char *platlibdir)
{
    static const char *const landmarks[] = {"os.py", "os.pyc"};
    for (size_t i = 0; i < sizeof landmarks / sizeof *landmarks; i++) {
        char path[PATH_MAX];
        struct stat st;
        int n = snprintf(path, sizeof path, "%s/%s/python%d.%d/%s", prefix,
                         platlibdir, PY_MAJOR_VERSION, PY_MINOR_VERSION,
                         landmarks[i]);
        if (n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0
            && S_ISREG(st.st_mode))
            return 1;
    }
    return 0;
}

/* The `home = DIR` line of the pyvenv.cfg in `dir`'s parent or, failing
 * that, in `dir` itself, the order CPython looks in.  Copies DIR to `out`
 * and returns 1; returns 0 when neither file exists or names no home. */
static int
venv_home(const char *dir, char *out, size_t size)
{
    char parent[PATH_MAX], cfg[PATH_MAX + sizeof "/pyvenv.cfg"];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    const char *const places[] = {parent, dir};
    for (size_t i = 0; i < 2; i++) {
        snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", places[i]);
        FILE *f = fopen(cfg, "r");
        if (f == NULL)
            continue;
        char line[PATH_MAX + 64];
        int found = 0;
        while (!found && fgets(line, sizeof line, f) != NULL) {
            char *eq = strchr(line, '=');
            if (eq == NULL)
                continue;
            char *key = line, *value = eq + 1, *end = eq;
            while (isspace((unsigned char)*key))
                key++;
            while (end > key && isspace((unsigned char)end[-1]))
                end--;
            *end = '\0';
            while (isspace((unsigned char)*value))
                value++;
            end = value + strlen(value);
            while (end > value && isspace((unsigned char)end[-1]))
                end--;
            *end = '\0';
            if (strcasecmp(key, "home") == 0) {
                snprintf(out, size, "%s", value);
                found = 1;
            }
        }
        fclose(f);
        /* A pyvenv.cfg without a home ends the search, as in CPython. */
        return found;
    }
    return 0;
}

/* Is this program installed in a Python prefix of its own, PREFIX/bin
 * beside PREFIX/lib/python3.11 (or in a venv whose home is such a bin)?
 * `probe` is the read configuration, for the platform's library
 * directory name (PYTHONPLATLIBDIR). */
static int
installed_in_prefix(const PyConfig *probe)
{
    char exe[PATH_MAX], dir[PATH_MAX], platlibdir[PATH_MAX];
    if (realpath("/proc/self/exe", exe) == NULL)
        return 0;
    snprintf(dir, sizeof dir, "%s", exe);
    *strrchr(dir, '/') = '\0';
    char home[PATH_MAX];
    if (venv_home(dir, home, sizeof home))
        snprintf(dir, sizeof dir, "%s", home);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0;                       /* no parent to be a prefix */
    *slash = '\0';
    size_t n = probe->platlibdir != NULL
        ? wcstombs(platlibdir, probe->platlibdir, sizeof platlibdir)
        : (size_t)-1;
    if (n == (size_t)-1 || n == sizeof platlibdir)
        snprintf(platlibdir, sizeof platlibdir, "lib");
    return holds_stdlib(dir, platlibdir);
}

/* Is the libpython this process runs the one we were linked with, the one
 * under OH_PYTHON_HOME?  Usually; but when its directory cannot be read
 * (the launcher run by a user who has no access to the home, as
 * test_subprocess's test_user runs it as `nobody`), the dynamic loader
 * takes the system's libpython instead, whose library is its own.  A
 * libpython linked into the program itself counts as ours. */
static int
linked_libpython_loaded(void)
{
    Dl_info info;
    char lib[PATH_MAX], exe[PATH_MAX], home[PATH_MAX];
    if (dladdr(&PyBaseObject_Type, &info) == 0
        || info.dli_fname == NULL || realpath(info.dli_fname, lib) == NULL)
        return 1;                       /* cannot tell: as linked */
    if (realpath("/proc/self/exe", exe) != NULL && strcmp(lib, exe) == 0)
        return 1;
    if (realpath(OH_PYTHON_HOME, home) == NULL)
        return 0;                       /* the home cannot be reached */
    size_t n = strlen(home);
    return strncmp(lib, home, n) == 0 && lib[n] == '/';
}

/* Step 4: unless the user named a home (PYTHONHOME, read into `probe`),
 * the program is installed in a prefix, or the loader took another
 * libpython, set `config`'s prefix and exec_prefix (not its home: see the
 * design comment) to the prefix of the libpython we were linked with. */
static PyStatus
pin_prefix(PyConfig *config, const PyConfig *probe)
{
    if (probe->home != NULL || installed_in_prefix(probe)
        || !linked_libpython_loaded())
        return PyStatus_Ok();
    PyStatus status = PyConfig_SetBytesString(config, &config->prefix,
                                              OH_PYTHON_HOME);
    if (!PyStatus_Exception(status))
        status = PyConfig_SetBytesString(config, &config->exec_prefix,
                                         OH_PYTHON_HOME);
    return status;
}

/* ==========================================================================
 * The objheap module
 * ========================================================================== */

#ifndef OH_PYTHON_CONTROL

/* Whether step 3 installed objheap (objheap.active). */
static int objheap_active;

/* d[key] = value, stealing the new reference `value` (NULL: an error is
 * already set).  0, or -1 with an exception set. */
static int
put(PyObject *d, const char *key, PyObject *value)
{
    if (value == NULL)
        return -1;
    int rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

static PyObject *
gauge_dict(const oh_gauge *g)
{
    return Py_BuildValue("{sLsLsL}", "current", (long long)g->current,
                         "peak", (long long)g->peak,
                         "total", (long long)g->total);
}

PyDoc_STRVAR(stats_doc,
"stats($module, /)\n--\n\n"
"Return the allocator's statistics, the fields of objheap's\n"
"oh_alloc_stats_t, as a dict.\n\n"
"The gauges arenas, arena_bytes, pools, huge_blocks and huge_bytes are\n"
"dicts of current, peak and total; the counters arenas_released,\n"
"large_requests, pool_inits and failed are ints; so are the arena walk's\n"
"arena_size, pool_size, pools_empty, pools_untouched, blocks_in_use,\n"
"bytes_in_use, bytes_free, bytes_empty_pools, bytes_untouched and\n"
"bytes_overhead (the five bytes_* add up to arena_bytes['current']),\n"
"medium_arenas, the arenas of those that hold medium spans, and\n"
"retained_bytes, freed memory kept mapped for reuse (warm arenas and\n"
"huge mappings: OBJHEAP_RETAIN_MS).\n"
"classes is a list of 64 dicts (block_size, pools, blocks_in_use,\n"
"blocks_free), one per size class; medium the same for the 55 medium\n"
"classes (1025 bytes to 120 KiB; pools counts their spans).  The numbers\n"
"are taken before the dict is built, so it does not count itself.");

/* A list of one dict per class, or NULL with an exception set. */
static PyObject *
class_list(const oh_alloc_class_stats *cls, int n)
{
    PyObject *list = PyList_New(n);
    for (int c = 0; list != NULL && c < n; c++) {
        const oh_alloc_class_stats *cs = &cls[c];
        PyObject *one = Py_BuildValue(
            "{snsnsnsn}", "block_size", (Py_ssize_t)cs->block_size,
            "pools", (Py_ssize_t)cs->pools,
            "blocks_in_use", (Py_ssize_t)cs->blocks_in_use,
            "blocks_free", (Py_ssize_t)cs->blocks_free);
        if (one == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, c, one);
    }
    return list;
}

static PyObject *
objheap_stats(PyObject *module, PyObject *unused)
{
    oh_alloc_stats_t st = {.size = sizeof st};
    if (oh_alloc_stats(&st) < 0) {
        PyErr_SetString(PyExc_SystemError, oh_err_message());
        oh_err_clear();
        return NULL;
    }
    PyObject *d = PyDict_New();
    if (d == NULL)
        return NULL;
    /* Every gauge and counter, from the list objheap declares them in. */
#define PUT_GAUGE(name, doc)                                                \
    if (put(d, #name, gauge_dict(&st.name)) < 0)                           \
        goto error;
#define PUT_COUNTER(name, doc)                                              \
    if (put(d, #name, PyLong_FromLongLong(st.name)) < 0)                   \
        goto error;
    OH_ALLOC_GAUGES(PUT_GAUGE)
    OH_ALLOC_COUNTERS(PUT_COUNTER)
#undef PUT_GAUGE
#undef PUT_COUNTER
#define PUT_SIZE(name)                                                      \
    if (put(d, #name, PyLong_FromSize_t(st.name)) < 0)                     \
        goto error;
    PUT_SIZE(arena_size)
    PUT_SIZE(pool_size)
    PUT_SIZE(pools_empty)
    PUT_SIZE(pools_untouched)
    PUT_SIZE(blocks_in_use)
    PUT_SIZE(bytes_in_use)
    PUT_SIZE(bytes_free)
    PUT_SIZE(bytes_empty_pools)
    PUT_SIZE(bytes_untouched)
    PUT_SIZE(bytes_overhead)
    PUT_SIZE(medium_arenas)
    PUT_SIZE(retained_bytes)
#undef PUT_SIZE
    if (put(d, "classes", class_list(st.classes, OH_NCLASSES)) < 0
        || put(d, "medium", class_list(st.medium, OH_NMEDIUM)) < 0)
        goto error;
    return d;
error:
    Py_DECREF(d);
    return NULL;
}

PyDoc_STRVAR(print_stats_doc,
"print_stats($module, /, file=None)\n--\n\n"
"Write the allocator's table (arenas, pools and blocks per size class,\n"
"and a line checking that every arena byte is accounted for) to file, a\n"
"text stream; sys.stderr by default.");

static PyObject *
objheap_print_stats(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char file_kw[] = "file", *kwlist[] = {file_kw, NULL};
    PyObject *file = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:print_stats", kwlist,
                                     &file))
        return NULL;
    if (file == Py_None) {
        file = PySys_GetObject("stderr");           /* borrowed */
        if (file == NULL || file == Py_None)
            Py_RETURN_NONE;     /* no stderr: nothing to write, as print */
    }
    /* The table is printed into memory, then written through the file's
     * own write(), so that sys.stderr redirections and StringIO work. */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL)
        return PyErr_SetFromErrno(PyExc_OSError);
    oh_alloc_print_stats(mem);
    if (fclose(mem) != 0) {
        free(text);
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    PyObject *str = PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, "replace");
    free(text);
    if (str == NULL)
        return NULL;
    PyObject *res = PyObject_CallMethod(file, "write", "O", str);
    Py_DECREF(str);
    if (res == NULL)
        return NULL;
    Py_DECREF(res);
    Py_RETURN_NONE;
}

/* Write the heap map to `path` (bytes, the file system's encoding); a
 * path ending in ".png" writes the SVG beside it and converts it, as the
 * library's OBJHEAP_HEAPMAP does.  Returns 1 if a PNG was written, 0 if
 * only the SVG, -1 with a Python exception (OSError from errno, with the
 * file name, when the file could not be written). */
static int
write_heapmap(PyObject *path_obj, const char *path)
{
    size_t len = strlen(path);
    char *svg = NULL;
    const char *png = NULL;
    if (len > 4 && strcmp(path + len - 4, ".png") == 0) {
        svg = PyMem_RawMalloc(len + 1);
        if (svg == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memcpy(svg, path, len - 4);
        memcpy(svg + len - 4, ".svg", 5);
        png = path;
    }
    errno = 0;
    int rc = oh_heapmap_write_svg(svg != NULL ? svg : path, png);
    int saved = errno;
    PyMem_RawFree(svg);
    if (rc >= 0)
        return rc;
    if (oh_err_occurred() == OH_ERR_MEMORY)
        PyErr_NoMemory();
    else if (saved != 0) {
        errno = saved;
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path_obj);
    }
    else
        PyErr_SetString(PyExc_OSError, oh_err_message());
    oh_err_clear();
    return -1;
}

PyDoc_STRVAR(heapmap_doc,
"heapmap($module, /, path)\n--\n\n"
"Write the heap map of CPython's own arenas as SVG to path (a str, bytes\n"
"or os.PathLike): one row per arena, one cell per pool (or per medium\n"
"span, as wide as its units), coloured by size class and shaded by how\n"
"full it is, each with a tooltip of its numbers.  A path ending in .png\n"
"writes the SVG beside it and converts it when rsvg-convert or\n"
"ImageMagick is installed; returns True when a PNG was written, else\n"
"False.  OSError when the file cannot be written.");

static PyObject *
objheap_heapmap(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char path_kw[] = "path", *kwlist[] = {path_kw, NULL};
    PyObject *arg, *path, *bytes;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:heapmap", kwlist,
                                     &arg))
        return NULL;
    /* The str or bytes the argument stands for names the file in an
     * OSError, as open() does; its file-system encoding is what we open. */
    path = PyOS_FSPath(arg);
    if (path == NULL)
        return NULL;
    if (!PyUnicode_FSConverter(path, &bytes)) {
        Py_DECREF(path);
        return NULL;
    }
    int rc = write_heapmap(path, PyBytes_AS_STRING(bytes));
    Py_DECREF(bytes);
    Py_DECREF(path);
    if (rc < 0)
        return NULL;
    return PyBool_FromLong(rc);
}

static PyMethodDef objheap_methods[] = {
    {"stats", objheap_stats, METH_NOARGS, stats_doc},
    {"print_stats", (PyCFunction)(void (*)(void))objheap_print_stats,
     METH_VARARGS | METH_KEYWORDS, print_stats_doc},
    {"heapmap", (PyCFunction)(void (*)(void))objheap_heapmap,
     METH_VARARGS | METH_KEYWORDS, heapmap_doc},
    {NULL, NULL, 0, NULL}
};

PyDoc_STRVAR(objheap_doc,
"The objheap allocator underneath this interpreter (objheap-python).\n\n"
"CPython's RAW, MEM and OBJ domains (PyMem_RawMalloc, PyMem_Malloc,\n"
"PyObject_Malloc: every object) run on objheap's arenas, pools and\n"
"blocks instead of pymalloc and the C library's malloc.\n"
"active is True when they do: False when PYTHONMALLOC named one of\n"
"CPython's own allocators.  debug is True when objheap's debug checks\n"
"are on (OBJHEAP_DEBUG=1: guard bytes, fill patterns, double-free and\n"
"overrun reports).  stats(), print_stats() and heapmap() show\n"
"objheap's heap; OBJHEAP_STATS=1 and OBJHEAP_HEAPMAP=FILE.svg show it\n"
"at exit.  sys.getallocatedblocks() counts pymalloc's blocks, 0 here;\n"
"objheap.stats()['blocks_in_use'] counts objheap's.");

static struct PyModuleDef objheap_module = {
    PyModuleDef_HEAD_INIT, "objheap", objheap_doc, -1, objheap_methods,
    NULL, NULL, NULL, NULL
};

static PyObject *
objheap_init(void)
{
    PyObject *m = PyModule_Create(&objheap_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObjectRef(m, "active",
                              objheap_active ? Py_True : Py_False) < 0
        || PyModule_AddObjectRef(m, "debug", oh_alloc_get_debug()
                                             ? Py_True : Py_False) < 0
        || PyModule_AddStringConstant(m, "__version__",
                                      OH_VERSION_STRING) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

#endif /* !OH_PYTHON_CONTROL */

/* ==========================================================================
 * OBJHEAP_STATS and OBJHEAP_HEAPMAP at exit
 * ========================================================================== */

#ifndef OH_PYTHON_CONTROL

/* The switch's value when it is set to something other than "" or "0". */
static const char *
switch_value(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 ? v : NULL;
}

static PyObject *
report_at_exit(PyObject *self, PyObject *unused)
{
    if (switch_value("OBJHEAP_STATS") != NULL) {
        fflush(stdout);
        fprintf(stderr, "\nobjheap-python: the allocator at exit "
                        "(OBJHEAP_STATS)\n\n");
        oh_alloc_print_stats(stderr);
    }
    const char *map = switch_value("OBJHEAP_HEAPMAP");
    if (map != NULL) {
        PyObject *path = PyUnicode_DecodeFSDefault(map);
        int rc = path != NULL ? write_heapmap(path, map) : -1;
        Py_XDECREF(path);
        if (rc < 0) {
            fprintf(stderr, "objheap-python: OBJHEAP_HEAPMAP=%s: ", map);
            PyErr_Print();
        }
    }
    /* Done: the library's own exit switches (runtime.c) read their
     * variables again after finalisation, and must not repeat them. */
    unsetenv("OBJHEAP_STATS");
    unsetenv("OBJHEAP_HEAPMAP");
    Py_RETURN_NONE;
}

static PyMethodDef report_at_exit_def = {
    "objheap_report_at_exit", report_at_exit, METH_NOARGS,
    "objheap's OBJHEAP_STATS table and OBJHEAP_HEAPMAP map at exit."
};

/* Register the reports with Python's atexit module.  atexit callbacks run
 * last-registered first, so registering before the program runs makes ours
 * the last one: after the program's own exit handlers.  Returns -1 with a
 * Python exception set on failure. */
static int
register_report_at_exit(void)
{
    PyObject *atexit = PyImport_ImportModule("atexit");
    if (atexit == NULL)
        return -1;
    PyObject *func = PyCFunction_New(&report_at_exit_def, NULL);
    PyObject *res = NULL;
    if (func != NULL)
        res = PyObject_CallMethod(atexit, "register", "O", func);
    Py_XDECREF(func);
    Py_DECREF(atexit);
    if (res == NULL)
        return -1;
    Py_DECREF(res);
    return 0;
}

#endif /* !OH_PYTHON_CONTROL */

/* ==========================================================================
 * main
 * ========================================================================== */

/* Print CPython's error for `status` and exit as python3 would. */
static void
fail(PyConfig *config, PyStatus status)
{
    if (config != NULL)
        PyConfig_Clear(config);
    Py_ExitStatusException(status);
}

/* Fill `config` with python3's defaults and our command line, unread. */
static PyStatus
config_from_args(PyConfig *config, int argc, char **argv)
{
    PyConfig_InitPythonConfig(config);
    return PyConfig_SetBytesArgv(config, argc, argv);
}

int
main(int argc, char **argv)
{
#ifdef OH_PYTHON_CONTROL
    /* objheap is not in use: its tables at exit (runtime.c) would show an
     * empty heap, so the control takes its switches out of the way. */
    unsetenv("OBJHEAP_STATS");
    unsetenv("OBJHEAP_HEAPMAP");
#endif
    /* 1. Pre-configuration: -E, -I, -X utf8, -X dev, PYTHONMALLOC. */
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    PyStatus status = Py_PreInitializeFromBytesArgs(&preconfig, argc, argv);
    if (PyStatus_Exception(status))
        fail(NULL, status);

    /* 2. Two configurations from the same command line: `config`, which
     *    starts the interpreter and is never read, and `probe`, read by
     *    CPython for our decisions, then thrown away (the design
     *    comment: a read configuration loses -X warn_default_encoding). */
    PyConfig config, probe;
    status = config_from_args(&config, argc, argv);
    if (PyStatus_Exception(status))
        fail(&config, status);
    status = config_from_args(&probe, argc, argv);
    if (!PyStatus_Exception(status))
        status = PyConfig_Read(&probe);
    if (PyStatus_Exception(status)) {
        PyConfig_Clear(&config);
        fail(&probe, status);
    }

    /* 3. The allocator, before the first MEM or OBJ allocation; and the
     *    objheap module, which says whether it is in use. */
    allocator_choice choice = choose_allocator(&probe);
    if (choice != USE_CPYTHON)
        install_objheap(choice);
#ifndef OH_PYTHON_CONTROL
    objheap_active = choice != USE_CPYTHON;
    if (PyImport_AppendInittab("objheap", objheap_init) < 0) {
        PyConfig_Clear(&probe);
        fail(&config, PyStatus_NoMemory());
    }
#endif

    /* 4. The standard library of the libpython we were linked with, when
     *    the launcher is not installed in a Python prefix of its own. */
    status = pin_prefix(&config, &probe);
    PyConfig_Clear(&probe);
    if (PyStatus_Exception(status))
        fail(&config, status);

    /* 5. Start the interpreter and run the program. */
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status))
        fail(&config, status);
    PyConfig_Clear(&config);

#ifdef OH_PYTHON_CONTROL
    int want_stats = 0;
#else
    int want_stats = switch_value("OBJHEAP_STATS") != NULL;
    if ((want_stats || switch_value("OBJHEAP_HEAPMAP") != NULL)
        && register_report_at_exit() < 0) {
        PyErr_Print();
        fprintf(stderr, "objheap-python: OBJHEAP_STATS, OBJHEAP_HEAPMAP: "
                        "cannot register the exit report\n");
    }
#endif
    int exitcode = Py_RunMain();
    if (want_stats) {
        fprintf(stderr, "objheap-python: after finalization, %zu blocks "
                        "are still allocated from objheap's pools\n",
                oh_alloc_blocks_in_use());
    }
    return exitcode;
}
