/*
 * import.c -- modules and the import statement.
 *
 * What this file owns
 * -------------------
 * The module type, the registry of modules (sys.modules), and how
 * `import a.b.c` / `from .x import y` find what they name:
 *
 *   sys.modules has it?  -> that module
 *   a built-in module?   -> made from its C definition (PY_BUILTIN_MODULES)
 *   a module written in Python compiled into the library (libpy.c)?
 *                        -> compiled and run once
 *   NAME.py or NAME/__init__.py in a directory of sys.path?
 *                        -> read, compiled, run in a new module
 *   else                 -> ModuleNotFoundError: No module named 'x'
 *
 * A module is entered in sys.modules before its body runs (so circular
 * imports see the partly made module, as in Python) and removed again if
 * the body raises.
 *
 * Invariants
 * ----------
 * IM1. A module's dict has __name__ from the moment it exists.
 * IM2. Importing "a.b" imports "a" first and sets it attribute b.
 */
#include "py/py.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MOD(o) ((py_module *)(void *)(o))

/* ==========================================================================
 * The module type
 * ========================================================================== */

oh_object *
py_module_new(oh_object *name)
{
    py_module *m = (py_module *)(void *)ohi_object_alloc(
        &PY_T(module)->ot, 0);
    if (m == NULL)
        return NULL;
    m->dict = NULL;
    m->def = NULL;
    m->weaklist = NULL;
    oh_incref(name);
    m->name = name;
    m->dict = oh_dict_new();
    if (m->dict == NULL
        || oh_dict_set(m->dict, PY_ID(__name__), name) < 0
        || oh_dict_set(m->dict, PY_ID(__doc__), OH_NONE) < 0
        || oh_dict_set(m->dict, PY_ID(__package__), OH_NONE) < 0
        || oh_dict_set(m->dict, PY_ID(__loader__), OH_NONE) < 0
        || oh_dict_set(m->dict, PY_ID(__spec__), OH_NONE) < 0) {
        ohi_gc_track(&m->ob_base);
        oh_decref(&m->ob_base);
        return NULL;
    }
    ohi_gc_track(&m->ob_base);
    ohi_gc_safe_point();
    return &m->ob_base;
}

int
py_module_add(oh_object *module, const char *name, oh_object *value)
{
    if (value == NULL)
        return -1;
    int r = oh_dict_set_str(MOD(module)->dict, name, value);
    oh_decref(value);
    return r;
}

oh_object *
py_module_from_def(const py_module_def *def)
{
    oh_object *name = oh_str_intern_cstr(def->name);
    if (name == NULL)
        return NULL;
    oh_object *m = py_module_new(name);
    oh_decref(name);
    if (m == NULL)
        return NULL;
    MOD(m)->def = def;
    /* Remembered for its fini at shutdown. */
    py_interp *in = OHI_RT->py;
    bool known = false;
    for (size_t i = 0; i < in->nmade; i++)
        if (in->made_modules[i] == def)
            known = true;
    if (!known && def->fini != NULL) {
        if (in->nmade == in->made_cap) {
            size_t cap = in->made_cap ? in->made_cap * 2 : 16;
            const py_module_def **n = oh_realloc(in->made_modules,
                                                 cap * sizeof *n);
            if (n == NULL) {
                oh_decref(m);
                return py_err_no_memory();
            }
            in->made_modules = n;
            in->made_cap = cap;
        }
        in->made_modules[in->nmade++] = def;
    }
    if (def->doc != NULL
        && py_module_add(m, "__doc__", oh_str_from_cstr(def->doc)) < 0)
        goto fail;
    for (const py_method_def *f = def->methods; f && f->name; f++) {
        oh_object *fn = py_cfunction_new(f, m, NULL);
        if (py_module_add(m, f->name, fn) < 0)
            goto fail;
    }
    if (def->exec != NULL && def->exec(m) < 0)
        goto fail;
    return m;
fail:
    oh_decref(m);
    return NULL;
}

