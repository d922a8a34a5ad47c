/*
 * symbolize.c -- the tracer's names: return addresses to function, file
 * and line; raw tracebacks to the ones users read.
 *
 * What this file owns
 * -------------------
 * The symbolizer (made on the first report, freed when tracing stops),
 * resolving a raw traceback (trace.c) into an oh_traceback, and the
 * public traceback calls: oh_trace_get_traceback, oh_traceback_print,
 * oh_traceback_free.  It is the only file that knows libdw.  It reads the
 * tracer's tables through ohi_trace_lookup and its code range through
 * ohi_trace_in_text, and is read by snapshot.c.
 *
 * Where a name comes from, for one return address (the call is the byte
 * before it):
 *
 *   libdw, with DWARF line information     function, file, line
 *   libdw, ELF symbols only (no -g)        "function+0x1d", module, 0
 *   libdw, no symbol (stripped)            "+0x11d0" (offset in the
 *                                          module), module, 0
 *   no libdw1 installed: dladdr            as the two above, with the
 *                                          dynamic symbols only
 *   nothing at all                         "??", "??", 0
 *
 * Without -g every call site of a program used to collapse into one
 * "??:0" group, though the function names were known (issue 16): a frame
 * without a line is now named by its function and the offset of the call
 * in it, the way glibc's backtrace_symbols writes "prog(f+0x1d)", so
 * statistics by line group by call site and say which function it is in,
 * and statistics by file group by module.
 *
 * libdw (elfutils) reads the DWARF and ELF of the executable and of every
 * shared library in the process, in-process, with no external program
 * such as addr2line.  It is loaded with dlopen on the first report, so
 * that a program that never traces does not carry it and its compression
 * libraries (about 450 KB resident, measured in objheap-python).  Every
 * address is resolved once and cached (sym_entry).
 *
 * Resolving a raw traceback
 * -------------------------
 *   raw:   [objheap's frames ...] caller ... main  __libc_start_call_main ...
 *           `- dropped (Y1)        `- kept, at most `limit` -'  `- dropped (Y2)
 *
 * Where capture knew objheap's code range it has dropped objheap's frames
 * itself; otherwise (the fuzz build) a frame is objheap's when its DWARF
 * compile unit is one of the library's sources: same module and compile
 * directory as this file, and a name under the same directory ("src/").
 * A traceback stops at main, as Python's stops at the module: the C
 * library's start-up frames above it are noise in every report.  Where
 * main has no name (a stripped program), it stops at the first of the C
 * library's start-up functions that is named instead.  A frame source's
 * words (trace.c, "Frame sources") go back to the source for their names.
 *
 * The symbolizer's own memory
 * ---------------------------
 * Reading debug information is not free: naming the tour's frames brings
 * about 20 MiB of line tables and mapped debug sections into the process.
 * That is the tool's memory, not the program's, and a chart of the
 * program's memory must not show it as the program's growth (marks.c).
 * So every time the symbolizer calls into libdw (made, or an address not
 * in its cache) it reads the resident size before and after, and adds
 * the difference to sym_rss; when it is freed, what the process gave back
 * is taken off again (Y3).  One pread of /proc/self/statm is about a
 * microsecond, against the tens of microseconds of a libdw look-up.
 *
 * Invariants
 * ----------
 * Y1. The first frame of a resolved native traceback is the caller's:
 *     every frame before it is in objheap's code range (or, with the range
 *     unknown, in one of objheap's compile units), and no later one is
 *     looked at for that.
 * Y2. No frame after main (or, with main unnamed, no frame from a C
 *     library start-up function on) is kept, and total_nframe then counts
 *     the frames up to main, not the start-up frames.
 * Y3. sym_rss is the sum of the resident-size changes measured around the
 *     symbolizer's calls into libdw, less what freeing it gave back,
 *     never below 0; with no symbolizer made since the runtime started it
 *     is 0.
 */
#include "internal.h"

#include <dwarf.h>
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ==========================================================================
 * A string pool: strings copied into chunks, freed all at once
 * ========================================================================== */

struct ohi_strpool {
    struct ohi_strpool *next;
    size_t used, cap;
    char data[];
};

