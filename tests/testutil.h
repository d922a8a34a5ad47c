/*
 * testutil.h -- helpers shared by objheap's Criterion tests.
 *
 * expect_abort: run a function in a forked child with stderr captured, and
 * check that it aborts (SIGABRT) and printed a message containing the
 * expected text.  Criterion's `.signal = SIGABRT` checks only the signal;
 * misuse tests must also check that the message names the right problem.
 */
#ifndef OBJHEAP_TESTUTIL_H
#define OBJHEAP_TESTUTIL_H

#include <criterion/criterion.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a child did: how it ended and what it wrote to stderr. */
typedef struct child_result {
    int aborted;                /* killed by SIGABRT */
    int exit_code;              /* exit status, or -1 if killed */
    char err[4096];             /* its stderr, NUL-terminated, cut */
} child_result;

static inline child_result
run_in_child(void (*fn)(void))
{
    child_result r = {0, -1, {0}};
    int fds[2];
    cr_assert(pipe(fds) == 0, "pipe failed");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed");
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        fn();
        _exit(0);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t n;
    while ((n = read(fds[0], r.err + got, sizeof r.err - 1 - got)) > 0)
        got += (size_t)n;
    r.err[got] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

/* Assert that fn aborts with a message containing `expected`. */
#define cr_expect_abort(fn, expected)                                       \
    do {                                                                    \
        child_result r_ = run_in_child(fn);                                 \
        cr_assert(r_.aborted, "expected an abort; child exited %d, "        \
                  "stderr:\n%s", r_.exit_code, r_.err);                     \
        cr_assert(strstr(r_.err, (expected)) != NULL,                       \
                  "abort message lacks \"%s\"; it was:\n%s", (expected),    \
                  r_.err);                                                  \
    } while (0)

#endif
