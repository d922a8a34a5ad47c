/*
 * objheap/types.h -- the built-in types.
 * ===========================================================================
 * One section per type: None and bool, int, float, str, bytes, tuple, list,
 * dict, set, class and instance.  Each section's banner says which of its
 * functions return new references and which borrowed ones.
 *
 * Every function checks the type of its object arguments: passing a dict
 * where a list is expected is a TypeError ("expected list, got dict"),
 * never a crash.  Indexes follow Python: negative ones count from the end.
 */
#ifndef OBJHEAP_TYPES_H
#define OBJHEAP_TYPES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===========================================================================
 * None and bool.  Immortal singletons; the macros give borrowed references
 * (incref them when storing them, as for any object).
 * ========================================================================== */

OH_API extern const oh_type oh_none_type;
OH_API extern const oh_type oh_bool_type;

/* The objects themselves; use the macros. */
OH_API extern oh_object oh_none_object;
OH_API extern struct oh_int_object oh_true_object, oh_false_object;

#define OH_NONE (&oh_none_object)
#define OH_TRUE ((oh_object *)&oh_true_object)
#define OH_FALSE ((oh_object *)&oh_false_object)

/* OH_TRUE if v is non-zero, else OH_FALSE.  New reference (of an immortal,
 * so dropping it is optional but harmless). */
OH_API oh_object *oh_bool_from(int v);

/* ===========================================================================
 * int: integers of any size.  Constructors, arithmetic and conversions to
 * objects return new references; -5..256 are immortal and shared (two 10s
 * are one object).  bool is a kind of int here as in Python: every int
 * function accepts True and False (and returns ints, never bools).
 *
 * A value that fits in int64_t is stored in 24 bytes; a larger one grows
 * with its magnitude (src/types/int.c).  Both are "int": oh_int_check
 * accepts both, oh_type_name says "int" for both, and equal values have
 * equal hashes whatever their layout.  oh_getsizeof reports CPython
 * 3.11's sys.getsizeof for the value (28 for 0..2^30-1, 32 up to 2^60-1,
 * 36 up to 2^90-1, ...).
 *
 * Errors, as CPython words them: TypeError for a non-int operand
 * ("unsupported operand type(s) for +: 'int' and 'str'"),
 * ZeroDivisionError ("integer division or modulo by zero"), MemoryError
 * for results too large for memory.
 * ========================================================================== */

OH_API extern const oh_type oh_int_type;

/* 1 if o is an int of any size (or a bool), else 0. */
OH_API int oh_int_check(const oh_object *o);

/* New reference.  Small values return the shared immortal object. */
OH_API oh_object *oh_int_from_i64(int64_t v);
OH_API oh_object *oh_int_from_u64(uint64_t v);

/* Store o's value in *out and return 0; -1 with TypeError if o is not an
 * int, OverflowError "Python int too large to convert to C int64_t" if
 * it does not fit. */
OH_API int oh_int_as_i64(oh_object *o, int64_t *out);
/* 1 if int o fits in int64_t, 0 if not, -1 with TypeError. */
OH_API int oh_int_fits_i64(oh_object *o);
/* *out = -1, 0 or 1 as o < 0, o == 0, o > 0.  0, or -1 with TypeError. */
OH_API int oh_int_sign(oh_object *o, int *out);

/* a + b, a - b, a * b, a // b, a % b (floor division and modulo as in
 * Python: the remainder takes the divisor's sign), -a, abs(a), ~a.  New
 * reference. */
