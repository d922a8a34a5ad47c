/*
 * mod_unicodedata.c -- the unicodedata module.
 *
 * What this file owns
 * -------------------
 * py_module_unicodedata: the part of CPython 3.11's unicodedata that the
 * interpreter has data for, with CPython's arguments, results, errors
 * and messages:
 *
 *   name(chr[, default])      unicode_names.c (py_unicode_name)
 *   lookup(name)              unicode_names.c: names, aliases, algorithmic
 *                             names and named sequences; str or bytes
 *   decimal(chr[, default])   t_str.c's character database
 *                             (py_unicode_decimal)
 *   digit(chr[, default]),    ud_numbers below: every character with a
 *   numeric(chr[, default])   numeric value, and which are digits
 *   category(chr)             ud_cat_index* below
 *   unidata_version           '14.0.0'
 *
 * Missing, for want of tables (each would be a new table of its own):
 * bidirectional, combining, mirrored, east_asian_width, decomposition,
 * normalize, is_normalized, the UCD type and ucd_3_2_0.  A program using
 * them gets AttributeError.
 *
 * The tables (unicodedata_db.h) are written with unicode_names.h by
 * tools/gen_unicode_names.py from CPython 3.11's own unicodedata:
 *
 *   category   c --ud_cat_index1[c >> 9]--> block --ud_cat_index2-->
 *              block --ud_cat_index3--> number (ud_category_names);
 *              about 19 KB, the three-level scheme of t_str_db.h
 *   numbers    ud_numbers: c << 10 | kind << 8 | value, by code point
 *              (binary search), kind 2 decimal, 1 digit, 0 numeric only;
 *              ud_values[value] the double CPython returns, written as a
 *              hex float so that it is that double exactly; about 8.6 KB
 *
 * Invariants
 * ----------
 * UD1. ud_numbers is sorted and lists exactly the characters for which
 *      CPython's numeric() has a value; kind >= 1 exactly where digit()
 *      has one, and then the value is an integer equal to it.
 * UD2. The module keeps no state outside its dict (no fini).
 * The generator checks UD1 against CPython before writing the table.
 */
#include "py/py.h"

#include <string.h>

#include "py/unicodedata_db.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* A str or an instance of a subclass. */
OHI_INLINE bool
is_str(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_STR;
}

/* ==========================================================================
 * Arguments
 * ========================================================================== */

/* The code point of a one-character str argument of fname, or -1 with
 * Argument Clinic's TypeError.  argno 0: the function's only argument
 * ("category() argument must be ..."), else its number. */
static int64_t
char_arg(const char *fname, int argno, oh_object *o)
{
    if (is_str(o) && OHI_STR_LENGTH(OHI_STR(o)) == 1)
        return py_str_char_at(o, 0);
    const char *tname = o == OH_NONE ? "None" : PY_TYPE(o)->tp_name;
    if (argno == 0)
        py_err_format(PY_EXC(TypeError), "%s() argument must be a unicode "
                      "character, not %s", fname, tname);
    else
        py_err_format(PY_EXC(TypeError), "%s() argument %d must be a "
                      "unicode character, not %s", fname, argno, tname);
    return -1;
}

/* The shape of decimal, digit, numeric and name: (chr[, default]), no
 * keywords.  The code point, or -1 with an exception. */
static int64_t
char_default_args(const char *fname, const char *qualname,
                  oh_object *const *args, size_t nargs, oh_object *kwnames)
{
    if (py_no_kwargs(qualname, kwnames) < 0
        || py_check_args(fname, nargs, NULL, 1, 2) < 0)
        return -1;
    return char_arg(fname, 1, args[0]);
}

/* The default argument (new reference), or msg as ValueError. */
static oh_object *
default_or(oh_object *const *args, size_t nargs, const char *msg)
{
    if (nargs < 2)
        return py_err_set_string(PY_EXC(ValueError), msg);
    oh_incref(args[1]);
    return args[1];
}

/* ==========================================================================
 * Properties
 * ========================================================================== */

