/*
 * tour_objects.c -- the tour's chapter on objects: identity, reference
 * counts, objects freed the moment their count reaches zero, sizes next to
 * CPython's, slicing and concatenation.  The seeds' Python examples, done
 * in C with live output.
 */
#include "objheap.h"
#include "tour.h"

#include <stdio.h>
#include <string.h>

static int failed;

/* Print "label: repr  (id 0x..., refcount n)" and keep going on errors. */
static void
show(const char *label, oh_object *o)
{
    oh_object *r = oh_repr(o);
    if (r == NULL) {
        tour_say("  %s: <repr failed: %s>", label, oh_err_message());
        oh_err_clear();
        failed = 1;
        return;
    }
    char count[32];
    if (oh_is_immortal(o))
        snprintf(count, sizeof count, "immortal");
    else
        snprintf(count, sizeof count, "%ld", (long)oh_refcount(o));
    tour_say("  %-8s %-24s id %#lx  refcount %s", label,
             oh_str_utf8(r, NULL), (unsigned long)oh_id(o), count);
    oh_decref(r);
}

static void
goodbye(oh_object *self)
{
    oh_object *name = oh_instance_getattr(self, "name");
    tour_say("    ... finalizer: %s is being freed now",
             name ? oh_str_utf8(name, NULL) : "?");
    oh_xdecref(name);
    oh_err_clear();
}

static void
identity(void)
{
    tour_say("x = 10; y = 10; z = y: three names, one object (ints -5..256 "
             "are created once,\nimmortal, and shared):\n");
    oh_object *x = oh_int_from_i64(10), *y = oh_int_from_i64(10);
    oh_object *z = y;
    oh_incref(z);
    show("x", x);
    show("y", y);
    show("z", z);
    tour_say("\nx = x + 1 makes a new object; x now names 11, and 10 is "
             "still 10:\n");
    oh_object *one = oh_int_from_i64(1);
    oh_object *x1 = oh_int_add(x, one);
    oh_decref(x);
    x = x1;
    show("x", x);
    show("y", y);
    tour_say("\nBig ints are not cached: two 1000s are two objects that are "
             "equal:\n");
    oh_object *a = oh_int_from_i64(1000), *b = oh_int_from_i64(1000);
    show("a", a);
    show("b", b);
    tour_say("  a == b: %d, same object: %s", oh_equal(a, b),
             a == b ? "yes" : "no");
    oh_decref(a);
    oh_decref(b);
    oh_decref(one);
    oh_decref(x);
    oh_decref(y);
    oh_decref(z);
}

static void
counting(void)
{
    tour_say("\nReference counts rise as references are stored and fall as "
             "they are dropped:\n");
    oh_object *s = oh_str_from_cstr("spam");
    show("s", s);
    oh_object *l = oh_list_new();
    oh_list_append(l, s);
    tour_say("  after l = [s]:");
    show("s", s);
    oh_object *d = oh_dict_new();
    oh_dict_set_str(d, "key", s);
    oh_object *t = oh_tuple_pack(2, s, s);
    tour_say("  after d = {'key': s} and t = (s, s):");
    show("s", s);
    oh_decref(t);
    tour_say("  after del t:");
    show("s", s);
    oh_decref(d);
    oh_decref(l);
    tour_say("  after del d, l:");
    show("s", s);
    oh_decref(s);

    tour_say("\nAn object is freed the moment its count reaches zero.  A "
             "class with a finalizer\n(Python's __del__) shows when:\n");
    oh_object *cls = oh_class_new("Resource", goodbye);
    oh_object *r = oh_instance_new(cls);
    oh_object *name = oh_str_from_cstr("'the resource'");
    oh_instance_setattr(r, "name", name);
    oh_decref(name);
    oh_object *holder = oh_list_new();
    oh_list_append(holder, r);
    tour_say("  r = Resource(); holder = [r]     refcount %ld",
             (long)oh_refcount(r));
    tour_say("  del r                            refcount %ld (the list "
             "still holds it)", (long)oh_refcount(r) - 1);
    oh_decref(r);
    tour_say("  holder.pop()");
    oh_object *p = oh_list_pop(holder, -1);
    oh_decref(p);
    tour_say("  (back in the program: it is gone)");
    oh_decref(holder);
    oh_decref(cls);
}

