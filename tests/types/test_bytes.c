/* test_bytes.c -- src/types/bytes.c: data, size, concatenation, hash,
 * repr, errors. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(bytes, data_and_size)
{
    oh_object *b = oh_bytes_from("a\0b\xff", 4);
    cr_assert_eq(oh_bytes_size(b), 4);
    cr_assert_eq(memcmp(oh_bytes_data(b), "a\0b\xff", 4), 0);
    cr_assert_eq(oh_bytes_data(b)[4], 0, "followed by a NUL");
    cr_assert_eq(oh_getsizeof(b), 33 + 4);
    oh_object *e = oh_bytes_from(NULL, 0);
    cr_assert_eq(oh_bytes_size(e), 0);
    cr_assert_eq(oh_getsizeof(e), 33);
    oh_decref(b);
    oh_decref(e);
}

Test(bytes, concat_equal_hash)
{
    oh_object *a = oh_bytes_from("ab", 2), *b = oh_bytes_from("cd", 2);
    oh_object *c = oh_bytes_concat(a, b), *d = oh_bytes_from("abcd", 4);
    cr_assert_neq(c, d);
    cr_assert_eq(oh_equal(c, d), 1);
    cr_assert_eq(oh_hash(c), oh_hash(d));
    cr_assert_eq(oh_equal(a, d), 0);
    oh_object *s = S("abcd");
    cr_assert_eq(oh_equal(s, d), 0, "b'abcd' != 'abcd'");
    cr_assert_null(oh_bytes_concat(a, s));
    cr_assert_str_eq(oh_err_message(), "expected bytes, got str");
    oh_err_clear();
    cr_assert_eq(oh_bytes_size(s), -1);
    oh_err_clear();
    oh_decref(a);
    oh_decref(b);
    oh_decref(c);
    oh_decref(d);
    oh_decref(s);
}

Test(bytes, repr)
{
    oh_object *b = oh_bytes_from("a\n\x00\x7f'\\", 6);
    cr_assert(repr_is(b, "b\"a\\n\\x00\\x7f'\\\\\""));
    oh_object *e = oh_bytes_from("", 0);
    cr_assert(repr_is(e, "b''"));
    oh_decref(b);
    oh_decref(e);
}