const char *
ohi_strpool_dup(ohi_strpool **pool, const char *s)
{
    size_t n = strlen(s) + 1;
    ohi_strpool *c = *pool;
    if (c == NULL || c->cap - c->used < n) {
        size_t cap = n > 4000 ? n : 4000;
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->next = *pool;
        c->used = 0;
        c->cap = cap;
        *pool = c;
    }
    char *d = c->data + c->used;
    memcpy(d, s, n);
    c->used += n;
    return d;
}

void
ohi_strpool_free(ohi_strpool *c)
{
    while (c != NULL) {
        ohi_strpool *next = c->next;
        free(c);
        c = next;
    }
}

/* ==========================================================================
 * The symbolizer
 * ========================================================================== */

typedef struct sym_entry {
    uintptr_t pc;               /* 0: empty slot */
    const char *function;       /* "f", "f+0x1d", "+0x11d0" or "??" */
    const char *filename;       /* source file, module path, or "??" */
    int lineno;                 /* 0 without line information */
    bool internal;              /* objheap's own code */
    bool is_main;               /* in main: the last frame kept (Y2) */
    bool is_startup;            /* in the C library's start-up code */
} sym_entry;

/* libdw's functions, looked up in the library loaded on first need. */
typedef struct dw_api {
    Dwfl *(*begin)(const Dwfl_Callbacks *);
    void (*end)(Dwfl *);
    void (*report_begin)(Dwfl *);
    int (*proc_report)(Dwfl *, pid_t);
    int (*report_end)(Dwfl *, int (*)(Dwfl_Module *, void *, const char *,
                                      Dwarf_Addr, void *), void *);
    Dwfl_Module *(*addrmodule)(Dwfl *, Dwarf_Addr);
    Dwarf_Die *(*addrdie)(Dwfl_Module *, Dwarf_Addr, Dwarf_Addr *);
    const char *(*addrinfo)(Dwfl_Module *, GElf_Addr, GElf_Off *, GElf_Sym *,
                            GElf_Word *, Elf **, Dwarf_Addr *);
    const char *(*module_info)(Dwfl_Module *, void ***, Dwarf_Addr *,
                               Dwarf_Addr *, Dwarf_Addr *, Dwarf_Addr *,
                               const char **, const char **);
    Dwfl_Line *(*getsrc)(Dwfl_Module *, Dwarf_Addr);
    const char *(*lineinfo)(Dwfl_Line *, Dwarf_Addr *, int *, int *,
                            Dwarf_Word *, Dwarf_Word *);
    const char *(*diename)(Dwarf_Die *);
    Dwarf_Attribute *(*attr)(Dwarf_Die *, unsigned int, Dwarf_Attribute *);
    const char *(*formstring)(Dwarf_Attribute *);
} dw_api;

struct ohi_symbolizer {
    dw_api dw;
    Dwfl *dwfl;                 /* NULL without libdw: dladdr names */
    Dwfl_Callbacks callbacks;   /* dwfl keeps a pointer to these */
    char *debuginfo_path;
    sym_entry *cache;           /* open addressing by pc */
    size_t cap, len;
    ohi_strpool *strings;       /* the cache's names */
    int statm;                  /* /proc/self/statm, or -1 */
    long page;                  /* the OS page size */
    /* What identifies objheap's own compile units. */
    Dwfl_Module *self_module;
    const char *self_comp_dir;
    const char *self_prefix;    /* "src/" from "src/trace.c" */
};

static inline size_t
pc_hash(uintptr_t pc)
{
    return (size_t)(((uint64_t)pc >> 4) * 0x9e3779b97f4a7c15ull >> 16);
}

/* Resident bytes now, from the kept /proc/self/statm (0 if unreadable). */
static int64_t
resident(const ohi_symbolizer *s)
{
    char buf[96];
    ssize_t n = s->statm >= 0 ? pread(s->statm, buf, sizeof buf - 1, 0) : -1;
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    long size, pages;
    if (sscanf(buf, "%ld %ld", &size, &pages) != 2)
        return 0;
    return (int64_t)pages * s->page;
}

/* Y3: count what a call into libdw brought in. */
static void
count_rss(int64_t before, int64_t after)
{
    int64_t *r = &OHI_TRACE->sym_rss;
    *r += after - before;
    if (*r < 0)
        *r = 0;
}

static const char *
die_comp_dir(const ohi_symbolizer *s, Dwarf_Die *cu)
{
    Dwarf_Attribute attr;
    if (s->dw.attr(cu, DW_AT_comp_dir, &attr) == NULL)
        return NULL;
    return s->dw.formstring(&attr);
}

