/*
 * test_null.c -- objheap.h's rule for NULL objects, for every public
 * function.
 *
 * The rule: a function that takes an object reports NULL as SystemError
 * naming the function, returns its failure value (NULL, -1, or 0 for a
 * predicate or an unsigned result) and never crashes; in a program
 * compiled with OH_DEBUG, the inline reference count operations abort on
 * NULL with a message naming their caller.
 *
 * The calls are generated from the public headers by gen_null_calls.py
 * (build/gen/null_calls.h): one per object argument of each function,
 * with NULL there and a valid value of the right kind everywhere else, so
 * a function added to a header is tested without anyone writing its test
 * (the script stops the build if it does not know what to pass).  Each
 * call runs in a child process, so that a crash names its call and the
 * others still run.
 *
 * This file defines OH_DEBUG before the header, so the inline reference
 * count operations are the checked ones here, in every build variant.
 */
#ifndef OH_DEBUG
#  define OH_DEBUG 1
#endif
#include "objheap.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

/* The valid arguments the generated calls pass next to the NULL one. */
static struct {
    oh_object *int_, *flt, *str, *bytes, *tuple, *list, *dict, *set;
    oh_object *cls, *inst, *wref, *wvd, *wset, *fin, *callable;
    oh_object *objs[1];         /* one valid object */
    oh_object *nulls[1];        /* an array holding NULL */
    oh_object *out;
    int64_t i64;
    int i;
    double d;
    size_t sz;
    oh_dict_iter dit;
    oh_set_iter sit;
    oh_weak_iter wit;
} fx;

static void
fx_func(void *arg)
{
    (void)arg;
}

static oh_object *
fx_cfunction(oh_object *data, oh_object *const *args, size_t nargs)
{
    (void)data;
    (void)args;
    (void)nargs;
    oh_incref(OH_NONE);
    return OH_NONE;
}

typedef struct null_result {
    const void *p;
    unsigned long long u;
    long long s;
} null_result;

enum { RET_VOID, RET_PTR, RET_UNSIGNED, RET_SIGNED };

typedef struct null_call {
    const char *func;           /* the function called */
    const char *arg;            /* which argument is NULL */
    int ret;                    /* RET_* */
    long long want;             /* the failure value it must return */
    const char *allowed;        /* NULL has a meaning here: why */
    void (*call)(null_result *r);
} null_call;

#include "null_calls.h"

static void
make_fixtures(void)
{
    cr_assert_eq(oh_py_init(0, NULL), 0, "%s", oh_err_message());
    fx.int_ = oh_int_from_i64(12345);
    fx.flt = oh_float_from_double(1.5);
    fx.str = oh_str_from_cstr("text");
    fx.bytes = oh_bytes_from("ab", 2);
    fx.tuple = oh_tuple_pack(1, fx.int_);
    fx.list = oh_list_new();
    oh_list_append(fx.list, fx.int_);
    fx.dict = oh_dict_new();
    oh_dict_set(fx.dict, fx.str, fx.int_);
    fx.set = oh_set_new();
    oh_set_add(fx.set, fx.int_);
    fx.cls = oh_class_new("Thing", NULL);
    fx.inst = oh_instance_new(fx.cls);
    fx.wref = oh_weakref_new(fx.inst, NULL);
    fx.wvd = oh_weakvaluedict_new();
    oh_weakdict_set(fx.wvd, fx.str, fx.inst);
    fx.wset = oh_weakset_new();
    oh_weakset_add(fx.wset, fx.inst);
    fx.fin = oh_finalize(fx.inst, fx_func, NULL);
    fx.callable = oh_py_eval("len");
    fx.objs[0] = fx.list;
    fx.nulls[0] = NULL;
    cr_assert(fx.int_ && fx.flt && fx.str && fx.bytes && fx.tuple && fx.list
              && fx.dict && fx.set && fx.cls && fx.inst && fx.wref && fx.wvd
              && fx.wset && fx.fin && fx.callable, "%s", oh_err_message());
    cr_assert_eq(oh_dict_iter_init(&fx.dit, fx.dict), 0);
    cr_assert_eq(oh_set_iter_init(&fx.sit, fx.set), 0);
}

/* The call the child makes, and what it found (exit status: 0 when the
 * rule held). */
static const null_call *current;

static void
child(void)
{
    null_result r;
    memset(&r, 0xa5, sizeof r);
    oh_err_clear();
    current->call(&r);
    const char *why = NULL;
    oh_errkind kind = oh_err_occurred();
    const char *msg = oh_err_message();
    if (current->allowed != NULL) {
        /* NULL means something here: anything but a crash will do. */
    }
    else if (kind == OH_ERR_NONE)
        why = "no error was recorded";
    else if (kind != OH_ERR_SYSTEM)
        why = "the error is not SystemError";
    else if (strncmp(msg, current->func, strlen(current->func)) != 0
             || msg[strlen(current->func)] != ':')
        why = "the message does not start with the function's name";
    else if (current->ret == RET_PTR && r.p != NULL)
        why = "it did not return NULL";
    else if (current->ret == RET_UNSIGNED
             && r.u != (unsigned long long)current->want)
        why = "it did not return 0";
    else if (current->ret == RET_SIGNED && r.s != current->want)
        why = "it did not return its failure value";
    if (why != NULL) {
        fprintf(stderr, "%s (NULL %s): %s (%s: %s)\n", current->func,
                current->arg, why, oh_err_kind_name(kind), msg);
        _exit(1);
    }
    _exit(0);
}

Test(null, every_public_function_reports_a_null_object, .timeout = 300)
{
    make_fixtures();
    size_t n = sizeof null_calls / sizeof null_calls[0];
    size_t failed = 0;
    cr_assert_gt(n, 200, "the generator found the public functions");
    for (size_t i = 0; i < n; i++) {
        current = &null_calls[i];
        child_result res;
        cr_assert_eq(run_in_child(child, &res), 0);
        if (res.signal == 0 && res.exit_code == 0)
            continue;
        failed++;
        if (res.signal != 0)
            fprintf(stderr, "%s (NULL %s): crashed with signal %d\n%s",
                    current->func, current->arg, res.signal, res.output);
        else
            fprintf(stderr, "%s", res.output);
    }
    cr_assert_eq(failed, 0, "%zu of %zu calls broke the rule (above)",
                 failed, n);
}

/* The one message format, from the first function of each kind. */
Test(null, the_message_names_the_function)
{
    cr_assert_eq(oh_list_append(NULL, OH_NONE), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    cr_assert_str_eq(oh_err_message(),
                     "oh_list_append: an object argument is NULL (bad "
                     "argument to an objheap function)");
    oh_err_clear();
    cr_assert_null(oh_repr(NULL));
    cr_assert_str_eq(oh_err_kind_name(oh_err_occurred()), "SystemError");
    oh_err_clear();
}

/* --- the inline reference count operations, with OH_DEBUG ---------------- */

static void
incref_null(void)
{
    oh_object *o = NULL;
    oh_incref(o);
}

static void
decref_null(void)
{
    oh_object *volatile o = NULL;
    oh_decref(o);
}

Test(null, refcount_operations_on_null_abort_naming_their_caller)
{
    cr_assert(expect_abort(incref_null, "oh_incref(NULL) in incref_null "
                           "(tests/test_null.c:"));
    cr_assert(expect_abort(decref_null, "oh_decref(NULL) in decref_null "
                           "(tests/test_null.c:"));
    /* The x- forms take NULL, as Py_XINCREF does. */
    oh_xincref(NULL);
    oh_xdecref(NULL);
}
