/*
 * testutil.h -- helpers shared by the test programs.
 *
 * expect_abort: run a function in a forked child whose stderr goes into a
 * pipe, wait for it, and check both how it died and what it said.
 * Criterion's `.signal = SIGABRT` checks only the signal; misuse reports
 * must also name the object or pointer, so the message is checked too.
 *
 *     static void double_decref(void) { ... oh_decref(o); oh_decref(o); }
 *     Test(misuse, decref_of_freed) {
 *         cr_assert(expect_abort(double_decref, "use of a freed object"));
 *     }
 *
 * The child runs fn() and, if fn returns, exits with status 0: that is a
 * failure ("did not abort").  On failure the helper prints the child's
 * status and output to stderr so the test log shows what went wrong.
 *
 * run_program: run another program of the same build (build_dir finds it)
 * with extra environment variables, its output captured: the programs
 * under tests/progs/, the objheap tool.
 */
#ifndef OBJHEAP_TESTUTIL_H
#define OBJHEAP_TESTUTIL_H

#include "objheap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a child run by run_in_child did. */
typedef struct child_result {
    int signal;                 /* the signal that ended it, or 0 */
    int exit_code;              /* its exit status if it exited, else -1 */
    char output[16384];         /* its stderr, NUL-terminated, cut to fit */
} child_result;

/* A forked child of a threaded test runner that exits through exit()
 * runs LeakSanitizer's check there, and LeakSanitizer warns on stderr
 * that it could not stop the runner's other threads ("==PID==Running
 * thread PID was not suspended. False leaks are possible.").  The warning
 * is the sanitizer's, not the child's output: take such lines out so a
 * test sees what the child itself printed.  A real leak still shows, as
 * the child's exit status. */
static inline void
drop_sanitizer_notice(char *out)
{
    char *line = out;
    while (*line != '\0') {
        char *end = strchr(line, '\n');
        size_t n = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
        if (strncmp(line, "==", 2) == 0 &&
            memmem(line, n, "was not suspended", 17) != NULL)
            memmove(line, line + n, strlen(line + n) + 1);
        else
            line += n;
    }
}

/* Run fn in a child process with stderr captured.  Returns 0, or -1 if
 * the child could not be started. */
static inline int
run_in_child(void (*fn)(void), child_result *res)
{
    int fds[2];
    memset(res, 0, sizeof *res);
    res->exit_code = -1;
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        fn();
        _exit(0);
    }
    close(fds[1]);
    size_t len = 0;
    for (;;) {
        char buf[4096];
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        size_t room = sizeof res->output - 1 - len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(res->output + len, buf, take);
        len += take;
    }
    res->output[len] = '\0';
    close(fds[0]);
    drop_sanitizer_notice(res->output);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFSIGNALED(status))
        res->signal = WTERMSIG(status);
    if (WIFEXITED(status))
        res->exit_code = WEXITSTATUS(status);
    return 0;
}

/* The build directory of the running test program (build, build/asan,
 * ...): the parent of the tests/ directory it runs from. */
static inline void
build_dir(char *buf, size_t len)
{
    char self[1024];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *cut = strstr(self, "/tests/");
    if (cut != NULL)
        *cut = '\0';
    snprintf(buf, len, "%s", self);
}

/* Run the program `path` with argv (argv[0] first, NULL-terminated) and,
 * added to this process's environment, `env` ("NAME=value" strings,
 * NULL-terminated, or NULL): its stdout and stderr together go into
 * out[0..outlen), NUL-terminated and cut to fit.  Returns its exit status,
 * or -1 if it did not exit. */
static inline int
run_program(const char *path, char *const argv[], char *const env[],
            char *out, size_t outlen)
{
    int fds[2];
    out[0] = '\0';
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        for (size_t i = 0; env != NULL && env[i] != NULL; i++)
            putenv(env[i]);
        execv(path, argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    for (;;) {
        char buf[4096];
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        size_t room = outlen - 1 - len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(out + len, buf, take);
        len += take;
    }
    out[len] = '\0';
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* 1 if fn, run in a child, died of SIGABRT with `expected` somewhere in
 * its stderr; else 0, after printing what happened instead. */
static inline int
expect_abort(void (*fn)(void), const char *expected)
{
    child_result res;
    if (run_in_child(fn, &res) < 0) {
        fprintf(stderr, "expect_abort: could not start a child\n");
        return 0;
    }
    int ok = res.signal == SIGABRT && strstr(res.output, expected) != NULL;
    if (!ok)
        fprintf(stderr, "expect_abort: wanted SIGABRT and \"%s\"; the child "
                "%s %d and wrote:\n%s\n", expected,
                res.signal ? "died of signal" : "exited with status",
                res.signal ? res.signal : res.exit_code, res.output);
    return ok;
}

/* Blocks in use once the object layer's free lists are emptied: what leak
 * checks compare. */
static inline size_t
live_blocks(void)
{
    oh_object_clear_freelists();
    return oh_alloc_blocks_in_use();
}

/* 1 if repr(o) is exactly `expected`. */
static inline int
repr_is(oh_object *o, const char *expected)
{
    oh_object *r = oh_repr(o);
    if (r == NULL) {
        fprintf(stderr, "repr failed: %s\n", oh_err_message());
        return 0;
    }
    int ok = strcmp(oh_str_utf8(r, NULL), expected) == 0;
    if (!ok)
        fprintf(stderr, "repr is %s, expected %s\n", oh_str_utf8(r, NULL),
                expected);
    oh_decref(r);
    return ok;
}

/* A new int / str, asserting success (tests only). */
static inline oh_object *
I(int64_t v)
{
    oh_object *o = oh_int_from_i64(v);
    if (o == NULL)
        abort();
    return o;
}

static inline oh_object *
S(const char *s)
{
    oh_object *o = oh_str_from_cstr(s);
    if (o == NULL)
        abort();
    return o;
}

#endif /* OBJHEAP_TESTUTIL_H */
