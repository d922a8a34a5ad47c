/*
 * mod_time.c -- the time module.
 *
 * What this file owns
 * -------------------
 * py_module_time: the clocks (time, monotonic, perf_counter,
 * process_time, thread_time and their _ns forms), sleep, and the calendar
 * functions (gmtime, localtime, mktime, strftime, asctime, ctime) with
 * their struct_time, plus timezone, altzone, daylight and tzname.
 *
 * Clocks are POSIX clock_gettime: CLOCK_REALTIME for time(),
 * CLOCK_MONOTONIC for monotonic() and perf_counter() (CPython uses the
 * same clock for both on Linux), the CPU-time clocks for process_time()
 * and thread_time().  The float forms are seconds as a double, computed
 * as CPython does (nanoseconds * 1e-9), so they round alike.
 *
 * struct_time is a type of its own here (CPython's is a tuple subclass):
 * nine fields as a tuple, which indexing, len, iteration, unpacking and
 * comparison use, plus tm_zone and tm_gmtoff, reachable only by name, as
 * in CPython.  Functions that take one accept any 9-sequence.
 *
 * Invariants
 * ----------
 * TM1. A struct_time's `fields` is a tuple of exactly nine ints; tm_zone
 *      is a str or None, tm_gmtoff an int or None.
 */
#include "py/py.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* ==========================================================================
 * Clocks
 * ========================================================================== */

static int64_t
clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static oh_object *
seconds(clockid_t id)
{
    return oh_float_from_double((double)clock_ns(id) * 1e-9);
}

#define CLOCK_FUNCS(name, id)                                               \
    static oh_object *                                                      \
    time_##name(oh_object *self, oh_object *const *args, size_t nargs,      \
                oh_object *kwnames)                                         \
    {                                                                       \
        if (py_check_args("time." #name, nargs, kwnames, 0, 0) < 0)         \
            return NULL;                                                    \
        return seconds(id);                                                 \
    }                                                                       \
    static oh_object *                                                      \
    time_##name##_ns(oh_object *self, oh_object *const *args, size_t nargs, \
                     oh_object *kwnames)                                    \
    {                                                                       \
        if (py_check_args("time." #name "_ns", nargs, kwnames, 0, 0) < 0)   \
            return NULL;                                                    \
        return oh_int_from_i64(clock_ns(id));                               \
    }
CLOCK_FUNCS(time, CLOCK_REALTIME)
CLOCK_FUNCS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCS(process_time, CLOCK_PROCESS_CPUTIME_ID)
CLOCK_FUNCS(thread_time, CLOCK_THREAD_CPUTIME_ID)
#undef CLOCK_FUNCS

/* A number of seconds (int or float) as a double.  0 or -1. */
static int
as_seconds(oh_object *o, double *out)
{
    if (o->type == &oh_float_type
        || OHI_TYPE_KIND(o->type) == OHI_KIND_FLOAT)
        return oh_float_as_double(o, out);
    if (OHI_ANYINT_CHECK(o))
        return oh_int_as_double(o, out);
    if (PY_TYPE(o)->nb_float != NULL) {
        oh_object *f = py_number_float(o);
        int r = f ? oh_float_as_double(f, out) : -1;
        oh_xdecref(f);
        return r;
    }
    oh_object *i = py_index(o);
    if (i == NULL)
        return -1;
    int r = oh_int_as_double(i, out);
    oh_decref(i);
    return r;
}

static oh_object *
time_sleep(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("time.sleep", nargs, kwnames, 1, 1) < 0)
        return NULL;
    double secs;
    if (as_seconds(args[0], &secs) < 0)
        return NULL;
    if (isnan(secs))
        return py_err_set_string(PY_EXC(ValueError), "Invalid value NaN "
                                 "(not a number)");
    if (secs < 0)
        return py_err_set_string(PY_EXC(ValueError), "sleep length must be "
                                 "non-negative");
    if (py_audit("time.sleep", 1, args[0]) < 0)
        return NULL;
    struct timespec ts;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        if (OHI_RT->py->interrupted) {
            OHI_RT->py->interrupted = 0;
            return py_err_set_object(PY_EXC(KeyboardInterrupt), NULL);
        }
    }
    return none();
}

/* ==========================================================================
 * struct_time
 * ========================================================================== */

typedef struct py_struct_time {
    OH_OBJECT_HEAD;
    oh_object *fields;                  /* TM1 */
    oh_object *zone;
    oh_object *gmtoff;
} py_struct_time;

#define ST(o) ((py_struct_time *)(void *)(o))

static const char *const st_names[9] = {
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
    "tm_wday", "tm_yday", "tm_isdst"
};

static py_static_type py_struct_time_static;
#define STRUCT_TIME (&py_struct_time_static.t)

static int
st_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(ST(o)->fields);
    OH_VISIT(ST(o)->zone);
    OH_VISIT(ST(o)->gmtoff);
    return 0;
}

