/* test_str.c -- src/types/str.c: UTF-8 validation, lengths in code points,
 * immutability (concatenation makes new strs), slicing, the cached hash,
 * interning, repr. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(str, lengths_count_code_points)
{
    struct { const char *s; int64_t len; } cases[] = {
        {"", 0}, {"hello", 5}, {"h\xc3\xa9llo", 5}, {"\xe2\x82\xac", 1},
        {"\xf0\x9f\x98\x80!", 2}, {"abcdefghijklmnopqrstuvwxyz", 26},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oh_object *o = S(cases[i].s);
        cr_assert_eq(oh_str_length(o), cases[i].len, "case %zu", i);
        size_t n;
        cr_assert_str_eq(oh_str_utf8(o, &n), cases[i].s);
        cr_assert_eq(n, strlen(cases[i].s));
        cr_assert_eq(oh_getsizeof(o), 41 + n);
        oh_decref(o);
    }
    oh_object *nul = oh_str_from_utf8("a\0b", 3);
    cr_assert_eq(oh_str_length(nul), 3, "NULs are allowed");
    oh_decref(nul);
}

Test(str, invalid_utf8_is_a_value_error)
{
    struct { const char *s; size_t n; const char *msg; } bad[] = {
        {"ab\xff", 3, "can't decode byte 0xff in position 2: invalid start "
                      "byte"},
        {"\x80", 1, "invalid start byte"},
        {"\xc3", 1, "unexpected end of data"},
        {"\xc3(", 2, "invalid continuation byte"},
        {"\xc0\xaf", 2, "invalid start byte"},          /* overlong '/' */
        {"\xe0\x80\xaf", 3, "invalid continuation byte"}, /* overlong */
        {"\xed\xa0\x80", 3, "invalid continuation byte"}, /* surrogate */
        {"\xf4\x90\x80\x80", 4, "invalid continuation byte"}, /* >10FFFF */
        {"0123456789abcdef\xfe", 17, "in position 16"},
    };
    size_t base = live_blocks();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_null(oh_str_from_utf8(bad[i].s, bad[i].n), "case %zu", i);
        cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
        cr_assert(strstr(oh_err_message(), bad[i].msg) != NULL,
                  "case %zu: %s", i, oh_err_message());
        oh_err_clear();
    }
    cr_assert_eq(live_blocks(), base, "nothing allocated for bad input");
    oh_object *ok = oh_str_from_utf8("\xf4\x8f\xbf\xbf", 4); /* U+10FFFF */
    cr_assert_not_null(ok);
    oh_decref(ok);
}

Test(str, concatenation_makes_a_new_string)
{
    oh_object *a = S("Hello, "), *b = S("w\xc3\xb6rld");
    oh_object *c = oh_str_concat(a, b);
    cr_assert_str_eq(oh_str_utf8(c, NULL), "Hello, w\xc3\xb6rld");
    cr_assert_eq(oh_str_length(c), 12);
    cr_assert_neq(c, a);
    cr_assert_str_eq(oh_str_utf8(a, NULL), "Hello, ", "a is unchanged");
    oh_object *e = S("");
    oh_object *same = oh_str_concat(a, e);
    cr_assert_eq(same, a, "adding '' returns the operand");
    cr_assert_eq(oh_refcount(a), 2);
    oh_object *one = I(1);
    cr_assert_null(oh_str_concat(a, one));
    cr_assert_str_eq(oh_err_message(),
                     "can only concatenate str (not \"int\") to str");
    oh_err_clear();
    oh_decref(one);
    oh_decref(same);
    oh_decref(e);
    oh_decref(a);
    oh_decref(b);
    oh_decref(c);
}

Test(str, slices_by_code_point)
{
    oh_object *s = S("h\xc3\xa9llo w\xc3\xb6rld");
    oh_object *a = oh_str_slice(s, 1, 4);
    cr_assert_str_eq(oh_str_utf8(a, NULL), "\xc3\xa9ll");
    oh_object *b = oh_str_slice(s, -5, INT64_MAX);
    cr_assert_str_eq(oh_str_utf8(b, NULL), "w\xc3\xb6rld");
    oh_object *c = oh_str_slice(s, 8, 2);
    cr_assert_eq(oh_str_length(c), 0);
    oh_decref(a);
    oh_decref(b);
    oh_decref(c);
    oh_decref(s);
}