/* Load libdw and look up what the symbolizer calls.  0, or -1 when libdw
 * is not installed (the symbolizer then names frames with dladdr). */
static int
load_libdw(ohi_symbolizer *s)
{
    static const struct {
        const char *name;
        size_t offset;
    } fns[] = {
        {"dwfl_begin", offsetof(dw_api, begin)},
        {"dwfl_end", offsetof(dw_api, end)},
        {"dwfl_report_begin", offsetof(dw_api, report_begin)},
        {"dwfl_linux_proc_report", offsetof(dw_api, proc_report)},
        {"dwfl_report_end", offsetof(dw_api, report_end)},
        {"dwfl_addrmodule", offsetof(dw_api, addrmodule)},
        {"dwfl_module_addrdie", offsetof(dw_api, addrdie)},
        {"dwfl_module_addrinfo", offsetof(dw_api, addrinfo)},
        {"dwfl_module_info", offsetof(dw_api, module_info)},
        {"dwfl_module_getsrc", offsetof(dw_api, getsrc)},
        {"dwfl_lineinfo", offsetof(dw_api, lineinfo)},
        {"dwarf_diename", offsetof(dw_api, diename)},
        {"dwarf_attr", offsetof(dw_api, attr)},
        {"dwarf_formstring", offsetof(dw_api, formstring)},
    };
    void *lib = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return -1;
    /* POSIX's way to turn dlsym's results into function pointers: copy
     * the bits (every function pointer here has the same size). */
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        void *fn = dlsym(lib, fns[i].name);
        if (fn == NULL)
            return -1;
        memcpy((char *)&s->dw + fns[i].offset, &fn, sizeof fn);
    }
    void *find_elf = dlsym(lib, "dwfl_linux_proc_find_elf");
    void *find_debuginfo = dlsym(lib, "dwfl_standard_find_debuginfo");
    if (find_elf == NULL || find_debuginfo == NULL)
        return -1;
    memcpy(&s->callbacks.find_elf, &find_elf, sizeof find_elf);
    memcpy(&s->callbacks.find_debuginfo, &find_debuginfo,
           sizeof find_debuginfo);
    return 0;
}

static void
symbolizer_free(ohi_symbolizer *s)
{
    if (s == NULL)
        return;
    int64_t before = resident(s);
    if (s->dwfl != NULL)
        s->dw.end(s->dwfl);
    ohi_strpool_free(s->strings);
    free(s->cache);
    if (s->statm >= 0)
        close(s->statm);
    free(s);
    count_rss(before, (int64_t)ohi_os_rss());
}

/* trace.c's on_stop: the names are only looked up while tracing. */
static void
symbolizer_release(void)
{
    ohi_trace_state *t = OHI_TRACE;
    symbolizer_free(t->sym);
    t->sym = NULL;
}

static ohi_symbolizer *
symbolizer_new(void)
{
    ohi_symbolizer *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    s->page = sysconf(_SC_PAGESIZE);
    s->cap = 1024;
    s->cache = calloc(s->cap, sizeof *s->cache);
    if (s->cache == NULL) {
        symbolizer_free(s);
        return NULL;
    }
    int64_t before = resident(s);
    s->callbacks.debuginfo_path = &s->debuginfo_path;
    if (load_libdw(s) < 0 || (s->dwfl = s->dw.begin(&s->callbacks)) == NULL) {
        count_rss(before, resident(s));
        return s;               /* no libdw: dladdr names what it can */
    }
    s->dw.report_begin(s->dwfl);
    s->dw.proc_report(s->dwfl, getpid());
    s->dw.report_end(s->dwfl, NULL, NULL);
    /* Which compile units are ours: the one holding this function. */
    Dwarf_Addr a = (Dwarf_Addr)(uintptr_t)&oh_trace_start;
    s->self_module = s->dw.addrmodule(s->dwfl, a);
    if (s->self_module != NULL) {
        Dwarf_Addr bias;
        Dwarf_Die *cu = s->dw.addrdie(s->self_module, a, &bias);
        const char *name = cu ? s->dw.diename(cu) : NULL;
        const char *dir = cu ? die_comp_dir(s, cu) : NULL;
        const char *slash = name ? strrchr(name, '/') : NULL;
        if (name != NULL && dir != NULL) {
            char prefix[256];
            size_t len = slash ? (size_t)(slash - name) + 1 : 0;
            if (len >= sizeof prefix)
                len = 0;
            memcpy(prefix, name, len);
            prefix[len] = '\0';
            s->self_comp_dir = ohi_strpool_dup(&s->strings, dir);
            s->self_prefix = ohi_strpool_dup(&s->strings, prefix);
        }
    }
    count_rss(before, resident(s));
    return s;
}