static void
st_clear(oh_object *o)
{
    OH_CLEAR(ST(o)->fields);
    OH_CLEAR(ST(o)->zone);
    OH_CLEAR(ST(o)->gmtoff);
}

static void
st_dealloc(oh_object *o)
{
    st_clear(o);
    ohi_object_free(o);
}

/* A struct_time from a broken-down time (C's conventions). */
static oh_object *
st_from_tm(const struct tm *tm)
{
    int64_t v[9] = {
        (int64_t)tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
        tm->tm_hour, tm->tm_min, tm->tm_sec, (tm->tm_wday + 6) % 7,
        tm->tm_yday + 1, tm->tm_isdst
    };
    oh_object *o = py_alloc_instance(STRUCT_TIME, 0);
    if (o == NULL)
        return NULL;
    oh_object *f = ohi_tuple_alloc(9);
    if (f == NULL) {
        oh_decref(o);
        return NULL;
    }
    for (int i = 0; i < 9; i++)
        OHI_TUPLE(f)->items[i] = oh_int_from_i64(v[i]);
    ST(o)->fields = f;
    ST(o)->zone = tm->tm_zone ? oh_str_from_cstr(tm->tm_zone)
                              : (oh_incref(OH_NONE), OH_NONE);
    ST(o)->gmtoff = oh_int_from_i64(tm->tm_gmtoff);
    for (int i = 0; i < 9; i++)
        if (OHI_TUPLE(f)->items[i] == NULL) {
            oh_decref(o);
            return NULL;
        }
    if (ST(o)->zone == NULL || ST(o)->gmtoff == NULL) {
        oh_decref(o);
        return NULL;
    }
    return o;
}

/* struct_time(sequence): 9 to 11 items. */
static oh_object *
st_new(py_type *type, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("struct_time", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *t = py_sequence_tuple(args[0]);
    if (t == NULL)
        return NULL;
    int64_t n = OHI_TUPLE_SIZE(t);
    if (n < 9 || n > 11) {
        oh_decref(t);
        return py_err_format(PY_EXC(TypeError), "time.struct_time() takes "
                             "an at least 9-sequence (%lld-sequence given)",
                             (long long)n);
    }
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(t);
        return NULL;
    }
    ST(o)->fields = oh_tuple_slice(t, 0, 9);
    ST(o)->zone = n > 9 ? OHI_TUPLE(t)->items[9] : OH_NONE;
    ST(o)->gmtoff = n > 10 ? OHI_TUPLE(t)->items[10] : OH_NONE;
    oh_incref(ST(o)->zone);
    oh_incref(ST(o)->gmtoff);
    oh_decref(t);
    if (ST(o)->fields == NULL) {
        oh_decref(o);
        return NULL;
    }
    return o;
}

static oh_object *
st_repr(oh_object *o)
{
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_adds(&b, "time.struct_time(");
    for (int i = 0; i < 9; i++) {
        ohi_strbuf_addf(&b, "%s%s=", i ? ", " : "", st_names[i]);
        if (ohi_strbuf_add_repr(&b, OHI_TUPLE(ST(o)->fields)->items[i]) < 0) {
            ohi_strbuf_discard(&b);
            return NULL;
        }
    }
    ohi_strbuf_adds(&b, ")");
    return ohi_strbuf_finish(&b);
}

static oh_object *
st_subscript(oh_object *o, oh_object *key)
{
    return py_getitem(ST(o)->fields, key);
}

static int64_t
st_length(oh_object *o)
{
    return 9;
}

static oh_object *
st_iter(oh_object *o)
{
    return py_iter(ST(o)->fields);
}

