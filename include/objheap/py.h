/*
 * objheap/py.h -- the Python interpreter, for programs that embed it.
 * ===========================================================================
 * Section: python.  oh_py_eval, oh_py_get_global, oh_py_call,
 * oh_py_err_fetch and the oh_py_format_exception functions return new
 * references; nothing here returns a borrowed one.  Arguments are
 * borrowed.
 *
 * A Python 3.11 interpreter built on objheap: every Python value is an
 * oh_object on objheap's heap, counted and collected as the rest of this
 * header describes, so a C program hands objects to Python and takes them
 * back with no conversion.  The built-in types' functions are the
 * conversions: oh_int_from_i64, oh_str_from_cstr, oh_list_new ... make
 * Python's int, str and list; oh_int_as_i64, oh_str_utf8 ... read them.
 *
 *     oh_py_init(0, NULL);
 *     oh_py_run_string("def area(w, h):\n    return w * h\n", "<app>");
 *     oh_object *area = oh_py_get_global("area");     new reference
 *     oh_object *args[2] = {oh_int_from_i64(6), oh_int_from_i64(7)};
 *     oh_object *r = oh_py_call(area, args, 2);       42, new reference
 *     if (r == NULL)
 *         oh_py_print_error();                        traceback to stderr
 *     ... oh_decref each ...
 *     oh_py_fini();
 *
 * examples/embed_python.c is a whole program: a C function exposed to
 * Python, a Python function called from C, an exception printed.
 *
 * Lifetime.  The runtime has one interpreter.  oh_py_init starts it,
 * oh_py_fini stops it, and it can be started again after that.  Before
 * oh_py_init and after oh_py_fini, every function here but those two,
 * oh_py_main and the three that read the error indicator (oh_py_err_fetch,
 * oh_py_print_error, oh_py_exit_code) fails with RuntimeError ("the
 * Python interpreter is not running"); oh_py_init while it runs is a
 * RuntimeError too.
 *
 * Errors.  A function that fails returns NULL or -1 and leaves a Python
 * exception in the error indicator (objheap/errors.h).  oh_err_occurred()
 * gives its kind (a TypeError is OH_ERR_TYPE, a KeyError OH_ERR_KEY, ...;
 * a class the library has no kind for, NameError or SyntaxError, is
 * OH_ERR_USER) and oh_err_message() a summary, often only the class's
 * name.  Take the
 * exception itself with oh_py_err_fetch, its text with
 * oh_py_format_exception, or print it with oh_py_print_error.  The
 * functions that run code or touch __main__ first discard an error left
 * unread in the indicator, so that it cannot surface in the code they
 * run.  A NULL string or function pointer is a ValueError naming the
 * function, and a NULL object SystemError naming it (the rule at the top
 * of objheap.h): nothing here aborts on a caller's mistake.  Out of
 * memory is a MemoryError, and leaks nothing.
 *
 * Signals.  oh_py_init leaves signal handlers alone: Ctrl-C keeps its
 * meaning for the program.  oh_py_main, as python3 does, makes SIGINT
 * raise KeyboardInterrupt while it runs.
 *
 * Threads: the interpreter belongs to the runtime, used by one thread at
 * a time (objheap.h).
 */
#ifndef OBJHEAP_PY_API_H
#define OBJHEAP_PY_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- Starting and stopping ------------------------------------------------ */

/* Start the interpreter: the built-in modules, __main__, sys.argv from
 * argv (argv[0] is the script's name, as in CPython; argc 0 gives
 * sys.argv == [''], as an embedded CPython has) and sys.path[0], the
 * script's directory.  0, or -1 with an error: RuntimeError when it is
 * already running, ValueError for argc < 0 or a NULL among argv[0..argc),
 * MemoryError. */
OH_API int oh_py_init(int argc, char **argv);

/* Stop it: drop every module and the interpreter's own objects, collect
 * the cycles left, and clear the error indicator.  Objects of the
 * library's types that the caller still holds (int, str, list, dict, ...
 * holding only such objects) stay valid.  Drop every reference to
 * Python's own objects (functions, classes and their instances,
 * exceptions) before: freeing one afterwards may run Python code (a
 * __del__) with no interpreter to run it.  0, also when it was not
 * running; -1 with RuntimeError when called while Python code runs (from
 * a C function that Python called), which would pull the interpreter
 * from under that code. */
OH_API int oh_py_fini(void);

/* Run as the `python3` command runs, with argv its command line (argv[0]
 * the program's name): `FILE [ARGS]` runs a file, `-c CODE [ARGS]` a
 * string, `-` standard input, no argument an interactive prompt when
 * standard input is a terminal (`-i` forces one).  Starts the interpreter
 * if need be (and then stops it) and returns the process's exit status:
 * 0, 1 after an uncaught exception (printed with its traceback), or
 * SystemExit's code; 2 for a bad command line. */
OH_API int oh_py_main(int argc, char **argv);

/* -- Running code --------------------------------------------------------- */

/* Run source text (UTF-8) as a module body in __main__'s namespace;
 * filename names it in tracebacks (NULL: "<string>").  0, or -1 with the
 * exception set: SyntaxError for bad source, or what the code raised
 * (SystemExit included: oh_py_exit_code reads it). */
OH_API int oh_py_run_string(const char *source, const char *filename);

/* Run a file as the main program, in __main__'s namespace, with __file__
 * set to path ("-" reads standard input).  0, or -1 with the exception
 * set: an OSError (FileNotFoundError, IsADirectoryError, ...) when the
 * file cannot be read, otherwise as oh_py_run_string. */
OH_API int oh_py_run_file(const char *path);

/* The value of one expression, evaluated in __main__'s namespace (the
 * builtins included: oh_py_eval("len") is the built-in len).  New
 * reference; NULL with the exception set (a statement is a
 * SyntaxError). */