/* The symbolizer, made on first need (NULL when out of memory). */
static ohi_symbolizer *
symbolizer(void)
{
    ohi_trace_state *t = OHI_TRACE;
    if (t->sym == NULL) {
        t->sym = symbolizer_new();
        if (t->sym != NULL)
            t->on_stop = symbolizer_release;
    }
    return t->sym;
}

/* Is the code at address a (in module m) one of objheap's own units?  The
 * code range answers when it is known; the compile units otherwise. */
static bool
is_internal(ohi_symbolizer *s, Dwfl_Module *m, Dwarf_Addr a)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (t->text_lo != 0)
        return ohi_trace_in_text(t, (uintptr_t)a);
    if (m == NULL || m != s->self_module || s->self_comp_dir == NULL)
        return false;
    Dwarf_Addr bias;
    Dwarf_Die *cu = s->dw.addrdie(m, a, &bias);
    if (cu == NULL)
        return false;
    const char *name = s->dw.diename(cu);
    const char *dir = die_comp_dir(s, cu);
    return name != NULL && dir != NULL && strcmp(dir, s->self_comp_dir) == 0
           && strncmp(name, s->self_prefix, strlen(s->self_prefix)) == 0;
}

/* Is `sym` one of the C library's start-up functions, which call main?
 * With the C library's symbols a name may carry its version
 * ("__libc_start_main@@GLIBC_2.34"): compared up to the '@'. */
static bool
is_startup(const char *sym)
{
    static const char *const names[] = {
        "__libc_start_call_main", "__libc_start_main",
        "__libc_start_main_impl", "_start",
    };
    size_t len = strcspn(sym, "@");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(sym, names[i], len) == 0)
            return true;
    return false;
}

/* The name of a frame without a line: "sym+0x1d", or "+0x11d0" (the
 * offset in its module) without a symbol.  Into buf. */
static const char *
offset_name(char *buf, size_t len, const char *sym, uintptr_t off)
{
    if (sym != NULL)
        snprintf(buf, len, "%s+0x%jx", sym, (uintmax_t)off);
    else
        snprintf(buf, len, "+0x%jx", (uintmax_t)off);
    return buf;
}

/* Name address a (the call: one byte before the return address) with
 * libdw.  Fills function, filename, lineno and the flags of *e; names
 * point into buf or into libdw's memory, and are copied by the caller. */
static void
name_with_libdw(ohi_symbolizer *s, Dwarf_Addr a, sym_entry *e, char *buf,
                size_t len)
{
    Dwfl_Module *m = s->dw.addrmodule(s->dwfl, a);
    if (m == NULL)
        return;
    GElf_Off off = 0;
    GElf_Sym sym;
    const char *fn = s->dw.addrinfo(m, a, &off, &sym, NULL, NULL, NULL);
    Dwfl_Line *line = s->dw.getsrc(m, a);
    int lineno = 0;
    const char *file = line ? s->dw.lineinfo(line, NULL, &lineno, NULL,
                                             NULL, NULL)
                            : NULL;
    e->internal = is_internal(s, m, a);
    if (fn != NULL) {
        e->is_main = strcmp(fn, "main") == 0;
        e->is_startup = is_startup(fn);
    }
    if (file != NULL) {
        e->function = fn ? fn : "??";
        e->filename = file;
        e->lineno = lineno;
        return;
    }
    /* No line information: the module and the offset in the function,
     * or in the module without a symbol. */
    Dwarf_Addr start = 0;
    const char *module = s->dw.module_info(m, NULL, &start, NULL, NULL,
                                           NULL, NULL, NULL);
    e->filename = module ? module : "??";
    e->function = offset_name(buf, len, fn, fn ? (uintptr_t)off
                                                : (uintptr_t)(a - start));
}

/* The same with dladdr, when libdw is not installed: the module always,
 * the function only when it is a dynamic symbol. */
