/*
 * embed_python.c -- a C program whose users write its pricing rules in
 * Python: the interpreter embedded through objheap/py.h.
 *
 * The price list lives in C.  The program exposes one C function to
 * Python, price(sku), and runs a script that defines order_total(lines,
 * coupon) on top of it.  Then it calls order_total from C with objects it
 * built itself (a list of (sku, quantity) tuples and a str), reads a
 * global the script set, shows the traceback of an order that names an
 * unknown product as python3 would print it, and stops the interpreter:
 * no object is left on the heap.
 *
 *     cc embed_python.c $(pkg-config --cflags --libs objheap)
 */
#include <objheap.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* What a real program would load from its database, in cents. */
static const struct {
    const char *sku;
    int64_t cents;
} prices[] = {
    {"apple", 45}, {"bread", 260}, {"cheese", 825},
};

/* price(sku) -> int.  Python calls it with borrowed arguments; it returns
 * a new reference, or NULL with an error set, which Python raises. */
static oh_object *
price(oh_object *data, oh_object *const *args, size_t nargs)
{
    (void)data;                         /* see oh_py_def_function */
    if (nargs != 1 || !oh_str_check(args[0])) {
        oh_err_set(OH_ERR_TYPE, "price() takes one str");
        return NULL;
    }
    const char *sku = oh_str_utf8(args[0], NULL);
    for (size_t i = 0; i < sizeof prices / sizeof prices[0]; i++)
        if (strcmp(prices[i].sku, sku) == 0)
            return oh_int_from_i64(prices[i].cents);
    oh_err_format(OH_ERR_KEY, "no such product: %s", sku);
    return NULL;
}

/* The users' rules, as the program would read them from a file
 * (oh_py_run_file). */
static const char rules[] =
    "CURRENCY = 'EUR'\n"
    "\n"
    "def order_total(lines, coupon):\n"
    "    total = sum(price(sku) * qty for sku, qty in lines)\n"
    "    if coupon == 'TENOFF' and total >= 1000:\n"
    "        total -= total // 10\n"
    "    return total\n";

/* An order as objheap objects: [(sku, quantity), ...].  New reference. */
static oh_object *
make_order(const char *const skus[], const int quantities[], size_t n)
{
    oh_object *order = oh_list_new();
    for (size_t i = 0; order != NULL && i < n; i++) {
        oh_object *sku = oh_str_from_cstr(skus[i]);
        oh_object *qty = oh_int_from_i64(quantities[i]);
        oh_object *line = sku && qty ? oh_tuple_pack(2, sku, qty) : NULL;
        if (line == NULL || oh_list_append(order, line) < 0)
            OH_CLEAR(order);
        oh_xdecref(line);
        oh_xdecref(qty);
        oh_xdecref(sku);
    }
    return order;
}

/* Price an order with the script's order_total and print the result, or
 * the exception that stopped it.  0, or -1 when it raised. */
static int
price_order(oh_object *order_total, oh_object *order, const char *coupon,
            const char *currency)
{
    oh_object *code = oh_str_from_cstr(coupon);
    if (code == NULL)
        return -1;
    oh_object *args[2] = {order, code};
    oh_object *total = oh_py_call(order_total, args, 2);
    oh_decref(code);
    int64_t cents;
    if (total != NULL && oh_int_as_i64(total, &cents) == 0) {
        printf("total with coupon %s: %" PRId64 ".%02" PRId64 " %s\n",
               coupon, cents / 100, cents % 100, currency);
        oh_decref(total);
        return 0;
    }
    oh_xdecref(total);
    /* The exception, printed as python3 prints an uncaught one.  (One
     * call does it to stderr: oh_py_print_error.) */
    printf("the order failed (%s):\n", oh_err_kind_name(oh_err_occurred()));
    oh_object *exc = oh_py_err_fetch();
    oh_object *text = exc ? oh_py_format_exception(exc) : NULL;
    if (text != NULL)
        fputs(oh_str_utf8(text, NULL), stdout);
    oh_xdecref(text);
    oh_xdecref(exc);
    return -1;
}

int
main(void)
{
    /* Start Python, give it price(), run the rules. */
    if (oh_py_init(0, NULL) < 0
        || oh_py_def_function("price", price, NULL) < 0
        || oh_py_run_string(rules, "rules.py") < 0) {
        oh_py_print_error();
        return 1;
    }
    oh_object *order_total = oh_py_get_global("order_total");
    oh_object *currency = oh_py_get_global("CURRENCY");
    if (order_total == NULL || currency == NULL || !oh_str_check(currency)) {
        oh_py_print_error();
        return 1;
    }
    const char *cur = oh_str_utf8(currency, NULL);

    const char *const good[] = {"apple", "bread", "cheese"};
    const char *const bad[] = {"apple", "durian"};
    const int qty[] = {4, 1, 2};
    oh_object *order = make_order(good, qty, 3);
    oh_object *typo = make_order(bad, qty, 2);
    if (order == NULL || typo == NULL)
        return 1;
    int ok = price_order(order_total, order, "NONE", cur) == 0
             && price_order(order_total, order, "TENOFF", cur) == 0;
    /* price() raises KeyError inside order_total: C -> Python -> C. */
    int failed = price_order(order_total, typo, "NONE", cur) < 0;

    oh_decref(typo);
    oh_decref(order);
    oh_decref(currency);
    oh_decref(order_total);
    oh_py_fini();

    /* Everything Python made was on objheap's heap; all of it is gone. */
    oh_census *census = oh_census_take();
    if (census == NULL)
        return 1;
    size_t live = census->total_count;
    oh_census_free(census);
    printf("objects alive after oh_py_fini: %zu\n", live);
    return ok && failed && live == 0 ? 0 : 1;
}