/* ud_numbers' entry for c, or 0 (no entry is 0: U+0000 has no value). */
static uint32_t
number_of(uint32_t c)
{
    size_t lo = 0, hi = NELEM(ud_numbers);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t mc = ud_numbers[mid] >> 10;
        if (mc == c)
            return ud_numbers[mid];
        if (mc < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static unsigned
category_of(uint32_t c)
{
    unsigned b2 = ud_cat_index1[c >> UD_SHIFT1];
    unsigned mask2 = (1u << (UD_SHIFT1 - UD_SHIFT2)) - 1;
    unsigned b3 = ud_cat_index2[(b2 << (UD_SHIFT1 - UD_SHIFT2))
                                + ((c >> UD_SHIFT2) & mask2)];
    unsigned k = ud_cat_index3[(b3 << UD_SHIFT2)
                               + (c & ((1u << UD_SHIFT2) - 1))];
    OH_ASSERT(k < NELEM(ud_category_names));
    return k;
}

static oh_object *
ud_decimal(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    int64_t c = char_default_args("decimal", "unicodedata.decimal", args,
                                  nargs, kwnames);
    if (c < 0)
        return NULL;
    int d = py_unicode_decimal((uint32_t)c);
    if (d < 0)
        return default_or(args, nargs, "not a decimal");
    return oh_int_from_i64(d);
}

static oh_object *
ud_digit(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    int64_t c = char_default_args("digit", "unicodedata.digit", args, nargs,
                                  kwnames);
    if (c < 0)
        return NULL;
    uint32_t e = number_of((uint32_t)c);
    if (e == 0 || ((e >> 8) & 3) == 0)
        return default_or(args, nargs, "not a digit");
    return oh_int_from_i64((int64_t)ud_values[e & 0xff]);     /* UD1 */
}

static oh_object *
ud_numeric(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    int64_t c = char_default_args("numeric", "unicodedata.numeric", args,
                                  nargs, kwnames);
    if (c < 0)
        return NULL;
    uint32_t e = number_of((uint32_t)c);
    if (e == 0)
        return default_or(args, nargs, "not a numeric character");
    return oh_float_from_double(ud_values[e & 0xff]);
}

static oh_object *
ud_category(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("unicodedata.category", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t c = char_arg("category", 0, args[0]);
    if (c < 0)
        return NULL;
    return oh_str_from_cstr(ud_category_names[category_of((uint32_t)c)]);
}

/* ==========================================================================
 * Names
 * ========================================================================== */

static oh_object *
ud_name(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    int64_t c = char_default_args("name", "unicodedata.name", args, nargs,
                                  kwnames);
    if (c < 0)
        return NULL;
    char buf[PY_UNICODE_NAME_MAX + 1];
    int n = py_unicode_name((uint32_t)c, buf, sizeof buf);
    if (n == 0)
        return default_or(args, nargs, "no such name");
    return oh_str_from_utf8(buf, (size_t)n);
}

/* CPython's NAME_MAXLEN: a longer name is "name too long". */
#define LOOKUP_MAX 256

/* KeyError "undefined character name '...'" with the name up to its
 * first NUL, decoded as UTF-8 with U+FFFD for bad bytes (PyErr_Format's
 * %s). */
static oh_object *
undefined_name(const char *name, size_t len)
{
    const char *nul = memchr(name, '\0', len);
    oh_object *b = oh_bytes_from(name, nul ? (size_t)(nul - name) : len);
    if (b == NULL)
        return NULL;
    oh_object *s = py_bytes_decode(b, "utf-8", "replace");
    oh_decref(b);
    if (s == NULL)
        return NULL;
    py_err_format(PY_EXC(KeyError), "undefined character name '%U'", s);
    oh_decref(s);
    return NULL;
}

static oh_object *
ud_lookup(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("unicodedata.lookup", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *o = args[0];
    const char *name;
    size_t len;
    if (is_str(o)) {
        name = OHI_STR(o)->data;
        len = (size_t)OHI_STR(o)->nbytes;
    }
    else {
        /* bytes; another buffer (bytearray) is refused as not read-only,
         * anything else as no buffer at all (Argument Clinic's robuffer). */
        const unsigned char *data;
        if (py_buffer_view(o, &data, &len) < 0)
            return NULL;    /* "a bytes-like object is required, not 'X'" */
        if (OHI_TYPE_KIND(o->type) != OHI_KIND_BYTES)
            return py_err_format(PY_EXC(TypeError), "lookup() argument "
                                 "must be read-only bytes-like object, not "
                                 "%T", o);
        name = (const char *)data;
    }
    if (len > LOOKUP_MAX)
        return py_err_set_string(PY_EXC(KeyError), "name too long");
    uint32_t cps[PY_UNICODE_SEQ_MAX];
    if (py_unicode_lookup(name, len, &cps[0]))
        return py_str_from_char(cps[0]);
    int n = py_unicode_lookup_sequence(name, len, cps);
    if (n == 0)
        return undefined_name(name, len);
    char buf[4 * PY_UNICODE_SEQ_MAX];
    size_t blen = 0;
    for (int i = 0; i < n; i++)
        blen += (size_t)py_utf8_encode(cps[i], buf + blen);
    return oh_str_from_utf8(buf, blen);
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static int
unicodedata_exec(oh_object *m)
{
    return py_module_add(m, "unidata_version",
                         oh_str_from_cstr(UD_UNICODE_VERSION));
}

static const py_method_def unicodedata_methods[] = {
    {"category", ud_category, 0, "The general category of the character "
     "chr, as a str ('Lu', 'Nd', ...)."},
    {"decimal", ud_decimal, 0, "The decimal value of the character chr "
     "as an int; default, or ValueError, if it has none."},
    {"digit", ud_digit, 0, "The digit value of the character chr as an "
     "int; default, or ValueError, if it has none."},
    {"lookup", ud_lookup, 0, "The character (or named sequence) with the "
     "given name or alias; KeyError if there is none."},
    {"name", ud_name, 0, "The name of the character chr; default, or "
     "ValueError, if it has none."},
    {"numeric", ud_numeric, 0, "The numeric value of the character chr as "
     "a float; default, or ValueError, if it has none."},
    {NULL, NULL, 0, NULL}
};

const py_module_def py_module_unicodedata = {
    .name = "unicodedata",
    .doc = "This module provides access to the Unicode Character Database "
           "which\ndefines character properties for all Unicode "
           "characters. The data in\nthis database is based on the "
           "UnicodeData.txt file version\n" UD_UNICODE_VERSION " which is "
           "publicly available from ftp://ftp.unicode.org/.\n\nThe module "
           "uses the same names and symbols as defined by the\n"
           "UnicodeData File Format " UD_UNICODE_VERSION ".",
    .methods = unicodedata_methods,
    .exec = unicodedata_exec,
};