static void
name_with_dladdr(Dwarf_Addr a, sym_entry *e, char *buf, size_t len)
{
    const ohi_trace_state *t = OHI_TRACE;
    Dl_info info;
    e->internal = t->text_lo != 0 && ohi_trace_in_text(t, (uintptr_t)a);
    if (dladdr((void *)(uintptr_t)a, &info) == 0 || info.dli_fname == NULL)
        return;
    const char *fn = info.dli_sname;
    uintptr_t off = fn ? (uintptr_t)a - (uintptr_t)info.dli_saddr
                       : (uintptr_t)a - (uintptr_t)info.dli_fbase;
    if (fn != NULL) {
        e->is_main = strcmp(fn, "main") == 0;
        e->is_startup = is_startup(fn);
    }
    e->filename = info.dli_fname;
    e->function = offset_name(buf, len, fn, off);
}

/* The cached names of a return address; NULL when out of memory. */
static const sym_entry *
symbolize(ohi_symbolizer *s, uintptr_t pc)
{
    size_t mask = s->cap - 1;
    size_t i = pc_hash(pc) & mask;
    for (; s->cache[i].pc != 0; i = (i + 1) & mask)
        if (s->cache[i].pc == pc)
            return &s->cache[i];
    if ((s->len + 1) * 2 > s->cap) {
        size_t cap = s->cap * 2;
        sym_entry *c = calloc(cap, sizeof *c);
        if (c == NULL)
            return NULL;
        for (size_t j = 0; j < s->cap; j++) {
            if (s->cache[j].pc == 0)
                continue;
            size_t k = pc_hash(s->cache[j].pc) & (cap - 1);
            while (c[k].pc != 0)
                k = (k + 1) & (cap - 1);
            c[k] = s->cache[j];
        }
        free(s->cache);
        s->cache = c;
        s->cap = cap;
        mask = cap - 1;
        for (i = pc_hash(pc) & mask; s->cache[i].pc != 0; i = (i + 1) & mask)
            ;
    }
    /* A return address points after its call: look up the call. */
    Dwarf_Addr a = (Dwarf_Addr)pc - 1;
    sym_entry e = {.pc = pc, .function = "??", .filename = "??"};
    char buf[256];
    int64_t before = resident(s);
    if (s->dwfl != NULL)
        name_with_libdw(s, a, &e, buf, sizeof buf);
    else
        name_with_dladdr(a, &e, buf, sizeof buf);
    e.function = ohi_strpool_dup(&s->strings, e.function);
    e.filename = ohi_strpool_dup(&s->strings, e.filename);
    count_rss(before, resident(s));
    if (e.function == NULL || e.filename == NULL)
        return NULL;
    s->cache[i] = e;
    s->len++;
    return &s->cache[i];
}

/* ==========================================================================
 * Resolving raw tracebacks
 * ========================================================================== */

oh_traceback *
ohi_traceback_new(size_t nframes)
{
    oh_traceback *tb = calloc(1, sizeof *tb + nframes * sizeof(oh_frame));
    if (tb != NULL)
        tb->nframes = nframes;
    return tb;
}

/* Copy one frame's names into *strings; -1 when out of memory. */
static int
set_frame(oh_frame *f, const char *file, int lineno, const char *fn,
          uintptr_t pc, ohi_strpool **strings)
{
    f->filename = ohi_strpool_dup(strings, file);
    f->function = ohi_strpool_dup(strings, fn);
    f->lineno = lineno;
    f->pc = pc;
    return f->filename != NULL && f->function != NULL ? 0 : -1;
}

/* A frame source's traceback: each word through the source (a word it
 * cannot name, after the source was removed, reads "??"). */
static oh_traceback *
resolve_source(const ohi_raw_tb *raw, int limit, ohi_strpool **strings)
{
    const ohi_frame_source *src = OHI_TRACE->source;
    size_t keep = raw->nframes < (size_t)limit ? raw->nframes
                                                : (size_t)limit;
    oh_traceback *tb = ohi_traceback_new(keep);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = raw->total & ~OHI_TB_SOURCE;
    for (size_t i = 0; i < keep; i++) {
        oh_frame f = {"??", 0, "??", 0};
        if (src != NULL)
            src->resolve(raw->frames[i], &f);
        if (set_frame(&tb->frames[i], f.filename, f.lineno, f.function, 0,
                      strings) < 0) {
            free(tb);
            return NULL;
        }
    }
    return tb;
}