static int
st_contains(oh_object *o, oh_object *item)
{
    return py_contains(ST(o)->fields, item);
}

static oh_hash_t
st_hash(oh_object *o)
{
    return py_hash(ST(o)->fields);
}

static oh_object *
st_richcompare(oh_object *a, oh_object *b, int op)
{
    oh_object *x = a->type == &STRUCT_TIME->ot ? ST(a)->fields : a;
    oh_object *y = b->type == &STRUCT_TIME->ot ? ST(b)->fields : b;
    if (!oh_tuple_check(x) || !oh_tuple_check(y)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    return py_compare(x, y, op);
}

#define ST_FIELD(i, name)                                                   \
    static oh_object *st_get_##name(oh_object *o)                           \
    {                                                                       \
        oh_object *v = OHI_TUPLE(ST(o)->fields)->items[i];                  \
        oh_incref(v);                                                       \
        return v;                                                           \
    }
ST_FIELD(0, tm_year)
ST_FIELD(1, tm_mon)
ST_FIELD(2, tm_mday)
ST_FIELD(3, tm_hour)
ST_FIELD(4, tm_min)
ST_FIELD(5, tm_sec)
ST_FIELD(6, tm_wday)
ST_FIELD(7, tm_yday)
ST_FIELD(8, tm_isdst)
#undef ST_FIELD

static const py_getset_def st_getsets[] = {
    {"tm_year", st_get_tm_year, NULL, "year, for example, 1993"},
    {"tm_mon", st_get_tm_mon, NULL, "month of year, range [1, 12]"},
    {"tm_mday", st_get_tm_mday, NULL, "day of month, range [1, 31]"},
    {"tm_hour", st_get_tm_hour, NULL, "hours, range [0, 23]"},
    {"tm_min", st_get_tm_min, NULL, "minutes, range [0, 59]"},
    {"tm_sec", st_get_tm_sec, NULL, "seconds, range [0, 61])"},
    {"tm_wday", st_get_tm_wday, NULL, "day of week, range [0, 6], Monday "
     "is 0"},
    {"tm_yday", st_get_tm_yday, NULL, "day of year, range [1, 366]"},
    {"tm_isdst", st_get_tm_isdst, NULL, "1 if summer time is in effect, 0 "
     "if not, and -1 if unknown"},
    {NULL, NULL, NULL, NULL}
};

static const py_member_def st_members[] = {
    {"tm_zone", PY_MEMBER_OBJECT, offsetof(py_struct_time, zone), true},
    {"tm_gmtoff", PY_MEMBER_OBJECT, offsetof(py_struct_time, gmtoff), true},
    {NULL, 0, 0, false}
};

static oh_object *
st_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    oh_object *a = oh_tuple_pack(1, ST(self)->fields);
    oh_object *r = a ? oh_tuple_pack(2, &STRUCT_TIME->ob_base, a) : NULL;
    oh_xdecref(a);
    return r;
}