OH_API oh_object *oh_py_eval(const char *expression);

/* -- __main__'s globals ---------------------------------------------------- */

/* __main__.name.  New reference; NULL with NameError when there is no
 * such global (the builtins are not searched: see oh_py_eval). */
OH_API oh_object *oh_py_get_global(const char *name);

/* __main__.name = value (the namespace takes its own reference).  0, or
 * -1 with an error. */
OH_API int oh_py_set_global(const char *name, oh_object *value);

/* -- Calls both ways ------------------------------------------------------ */

/* callable(*args): a Python function, class or bound method, a built-in,
 * a function made by oh_py_def_function.  args[0..nargs) are borrowed;
 * args may be NULL when nargs is 0.  New reference; NULL with the
 * exception set: TypeError when callable cannot be called ("'int' object
 * is not callable") or the arguments do not fit, or what the call
 * raised. */
OH_API oh_object *oh_py_call(oh_object *callable, oh_object *const *args,
                             size_t nargs);

/* A C function callable from Python.  It receives the data object given
 * to oh_py_def_function (borrowed; NULL if none) and the positional
 * arguments (borrowed; a call with keyword arguments is a TypeError that
 * never reaches it).  It returns a new reference, or NULL with an error
 * set: oh_err_set's kinds become the matching Python exceptions
 * (OH_ERR_KEY a KeyError, ...; OH_ERR_USER a RuntimeError), and an error
 * from a call back into Python (oh_py_call, ...) propagates as it is,
 * traceback included.  NULL without an error set, or a result with one
 * set, is a SystemError. */
typedef oh_object *(*oh_py_cfunction)(oh_object *data,
                                      oh_object *const *args, size_t nargs);

/* Make fn callable from Python as __main__.name: name(*args) calls
 * fn(data, args, nargs).  The function object (a built-in function;
 * oh_py_get_global(name) gives it, to pass as a callback) keeps a
 * reference to data, which may be NULL.  0, or -1 with an error. */
OH_API int oh_py_def_function(const char *name, oh_py_cfunction fn,
                              oh_object *data);

/* -- Exceptions ------------------------------------------------------------ */

/* The current error as an exception object, taken out of the indicator:
 * a library error (oh_err_set, or a failed library call) becomes an
 * instance of its kind's class.  New reference.  NULL when no error is
 * set; NULL with the error left in place when the interpreter is not
 * running or there is no memory to make the exception object (read it
 * with oh_err_occurred and oh_err_message then). */
OH_API oh_object *oh_py_err_fetch(void);

/* The text Python prints for exc when it is uncaught: its traceback,
 * the exceptions chained to it, and the "Type: message" line, each line
 * ending in '\n' (what "".join(traceback.format_exception(exc)) gives).
 * A str; new reference.  NULL with TypeError when exc is not an
 * exception. */
OH_API oh_object *oh_py_format_exception(oh_object *exc);

/* Only the last part of that: "Type: message\n", after the lines that
 * point at the error for a SyntaxError ("".join(
 * traceback.format_exception_only(exc))).  A str; new reference; errors
 * as oh_py_format_exception. */
OH_API oh_object *oh_py_format_exception_only(oh_object *exc);

/* Print the current error to stderr as Python prints an uncaught
 * exception (traceback included), and clear it.  SystemExit is printed
 * like any other exception here: oh_py_exit_code reads its status.
 * Nothing happens when no error is set; without an interpreter, or
 * without memory for the exception object, a "Kind: message" line is
 * printed. */
OH_API void oh_py_print_error(void);

/* If the current error is SystemExit, the exit status it asks for (0 for
 * None, the int, or 1 after printing any other value to stderr) and the
 * error is cleared; otherwise -1 and the error stays. */
OH_API int oh_py_exit_code(void);

/* -- Running untrusted code -------------------------------------------- */

/* Bound the work of the code run from now on: after `steps` more steps
 * (a step is each iteration of a loop, that is each backward jump, each
 * call of a Python function, and each item a built-in function takes
 * from an iterator), every further step raises KeyboardInterrupt("step
 * limit reached"), which `except Exception` does not catch; a program
 * that catches it anyway meets it again at its next step, so it ends.
 * steps <= 0 removes the limit (the default).  What one built-in does
 * without iterating (multiplying huge ints, sorting a long list) is one
 * step: bound memory as well (oh_alloc_set_limit).  0, or -1 with an
 * error when the interpreter is not running. */
OH_API int oh_py_set_step_limit(int64_t steps);

/* The steps the limit still allows; -1 when there is no limit. */
OH_API int64_t oh_py_steps_left(void);

/* An audit hook, as CPython's PySys_AddAuditHook (PEP 578): called before
 * each operation below with its event name and arguments (a tuple,
 * borrowed).  It returns 0 to let the operation go on, or -1 with an
 * error set (oh_err_set, or any Python exception) to stop it: the
 * operation then fails with that error.  The events, with CPython's names
 * and arguments:
 *
 *     "open"            (path, mode, flags)  open(); reading the source
 *                       of a module to import or of a traceback's line
 *     "import"          (module, None, sys.path, None, None)  an import
 *                       that sys.modules does not answer, before any
 *                       search (built-in modules included)
 *     "time.sleep"      (secs,)
 *     "builtins.input"  (prompt or None,)
 */
typedef int (*oh_py_audit_hook)(const char *event, oh_object *args,
                                void *data);

/* Add a hook; hooks run in the order added and cannot be removed.  They
 * belong to the running interpreter: oh_py_fini forgets them.  0, or -1
 * with an error (no interpreter, or no memory). */
OH_API int oh_py_add_audit_hook(oh_py_audit_hook hook, void *data);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_PY_API_H */