static void
slicing(void)
{
    tour_say("\nSlicing a list copies references, not objects: the slice is "
             "a new list holding\nthe same items, whose counts rise:\n");
    oh_object *inner = oh_list_new();
    oh_object *big = oh_str_from_cstr("a big string");
    oh_object *l = oh_list_from_array((oh_object *[]){inner, big}, 2);
    show("l", l);
    show("l[0]", inner);
    oh_object *s = oh_list_slice(l, 0, INT64_MAX);
    show("l[:]", s);
    show("l[0]", inner);
    oh_list_append(inner, OH_NONE);
    tour_say("  l[0].append(None) shows through both:");
    show("l", l);
    show("l[:]", s);
    tour_say("  getsizeof(l[:]) = %zu bytes: its own header and array only",
             oh_getsizeof(s));
    oh_decref(s);
    oh_decref(l);
    oh_decref(inner);
    oh_decref(big);

    tour_say("\nStrings are immutable: concatenation makes a new string "
             "every time:\n");
    oh_object *a = oh_str_from_cstr("memory ");
    oh_object *b = oh_str_from_cstr("management");
    oh_object *c = oh_str_concat(a, b);
    show("a", a);
    show("b", b);
    show("a + b", c);
    oh_object *c2 = oh_str_concat(a, b);
    show("a + b", c2);
    tour_say("  equal: %d, same object: %s; oh_str_intern makes equal "
             "strings one object:", oh_equal(c, c2), c == c2 ? "yes" : "no");
    oh_object *i1 = oh_str_intern(c), *i2 = oh_str_intern(c2);
    show("intern", i1);
    show("intern", i2);
    oh_decref(i1);
    oh_decref(i2);
    oh_decref(c);
    oh_decref(c2);
    oh_decref(a);
    oh_decref(b);
}

static void
row(const char *what, oh_object *o, size_t cpython)
{
    if (o == NULL) {
        failed = 1;
        oh_err_clear();
        return;
    }
    tour_say("  %-30s %10zu %10zu", what, oh_getsizeof(o), cpython);
    oh_decref(o);
}

static void
sizes(void)
{
    tour_say("\nSizes (oh_getsizeof next to CPython 3.11's sys.getsizeof; "
             "containers include the\n16-byte collector header, as "
             "CPython's do):\n");
    tour_say("  %-30s %10s %10s", "value", "objheap", "CPython");
    row("None", (oh_incref(OH_NONE), OH_NONE), 16);
    row("1000", oh_int_from_i64(1000), 28);
    row("1.5", oh_float_from_double(1.5), 24);
    row("''", oh_str_from_cstr(""), 49);
    row("'hello'", oh_str_from_cstr("hello"), 54);
    row("b'abc'", oh_bytes_from("abc", 3), 36);
    row("()", oh_tuple_pack(0), 40);
    row("(1, 2)", oh_tuple_pack(2, OH_TRUE, OH_FALSE), 56);
    row("[]", oh_list_new(), 56);
    oh_object *one = oh_list_from_array((oh_object *[]){OH_NONE}, 1);
    row("[None] * 1000000", oh_list_repeat(one, 1000000), 8000056);
    oh_decref(one);
    row("{}", oh_dict_new(), 64);
    oh_object *d = oh_dict_new();
    oh_dict_set_str(d, "a", OH_TRUE);
    row("{'a': True}", d, 184);
    row("set()", oh_set_new(), 216);
    oh_object *cls = oh_class_new("A", NULL);
    row("A()", oh_instance_new(cls), 56);
    oh_decref(cls);
    tour_say("\n(docs/OBJECTS.md has the full table, with the one kind of "
             "value where we are larger:\nlong text in accented Latin "
             "letters or CJK, stored as UTF-8.)");
}

int
tour_objects(void)
{
    tour_heading("2. Objects: identity, reference counts, sizes");
    size_t start = oh_alloc_blocks_in_use();
    failed = 0;
    identity();
    counting();
    slicing();
    sizes();
    oh_object_clear_freelists();
    size_t left = oh_alloc_blocks_in_use();
    tour_say("\nBlocks in use before the chapter: %zu; after: %zu.", start,
             left);
    return failed || left != start ? -1 : 0;
}