static const py_method_def st_methods[] = {
    {"__reduce__", st_m_reduce, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_struct_time_static = {.t = {
    PY_TYPE_INIT("time.struct_time", py_struct_time, OH_TYPE_CONTAINER),
    .ot.dealloc = st_dealloc,
    .ot.traverse = st_traverse,
    .ot.clear = st_clear,
    .tpflags = PY_TPFLAGS_SEQUENCE,
    .methods = st_methods,
    .getsets = st_getsets,
    .members = st_members,
    .doc = "The time value as returned by gmtime(), localtime(), and "
           "strptime(), and\n accepted by asctime(), mktime() and "
           "strftime().",
    .tp_new = st_new,
    .tp_repr = st_repr,
    .tp_hash = st_hash,
    .tp_richcompare = st_richcompare,
    .tp_iter = st_iter,
    .mp_length = st_length,
    .mp_subscript = st_subscript,
    .sq_contains = st_contains,
}};

/* A struct_time or 9-sequence as a struct tm.  0 or -1. */
static int
tm_from_obj(oh_object *o, const char *fname, struct tm *tm)
{
    oh_object *t;
    if (o->type == &STRUCT_TIME->ot) {
        t = ST(o)->fields;
        oh_incref(t);
    }
    else if (!oh_tuple_check(o)) {
        py_err_format(PY_EXC(TypeError), "Tuple or struct_time argument "
                      "required");
        return -1;
    }
    else {
        oh_incref(o);
        t = o;
    }
    if (OHI_TUPLE_SIZE(t) != 9) {
        oh_decref(t);
        py_err_format(PY_EXC(TypeError), "%s(): illegal time tuple "
                      "argument", fname);
        return -1;
    }
    int64_t v[9];
    for (int i = 0; i < 9; i++)
        if (py_index_i64(OHI_TUPLE(t)->items[i], &v[i]) < 0) {
            oh_decref(t);
            return -1;
        }
    oh_decref(t);
    memset(tm, 0, sizeof *tm);
    tm->tm_year = (int)(v[0] - 1900);
    tm->tm_mon = (int)v[1] - 1;
    tm->tm_mday = (int)v[2];
    tm->tm_hour = (int)v[3];
    tm->tm_min = (int)v[4];
    tm->tm_sec = (int)v[5];
    tm->tm_wday = (int)((v[6] + 1) % 7);
    tm->tm_yday = (int)v[7] - 1;
    tm->tm_isdst = (int)v[8];
    if (o->type == &STRUCT_TIME->ot) {
        if (ST(o)->zone != NULL && ST(o)->zone != OH_NONE)
            tm->tm_zone = oh_str_utf8(ST(o)->zone, NULL);
        int64_t off;
        if (ST(o)->gmtoff != NULL && ST(o)->gmtoff != OH_NONE
            && oh_int_as_i64(ST(o)->gmtoff, &off) == 0)
            tm->tm_gmtoff = (long)off;
    }
    return 0;
}

/* Validate the ranges strftime and asctime need (CPython's checktm). */
static int
check_tm(struct tm *tm)
{
    if (tm->tm_mon == -1)
        tm->tm_mon = 0;
    else if (tm->tm_mon < 0 || tm->tm_mon > 11) {
        py_err_set_string(PY_EXC(ValueError), "month out of range");
        return -1;
    }
    if (tm->tm_mday == 0)
        tm->tm_mday = 1;
    else if (tm->tm_mday < 0 || tm->tm_mday > 31) {
        py_err_set_string(PY_EXC(ValueError), "day of month out of range");
        return -1;
    }
    if (tm->tm_hour < 0 || tm->tm_hour > 23) {
        py_err_set_string(PY_EXC(ValueError), "hour out of range");
        return -1;
    }
    if (tm->tm_min < 0 || tm->tm_min > 59) {
        py_err_set_string(PY_EXC(ValueError), "minute out of range");
        return -1;
    }
    if (tm->tm_sec < 0 || tm->tm_sec > 61) {
        py_err_set_string(PY_EXC(ValueError), "seconds out of range");
        return -1;
    }
    if (tm->tm_wday < 0) {
        py_err_set_string(PY_EXC(ValueError), "day of week out of range");
        return -1;
    }
    if (tm->tm_yday == -1)
        tm->tm_yday = 0;
    else if (tm->tm_yday < 0 || tm->tm_yday > 365) {
        py_err_set_string(PY_EXC(ValueError), "day of year out of range");
        return -1;
    }
    return 0;
}

/* ==========================================================================
 * Calendar functions
 * ========================================================================== */

/* The seconds argument of gmtime/localtime/ctime: now when absent or
 * None. */
static int
seconds_arg(oh_object *const *args, size_t nargs, time_t *out)
{
    if (nargs == 0 || args[0] == OH_NONE) {
        *out = time(NULL);
        return 0;
    }
    double d;
    oh_object *o = args[0];
    if (OHI_ANYINT_CHECK(o)) {
        int64_t v;
        if (oh_int_as_i64(o, &v) < 0) {
            py_err_clear();
            py_err_set_string(PY_EXC(OverflowError), "timestamp out of "
                              "range for platform time_t");
            return -1;
        }
        *out = (time_t)v;
        return 0;
    }
    if (o->type == &oh_float_type
        || OHI_TYPE_KIND(o->type) == OHI_KIND_FLOAT) {
        oh_float_as_double(o, &d);
        if (isnan(d)) {
            py_err_set_string(PY_EXC(ValueError), "Invalid value NaN (not a "
                              "number)");
            return -1;
        }
        if (!(d > -9.2e18 && d < 9.2e18)) {
            py_err_set_string(PY_EXC(OverflowError), "timestamp out of "
                              "range for platform time_t");
            return -1;
        }
        *out = (time_t)floor(d);
        return 0;
    }
    oh_object *i = py_index(o);
    if (i == NULL)
        return -1;
    int64_t v;
    int r = oh_int_as_i64(i, &v);
    oh_decref(i);
    *out = (time_t)v;
    return r;
}

static oh_object *
time_gmtime(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("gmtime", nargs, kwnames, 0, 1) < 0)
        return NULL;
    time_t t;
    if (seconds_arg(args, nargs, &t) < 0)
        return NULL;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL)
        return py_err_set_string(PY_EXC(OverflowError), "timestamp out of "
                                 "range for platform time_t");
    return st_from_tm(&tm);
}

