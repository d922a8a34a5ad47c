/*
 * runtime.c -- the runtime: one struct that holds all mutable state, and
 * the switches read from the environment at start-up.
 *
 * Every layer keeps its state in a member of ohi_runtime (internal.h) and
 * reaches it through OHI_RT, never through a global of its own.  A
 * runtime needs no explicit set-up: all-zero is its valid initial state
 * (empty lists, no arenas, no error), so the main runtime lives in
 * zero-initialised storage, a new one in zeroed pages, and each layer
 * finishes its own set-up on first use.
 *
 * Runtimes and threads
 * --------------------
 * A process has the main runtime (static) and any number made by
 * oh_runtime_new; each thread has a current one, which OHI_RT names:
 *
 *     thread A --ohi_runtime_current--> main runtime <--- thread C (never
 *     thread B --ohi_runtime_current--> runtime R1         entered one)
 *                                          | prev
 *                                          v
 *                                       main runtime (B's before R1)
 *
 * RT1. ohi_runtime_current is the runtime the thread entered last and has
 *      not left, or the main runtime if there is none; `prev` of an
 *      entered runtime is its thread's current runtime before the enter.
 * RT2. A runtime's `owner` is the thread token (thread_token) of the
 *      thread inside it, or 0; a runtime is inside one thread at most
 *      (enter and free claim it with a compare-and-swap).  The debug
 *      build checks, at each check point, that a runtime with an owner
 *      is used by its owner only: the main runtime, which threads use
 *      without entering it, is checked once a thread has entered it.
 * RT3. Every object belongs to the runtime whose heap its block came
 *      from: found from the block's arena (arena->heap is that runtime's
 *      `alloc`), or for a large object from its link (link->heap).
 *      Static objects are in no heap and belong to none; they are shared
 *      read-only, except their counts (objheap.h, THREADS).  The debug
 *      build's check points (every public function's object arguments,
 *      the collector's track, the deallocator, and oh_incref/oh_decref
 *      in a program built with OH_DEBUG) abort on an object of another
 *      runtime.
 * RT4. A freed runtime's struct is never unmapped: its heap stays on
 *      the allocator's list (H2 in alloc/heap.inc), emptied, and the
 *      struct waits on `free_runtimes` for the next oh_runtime_new.  Its
 *      magic is 0 meanwhile, so enter and free refuse it.  Its objects'
 *      arenas have left the radix map, so the debug check points (RT3)
 *      find such an object in no heap and, in debug mode, abort before
 *      reading it (object_home), until a heap maps that memory again.
 * RT5. A thread that exits leaves every runtime it is inside, as if it
 *      had called oh_runtime_leave for each (leave_all_at_exit).
 *
 * Threads are told apart by the address of a thread-local variable (the
 * thread token): unique among live threads, and unchanged in the child of
 * a fork, where the forking thread's kernel id is not.  Messages name
 * threads by their kernel id and name, recorded when they entered.
 *
 * Switches from the environment
 * -----------------------------
 * So that an unmodified program can be watched, as PYTHONTRACEMALLOC and
 * PYTHONMALLOCSTATS let a Python program be, these are read once, before
 * main runs (a constructor of the library), and act as the table says:
 *
 *   OBJHEAP_DEBUG=1|0       the allocator's debug checks on or off (read by
 *                           alloc.c when it first initialises)
 *   OBJHEAP_TRACE=N         oh_trace_start(N) now, N frames (1..64; 0 or
 *                           unset: no tracing)
 *   OBJHEAP_REPORT=1|fail   the leak report at exit (inspect.c), and with
 *                           fail, status 3 when something is still held
 *   OBJHEAP_STATS=1         oh_alloc_print_stats to stderr at exit
 *   OBJHEAP_HEAPMAP=F.svg   oh_heapmap_write_svg(F.svg) at exit; F.png
 *                           writes F.svg and converts it to F.png
 *
 * A value that cannot be used is reported on stderr, once, with the
 * variable's name, and that switch stays off; the program runs on.  The
 * exit work is registered with atexit after the leak report's, so it runs
 * before it (atexit runs the last registered first) and shows the heap as
 * the program left it, before the report's collections.  The program's
 * own atexit handlers, registered later, run before all of them.  Each
 * exit switch reads its variable again when it runs, so a program (the
 * objheap-python launcher) that did the work itself can take the variable
 * out of its environment and the library will not repeat it.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

ohi_runtime ohi_runtime_main;

__thread ohi_runtime *ohi_runtime_current
    __attribute__((tls_model("initial-exec"))) = &ohi_runtime_main;

/* Is the switch set to something other than "" or "0"? */
static const char *
switch_value(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 ? v : NULL;
}