Test(str, hash_is_cached_and_equal_for_equal_strings)
{
    oh_object *a = S("cache me"), *b = S("cache me"), *c = S("cache mf");
    cr_assert_eq(OHI_STR(a)->hash, -1, "computed lazily");
    oh_hash_t h = oh_hash(a);
    cr_assert_eq(OHI_STR(a)->hash, h);
    cr_assert_eq(oh_hash(b), h);
    cr_assert_neq(oh_hash(c), h);
    cr_assert_eq(oh_equal(a, b), 1);
    cr_assert_eq(oh_equal(a, c), 0);
    cr_assert(oh_str_equal_cstr(a, "cache me"));
    cr_assert(!oh_str_equal_cstr(a, "cache"));
    oh_decref(a);
    oh_decref(b);
    oh_decref(c);
}

Test(str, interning_makes_one_object)
{
    size_t base = live_blocks();
    oh_object *a = S("interned name"), *b = S("interned name");
    cr_assert_neq(a, b);
    oh_object *ia = oh_str_intern(a), *ib = oh_str_intern(b);
    cr_assert_eq(ia, a, "the first one becomes the interned one");
    cr_assert_eq(ib, a, "equal strs intern to the same object");
    cr_assert_eq(oh_refcount(a), 3);
    cr_assert_eq(OHI_RT->obj.interned_count, 1);
    oh_object *ic = oh_str_intern_cstr("interned name");
    cr_assert_eq(ic, a);
    oh_decref(ic);
    oh_decref(ia);
    oh_decref(ib);
    oh_decref(b);
    oh_decref(a);
    cr_assert_eq(OHI_RT->obj.interned_count, 0, "freed strs leave the set");
    cr_assert_null(OHI_RT->obj.interned);
    cr_assert_eq(live_blocks(), base);
}

Test(str, intern_many_then_free_in_any_order)
{
    enum { N = 5000 };
    static oh_object *strs[N];
    for (int i = 0; i < N; i++) {
        oh_object *s = oh_str_from_format("name%d", i);
        strs[i] = oh_str_intern(s);
        oh_decref(s);
    }
    cr_assert_eq(OHI_RT->obj.interned_count, N);
    for (int i = 0; i < N; i += 2)
        oh_decref(strs[i]);
    for (int i = 1; i < N; i += 2) {
        oh_object *again = oh_str_from_format("name%d", i);
        oh_object *canon = oh_str_intern(again);
        cr_assert_eq(canon, strs[i], "%d still found after deletions", i);
        oh_decref(canon);
        oh_decref(again);
        oh_decref(strs[i]);
    }
    cr_assert_eq(OHI_RT->obj.interned_count, 0);
}

Test(str, repr_quotes_and_escapes)
{
    struct { const char *s; const char *r; } cases[] = {
        {"hello", "'hello'"}, {"it's", "\"it's\""},
        {"both ' and \"", "'both \\' and \"'"}, {"tab\there", "'tab\\there'"},
        {"nl\n", "'nl\\n'"}, {"\x01", "'\\x01'"}, {"back\\", "'back\\\\'"},
        {"h\xc3\xa9", "'h\xc3\xa9'"}, {"\xc2\x85", "'\\x85'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oh_object *o = S(cases[i].s);
        cr_assert(repr_is(o, cases[i].r), "case %zu", i);
        oh_decref(o);
    }
}

Test(str, format_long_and_type_errors)
{
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    oh_object *s = oh_str_from_format("<%s>", big);
    cr_assert_eq(oh_str_length(s), 1001);
    oh_decref(s);
    oh_object *l = oh_list_new();
    cr_assert_null(oh_str_utf8(l, NULL));
    cr_assert_str_eq(oh_err_message(), "expected str, got list");
    oh_err_clear();
    cr_assert_eq(oh_str_length(l), -1);
    oh_err_clear();
    oh_decref(l);
}