static oh_object *
time_localtime(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("localtime", nargs, kwnames, 0, 1) < 0)
        return NULL;
    time_t t;
    if (seconds_arg(args, nargs, &t) < 0)
        return NULL;
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL)
        return py_err_set_string(PY_EXC(OverflowError), "timestamp out of "
                                 "range for platform time_t");
    return st_from_tm(&tm);
}

static oh_object *
time_mktime(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("time.mktime", nargs, kwnames, 1, 1) < 0)
        return NULL;
    struct tm tm;
    if (tm_from_obj(args[0], "mktime", &tm) < 0)
        return NULL;
    tm.tm_wday = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1)
        return py_err_set_string(PY_EXC(OverflowError), "mktime argument "
                                 "out of range");
    return oh_float_from_double((double)t);
}

static oh_object *
time_strftime(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("strftime", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (OHI_TYPE_KIND(args[0]->type) != OHI_KIND_STR)
        return py_err_format(PY_EXC(TypeError), "strftime() argument 1 "
                             "must be str, not %T", args[0]);
    struct tm tm;
    if (nargs == 2) {
        if (tm_from_obj(args[1], "strftime", &tm) < 0 || check_tm(&tm) < 0)
            return NULL;
    }
    else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    size_t flen;
    const char *fmt = oh_str_utf8(args[0], &flen);
    if (flen == 0)
        return oh_str_from_cstr("");
    /* C's strftime cannot tell an empty result from a full buffer: grow
     * until the result plus a marker fits. */
    for (size_t cap = 256; cap <= flen * 256 + 4096; cap *= 2) {
        char *buf = oh_malloc(cap);
        if (buf == NULL)
            return py_err_no_memory();
        /* The format is the program's, as in any strftime binding. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        size_t n = strftime(buf, cap, fmt, &tm);
#pragma GCC diagnostic pop
        if (n > 0 || cap > flen * 64) {
            oh_object *r = oh_str_from_utf8(buf, n);
            oh_free(buf);
            return r;
        }
        oh_free(buf);
    }
    return oh_str_from_cstr("");
}

static oh_object *
format_asctime(const struct tm *tm)
{
    static const char *const wday[7] = {"Sun", "Mon", "Tue", "Wed", "Thu",
                                        "Fri", "Sat"};
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May",
                                        "Jun", "Jul", "Aug", "Sep", "Oct",
                                        "Nov", "Dec"};
    return oh_str_from_format("%s %s%3d %.2d:%.2d:%.2d %d",
                              wday[tm->tm_wday % 7], mon[tm->tm_mon % 12],
                              tm->tm_mday, tm->tm_hour, tm->tm_min,
                              tm->tm_sec, 1900 + tm->tm_year);
}

static oh_object *
time_asctime(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("asctime", nargs, kwnames, 0, 1) < 0)
        return NULL;
    struct tm tm;
    if (nargs == 1) {
        if (tm_from_obj(args[0], "asctime", &tm) < 0 || check_tm(&tm) < 0)
            return NULL;
    }
    else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    return format_asctime(&tm);
}

static oh_object *
time_ctime(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("ctime", nargs, kwnames, 0, 1) < 0)
        return NULL;
    time_t t;
    if (seconds_arg(args, nargs, &t) < 0)
        return NULL;
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL)
        return py_err_set_string(PY_EXC(OverflowError), "timestamp out of "
                                 "range for platform time_t");
    return format_asctime(&tm);
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static int
time_exec(oh_object *m)
{
    if (py_type_ready(STRUCT_TIME) < 0)
        return -1;
    oh_incref(&STRUCT_TIME->ob_base);
    if (py_module_add(m, "struct_time", &STRUCT_TIME->ob_base) < 0)
        return -1;
    tzset();
    /* timezone and altzone from January and July of this year, as
     * CPython's init_timezone does. */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    struct tm jan = {0}, jul = {0};
    jan.tm_year = jul.tm_year = tm.tm_year;
    jan.tm_mday = jul.tm_mday = 1;
    jul.tm_mon = 6;
    jan.tm_isdst = jul.tm_isdst = -1;
    time_t tj = mktime(&jan), tl = mktime(&jul);
    struct tm lj, ll;
    localtime_r(&tj, &lj);
    localtime_r(&tl, &ll);
    long janoff = -lj.tm_gmtoff, juloff = -ll.tm_gmtoff;
    const char *janname = lj.tm_zone ? lj.tm_zone : "UTC";
    const char *julname = ll.tm_zone ? ll.tm_zone : "UTC";
    long timezone_v, altzone_v;
    const char *std, *dst;
    if (janoff < juloff) {              /* southern hemisphere DST */
        timezone_v = juloff;
        altzone_v = janoff;
        std = julname;
        dst = janname;
    }
    else {
        timezone_v = janoff;
        altzone_v = juloff;
        std = janname;
        dst = julname;
    }
    oh_object *s = oh_str_from_cstr(std), *d = oh_str_from_cstr(dst);
    oh_object *names = (s && d) ? oh_tuple_pack(2, s, d) : NULL;
    oh_xdecref(s);
    oh_xdecref(d);
    if (py_module_add(m, "timezone", oh_int_from_i64(timezone_v)) < 0
        || py_module_add(m, "altzone", oh_int_from_i64(altzone_v)) < 0
        || py_module_add(m, "daylight",
                         oh_int_from_i64(janoff != juloff)) < 0
        || py_module_add(m, "tzname", names) < 0)
        return -1;
    return 0;
}

static const py_method_def time_methods[] = {
    {"time", time_time, 0, "Return the current time in seconds since the "
     "Epoch."},
    {"time_ns", time_time_ns, 0, "Return the current time in nanoseconds "
     "since the Epoch."},
    {"monotonic", time_monotonic, 0, "Monotonic clock, cannot go "
     "backward."},
    {"monotonic_ns", time_monotonic_ns, 0, "Monotonic clock, cannot go "
     "backward, as nanoseconds."},
    {"perf_counter", time_perf_counter, 0, "Performance counter for "
     "benchmarking."},
    {"perf_counter_ns", time_perf_counter_ns, 0, "Performance counter for "
     "benchmarking as nanoseconds."},
    {"process_time", time_process_time, 0, "Process time for profiling: "
     "sum of the kernel and user-space CPU time."},
    {"process_time_ns", time_process_time_ns, 0, "Process time for "
     "profiling as nanoseconds."},
    {"thread_time", time_thread_time, 0, "Thread time for profiling."},
    {"thread_time_ns", time_thread_time_ns, 0, "Thread time for profiling "
     "as nanoseconds."},
    {"sleep", time_sleep, 0, "Delay execution for a given number of "
     "seconds."},
    {"gmtime", time_gmtime, 0, "Convert seconds since the Epoch to a time "
     "tuple expressing UTC."},
    {"localtime", time_localtime, 0, "Convert seconds since the Epoch to a "
     "time tuple expressing local time."},
    {"mktime", time_mktime, 0, "Convert a time tuple in local time to "
     "seconds since the Epoch."},
    {"strftime", time_strftime, 0, "Convert a time tuple to a string "
     "according to a format specification."},
    {"asctime", time_asctime, 0, "Convert a time tuple to a string."},
    {"ctime", time_ctime, 0, "Convert a time in seconds since the Epoch to "
     "a string in local time."},
    {NULL, NULL, 0, NULL}
};

const py_module_def py_module_time = {
    .name = "time",
    .doc = "This module provides various functions to manipulate time "
           "values.",
    .methods = time_methods,
    .exec = time_exec,
};
