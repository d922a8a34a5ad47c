/*
 * test_cli.c -- the objheap program's subcommands (tools/objheap.c) on
 * files this test makes: top and compare on saved snapshots, heapmap on a
 * saved layout, and bad input.  The program tested is the one built in
 * the same variant as this test (build/objheap or build/asan/objheap),
 * found next to this test's own directory.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

static char objheap_path[512];

static void
find_objheap(void)
{
    char self[512];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    cr_assert_gt(n, 0);
    self[n] = '\0';
    /* .../build[/asan]/tests/test_cli -> .../build[/asan]/objheap */
    char *dir = dirname(dirname(self));
    snprintf(objheap_path, sizeof objheap_path, "%s/objheap", dir);
    cr_assert_eq(access(objheap_path, X_OK), 0, "no %s", objheap_path);
}

/* Run objheap with args; its stdout+stderr into `out`; its exit status. */
static int
objheap(char *out, size_t outlen, char *const args[])
{
    char *argv[12] = {objheap_path};
    for (int i = 0; args[i] != NULL && i < 10; i++)
        argv[i + 1] = args[i];
    char tmp[] = "/tmp/objheap-cli-XXXXXX";
    int fd = mkstemp(tmp);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, fd, STDERR_FILENO);
    pid_t pid;
    cr_assert_eq(posix_spawn(&pid, objheap_path, &fa, NULL, argv, environ),
                 0);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    waitpid(pid, &status, 0);
    ssize_t n = pread(fd, out, outlen - 1, 0);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(tmp);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static __attribute__((noinline)) void *
make_block(size_t n)
{
    void *p = oh_malloc(n);
    __asm__ volatile("" ::: "memory");
    return p;
}

Test(cli, top_and_compare_render_saved_snapshots)
{
    find_objheap();
    oh_trace_start(1);
    void *a = make_block(1000);
    oh_snapshot *old = oh_trace_take_snapshot();
    void *b[4];
    for (int i = 0; i < 4; i++)
        b[i] = oh_malloc(500);
    oh_snapshot *now = oh_trace_take_snapshot();
    char old_path[] = "/tmp/objheap-old-XXXXXX", now_path[] =
        "/tmp/objheap-new-XXXXXX";
    close(mkstemp(old_path));
    close(mkstemp(now_path));
    cr_assert_eq(oh_snapshot_dump(old, old_path), 0);
    cr_assert_eq(oh_snapshot_dump(now, now_path), 0);
    char out[8192];
    static char top[] = "top", compare[] = "compare", five[] = "5";
    char *args1[] = {top, now_path, five, NULL};
    cr_assert_eq(objheap(out, sizeof out, args1), 0, "%s", out);
    cr_assert_not_null(strstr(out, "Top 2 of 2 allocation sites"), "%s", out);
    cr_assert_not_null(strstr(out, "size=2000 B, count=4, average=500 B"),
                       "%s", out);
    char *args2[] = {compare, now_path, old_path, NULL};
    cr_assert_eq(objheap(out, sizeof out, args2), 0, "%s", out);
    cr_assert_not_null(strstr(out, "size=2000 B (+2000 B), count=4 (+4)"),
                       "%s", out);
    cr_assert_not_null(strstr(out, "size=1000 B (+0 B), count=1 (+0)"),
                       "%s", out);
    static char missing[] = "/nonexistent/snapshot";
    char *args3[] = {top, missing, NULL};
    cr_assert_eq(objheap(out, sizeof out, args3), 1);
    cr_assert_not_null(strstr(out, "cannot read /nonexistent/snapshot"));
    char *args4[] = {compare, now_path, NULL};
    cr_assert_eq(objheap(out, sizeof out, args4), 2, "usage error");
    unlink(old_path);
    unlink(now_path);
    oh_snapshot_free(old);
    oh_snapshot_free(now);
    oh_free(a);
    for (int i = 0; i < 4; i++)
        oh_free(b[i]);
    oh_trace_stop();
}

Test(cli, heapmap_renders_a_saved_layout)
{
    find_objheap();
    void *p = oh_malloc(64);
    char layout[] = "/tmp/objheap-layout-XXXXXX";
    close(mkstemp(layout));
    cr_assert_eq(oh_heapmap_dump(layout), 0);
    char svg[64];
    snprintf(svg, sizeof svg, "%s.svg", layout);
    char out[4096];
    static char heapmap[] = "heapmap";
    char *args[] = {heapmap, layout, svg, NULL};
    cr_assert_eq(objheap(out, sizeof out, args), 0, "%s", out);
    cr_assert_not_null(strstr(out, "wrote "));
    static char xmllint[] = "xmllint", noout[] = "--noout";
    char *lint[] = {xmllint, noout, svg, NULL};
    cr_assert_eq(ohi_os_run(lint), 0);
    unlink(svg);
    unlink(layout);
    oh_free(p);
}

Test(cli, no_arguments_prints_the_usage_and_fails)
{
    find_objheap();
    char out[8192];
    char *none[] = {NULL};
    cr_assert_eq(objheap(out, sizeof out, none), 2, "%s", out);
    cr_assert_not_null(strstr(out, "usage: objheap COMMAND"), "%s", out);
    cr_assert_not_null(strstr(out, "objheap tour [CHAPTER]"), "%s", out);
    /* the tour did not run: its banner is absent */
    cr_assert_null(strstr(out, "a tour of CPython's memory management"),
                   "%s", out);
    static char bogus[] = "bogus";
    char *args[] = {bogus, NULL};
    cr_assert_eq(objheap(out, sizeof out, args), 2, "%s", out);
    cr_assert_not_null(strstr(out, "unknown command 'bogus'"), "%s", out);
}

Test(cli, version_is_the_librarys)
{
    find_objheap();
    char out[256], want[64];
    static char version[] = "--version";
    char *args[] = {version, NULL};
    cr_assert_eq(objheap(out, sizeof out, args), 0, "%s", out);
    snprintf(want, sizeof want, "objheap %s\n", OH_VERSION_STRING);
    cr_assert_str_eq(out, want);
}

Test(cli, help_command_describes_one_command)
{
    find_objheap();
    char out[8192];
    static char help[] = "help", top[] = "top", tour[] = "tour",
                nosuch[] = "nosuch";
    char *args1[] = {help, top, NULL};
    cr_assert_eq(objheap(out, sizeof out, args1), 0, "%s", out);
    cr_assert_not_null(strstr(out, "usage: objheap top SNAPSHOT"), "%s", out);
    cr_assert_not_null(strstr(out, "oh_snapshot_dump()"), "%s", out);
    cr_assert_null(strstr(out, "objheap compare"), "only top: %s", out);
    char *args2[] = {help, tour, NULL};
    cr_assert_eq(objheap(out, sizeof out, args2), 0, "%s", out);
    cr_assert_not_null(strstr(out, "chapters:\n  alloc"), "%s", out);
    char *args3[] = {help, nosuch, NULL};
    cr_assert_eq(objheap(out, sizeof out, args3), 2, "%s", out);
    cr_assert_not_null(strstr(out, "no command named 'nosuch'"), "%s", out);
    char *args4[] = {help, NULL};
    cr_assert_eq(objheap(out, sizeof out, args4), 0, "%s", out);
    cr_assert_not_null(strstr(out, "usage: objheap COMMAND"), "%s", out);
}
