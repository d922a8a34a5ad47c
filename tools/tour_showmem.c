/*
 * tour_showmem.c -- the tour's chapter on watching a Python program's
 * memory (issue 15): the seeds' own Python examples, run on objheap's
 * interpreter with `objheap run --show-memory`, their output printed, and
 * for each a page that steps through it (OUT.html) and, for some, a still
 * picture of one moment (OUT.svg, --at-line) written into the tour's
 * directory.
 *
 * The programs are the files under tests/py/cases/ that copy the seeds'
 * examples verbatim (and one of ours for weakref, whose example's code the
 * seeds lost), embedded at build time as build/gen/tour_seeds.h.  Each is
 * written out beside its page, so that a reader can run it again, and run
 * in a child process (this program, as `objheap run`): a fresh interpreter
 * each time, whose arenas hold nothing of the earlier chapters'.
 */
#include "objheap.h"
#include "tour.h"

#include "tour_seeds.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const struct example {
    const char *name;           /* file stem under the tour's directory */
    const char *text;           /* the program */
    const char *from;           /* where in the seeds it comes from */
    int at_line;                /* the still picture's line; 0: none */
    const char *look;           /* what to look at */
} examples[] = {
    {"seed_1_id_x_plus_1", seed_1_id_x_plus_1,
     "seed 1: id() of x = 10, y = 10, z = y, then x = x + 1", 9,
     "x, y and z are arrows to one int 10 until x = x + 1 moves x to a\n"
     "new 11; the still picture is the moment before line 9 runs."},
    {"seed_1_func_final_value", seed_1_func_final_value,
     "seed 1: func(x) and its stack frame", 3,
     "while func runs, a second frame holds its x (the caller's 10) and\n"
     "value (150); the still picture is the moment line 3 (return value)\n"
     "runs."},
    {"seed_4_create_cycle_session", seed_4_create_cycle_session,
     "seed 4: create_cycle(), a list that holds itself", 4,
     "the list's fourth item is an arrow back to the list itself."},
    {"seed_4_gc_main_intended", seed_4_gc_main_intended,
     "seed 4: eight cycles, then gc.collect()", 0,
     "at the step after n = gc.collect() the collector's panel lists the\n"
     "collection of generation 2 and the eight lists it found unreachable."},
    {"seed_3_memory_usage_reflowed", seed_3_memory_usage_reflowed,
     "seed 3: sys.getsizeof of two lists of a million and their sum", 0,
     "each list's box gives sys.getsizeof (8000056 bytes): the list itself\n"
     "is a 56-byte block in a pool; its array of a million item pointers\n"
     "is allocated apart."},
    {"weakref_cycle", weakref_cycle,
     "weakref (seed 2 names it; the code is ours)", 0,
     "a weak back-reference makes no cycle; a strong one does, and the\n"
     "collector's panel shows its collection: the two Nodes and their\n"
     "lists unreachable, the weak reference's callback, both finalizers."},
};
#define NEXAMPLES (sizeof examples / sizeof examples[0])

/* Write `text` to `path`; 0 or -1. */
static int
write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    size_t n = strlen(text);
    int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

/* Run `objheap run ARGS...` (this very program) in a child.  Its standard
 * output is printed here, each line indented, or dropped when `quiet`;
 * its standard error goes where ours does.  Returns its exit status, or
 * -1 when it could not be started. */
static int
run_python(char *const args[], int quiet)
{
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return -1;
    self[len] = '\0';
    char *argv[8];
    static char run[] = "run";
    int argc = 0;
    argv[argc++] = self;
    argv[argc++] = run;
    for (int i = 0; args[i] != NULL && argc < 7; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;

    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    fflush(stdout);
    fflush(stderr);
    pid_t pid;
    int err = posix_spawn(&pid, self, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (err != 0) {
        close(fds[0]);
        return -1;
    }
    FILE *in = fdopen(fds[0], "r");
    if (in != NULL) {
        char line[1024];
        while (fgets(line, sizeof line, in) != NULL) {
            if (!quiet)
                printf("    | %s", line);
        }
        fclose(in);
    }
    else {
        close(fds[0]);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static long
file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int
tour_showmem(void)
{
    tour_heading("6. A Python program's memory, drawn as it runs");
    tour_say("The seeds draw memory as frames with names on one side and "
             "objects on the\nother, arrows between.  `objheap run "
             "--show-memory=OUT.html FILE.py` draws it\nfrom the running "
             "program: one step per line run, each object with its id,\n"
             "count, size, generation and arena/pool/block.  "
             "`--show-memory=OUT.svg\n--at-line=N` draws one moment as a "
             "still picture.  The seeds' examples:");
    for (size_t i = 0; i < NEXAMPLES; i++) {
        const struct example *e = &examples[i];
        char py[64], html[64], svg[64];
        snprintf(py, sizeof py, "%s.py", e->name);
        snprintf(html, sizeof html, "%s.html", e->name);
        snprintf(svg, sizeof svg, "%s.svg", e->name);
        char py_path[512], html_path[512], svg_path[512];
        snprintf(py_path, sizeof py_path, "%s", tour_path(py));
        snprintf(html_path, sizeof html_path, "%s", tour_path(html));
        snprintf(svg_path, sizeof svg_path, "%s", tour_path(svg));
        if (write_text(py_path, e->text) < 0) {
            fprintf(stderr, "objheap: cannot write %s\n", py_path);
            return -1;
        }
        tour_say("\n%s (%s):", e->from, py_path);
        char opt_html[600], opt_svg[600], opt_at[32];
        snprintf(opt_html, sizeof opt_html, "--show-memory=%s", html_path);
        char *page_args[] = {opt_html, py_path, NULL};
        int rc = run_python(page_args, 0);
        if (rc != 0) {
            fprintf(stderr, "objheap: %s exited with %d\n", py_path, rc);
            return -1;
        }
        tour_say("  wrote %s (%ld bytes)", html_path, file_size(html_path));
        if (e->at_line > 0) {
            snprintf(opt_svg, sizeof opt_svg, "--show-memory=%s", svg_path);
            snprintf(opt_at, sizeof opt_at, "--at-line=%d", e->at_line);
            char *svg_args[] = {opt_svg, opt_at, py_path, NULL};
            rc = run_python(svg_args, 1);
            if (rc != 0) {
                fprintf(stderr, "objheap: the still picture of %s exited "
                        "with %d\n", py_path, rc);
                return -1;
            }
            tour_say("  wrote %s (%ld bytes), the still picture at line %d",
                     svg_path, file_size(svg_path), e->at_line);
        }
        /* What to look at, indented as the lines above. */
        printf("  ");
        for (const char *c = e->look; *c; c++) {
            putchar(*c);
            if (*c == '\n')
                fputs("  ", stdout);
        }
        putchar('\n');
    }
    tour_say("\nOpen a page in a browser: the arrow keys step, space "
             "plays.  Make your own:\n  build/objheap run "
             "--show-memory=out.html prog.py");
    return 0;
}