/* OBJHEAP_TRACE=N: trace from before main. */
static void
start_tracing(const char *value)
{
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || n < 1
        || n > OH_TRACE_MAX_FRAMES) {
        fprintf(stderr, "objheap: OBJHEAP_TRACE=%s: expected a number of "
                "frames from 1 to %d (0: off); not tracing\n", value,
                OH_TRACE_MAX_FRAMES);
        return;
    }
    if (oh_trace_start((int)n) < 0) {
        fprintf(stderr, "objheap: OBJHEAP_TRACE=%s: %s; not tracing\n",
                value, oh_err_message());
        oh_err_clear();
    }
}

static void
stats_at_exit(void)
{
    if (switch_value("OBJHEAP_STATS") == NULL)
        return;
    fflush(stdout);
    fprintf(stderr, "objheap: the allocator at exit (OBJHEAP_STATS)\n");
    oh_alloc_print_stats(stderr);
}

static void
heapmap_at_exit(void)
{
    const char *path = switch_value("OBJHEAP_HEAPMAP");
    if (path == NULL)
        return;
    /* F.png: the SVG beside it, then the PNG when a converter is
     * installed. */
    size_t len = strlen(path);
    char *svg = NULL;
    const char *png = NULL;
    if (len > 4 && strcmp(path + len - 4, ".png") == 0) {
        svg = malloc(len + 1);
        if (svg != NULL) {
            memcpy(svg, path, len - 4);
            memcpy(svg + len - 4, ".svg", 5);
        }
        png = path;
    }
    int rc = oh_heapmap_write_svg(svg != NULL ? svg : path, png);
    if (rc < 0) {
        fprintf(stderr, "objheap: OBJHEAP_HEAPMAP=%s: %s\n", path,
                oh_err_message());
        oh_err_clear();
    }
    else if (png != NULL && rc == 0) {
        fprintf(stderr, "objheap: OBJHEAP_HEAPMAP=%s: no SVG to PNG "
                "converter (rsvg-convert, ImageMagick); wrote %s only\n",
                path, svg != NULL ? svg : path);
    }
    free(svg);
}

__attribute__((constructor)) static void
runtime_start(void)
{
    /* The allocator reads its settings from the environment now, while
     * one thread runs: the object paths of every runtime read them later
     * without the lock, and two threads making their runtimes' first
     * objects at once would otherwise race with that first read. */
    (void)oh_alloc_get_debug();
    const char *report = getenv("OBJHEAP_REPORT");
    if (report != NULL && report[0] != '\0' && report[0] != '0')
        ohi_inspect_report_at_exit();
    const char *trace = switch_value("OBJHEAP_TRACE");
    if (trace != NULL)
        start_tracing(trace);
    if (switch_value("OBJHEAP_STATS") != NULL)
        atexit(stats_at_exit);
    if (switch_value("OBJHEAP_HEAPMAP") != NULL)
        atexit(heapmap_at_exit);
}

unsigned long
oh_version(void)
{
    return OH_VERSION_HEX;
}

/* ==========================================================================
 * Runtimes and threads (RT1-RT4 above)
 * ========================================================================== */

/* Its address is the calling thread's token (RT2). */
static __thread char thread_token_byte
    __attribute__((tls_model("initial-exec")));

static uintptr_t
thread_token(void)
{
    return (uintptr_t)&thread_token_byte;
}

/* The calling thread's tag: its kernel id (the name is read when a
 * message needs it, so that entering costs one system call). */
static void
thread_tag(ohi_thread_tag *tag)
{
    tag->tid = (pid_t)syscall(SYS_gettid);
}

/* "thread 1234 (worker)", for messages: the name as the kernel has it
 * (pthread_setname_np), read without allocating. */
static void
tag_text(const ohi_thread_tag *tag, char *buf, size_t size)
{
    char path[64], name[17] = "";
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tag->tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, name, sizeof name - 1);
        close(fd);
        name[n > 0 ? n : 0] = '\0';
        char *nl = strchr(name, '\n');
        if (nl != NULL)
            *nl = '\0';
    }
    if (tag->tid == 0)
        snprintf(buf, size, "another thread");     /* entering just now */
    else if (name[0] != '\0')
        snprintf(buf, size, "thread %d (%s)", (int)tag->tid, name);
    else
        snprintf(buf, size, "thread %d", (int)tag->tid);
}

