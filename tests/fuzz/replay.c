/*
 * replay.c -- run a fuzzer's entry point over saved inputs, without
 * libFuzzer, so that `make test` replays every corpus with the test
 * build's compiler (and under ASan + UBSan in the sanitizer build).
 *
 *   replay DIR_OR_FILE...
 *
 * Prints "replay: N passed, 0 failed"; any failure aborts inside the
 * fuzzer's own checks with a message, so a replay either passes every
 * input or stops at the first bad one.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *b = realloc(buf, cap);
            if (b == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = b;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
        len += got;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
    size_t passed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such input %s\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]) < 0)
                return 1;
            passed++;
            continue;
        }
        /* A directory: its files in name order, so runs are repeatable. */
        DIR *d = opendir(argv[i]);
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char **nn = realloc(names, (n + 1) * sizeof *names);
            size_t plen = strlen(argv[i]) + strlen(e->d_name) + 2;
            char *path = malloc(plen);
            if (nn == NULL || path == NULL)
                return 1;
            names = nn;
            snprintf(path, plen, "%s/%s", argv[i], e->d_name);
            names[n++] = path;
        }
        if (d != NULL)
            closedir(d);
        qsort(names, n, sizeof *names, cmp_names);
        for (size_t k = 0; k < n; k++) {
            if (run_file(names[k]) < 0)
                return 1;
            passed++;
            free(names[k]);
        }
        free(names);
    }
    printf("replay: %zu passed, 0 failed\n", passed);
    return 0;
}