oh_traceback *
ohi_sym_resolve(const ohi_raw_tb *raw, int limit, ohi_strpool **strings)
{
    if (raw->total & OHI_TB_SOURCE)
        return resolve_source(raw, limit, strings);
    ohi_symbolizer *sym = symbolizer();
    if (sym == NULL)
        return NULL;
    /* Y1: skip objheap's leading frames. */
    size_t first = 0;
    for (; first < raw->nframes; first++) {
        const sym_entry *e = symbolize(sym, raw->frames[first]);
        if (e == NULL)
            return NULL;
        if (!e->internal)
            break;
    }
    /* Y2: keep up to `limit` frames, through main and not past it. */
    size_t keep = 0, total = raw->total - first;
    const sym_entry *kept[OH_TRACE_MAX_FRAMES];
    for (size_t i = first; i < raw->nframes; i++) {
        const sym_entry *e = symbolize(sym, raw->frames[i]);
        if (e == NULL)
            return NULL;
        if (e->is_startup) {
            total = i - first;
            break;
        }
        if (keep < (size_t)limit && keep < OH_TRACE_MAX_FRAMES)
            kept[keep++] = e;
        if (e->is_main) {
            total = i - first + 1;
            break;
        }
    }
    oh_traceback *tb = ohi_traceback_new(keep);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = total;
    for (size_t i = 0; i < keep; i++)
        if (set_frame(&tb->frames[i], kept[i]->filename, kept[i]->lineno,
                      kept[i]->function, kept[i]->pc, strings) < 0) {
            free(tb);
            return NULL;
        }
    return tb;
}

/* ==========================================================================
 * Tracebacks: the public calls
 * ========================================================================== */

oh_traceback *
oh_trace_get_traceback(const void *p)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (!oh_trace_is_tracing() || p == NULL)
        return NULL;
    /* An object may sit after the collector's prefix and a large-object
     * link: its block starts 0, 16, 32 or 48 bytes before it. */
    ohi_raw_tb *raw = NULL;
    ohi_trace_lock();           /* other threads' hooks (trace.c) */
    for (uintptr_t back = 0; back <= 48 && raw == NULL; back += 16) {
        size_t size;
        if (ohi_trace_lookup((uintptr_t)p - back, &size, &raw)
            && size < back)
            raw = NULL;
    }
    if (raw == NULL) {
        ohi_trace_unlock();
        return NULL;
    }
    /* The copy returned must outlive the symbolizer: it carries its own
     * strings, after its frames, in one block. */
    ohi_strpool *strings = NULL;
    oh_traceback *tb = ohi_sym_resolve(raw, t->limit, &strings);
    ohi_trace_unlock();
    if (tb == NULL) {
        ohi_strpool_free(strings);
        return oh_err_no_memory();
    }
    size_t bytes = 0;
    for (size_t i = 0; i < tb->nframes; i++)
        bytes += strlen(tb->frames[i].filename)
                 + strlen(tb->frames[i].function) + 2;
    oh_traceback *out = realloc(tb, sizeof *tb + tb->nframes
                                    * sizeof(oh_frame) + bytes);
    if (out == NULL) {
        free(tb);
        ohi_strpool_free(strings);
        return oh_err_no_memory();
    }
    char *dst = (char *)&out->frames[out->nframes];
    for (size_t i = 0; i < out->nframes; i++) {
        size_t lf = strlen(out->frames[i].filename) + 1;
        memcpy(dst, out->frames[i].filename, lf);
        out->frames[i].filename = dst;
        dst += lf;
        size_t ln = strlen(out->frames[i].function) + 1;
        memcpy(dst, out->frames[i].function, ln);
        out->frames[i].function = dst;
        dst += ln;
    }
    ohi_strpool_free(strings);
    return out;
}

oh_traceback *
oh_trace_get_object_traceback(const oh_object *o)
{
    return oh_trace_get_traceback(o);
}

void
oh_traceback_free(oh_traceback *tb)
{
    free(tb);
}

void
oh_traceback_print(const oh_traceback *tb, FILE *out)
{
    if (tb == NULL || out == NULL)
        return;
    for (size_t i = 0; i < tb->nframes; i++) {
        const oh_frame *f = &tb->frames[i];
        if (ohi_frame_has_no_line(f))
            fprintf(out, "  %s in %s\n", f->function, f->filename);
        else
            fprintf(out, "  File \"%s\", line %d, in %s\n", f->filename,
                    f->lineno, f->function);
    }
}
