/*
 * os.c -- memory from the operating system.
 *
 * The only file that calls mmap, mremap and munmap (mimalloc's "prim" layer
 * plays this part there), and the one that starts other programs (the
 * converters the pictures use).  Everything above asks for aligned, zeroed,
 * lazily backed address space, grows or moves it without copying, and gives it
 * back.
 *
 * Aligned mappings: mmap promises only OS-page alignment, so a request for
 * `size` bytes aligned to `align` maps size + align bytes and unmaps the
 * misaligned head and the unused tail.  The tail and head cost address
 * space for an instant, never resident memory; but under an address-space
 * limit (RLIMIT_AS, `ulimit -v`) that instant is when a request fails, so
 * what needs only page alignment (huge blocks, the radix map's leaves)
 * asks ohi_os_map, which maps exactly `size` bytes.
 *
 * Static objects: ohi_os_in_image tells whether an address lies in a
 * readable segment of the program or of a shared library it loaded
 * (dl_iterate_phdr), for the collector's debug checks, which must tell a
 * statically allocated immortal from a wild pointer without reading
 * memory that may not be mapped.
 *
 * Huge pages: only on request (ohi_os_map_huge, for the tracer's trace
 * table, whose every page is touched at random), by madvise(MADV_HUGEPAGE)
 * on a 2 MiB-aligned mapping: a kernel whose transparent huge pages are
 * off ignores it, and the mapping works the same with small pages.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void *
ohi_os_map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void *
ohi_os_map_aligned(size_t size, size_t align)
{
    OH_ASSERT((align & (align - 1)) == 0);
    if (size + align < size)
        return NULL;
    size_t span = size + align;
    char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uintptr_t base = ((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1);
    size_t head = base - (uintptr_t)raw;
    size_t tail = span - head - size;
    if (head != 0)
        munmap(raw, head);
    if (tail != 0)
        munmap((char *)base + size, tail);
    return (void *)base;
}

void *
ohi_os_map_huge(size_t size)
{
    void *p = ohi_os_map_aligned(size, OHI_HUGE_PAGE);
#ifdef MADV_HUGEPAGE
    if (p != NULL)
        (void)madvise(p, size, MADV_HUGEPAGE);  /* advice: may be refused */
#endif
    return p;
}

/* Resize a mapping, moving it where the kernel finds room if it cannot
 * grow in place, without copying its pages.  Returns its address, or NULL
 * (nothing changed). */
void *
ohi_os_remap(void *p, size_t old_size, size_t new_size)
{
    void *q = mremap(p, old_size, new_size, MREMAP_MAYMOVE);
    return q == MAP_FAILED ? NULL : q;
}

void *
ohi_os_map_at(void *hint, size_t size)
{
#ifdef MAP_FIXED_NOREPLACE
    void *p = mmap(hint, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
                   | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (p != hint) {
        /* A kernel older than 4.17 treats the flag as a mere hint. */
        munmap(p, size);
        return NULL;
    }
    return p;
#else
    (void)hint;
    (void)size;
    return NULL;
#endif
}

void
ohi_os_unmap(void *p, size_t size)
{
    if (p != NULL && munmap(p, size) != 0)
        ohi_fatal("unmapping %zu bytes at %p failed: that mapping was not "
                  "objheap's (its bookkeeping is corrupt); caught by munmap "
                  "in ohi_os_unmap", size, p);
}

void
ohi_os_discard(void *p, size_t size)
{
    /* Failure only means the pages stay resident: nothing to report. */
    if (size != 0)
        (void)madvise(p, size, MADV_DONTNEED);
}

size_t
ohi_os_rss(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    unsigned long pages_total = 0, pages_resident = 0;
    int got = fscanf(f, "%lu %lu", &pages_total, &pages_resident);
    fclose(f);
    if (got != 2)
        return 0;
    return (size_t)pages_resident * (size_t)sysconf(_SC_PAGESIZE);
}

int
ohi_os_run(char *const argv[])
{
    pid_t pid;
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    /* Converters chatter on stdout; the caller wants only the file. */
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
                                     O_WRONLY, 0);
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* ==========================================================================
 * Is an address inside a loaded image?
 * ========================================================================== */

typedef struct image_query {
    uintptr_t lo, hi;                   /* the range asked about */
    uintptr_t seg_lo, seg_hi;           /* the segment holding it */
} image_query;

static int
image_visit(struct dl_phdr_info *info, size_t size, void *arg)
{
    image_query *q = arg;
    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_R))
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        uintptr_t hi = lo + ph->p_memsz;
        if (q->lo >= lo && q->hi <= hi) {
            q->seg_lo = lo;
            q->seg_hi = hi;
            return 1;
        }
    }
    return 0;
}

bool
ohi_os_in_image(const void *p, size_t n, ohi_image_cache *cache)
{
    uintptr_t lo = (uintptr_t)p;
    if (lo + n < lo)
        return false;
    for (unsigned i = 0; i < 2; i++)
        if (lo >= cache->seg[i][0] && lo + n <= cache->seg[i][1])
            return true;
    image_query q = {lo, lo + n, 0, 0};
    if (dl_iterate_phdr(image_visit, &q) == 0)
        return false;
    /* Into the slot filled longer ago. */
    cache->seg[cache->next][0] = q.seg_lo;
    cache->seg[cache->next][1] = q.seg_hi;
    cache->next ^= 1;
    return true;
}
