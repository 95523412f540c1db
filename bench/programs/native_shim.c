/* native_shim.c: bench_start/bench_end for native (clang -O2) builds.
 * Each completed region appends its length in nanoseconds as one line to the
 * file named by $BENCH_TIMING_FILE (if set). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct timespec t0;
static int started;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void bench_start(void) {
    clock_gettime(CLOCK_MONOTONIC, &t0);
    started = 1;
}

void bench_end(void) {
    long long end = now_ns();
    if (!started) return;
    started = 0;
    const char *path = getenv("BENCH_TIMING_FILE");
    if (!path) return;
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%lld\n", end - ((long long)t0.tv_sec * 1000000000LL + t0.tv_nsec));
    fclose(f);
}
