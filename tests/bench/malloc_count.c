// SPDX-License-Identifier: MIT
// Counts heap allocations of a whole process for scripts/bench (issue 16: allocations per
// chunk), without ltrace: LD_PRELOAD=libmsim-malloc-count.so makes malloc, calloc, realloc,
// posix_memalign, aligned_alloc and memalign count one call each (operator new goes through
// malloc) and hand over to glibc's own __libc_* functions. At exit it appends one line
//   "malloc-count pid=P malloc=N calloc=N realloc=N memalign=N total=N"
// to the file named by MSIM_MALLOC_COUNT_FILE (stderr when unset). glibc only. Not a test.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static unsigned long long g_malloc, g_calloc, g_realloc, g_memalign;

static void count(unsigned long long *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t size)
{
    count(&g_malloc);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    count(&g_calloc);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    count(&g_realloc);
    return __libc_realloc(p, size);
}

void *memalign(size_t alignment, size_t size)
{
    count(&g_memalign);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    count(&g_memalign);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    count(&g_memalign);
    void *p = __libc_memalign(alignment, size);
    if (!p)
        return 12; // ENOMEM
    *out = p;
    return 0;
}

// Written with write(2) into a stack buffer: no allocation while reporting.
__attribute__((destructor)) static void report(void)
{
    char line[256];
    unsigned long long m = __atomic_load_n(&g_malloc, __ATOMIC_RELAXED);
    unsigned long long c = __atomic_load_n(&g_calloc, __ATOMIC_RELAXED);
    unsigned long long r = __atomic_load_n(&g_realloc, __ATOMIC_RELAXED);
    unsigned long long a = __atomic_load_n(&g_memalign, __ATOMIC_RELAXED);
    int n = snprintf(
        line, sizeof line,
        "malloc-count pid=%d malloc=%llu calloc=%llu realloc=%llu memalign=%llu total=%llu\n",
        (int)getpid(), m, c, r, a, m + c + r + a);
    if (n <= 0)
        return;
    const char *file = getenv("MSIM_MALLOC_COUNT_FILE");
    int fd = file ? open(file, O_WRONLY | O_CREAT | O_APPEND, 0644) : 2;
    if (fd < 0)
        return;
    ssize_t ignored = write(fd, line, (size_t)n);
    (void)ignored;
    if (file)
        close(fd);
}