static bool
runtime_is_live(const ohi_runtime *rt)
{
    return rt == &ohi_runtime_main || rt->magic == OHI_RUNTIME_MAGIC;
}

/* Another thread is inside rt while the calling thread uses it (RT2):
 * the one message for every check point.  Fatal when `fatal`, else the
 * message becomes a RuntimeError in the caller's current runtime. */
static void
two_threads(const ohi_runtime *rt, const char *op, bool fatal)
{
    ohi_thread_tag me, inside = {
        __atomic_load_n(&rt->owner_tag.tid, __ATOMIC_RELAXED)};
    thread_tag(&me);
    char a[48], b[48];
    tag_text(&me, a, sizeof a);
    tag_text(&inside, b, sizeof b);
    if (fatal)
        ohi_fatal("runtime %p used by %s while %s is inside it (%s); a "
                  "runtime is used by one thread at a time (objheap.h, "
                  "THREADS)", (const void *)rt, a, b, op);
    oh_err_format(OH_ERR_RUNTIME, "%s: runtime %p is in use: %s is inside "
                  "it", op, (const void *)rt, b);
}

/* Debug builds abort where release builds report (objheap.h). */
#define RT_MISUSE_FATAL (OH_DEBUG >= 1)

/* The link of a large object outside the arenas (in debug mode the
 * C library's block, with the debug layout around it), or NULL.  A large
 * object sits after its link (and the collector's prefix).  Only debug
 * mode can tell one from a static object safely: the allocator then
 * knows every large block it handed out. */
static const ohi_large_link *
debug_large_link(const oh_object *o)
{
    if (!OHI_CHECKS_ON())
        return NULL;
    static const size_t prefixes[2] = {sizeof(ohi_gc_head), 0};
    const ohi_large_link *found = NULL;
    ohi_alloc_lock();           /* the debug tables */
    for (int i = 0; i < 2 && found == NULL; i++) {
        const ohi_large_link *link = (const ohi_large_link *)(const void *)
            ((const char *)o - prefixes[i]) - 1;
        int family = -1;
        if (ohi_alloc_debug_block(link, &family) == OHI_DBLOCK_LIVE
            && family == (i == 0 ? OHI_FAMILY_GC : OHI_FAMILY_OBJ))
            found = link;
    }
    ohi_alloc_unlock();
    return found;
}

/* The runtime o belongs to (RT3), or NULL for one in no runtime's heap
 * (a static object, raw memory, or memory objheap does not know); and in
 * *known whether o is where an object can be: in memory the allocator
 * handed out, or static (in the program or a library it loaded).  Asked
 * before o is read: an object of a freed runtime (RT4) sits in an arena
 * its heap gave back, out of the radix map, warm (still mapped) for the
 * retain delay and then unmapped.  Outside debug mode a large object of
 * 120 to 128 KiB is the C library's block, which nothing tells from a
 * stray pointer, so it counts as known then.  The segments of the
 * images last found are kept per thread, so a static object costs a
 * compare. */
static ohi_runtime *
object_home(const oh_object *o, bool *known)
{
    static __thread ohi_image_cache images;
    *known = true;
    int kind = ohi_alloc_map_lookup(o);
    /* A medium block of a runtime's heap is one of its large objects:
     * raw memory comes from thread heaps. */
    if (kind == OHI_MAP_ARENA || kind == OHI_MAP_MEDIUM) {
        const ohi_arena *ar = (const ohi_arena *)((uintptr_t)o
                              & ~(uintptr_t)OHI_ARENA_MASK);
        return ar->heap->is_thread_heap ? NULL
                                        : OHI_RUNTIME_OF_HEAP(ar->heap);
    }
    if (kind != OHI_MAP_NONE && kind != OHI_MAP_HUGE)
        return NULL;
    if (kind == OHI_MAP_NONE && ohi_os_in_image(o, sizeof *o, &images))
        return NULL;
    const ohi_large_link *link = debug_large_link(o);
    if (link == NULL) {
        *known = kind != OHI_MAP_NONE || !OHI_CHECKS_ON();
        return NULL;
    }
    return link->heap != NULL ? OHI_RUNTIME_OF_HEAP(link->heap) : NULL;
}

