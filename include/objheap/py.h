/*
 * objheap/py.h -- the Python interpreter, for programs that embed it.
 * ===========================================================================
 * Section: python.  oh_py_eval, oh_py_get_global, oh_py_call and
 * oh_py_err_fetch return new references; nothing here returns a borrowed
 * one.
 *
 * A Python 3.11 interpreter built on objheap: every Python value is an
 * oh_object on objheap's heap, counted and collected as the rest of this
 * header describes, so a C program can hand objects to Python and take
 * them back with no conversion.
 *
 *     oh_py_init(argc, argv);                  once per process
 *     oh_py_run_string("x = [1, 2, 3]\n", "<embed>");
 *     oh_object *x = oh_py_get_global("x");     a list, new reference
 *     oh_object *f = oh_py_eval("len");
 *     oh_object *n = oh_py_call(f, &x, 1);      3
 *     ... oh_decref each ...
 *     oh_py_fini();
 *
 * Errors: a function that fails returns NULL or -1 and leaves a Python
 * exception as the error indicator (objheap/errors.h: oh_err_occurred()
 * gives its kind, oh_err_message() a summary).  oh_py_print_error()
 * writes it with its traceback as Python does for an uncaught exception,
 * and clears it.
 *
 * Threads: the interpreter belongs to the runtime, used by one thread at
 * a time (objheap.h).
 */
#ifndef OBJHEAP_PY_API_H
#define OBJHEAP_PY_API_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Start the interpreter: the built-in modules, sys.argv from argv (argv[0]
 * is the script's name, as in CPython), sys.path with the script's
 * directory.  0, or -1 with an error (a second call is RuntimeError). */
OH_API int oh_py_init(int argc, char **argv);

/* Run as the `python3` command runs, with argv its command line (argv[0]
 * the program's name): `FILE [ARGS]` runs a file, `-c CODE [ARGS]` a
 * string, `-` standard input, no argument an interactive prompt when
 * standard input is a terminal (`-i` forces one).  Starts the interpreter
 * if need be and returns the process's exit status: 0, 1 after an
 * uncaught exception (printed with its traceback), or SystemExit's code;
 * 2 for a bad command line. */
OH_API int oh_py_main(int argc, char **argv);

/* Stop it: run the collector, drop every module and the interpreter's own
 * objects.  Objects the caller still holds stay valid. */
OH_API void oh_py_fini(void);

/* Run source text as a module body in __main__'s namespace.  0, or -1
 * with the exception set (a SyntaxError for bad source). */
OH_API int oh_py_run_string(const char *source, const char *filename);

/* Run a file as the main program.  0, or -1 with the exception set. */
OH_API int oh_py_run_file(const char *path);

/* The value of one expression, evaluated in __main__.  New reference. */
OH_API oh_object *oh_py_eval(const char *expression);

/* __main__.name.  New reference; NULL with NameError when missing. */
OH_API oh_object *oh_py_get_global(const char *name);

/* __main__.name = value (value is increfed).  0 or -1. */
OH_API int oh_py_set_global(const char *name, oh_object *value);

/* callable(*args): any Python callable.  New reference. */
OH_API oh_object *oh_py_call(oh_object *callable, oh_object *const *args,
                             size_t nargs);

/* A C function callable from Python.  It receives the `data` object given
 * at registration (borrowed; may be NULL) and the positional arguments
 * (borrowed), and returns a new reference, or NULL with an error set
 * (oh_err_set's kinds become the matching Python exceptions). */
typedef oh_object *(*oh_py_cfunction)(oh_object *data,
                                      oh_object *const *args, size_t nargs);

/* Make fn callable from Python as __main__.name (and return it: a new
 * reference to the function object).  data is kept alive by it. */
OH_API oh_object *oh_py_def_function(const char *name, oh_py_cfunction fn,
                                     oh_object *data);

/* The exception object of the current error, taking it out of the
 * indicator (a library error becomes an exception of its kind).  New
 * reference, or NULL when no error is set. */
OH_API oh_object *oh_py_err_fetch(void);

/* Print the current error as Python prints an uncaught exception
 * (traceback included) to stderr, and clear it.  SystemExit is printed
 * like any other exception here: oh_py_exit_code tells the status. */
OH_API void oh_py_print_error(void);

/* If the current error is SystemExit, the exit status it asks for (0 for
 * None, the int, or 1 after printing any other value to stderr) and the
 * error is cleared; otherwise -1 and the error stays. */
OH_API int oh_py_exit_code(void);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_PY_API_H */
