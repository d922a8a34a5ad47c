/*
 * t_structseq.c -- struct sequences: sys.version_info, sys.float_info,
 * sys.int_info, sys.hash_info, sys.flags.
 *
 * A struct sequence is a tuple whose items also have names:
 * sys.float_info[0] is sys.float_info.max.  As in CPython, each one is an
 * instance of its own subclass of tuple, named module.name
 * (<class 'sys.float_info'>), whose repr names every field:
 *
 *     sys.float_info(max=1.7976931348623157e+308, max_exp=1024, ...)
 *
 * The class is an ordinary heap class made by py_type_new (__slots__ = (),
 * so an instance is exactly a tuple with another descriptor), with:
 *   - one read-only member descriptor per field, reading the tuple item in
 *     place: a field's offset is that of items[i] in the tuple layout
 *     (the members' defs are the caller's, static for the program's life);
 *   - __repr__, n_sequence_fields, n_fields, n_unnamed_fields and
 *     __match_args__, as CPython's structseq types have.
 *
 * Invariants
 * ----------
 * SQ1. An instance of a struct sequence type with n fields is a tuple of
 *      exactly n items, so every member descriptor reads inside it.
 * SQ2. A member def passed to py_structseq_type outlives the type (the
 *      descriptors point at it): the callers pass static arrays.
 */
#include "py/py.h"

#include <string.h>

/* repr: "module.name(field=repr, ...)", the module and name read from the
 * class, the fields from the member descriptors' order (__match_args__). */
static oh_object *
structseq_repr(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("__repr__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_type *t = PY_TYPE(self);
    oh_object *names = py_type_lookup(t, py_static_str("__match_args__"));
    oh_object *mod = py_type_lookup(t, PY_ID(__module__));
    if (names == NULL || names->type != &oh_tuple_type
        || OHI_TUPLE_SIZE(names) > OHI_TUPLE_SIZE(self))
        return py_err_set_string(PY_EXC(TypeError), "not a struct "
                                 "sequence");
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (mod != NULL && mod->type == &oh_str_type) {
        ohi_strbuf_adds(&b, oh_str_utf8(mod, NULL));
        ohi_strbuf_adds(&b, ".");
    }
    ohi_strbuf_adds(&b, oh_str_utf8(t->name, NULL));
    ohi_strbuf_adds(&b, "(");
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(names); i++) {
        if (i > 0)
            ohi_strbuf_adds(&b, ", ");
        ohi_strbuf_adds(&b, oh_str_utf8(OHI_TUPLE(names)->items[i], NULL));
        ohi_strbuf_adds(&b, "=");
        if (ohi_strbuf_add_repr(&b, OHI_TUPLE(self)->items[i]) < 0) {
            ohi_strbuf_discard(&b);
            return py_err_occurred() ? NULL : py_err_no_memory();
        }
    }
    ohi_strbuf_adds(&b, ")");
    return ohi_strbuf_finish(&b);
}

static const py_method_def structseq_repr_def = {
    "__repr__", structseq_repr, 0, NULL
};

/* Set cls.name = value, taking value (which may be NULL: an error is
 * already set). */
static int
set_attr(oh_object *cls, const char *name, oh_object *value)
{
    if (value == NULL)
        return -1;
    oh_object *key = oh_str_from_cstr(name);
    int r = key != NULL ? py_setattr(cls, key, value) : -1;
    oh_xdecref(key);
    oh_decref(value);
    return r;
}

py_type *
py_structseq_type(const char *module, const char *name,
                  const py_member_def *fields, size_t n)
{
    oh_object *ns = oh_dict_new();
    if (ns == NULL)
        return NULL;
    oh_object *empty = oh_tuple_from_array(NULL, 0);
    oh_object *modname = oh_str_from_cstr(module);
    oh_object *clsname = oh_str_from_cstr(name);
    oh_object *bases = oh_tuple_pack(1, &PY_T(tuple)->ob_base);
    oh_object *cls = NULL;
    if (empty != NULL && modname != NULL && clsname != NULL
        && bases != NULL
        && oh_dict_set(ns, PY_ID(__slots__), empty) == 0
        && oh_dict_set(ns, PY_ID(__module__), modname) == 0)
        cls = py_type_new(PY_T(type), clsname, bases, ns);
    oh_xdecref(empty);
    oh_xdecref(modname);
    oh_xdecref(clsname);
    oh_xdecref(bases);
    oh_decref(ns);
    if (cls == NULL)
        return NULL;
    py_type *t = (py_type *)(void *)cls;
    oh_object *match = ohi_tuple_alloc(n);
    if (match == NULL)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        OH_ASSERT(fields[i].offset == offsetof(ohi_tuple, items)
                                      + i * sizeof(oh_object *));
        OHI_TUPLE(match)->items[i] = oh_str_from_cstr(fields[i].name);
        if (OHI_TUPLE(match)->items[i] == NULL) {
            for (size_t j = i + 1; j < n; j++)
                OHI_TUPLE(match)->items[j] = OH_NONE;   /* immortal */
            oh_decref(match);
            goto fail;
        }
    }
    if (set_attr(cls, "__match_args__", match) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (set_attr(cls, fields[i].name,
                     py_descr_new_member(t, &fields[i])) < 0)
            goto fail;
    if (set_attr(cls, "__repr__",
                 py_descr_new_method(t, &structseq_repr_def)) < 0
        || set_attr(cls, "n_sequence_fields", oh_int_from_i64((int64_t)n))
               < 0
        || set_attr(cls, "n_fields", oh_int_from_i64((int64_t)n)) < 0
        || set_attr(cls, "n_unnamed_fields", oh_int_from_i64(0)) < 0)
        goto fail;
    return t;
fail:
    oh_decref(cls);
    return NULL;
}

oh_object *
py_structseq_new(py_type *t, oh_object *const *values, size_t n)
{
    oh_object *tuple = oh_tuple_from_array(values, n);
    if (tuple == NULL)
        return NULL;
    oh_object *r = py_call1(&t->ob_base, tuple);        /* tuple.__new__ */
    oh_decref(tuple);
    return r;
}