/* The check point, as messages name it: the operation, and the call
 * site when func is not NULL. */
static const char *
check_site(char *buf, size_t len, const char *op, const char *func,
           const char *file, int line)
{
    if (func != NULL)
        snprintf(buf, len, "%s in %s (%s:%d)", op, func, file, line);
    else
        snprintf(buf, len, "%s", op);
    return buf;
}

/* The check of RT2 and RT3; `op` and, when func is not NULL, the call
 * site name the check point in the message. */
static void
check_object(const oh_object *o, const char *op, const char *func,
             const char *file, int line)
{
    ohi_runtime *rt = OHI_RT;
    uintptr_t owner = __atomic_load_n(&rt->owner, __ATOMIC_RELAXED);
    bool other_inside = owner != 0 && owner != thread_token();
    char where[200];
    ohi_runtime *home = NULL;
    if (OH_LIKELY(!other_inside)) {
        bool known;
        home = object_home(o, &known);
        if (!known)
            ohi_fatal("%s: object %p is in no heap and not static: freed, "
                      "or of a runtime that was freed (oh_runtime_free), "
                      "or never objheap's",
                      check_site(where, sizeof where, op, func, file, line),
                      (const void *)o);
        if (o->refcnt >= OH_IMMORTAL_REFCNT / 2)
            return;             /* static and shared (RT3) */
        if (home == NULL || home == rt)
            return;
    }
    check_site(where, sizeof where, op, func, file, line);
    if (other_inside) {
        two_threads(rt, where, true);   /* does not return */
        return;
    }
    ohi_thread_tag me;
    thread_tag(&me);
    char a[48], b[48] = "no thread";
    tag_text(&me, a, sizeof a);
    ohi_thread_tag inside = {
        __atomic_load_n(&home->owner_tag.tid, __ATOMIC_RELAXED)};
    if (inside.tid != 0)
        tag_text(&inside, b, sizeof b);
    ohi_fatal("%s: object %p (%s) belongs to runtime %p, which %s is "
              "inside, but %s uses it in runtime %p; objects stay in their "
              "runtime (objheap.h, THREADS)", where, (const void *)o,
              o->type != NULL ? o->type->name : "?", (const void *)home, b,
              a, (const void *)rt);
}

void
ohi_runtime_check_object(const oh_object *o, const char *op)
{
    check_object(o, op, NULL, NULL, 0);
}

void
oh_refcount_check_(oh_object *o, const char *op, const char *func,
                   const char *file, int line)
{
    if (o == NULL) {
        ohi_null_arg(__func__);
        return;
    }
    check_object(o, op, func, file, line);
}

/* Runtimes freed, kept for reuse (RT4), under free_lock. */
static ohi_runtime *free_runtimes;
static pthread_mutex_t free_lock = PTHREAD_MUTEX_INITIALIZER;

oh_runtime *
oh_runtime_new(void)
{
    pthread_mutex_lock(&free_lock);
    ohi_runtime *rt = free_runtimes;
    if (rt != NULL)
        free_runtimes = rt->next_free;
    pthread_mutex_unlock(&free_lock);
    if (rt != NULL) {
        /* All but the heap back to zero: the heap is empty and stays
         * registered (RT4). */
        memset((char *)rt + sizeof rt->alloc, 0,
               sizeof *rt - sizeof rt->alloc);
    }
    else {
        rt = ohi_os_map(sizeof *rt);
        if (rt == NULL) {
            oh_err_no_memory();
            return NULL;
        }
    }
    rt->magic = OHI_RUNTIME_MAGIC;
    return (oh_runtime *)(void *)rt;
}

/* Claim rt for the calling thread (RT2): 1 if it was free, 0 if the
 * calling thread is inside it already, -1 if another thread is. */