static int
module_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(MOD(o)->dict);
    OH_VISIT(MOD(o)->name);
    return 0;
}

static void
module_clear(oh_object *o)
{
    OH_CLEAR(MOD(o)->dict);
}

static void
module_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (MOD(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    OH_CLEAR(MOD(o)->dict);
    OH_CLEAR(MOD(o)->name);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static oh_object *
module_repr(oh_object *o)
{
    py_module *m = MOD(o);
    const char *name = m->name ? oh_str_utf8(m->name, NULL) : "?";
    oh_object *file;
    if (m->dict != NULL
        && oh_dict_lookup(m->dict, PY_ID(__file__), &file) > 0
        && file->type == &oh_str_type)
        return oh_str_from_format("<module '%s' from '%s'>", name,
                                  oh_str_utf8(file, NULL));
    if (m->def != NULL)
        return oh_str_from_format("<module '%s' (built-in)>", name);
    return oh_str_from_format("<module '%s'>", name);
}

static oh_object *
module_getattro(oh_object *o, oh_object *name)
{
    py_module *m = MOD(o);
    oh_object *descr = py_type_lookup(PY_TYPE(o), name);
    if (descr != NULL && PY_TYPE(descr)->tp_descr_get != NULL
        && PY_TYPE(descr)->tp_descr_set != NULL)
        return py_object_generic_getattr(o, name);
    oh_object *v;
    if (m->dict != NULL && oh_dict_lookup(m->dict, name, &v) > 0) {
        oh_incref(v);
        return v;
    }
    if (descr != NULL)
        return py_object_generic_getattr(o, name);
    /* PEP 562: a module-level __getattr__. */
    oh_object *hook;
    if (m->dict != NULL
        && oh_dict_lookup(m->dict, PY_ID(__getattr__), &hook) > 0)
        return py_call1(hook, name);
    return py_err_format(PY_EXC(AttributeError), "module '%s' has no "
                         "attribute '%U'",
                         m->name ? oh_str_utf8(m->name, NULL) : "?", name);
}

static oh_object *
module_get_dict(oh_object *o)
{
    oh_incref(MOD(o)->dict);
    return MOD(o)->dict;
}

static const py_getset_def module_getsets[] = {
    {"__dict__", module_get_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static oh_object *
module_new_slot(py_type *type, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("module", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "module.__init__() "
                             "argument 'name' must be str, not %T",
                             args[0]);
    oh_object *m = py_module_new(args[0]);
    if (m != NULL && nargs > 1
        && oh_dict_set(MOD(m)->dict, PY_ID(__doc__), args[1]) < 0) {
        oh_decref(m);
        return NULL;
    }
    return m;
}

py_static_type py_module_static = {.t = {
    PY_TYPE_INIT("module", py_module,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_module, weaklist),
    .ot.dealloc = module_dealloc,
    .ot.traverse = module_traverse,
    .ot.clear = module_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .dictoffset = offsetof(py_module, dict),
    .weaklistoffset = offsetof(py_module, weaklist),
    .getsets = module_getsets,
    .tp_new = module_new_slot,
    .tp_repr = module_repr,
    .tp_getattro = module_getattro,
    .tp_setattro = py_object_generic_setattr,
}};

/* ==========================================================================
 * Finding and loading modules
 * ========================================================================== */

static const py_module_def *const builtin_defs[] = {
#define PY_MODULE_DEF_PTR(name) &py_module_##name,
    PY_BUILTIN_MODULES(PY_MODULE_DEF_PTR)
#undef PY_MODULE_DEF_PTR
};

/* Run `code` as the body of module m.  0 or -1. */
static int
exec_module_code(oh_object *m, oh_object *code)
{
    oh_object *d = MOD(m)->dict;
    if (oh_dict_contains(d, PY_ID(__builtins__)) == 0
        && oh_dict_set(d, PY_ID(__builtins__),
                       OHI_RT->py->builtins_module) < 0)
        return -1;
    oh_object *r = py_eval_code(code, d, d);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

/* Enter a new module in sys.modules, run its source, and take it out
 * again if that fails. */
static oh_object *
load_source(oh_object *fullname, const char *src, size_t len,
            const char *filename, bool package, const char *dir)
{
    py_interp *in = OHI_RT->py;
    oh_object *m = py_module_new(fullname);
    if (m == NULL)
        return NULL;
    oh_object *d = MOD(m)->dict;
    oh_object *file = oh_str_from_cstr(filename);
    if (file == NULL || oh_dict_set(d, PY_ID(__file__), file) < 0)
        goto fail;
    /* __package__: the package itself, or the module's parent. */
    {
        const char *fn = oh_str_utf8(fullname, NULL);
        const char *dot = strrchr(fn, '.');
        oh_object *pkg = package ? (oh_incref(fullname), fullname)
                         : dot ? oh_str_from_utf8(fn, (size_t)(dot - fn))
                               : oh_str_from_cstr("");
        if (pkg == NULL)
            goto fail;
        int r = oh_dict_set(d, PY_ID(__package__), pkg);
        oh_decref(pkg);
        if (r < 0)
            goto fail;
    }
    if (package) {
        oh_object *p = oh_list_new();
        oh_object *ds = oh_str_from_cstr(dir);
        int r = (p && ds) ? oh_list_append(p, ds) : -1;
        if (r == 0)
            r = oh_dict_set(d, PY_ID(__path__), p);
        oh_xdecref(p);
        oh_xdecref(ds);
        if (r < 0)
            goto fail;
    }
    if (oh_dict_set(in->modules, fullname, m) < 0)
        goto fail;
    oh_object *code = py_compile_source(src, len, file, PY_MODE_EXEC);
    if (code == NULL || exec_module_code(m, code) < 0) {
        oh_xdecref(code);
        /* Take the broken module out, keeping the error. */
        ohi_err_state saved;
        ohi_err_save(&saved);
        if (oh_dict_contains(in->modules, fullname) > 0)
            oh_dict_delete(in->modules, fullname);
        oh_err_clear();
        ohi_err_restore(&saved);
        goto fail;
    }
    oh_decref(code);
    oh_decref(file);
    /* What the body left in sys.modules under the name wins. */
    oh_object *final;
    if (oh_dict_lookup(in->modules, fullname, &final) > 0) {
        oh_incref(final);
        oh_decref(m);
        return final;
    }
    return m;
fail:
    oh_xdecref(file);
    oh_decref(m);
    return NULL;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = oh_malloc(cap);
    while (buf != NULL) {
        if (n + 4096 > cap) {
            char *nb = oh_realloc(buf, cap * 2);
            if (nb == NULL) {
                oh_free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* Look for `last` (the final component of fullname) in the directories of
 * `path` (a list of strs).  New reference, NULL with an error, or NULL
 * without one when not found. */
static oh_object *
find_in_path(oh_object *fullname, const char *last, oh_object *path)
{
    if (path == NULL || path->type != &oh_list_type)
        return NULL;
    int64_t n = OHI_LIST(path)->size;
    for (int64_t i = 0; i < n; i++) {
        oh_object *dir = OHI_LIST(path)->items[i];
        if (dir->type != &oh_str_type)
            continue;
        const char *ds = oh_str_utf8(dir, NULL);
        char pkgdir[4096], file[4096 + 16];
        const char *sep = ds[0] == '\0' ? "" : "/";
        snprintf(pkgdir, sizeof pkgdir, "%s%s%s", ds, sep, last);
        snprintf(file, sizeof file, "%s/__init__.py", pkgdir);
        struct stat st;
        bool package = stat(file, &st) == 0 && S_ISREG(st.st_mode);
        if (!package) {
            snprintf(file, sizeof file, "%s%s%s.py", ds, sep, last);
            if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
        }
        oh_object *file_str = oh_str_from_cstr(file);
        oh_object *flags = file_str ? oh_int_from_i64(O_RDONLY) : NULL;
        int audit = flags ? py_audit("open", 3, file_str,
                                     py_static_str("rb"), flags)
                          : -1;
        oh_xdecref(file_str);
        oh_xdecref(flags);
        if (audit < 0)
            return NULL;
        size_t len;
        char *src = slurp(file, &len);
        if (src == NULL) {
            py_err_format(PY_EXC(ImportError), "cannot read %s", file);
            return NULL;
        }
        oh_object *m = load_source(fullname, src, len, file, package,
                                   pkgdir);
        oh_free(src);
        return m;
    }
    return NULL;
}

/* Import one fully qualified module whose parent (if any) is imported. */
static oh_object *
import_one(oh_object *fullname, oh_object *parent)
{
    py_interp *in = OHI_RT->py;
    oh_object *m;
    if (oh_dict_lookup(in->modules, fullname, &m) > 0) {
        oh_incref(m);
        return m;
    }
    if (py_audit("import", 5, fullname, NULL, in->path, NULL, NULL) < 0)
        return NULL;
    const char *fn = oh_str_utf8(fullname, NULL);
    const char *dot = strrchr(fn, '.');
    const char *last = dot ? dot + 1 : fn;
    if (parent == NULL) {
        for (size_t i = 0; i < sizeof builtin_defs / sizeof builtin_defs[0];
             i++) {
            if (strcmp(builtin_defs[i]->name, fn) != 0)
                continue;
            m = py_module_from_def(builtin_defs[i]);
            if (m == NULL)
                return NULL;
            if (oh_dict_set(in->modules, fullname, m) < 0) {
                oh_decref(m);
                return NULL;
            }
            return m;
        }
        /* The script's directory and sys.path come before the modules
         * compiled in, as in CPython (a local file shadows a stdlib
         * module). */
        m = find_in_path(fullname, last, in->path);
        if (m != NULL || py_err_occurred())
            return m;
        size_t len;
        const char *src = py_frozen_source(fn, &len);
        if (src != NULL) {
            char file[256];
            snprintf(file, sizeof file, "<frozen %s>", fn);
            return load_source(fullname, src, len, file, false, "");
        }
    }
    else {
        oh_object *path;
        if (oh_dict_lookup(MOD(parent)->dict, PY_ID(__path__), &path) > 0) {
            m = find_in_path(fullname, last, path);
            if (m != NULL || py_err_occurred())
                return m;
        }
    }
    oh_object *exc_args[1];
    oh_object *msg = oh_str_from_format("No module named '%s'", fn);
    if (msg == NULL)
        return NULL;
    exc_args[0] = msg;
    oh_object *kw = oh_tuple_pack(1, PY_ID(name));
    oh_object *stack[2] = {msg, fullname};
    oh_object *exc = kw ? py_call(&PY_EXC(ModuleNotFoundError)->ob_base,
                                  stack, 1, kw)
                        : NULL;
    (void)exc_args;
    oh_decref(msg);
    oh_xdecref(kw);
    if (exc != NULL)
        py_err_raise_new(exc);
    return NULL;
}

/* The package a relative import in `globals` is relative to, `level` up:
 * a new str, or NULL with ImportError. */
static oh_object *
resolve_package(oh_object *globals, int level)
{
    oh_object *pkg = NULL;
    if (globals != NULL)
        oh_dict_lookup(globals, PY_ID(__package__), &pkg);
    if (pkg == NULL || pkg == OH_NONE) {
        oh_object *name = NULL, *path = NULL;
        if (globals != NULL) {
            oh_dict_lookup(globals, PY_ID(__name__), &name);
            oh_dict_lookup(globals, PY_ID(__path__), &path);
        }
        if (name == NULL || name->type != &oh_str_type)
            return py_err_set_string(PY_EXC(ImportError), "attempted "
                                     "relative import with no known parent "
                                     "package");
        if (path != NULL)
            pkg = name;
        else {
            const char *s = oh_str_utf8(name, NULL);
            const char *dot = strrchr(s, '.');
            if (dot == NULL)
                return py_err_set_string(PY_EXC(ImportError), "attempted "
                                         "relative import with no known "
                                         "parent package");
            return oh_str_from_utf8(s, (size_t)(dot - s));
        }
    }
    if (pkg->type != &oh_str_type || oh_str_length(pkg) == 0)
        return py_err_set_string(PY_EXC(ImportError), "attempted relative "
                                 "import with no known parent package");
    const char *s = oh_str_utf8(pkg, NULL);
    size_t n = strlen(s);
    for (int i = 1; i < level; i++) {
        while (n > 0 && s[n - 1] != '.')
            n--;
        if (n == 0)
            return py_err_set_string(PY_EXC(ImportError), "attempted "
                                     "relative import beyond top-level "
                                     "package");
        n--;
    }
    return oh_str_from_utf8(s, n);
}

oh_object *
py_import(oh_object *name, oh_object *globals, oh_object *fromlist,
          int level)
{
    oh_object *full;
    if (level > 0) {
        oh_object *base = resolve_package(globals, level);
        if (base == NULL)
            return NULL;
        if (oh_str_length(name) == 0)
            full = base;
        else {
            full = oh_str_from_format("%s.%s", oh_str_utf8(base, NULL),
                                      oh_str_utf8(name, NULL));
            oh_decref(base);
            if (full == NULL)
                return NULL;
        }
    }
    else {
        if (oh_str_length(name) == 0)
            return py_err_set_string(PY_EXC(ValueError), "Empty module "
                                     "name");
        oh_incref(name);
        full = name;
    }
    /* Import each prefix: a, a.b, a.b.c (IM2). */
    const char *s = oh_str_utf8(full, NULL);
    size_t n = strlen(s);
    oh_object *top = NULL, *parent = NULL;
    size_t start = 0;
    while (start <= n) {
        const char *dot = memchr(s + start, '.', n - start);
        size_t end = dot ? (size_t)(dot - s) : n;
        oh_object *prefix = oh_str_from_utf8(s, end);
        if (prefix == NULL)
            goto fail;
        oh_object *m = import_one(prefix, parent);
        if (m == NULL) {
            oh_decref(prefix);
            goto fail;
        }
        if (parent != NULL) {
            oh_object *attr = oh_str_from_utf8(s + start, end - start);
            if (attr == NULL
                || oh_dict_set(MOD(parent)->dict, attr, m) < 0) {
                oh_xdecref(attr);
                oh_decref(m);
                oh_decref(prefix);
                goto fail;
            }
            oh_decref(attr);
        }
        oh_decref(prefix);
        if (top == NULL) {
            top = m;
            oh_incref(top);
        }
        oh_xdecref(parent);
        parent = m;
        start = end + 1;
    }
    oh_decref(full);
    /* `import a.b` binds a; `from a.b import x` and relative imports
     * want a.b itself. */
    bool want_leaf = level > 0 || (fromlist != NULL && fromlist != OH_NONE
                                   && py_is_true(fromlist) > 0);
    if (want_leaf) {
        oh_decref(top);
        /* from package import submodule: import the submodules named. */
        if (fromlist != NULL && fromlist->type == &oh_tuple_type
            && MOD(parent)->dict != NULL
            && oh_dict_contains(MOD(parent)->dict, PY_ID(__path__)) > 0) {
            for (int64_t i = 0; i < OHI_TUPLE_SIZE(fromlist); i++) {
                oh_object *item = OHI_TUPLE(fromlist)->items[i];
                if (item->type != &oh_str_type
                    || oh_str_equal_cstr(item, "*")
                    || oh_dict_contains(MOD(parent)->dict, item) > 0)
                    continue;
                oh_object *sub = oh_str_from_format(
                    "%s.%s", oh_str_utf8(MOD(parent)->name, NULL),
                    oh_str_utf8(item, NULL));
                if (sub == NULL)
                    continue;
                oh_object *sm = import_one(sub, parent);
                oh_decref(sub);
                if (sm == NULL) {
                    if (py_err_matches(PY_EXC(ModuleNotFoundError)))
                        py_err_clear();
                    else {
                        oh_decref(parent);
                        return NULL;
                    }
                    continue;
                }
                oh_dict_set(MOD(parent)->dict, item, sm);
                oh_decref(sm);
            }
        }
        return parent;
    }
    oh_decref(parent);
    return top;
fail:
    oh_decref(full);
    oh_xdecref(top);
    oh_xdecref(parent);
    return NULL;
}

oh_object *
py_import_cstr(const char *name)
{
    oh_object *n = oh_str_from_cstr(name);
    if (n == NULL)
        return NULL;
    oh_object *m = py_import(n, NULL, NULL, 0);
    oh_decref(n);
    return m;
}

/* `from module import name` */
oh_object *
py_import_from(oh_object *module, oh_object *name)
{
    oh_object *v;
    int r = py_lookup_attr(module, name, &v);
    if (r != 0)
        return r > 0 ? v : NULL;
    /* A submodule imported since (or a circular import): sys.modules. */
    oh_object *modname = NULL;
    if (PY_TYPE(module) == PY_T(module))
        modname = MOD(module)->name;
    if (modname != NULL) {
        oh_object *full = oh_str_from_format("%s.%s",
                                             oh_str_utf8(modname, NULL),
                                             oh_str_utf8(name, NULL));
        if (full == NULL)
            return NULL;
        int found = oh_dict_lookup(OHI_RT->py->modules, full, &v);
        oh_decref(full);
        if (found > 0) {
            oh_incref(v);
            return v;
        }
    }
    oh_object *file = NULL;
    if (PY_TYPE(module) == PY_T(module) && MOD(module)->dict)
        oh_dict_lookup(MOD(module)->dict, PY_ID(__file__), &file);
    const char *mn = modname ? oh_str_utf8(modname, NULL) : "<unknown module "
                                                            "name>";
    if (file != NULL && file->type == &oh_str_type
        && oh_str_utf8(file, NULL)[0] != '<')
        return py_err_format(PY_EXC(ImportError), "cannot import name '%U' "
                             "from '%s' (%U)", name, mn, file);
    return py_err_format(PY_EXC(ImportError), "cannot import name '%U' from "
                         "'%s' (unknown location)", name, mn);
}

/* `from module import *` into locals. */
int
py_import_star(oh_object *module, oh_object *locals)
{
    oh_object *all;
    int r = py_lookup_attr(module, PY_ID(__all__), &all);
    if (r < 0)
        return -1;
    oh_object *names;
    bool public_only = false;
    if (r > 0) {
        names = py_sequence_list(all);
        oh_decref(all);
    }
    else {
        oh_object *d = py_getattr(module, PY_ID(__dict__));
        if (d == NULL)
            return -1;
        names = d->type == &oh_dict_type ? oh_dict_keys(d)
                                         : py_sequence_list(d);
        oh_decref(d);
        public_only = true;
    }
    if (names == NULL)
        return -1;
    int rc = 0;
    for (int64_t i = 0; i < OHI_LIST(names)->size && rc == 0; i++) {
        oh_object *n = OHI_LIST(names)->items[i];
        if (n->type != &oh_str_type) {
            py_err_format(PY_EXC(TypeError), "Item in %s.__all__ must be "
                          "str, not %T", "module", n);
            rc = -1;
            break;
        }
        if (public_only && oh_str_utf8(n, NULL)[0] == '_')
            continue;
        oh_object *v = py_getattr(module, n);
        if (v == NULL) {
            rc = -1;
            break;
        }
        rc = locals->type == &oh_dict_type ? oh_dict_set(locals, n, v)
                                           : py_setitem(locals, n, v);
        oh_decref(v);
    }
    oh_decref(names);
    return rc;
}