OH_API oh_object *oh_int_add(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_sub(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_mul(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_floordiv(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_mod(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_neg(oh_object *a);
OH_API oh_object *oh_int_abs(oh_object *a);
OH_API oh_object *oh_int_invert(oh_object *a);
/* divmod(a, b): the tuple (a // b, a % b).  New reference. */
OH_API oh_object *oh_int_divmod(oh_object *a, oh_object *b);
/* a / b: the float nearest the exact quotient (CPython's correctly
 * rounded long_true_divide).  New reference; NULL with ZeroDivisionError
 * "division by zero" or OverflowError "integer division result too large
 * for a float". */
OH_API oh_object *oh_int_truediv(oh_object *a, oh_object *b);
/* a ** b: an int for b >= 0; for b < 0 a float, float(a) ** float(b)
 * (ZeroDivisionError "0.0 cannot be raised to a negative power" for a ==
 * 0).  New reference. */
OH_API oh_object *oh_int_pow(oh_object *a, oh_object *b);
/* pow(a, b, m): a ** b modulo m, with m's sign.  A negative b uses a's
 * inverse modulo m (ValueError "base is not invertible for the given
 * modulus"); m == 0 is ValueError "pow() 3rd argument cannot be 0".  New
 * reference. */
OH_API oh_object *oh_int_powmod(oh_object *a, oh_object *b, oh_object *m);

/* a & b, a | b, a ^ b (on two's complement, as Python), a << b, a >> b
 * (floor for negatives; ValueError "negative shift count").  A left
 * shift too big to make is MemoryError, or OverflowError "too many digits
 * in integer" past what CPython could count (1 << 2**66).  New
 * reference. */
OH_API oh_object *oh_int_and(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_or(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_xor(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_lshift(oh_object *a, oh_object *b);
OH_API oh_object *oh_int_rshift(oh_object *a, oh_object *b);
/* int.bit_length(), int.bit_count(): of |o|.  -1 with TypeError. */
OH_API int64_t oh_int_bit_length(oh_object *o);
OH_API int64_t oh_int_bit_count(oh_object *o);

/* Three-way comparison: *out = -1, 0 or 1.  Returns 0, or -1 with
 * TypeError. */
OH_API int oh_int_compare(oh_object *a, oh_object *b, int *out);

/* float(o): the nearest double (ties to even) in *out; 0, or -1 with
 * OverflowError "int too large to convert to float" or TypeError. */
OH_API int oh_int_as_double(oh_object *o, double *out);
/* int(d): d truncated toward zero.  New reference; NULL with ValueError
 * "cannot convert float NaN to integer" or OverflowError "cannot convert
 * float infinity to integer". */
OH_API oh_object *oh_int_from_double(double d);

/* o.to_bytes(length, 'little' or 'big', signed=is_signed): a bytes object.
 * New reference; NULL with OverflowError "int too big to convert" or
 * "can't convert negative int to unsigned". */
OH_API oh_object *oh_int_to_bytes(oh_object *o, size_t length,
                                  int little_endian, int is_signed);
/* int.from_bytes(data[0..n), ...).  New reference. */
OH_API oh_object *oh_int_from_bytes(const void *data, size_t n,
                                    int little_endian, int is_signed);

/* int(s, base) for the UTF-8 text s[0..len) (NUL not needed): Python's
 * exact rules.  base is 0 (the literal's prefix decides: 0x, 0o, 0b, or
 * decimal, where "010" is refused) or 2..36; surrounding whitespace, a
 * sign, single underscores between digits (and after a prefix), and
 * Unicode decimal digits are accepted.  New reference; NULL with
 * ValueError "invalid literal for int() with base 10: 'abc'" (the text
 * quoted as repr quotes it, cut to 200 characters), "int() base must be
 * >= 2 and <= 36, or 0", or the digit limit's error below. */
OH_API oh_object *oh_int_from_string(const char *s, size_t len, int base);
/* str(o) in base 2..36 (lower-case digits), with a sign; with prefix set,
 * base 2, 8 and 16 get "0b", "0o", "0x" after the sign, as bin(), oct()
 * and hex() write them ('-0b101').  New reference (a str); NULL with
 * ValueError for a bad base or the digit limit's error. */
OH_API oh_object *oh_int_to_string(oh_object *o, int base, int prefix);

/* The limit on digits in conversions between int and str in bases that
 * are not powers of two (CPython 3.11's defence against quadratic
 * conversion time): past it, ValueError "Exceeds the limit (4300 digits)
 * for integer string conversion: value has 5000 digits; use
 * sys.set_int_max_str_digits() to increase the limit" (to an int) or
 * "...conversion; use ..." (to a str).  sys.set_int_max_str_digits(n):
 * n == 0 removes the limit, n >= 640 sets it; others are ValueError
 * "maxdigits must be 0 or larger than 640".  The getter returns 0 when
 * there is no limit. */
#define OH_INT_MAX_STR_DIGITS 4300
#define OH_INT_MAX_STR_DIGITS_THRESHOLD 640
OH_API int oh_int_set_max_str_digits(int64_t n);
OH_API int64_t oh_int_get_max_str_digits(void);

/* ===========================================================================
 * float: IEEE 754 doubles.  Constructors and arithmetic return new
 * references.  Arithmetic accepts ints (and bools) for either operand.
 * ========================================================================== */

OH_API extern const oh_type oh_float_type;

OH_API int oh_float_check(const oh_object *o);

/* New reference. */
OH_API oh_object *oh_float_from_double(double v);

/* o's value (an int is converted) in *out; 0, or -1 with TypeError. */
OH_API int oh_float_as_double(oh_object *o, double *out);

/* a + b, a - b, a * b, a / b.  New reference; division by zero is
 * ZeroDivisionError ("float division by zero"). */
OH_API oh_object *oh_float_add(oh_object *a, oh_object *b);
OH_API oh_object *oh_float_sub(oh_object *a, oh_object *b);
OH_API oh_object *oh_float_mul(oh_object *a, oh_object *b);
OH_API oh_object *oh_float_div(oh_object *a, oh_object *b);

/* ===========================================================================
 * str: immutable text, stored as UTF-8 with a terminating NUL.  Lengths
 * count code points.  Constructors return new references; oh_str_utf8
 * returns a pointer into the object, valid while the object lives.
 * ========================================================================== */

OH_API extern const oh_type oh_str_type;

OH_API int oh_str_check(const oh_object *o);

/* A str from n bytes of UTF-8 (NULs allowed).  Invalid UTF-8 (bad lead or
 * continuation bytes, overlong forms, surrogates, values past U+10FFFF) is
 * ValueError naming the byte offset.  New reference. */
OH_API oh_object *oh_str_from_utf8(const char *s, size_t n);

/* A str from a NUL-terminated UTF-8 string.  New reference. */
OH_API oh_object *oh_str_from_cstr(const char *s);

/* A str from a printf-style format.  New reference. */
OH_API oh_object *oh_str_from_format(const char *fmt, ...) OH_PRINTF(1, 2);

/* The UTF-8 text, NUL-terminated; *nbytes (if not NULL) gets its length in
 * bytes.  NULL with TypeError if o is not a str. */
OH_API const char *oh_str_utf8(oh_object *o, size_t *nbytes);

/* The length in code points; -1 with TypeError. */
OH_API int64_t oh_str_length(oh_object *o);

/* a + b: always a new str (strs are immutable), except that adding an
 * empty str returns the other operand.  New reference. */
OH_API oh_object *oh_str_concat(oh_object *a, oh_object *b);

/* The code points [start, stop) as a str (Python's s[start:stop], with
 * negative and out-of-range bounds clamped as Python does).  New
 * reference. */
OH_API oh_object *oh_str_slice(oh_object *s, int64_t start, int64_t stop);

/* Compare with a C string: 1 if equal, 0 if not (0 for a non-str). */
OH_API int oh_str_equal_cstr(oh_object *s, const char *cstr);

/* sys.intern: the one str object with this value.  Equal strs passed here
 * come back as the same object, as long as one of them lives.  Interned
 * strs are not immortal: the table does not own them, and a str leaves it
 * when it is freed.  New reference (to s or to the earlier equal str). */
OH_API oh_object *oh_str_intern(oh_object *s);

/* A new str made by interning the C string.  New reference. */
OH_API oh_object *oh_str_intern_cstr(const char *s);

/* ===========================================================================
 * bytes: immutable byte strings.  Constructors return new references;
 * oh_bytes_data points into the object.
 * ========================================================================== */

OH_API extern const oh_type oh_bytes_type;

OH_API int oh_bytes_check(const oh_object *o);

/* New reference.  The data is followed by a NUL that is not counted. */
OH_API oh_object *oh_bytes_from(const void *data, size_t n);
/* NULL with TypeError if o is not bytes. */
OH_API const unsigned char *oh_bytes_data(oh_object *o);
/* -1 with TypeError. */
OH_API int64_t oh_bytes_size(oh_object *o);
/* a + b.  New reference. */
OH_API oh_object *oh_bytes_concat(oh_object *a, oh_object *b);

/* ===========================================================================
 * tuple: immutable sequences.  Constructors return new references;
 * oh_tuple_get returns a borrowed one.  Dead tuples of up to 20 items are
 * kept on free lists for reuse, as CPython does; the empty tuple is an
 * immortal singleton.
 * ========================================================================== */

OH_API extern const oh_type oh_tuple_type;

OH_API int oh_tuple_check(const oh_object *o);

/* A tuple of the n objects that follow (each is increfed).  New
 * reference. */
OH_API oh_object *oh_tuple_pack(size_t n, ...);
/* A tuple of items[0..n-1] (each is increfed).  New reference. */
OH_API oh_object *oh_tuple_from_array(oh_object *const *items, size_t n);
/* Borrowed reference; NULL with IndexError "tuple index out of range". */
OH_API oh_object *oh_tuple_get(oh_object *t, int64_t i);
/* -1 with TypeError. */
OH_API int64_t oh_tuple_size(oh_object *t);
/* t[start:stop].  New reference. */
OH_API oh_object *oh_tuple_slice(oh_object *t, int64_t start, int64_t stop);

/* ===========================================================================
 * list: mutable sequences with amortised O(1) append.  oh_list_get returns
 * a borrowed reference; constructors, slices and oh_list_pop return new
 * ones.  Functions that store an item incref it (they never steal).
 * ========================================================================== */

OH_API extern const oh_type oh_list_type;

OH_API int oh_list_check(const oh_object *o);

/* An empty list.  New reference. */
OH_API oh_object *oh_list_new(void);
/* A list of items[0..n-1], allocated to exactly n.  New reference. */
OH_API oh_object *oh_list_from_array(oh_object *const *items, size_t n);
/* The list's items repeated n times ([x] * n).  New reference. */
OH_API oh_object *oh_list_repeat(oh_object *l, size_t n);

/* -1 with TypeError. */
OH_API int64_t oh_list_size(oh_object *l);
/* l[i].  Borrowed reference; NULL with IndexError "list index out of
 * range". */
OH_API oh_object *oh_list_get(oh_object *l, int64_t i);
/* l[i] = item.  0, or -1 with IndexError / TypeError. */
OH_API int oh_list_set(oh_object *l, int64_t i, oh_object *item);
/* l.append(item).  0, or -1 with MemoryError / TypeError. */
OH_API int oh_list_append(oh_object *l, oh_object *item);
/* l.insert(i, item): i is clamped to the list as in Python. */
OH_API int oh_list_insert(oh_object *l, int64_t i, oh_object *item);
/* del l[i].  0, or -1 with IndexError ("list assignment index out of
 * range"). */
OH_API int oh_list_delete(oh_object *l, int64_t i);
/* l.pop(i).  New reference; NULL with IndexError ("pop from empty list",
 * "pop index out of range"). */
OH_API oh_object *oh_list_pop(oh_object *l, int64_t i);
/* l[start:stop]: a new list holding the same objects (the references are
 * copied, the items are shared and their counts rise).  Bounds are
 * clamped as in Python; use INT64_MAX for "to the end".  New reference. */
OH_API oh_object *oh_list_slice(oh_object *l, int64_t start, int64_t stop);
/* a + b: a new list.  New reference. */
OH_API oh_object *oh_list_concat(oh_object *a, oh_object *b);
/* l.extend(other) for a list or tuple `other` (l itself included). */
OH_API int oh_list_extend(oh_object *l, oh_object *other);
/* item in l: 1, 0, or -1 with an error from a comparison. */
OH_API int oh_list_contains(oh_object *l, oh_object *item);
/* Remove every item.  0, or -1 with TypeError. */
OH_API int oh_list_clear(oh_object *l);

/* ===========================================================================
 * dict: insertion-ordered hash tables (CPython's compact layout).  Lookups
 * return borrowed references; constructors and oh_dict_keys return new
 * ones.  Keys must be hashable: a list, dict or set key is TypeError
 * "unhashable type: 'list'".
 * ========================================================================== */

OH_API extern const oh_type oh_dict_type;

OH_API int oh_dict_check(const oh_object *o);

/* An empty dict (no table is allocated until the first insertion).  New
 * reference. */
OH_API oh_object *oh_dict_new(void);
/* d[key] = value (both increfed).  0, or -1 with TypeError / MemoryError;
 * on failure d is unchanged. */
OH_API int oh_dict_set(oh_object *d, oh_object *key, oh_object *value);
/* d[key].  Borrowed reference; NULL with KeyError (message: the key's
 * repr) when missing, TypeError when unhashable. */
OH_API oh_object *oh_dict_get(oh_object *d, oh_object *key);
/* Look key up without raising KeyError: 1 and *value (borrowed) when
 * found, 0 when missing, -1 with an error. */
OH_API int oh_dict_lookup(oh_object *d, oh_object *key, oh_object **value);
/* key in d: 1, 0, -1. */
OH_API int oh_dict_contains(oh_object *d, oh_object *key);
/* del d[key].  0, or -1 with KeyError / TypeError. */
OH_API int oh_dict_delete(oh_object *d, oh_object *key);
/* len(d); -1 with TypeError. */
OH_API int64_t oh_dict_size(oh_object *d);
/* Remove every item.  0, or -1 with TypeError. */
OH_API int oh_dict_clear(oh_object *d);
/* A list of the keys, in insertion order.  New reference. */
OH_API oh_object *oh_dict_keys(oh_object *d);
/* C-string keys: the key is made a str (interned) for you. */
OH_API int oh_dict_set_str(oh_object *d, const char *key, oh_object *value);
/* Borrowed reference; NULL with KeyError when missing. */
OH_API oh_object *oh_dict_get_str(oh_object *d, const char *key);

/* Iteration in insertion order.  The iterator lives on the caller's stack
 * and borrows the dict, which must outlive it.  Adding or deleting keys
 * during iteration makes the next call fail with RuntimeError
 * ("dictionary changed size during iteration"), as in Python; replacing a
 * value is allowed.
 *
 *     oh_dict_iter it;
 *     oh_object *k, *v;
 *     int rc;
 *     oh_dict_iter_init(&it, d);
 *     while ((rc = oh_dict_iter_next(&it, &k, &v)) == 1)
 *         ...k and v are borrowed...
 *     if (rc < 0) ...error... */
typedef struct oh_dict_iter {
    oh_object *dict;
    int64_t pos;                /* next entry to look at */
    int64_t used;               /* size when iteration began */
    uint64_t version;           /* key-set version when it began */
} oh_dict_iter;

/* 0, or -1 with TypeError if d is not a dict. */
OH_API int oh_dict_iter_init(oh_dict_iter *it, oh_object *d);
/* 1 with the next item (borrowed references; key or value may be NULL
 * when not wanted), 0 at the end, -1 with RuntimeError. */
OH_API int oh_dict_iter_next(oh_dict_iter *it, oh_object **key,
                             oh_object **value);

/* ===========================================================================
 * set and frozenset: collections of distinct hashable objects.
 * Constructors and the set algebra return new references; oh_set_pop a
 * new one; iteration borrowed ones.
 *
 * Iteration order is CPython 3.11's, slot for slot: the same table sizes,
 * probes and growth, and each operation inserts items in the order
 * CPython's does, so a program that prints a set of ints, floats or
 * tuples of them prints what Python prints.  frozenset shares the
 * implementation; it is immutable (the functions that change a set
 * refuse it: TypeError "expected set, got frozenset") and hashable
 * (CPython's frozenset hash).  Checks go by kind, so instances of a
 * Python subclass of set or frozenset are accepted.
 *
 * `other` operands may be a set, a frozenset, a dict (its keys), a list
 * or a tuple; anything else is TypeError "'int' object is not iterable".
 * (To follow Python for other iterables, materialise them as a list
 * first: the list's order is the iteration's.)
 * ========================================================================== */

OH_API extern const oh_type oh_set_type;
OH_API extern const oh_type oh_frozenset_type;

/* 1 if o is a set (oh_set_check), a frozenset, or either (any_set). */
OH_API int oh_set_check(const oh_object *o);
OH_API int oh_frozenset_check(const oh_object *o);
OH_API int oh_anyset_check(const oh_object *o);

/* set(): empty.  New reference. */
OH_API oh_object *oh_set_new(void);
/* set(iterable) and frozenset(iterable); iterable may be NULL (empty).
 * frozenset of a frozenset is that object.  New reference. */
OH_API oh_object *oh_set_from(oh_object *iterable);
OH_API oh_object *oh_frozenset_from(oh_object *iterable);
/* s.add(item).  0, or -1 with TypeError (unhashable) / MemoryError; on
 * failure s is unchanged. */
OH_API int oh_set_add(oh_object *s, oh_object *item);
/* item in s (s a set or frozenset): 1, 0, -1. */
OH_API int oh_set_contains(oh_object *s, oh_object *item);
/* s.discard(item): 1 if it was there, 0 if not, -1 with an error. */
OH_API int oh_set_discard(oh_object *s, oh_object *item);
/* s.remove(item): 0, or -1 with KeyError when missing. */
OH_API int oh_set_remove(oh_object *s, oh_object *item);
/* s.pop(): the item CPython's pop takes.  New reference; NULL with
 * KeyError "pop from an empty set". */
OH_API oh_object *oh_set_pop(oh_object *s);
/* len(s) of a set or frozenset; -1 with TypeError. */
OH_API int64_t oh_set_size(oh_object *s);
/* s.clear(). */
OH_API int oh_set_clear(oh_object *s);

/* s.copy(): a new set with s's items (a frozenset's copy is itself). */
OH_API oh_object *oh_set_copy(oh_object *s);
/* a | b, a & b, a - b, a ^ b (and union/intersection/difference/
 * symmetric_difference with one argument): a new set of a's kind (set or
 * frozenset), b any `other`.  For several arguments, as CPython: union
 * is a copy updated with each, intersection a chain of intersections,
 * difference one difference then difference_update with the rest. */
OH_API oh_object *oh_set_union(oh_object *a, oh_object *b);
OH_API oh_object *oh_set_intersection(oh_object *a, oh_object *b);
OH_API oh_object *oh_set_difference(oh_object *a, oh_object *b);
OH_API oh_object *oh_set_symmetric_difference(oh_object *a, oh_object *b);
/* s |= other (s.update), s &= other, s -= other, s ^= other: s must be a
 * set.  0, or -1 with an error (MemoryError may leave some of other's
 * items applied; s stays a valid set). */
OH_API int oh_set_update(oh_object *s, oh_object *other);
OH_API int oh_set_intersection_update(oh_object *s, oh_object *other);
OH_API int oh_set_difference_update(oh_object *s, oh_object *other);
OH_API int oh_set_symmetric_difference_update(oh_object *s,
                                              oh_object *other);
/* a <= b, a >= b, a.isdisjoint(b): 1, 0, or -1 with an error. */
OH_API int oh_set_issubset(oh_object *a, oh_object *b);
OH_API int oh_set_issuperset(oh_object *a, oh_object *b);
OH_API int oh_set_isdisjoint(oh_object *a, oh_object *b);

/* Iteration, with the same contract as oh_dict_iter. */
typedef struct oh_set_iter {
    oh_object *set;
    int64_t pos;
    int64_t used;
    uint64_t version;
} oh_set_iter;

OH_API int oh_set_iter_init(oh_set_iter *it, oh_object *s);
/* 1 and *item (borrowed), 0 at the end, -1 with RuntimeError. */
OH_API int oh_set_iter_next(oh_set_iter *it, oh_object **item);

/* ===========================================================================
 * class and instance: objects of a named class, with an attribute dict
 * and an optional finalizer.  oh_class_new, oh_instance_new and
 * oh_instance_getattr return new references; oh_instance_dict and
 * oh_instance_class borrowed ones.
 *
 *     oh_object *Point = oh_class_new("Point", NULL);
 *     oh_object *p = oh_instance_new(Point);
 *     oh_instance_setattr(p, "x", one);
 *
 * A class is itself an object (its type is oh_class_type) and each
 * instance holds a reference to its class, so a class lives as long as
 * its last instance.  oh_type_of(instance) is the class's own descriptor
 * and oh_type_name(instance) its name, as type(p).__name__ is in Python.
 * ========================================================================== */

OH_API extern const oh_type oh_class_type;

/* Called once, just before an instance is freed (Python's __del__).  It
 * may read and change the instance's attributes, and may even store a new
 * reference to it, which keeps it alive (the finalizer will not run
 * again).  An error it leaves set is written to stderr, as Python's
 * unraisable hook writes an exception raised by __del__, then cleared;
 * the caller's error, if any, is restored.  Objects in a cycle are
 * finalized by the collector, once each (objheap/gc.h). */
typedef void (*oh_finalizer)(oh_object *self);

/* A new class named `name` (copied).  New reference. */
OH_API oh_object *oh_class_new(const char *name, oh_finalizer finalizer);
/* The class's name; NULL with TypeError if cls is not a class. */
OH_API const char *oh_class_name(oh_object *cls);

/* 1 if o is an instance of some class. */
OH_API int oh_instance_check(const oh_object *o);
/* A new instance of cls with no attributes.  New reference. */
OH_API oh_object *oh_instance_new(oh_object *cls);
/* The instance's class.  Borrowed reference. */
OH_API oh_object *oh_instance_class(oh_object *inst);
/* setattr(inst, name, value).  0, or -1 with an error. */
OH_API int oh_instance_setattr(oh_object *inst, const char *name,
                               oh_object *value);
/* getattr(inst, name).  New reference; NULL with AttributeError
 * "'Point' object has no attribute 'z'". */
OH_API oh_object *oh_instance_getattr(oh_object *inst, const char *name);
/* delattr(inst, name).  0, or -1 with AttributeError. */
OH_API int oh_instance_delattr(oh_object *inst, const char *name);
/* The attribute dict (inst.__dict__), created if it does not exist yet.
 * Borrowed reference; NULL with MemoryError. */
OH_API oh_object *oh_instance_dict(oh_object *inst);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_TYPES_H */