static int
claim(ohi_runtime *rt)
{
    uintptr_t expected = 0, me = thread_token();
    if (__atomic_compare_exchange_n(&rt->owner, &expected, me, false,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        ohi_thread_tag tag;
        thread_tag(&tag);
        __atomic_store_n(&rt->owner_tag.tid, tag.tid, __ATOMIC_RELAXED);
        return 1;
    }
    return expected == me ? 0 : -1;
}

static void
release(ohi_runtime *rt)
{
    __atomic_store_n(&rt->owner_tag.tid, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&rt->owner, 0, __ATOMIC_RELEASE);
}

/* A thread that exits inside runtimes leaves them (RT5): the thread key's
 * destructor, set on a thread's first enter, releases every runtime on
 * the thread's chain that the thread owns, so that another thread may
 * enter it.  Without it such a runtime stayed claimed by a thread that
 * no longer existed, and every later enter failed (or, in a debug
 * build, aborted naming the dead thread). */
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static bool exit_key_ok = true;         /* the key was made */

static void
leave_all_at_exit(void *unused)
{
    (void)unused;
    uintptr_t me = thread_token();
    ohi_runtime *rt = ohi_runtime_current;
    while (rt != NULL && rt->prev != NULL) {
        ohi_runtime *prev = rt->prev;
        if (__atomic_load_n(&rt->owner, __ATOMIC_RELAXED) == me) {
            rt->prev = NULL;
            release(rt);
        }
        rt = prev;
    }
    ohi_runtime_current = &ohi_runtime_main;
}

static void
exit_key_create(void)
{
    if (pthread_key_create(&exit_key, leave_all_at_exit) != 0)
        exit_key_ok = false;
}

int
oh_runtime_enter(oh_runtime *r)
{
    ohi_runtime *rt = (ohi_runtime *)(void *)r;
    if (rt == NULL || !runtime_is_live(rt)) {
        oh_err_format(OH_ERR_RUNTIME, "oh_runtime_enter: %s",
                      rt == NULL ? "the runtime is NULL"
                                 : "not a runtime, or one freed already");
        return -1;
    }
    int got = claim(rt);
    if (got == 0) {
        oh_err_set(OH_ERR_RUNTIME, "oh_runtime_enter: the calling thread "
                   "is inside this runtime already");
        return -1;
    }
    if (got < 0) {
        two_threads(rt, "oh_runtime_enter", RT_MISUSE_FATAL);
        return -1;
    }
    rt->prev = OHI_RT;
    ohi_runtime_current = rt;
    pthread_once(&exit_key_once, exit_key_create);
    if (exit_key_ok && pthread_getspecific(exit_key) == NULL)
        (void)pthread_setspecific(exit_key, rt);  /* any non-NULL value */
    return 0;
}

int
oh_runtime_leave(void)
{
    ohi_runtime *rt = OHI_RT;
    if (__atomic_load_n(&rt->owner, __ATOMIC_RELAXED) != thread_token()
        || rt->prev == NULL) {
        oh_err_set(OH_ERR_RUNTIME, "oh_runtime_leave: the calling thread "
                   "has not entered a runtime");
        return -1;
    }
    ohi_runtime_current = rt->prev;
    rt->prev = NULL;
    release(rt);
    return 0;
}

/* An object found by the last walk of a runtime being freed. */
typedef struct found {
    oh_object **objs;
    void **blocks;
    int *families;
    size_t n, cap;
    bool all;                   /* every block, or live containers only */
    bool failed;
} found;

static int
find_visit(void *p, int family, void *arg)
{
    found *f = arg;
    oh_object *o = (oh_object *)(void *)((char *)p
                   + (family == OHI_FAMILY_GC ? sizeof(ohi_gc_head) : 0));
    bool dead = o->type == &ohi_freed_type
                || (uintptr_t)o->type == OHI_FREED_WORD;
    if (!f->all && (dead || family != OHI_FAMILY_GC
                    || o->type->clear == NULL))
        return 0;
    if (f->n == f->cap) {
        /* The C library's memory: the walk must not allocate from the
         * heap it walks. */
        size_t cap = f->cap ? f->cap * 2 : 256;
        oh_object **objs = realloc(f->objs, cap * sizeof *objs);
        if (objs != NULL)
            f->objs = objs;
        void **blocks = realloc(f->blocks, cap * sizeof *blocks);
        if (blocks != NULL)
            f->blocks = blocks;
        int *fams = realloc(f->families, cap * sizeof *fams);
        if (fams != NULL)
            f->families = fams;
        if (objs == NULL || blocks == NULL || fams == NULL) {
            f->failed = true;
            return 1;
        }
        f->cap = cap;
    }
    f->objs[f->n] = dead ? NULL : o;
    f->blocks[f->n] = p;
    f->families[f->n] = family;
    f->n++;
    return 0;
}

static void
found_free(found *f)
{
    free(f->objs);
    free(f->blocks);
    free(f->families);
    memset(f, 0, sizeof *f);
}

/* Everything rt owns, freed; rt is current on the calling thread.  The
 * order is CPython's finalisation, then Lua's lua_close: the interpreter
 * stops; collections free the cycles (finalizers and callbacks run);
 * every container still held is cleared, as the collector clears
 * garbage, so that what it held goes with ordinary deallocs; what is
 * left (objects the program never released) is freed block by block,
 * without deallocs; then the heap gives its memory back. */
static void
runtime_teardown(ohi_runtime *rt)
{
    (void)oh_py_fini();
    oh_err_clear();
    ohi_gc_state *gc = &rt->gc;
    if (gc->initialized) {
        if (oh_gc_get_freeze_count() != 0)
            oh_gc_unfreeze();
        (void)oh_gc_set_debug(0);
        for (int i = 0; i < 4 && oh_gc_collect(2) > 0; i++)
            oh_err_clear();
        oh_err_clear();
        OH_CLEAR(gc->garbage);
    }
    /* Containers still held: clear each, holding it meanwhile. */
    found f = {0};
    ohi_alloc_heap_trim(&rt->alloc);    /* no block in a cache or remote */
    ohi_alloc_walk_objects(find_visit, &f);
    if (!f.failed) {
        for (size_t i = 0; i < f.n; i++)
            oh_incref(f.objs[i]);
        for (size_t i = 0; i < f.n; i++) {
            oh_object *o = f.objs[i];
            if (o->refcnt > 0 && o->type->clear != NULL)
                o->type->clear(o);
            oh_err_clear();
        }
        for (size_t i = 0; i < f.n; i++)
            oh_decref(f.objs[i]);
        if (gc->initialized)
            (void)oh_gc_collect(2);
    }
    found_free(&f);
    oh_err_clear();
    OH_CLEAR(rt->err.exc);
    oh_object_clear_freelists();
    /* What remains was held by the program: its blocks, freed as they
     * are.  (Each large object is off its list as it goes.) */
    f.all = true;
    ohi_alloc_heap_trim(&rt->alloc);
    ohi_alloc_walk_objects(find_visit, &f);
    for (size_t i = 0; i < f.n; i++) {
        oh_object *o = f.objs[i];
        if (o != NULL && f.families[i] == OHI_FAMILY_GC)
            ohi_gc_untrack(o);
        ohi_alloc_free(f.blocks[i], f.families[i]);
    }
    found_free(&f);
    /* The runtime's tables in the C library's or raw memory. */
    oh_free(rt->obj.interned);
    rt->obj.interned = NULL;
    oh_free(gc->callbacks);
    gc->callbacks = NULL;
    ohi_alloc_heap_trim(&rt->alloc);
}

int
oh_runtime_free(oh_runtime *r)
{
    ohi_runtime *rt = (ohi_runtime *)(void *)r;
    if (rt == NULL || rt == &ohi_runtime_main || !runtime_is_live(rt)) {
        oh_err_format(OH_ERR_RUNTIME, "oh_runtime_free: %s",
                      rt == NULL ? "the runtime is NULL"
                      : rt == &ohi_runtime_main ? "the main runtime is "
                                                  "never freed"
                      : "not a runtime, or one freed already");
        return -1;
    }
    int got = claim(rt);
    if (got < 0) {
        two_threads(rt, "oh_runtime_free", RT_MISUSE_FATAL);
        return -1;
    }
    if (got == 0 && OHI_RT != rt) {
        oh_err_set(OH_ERR_RUNTIME, "oh_runtime_free: the calling thread "
                   "entered another runtime inside this one: leave that "
                   "first");
        return -1;
    }
    /* After: the runtime current before rt was entered, or the caller's
     * current one now. */
    ohi_runtime *back = got == 0 ? rt->prev : OHI_RT;
    ohi_runtime_current = rt;
    runtime_teardown(rt);
    ohi_runtime_current = back;
    rt->magic = 0;
    rt->prev = NULL;
    release(rt);
    pthread_mutex_lock(&free_lock);
    rt->next_free = free_runtimes;
    free_runtimes = rt;
    pthread_mutex_unlock(&free_lock);
    return 0;
}

oh_runtime *
oh_runtime_current(void)
{
    return (oh_runtime *)(void *)OHI_RT;
}

oh_runtime *
oh_runtime_main(void)
{
    return (oh_runtime *)(void *)&ohi_runtime_main;
}
