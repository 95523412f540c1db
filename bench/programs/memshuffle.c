/* memshuffle: memory-bound. A 8 MiB array is shuffled (Fisher-Yates) into a
 * random cyclic permutation, walked by pointer chasing, and copied around in
 * overlapping blocks by hand-written word loops (memcpy/memmove-like).
 * Argument: number of 32-bit elements. */
#include "bench.h"

static uint32_t rng = 2463534242u;
static uint32_t xs32(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

int main(int argc, char **argv) {
    long n = bench_arg(argc, argv, 2 * 1024 * 1024);
    uint32_t *perm = malloc(n * sizeof(uint32_t));
    uint32_t *next = malloc(n * sizeof(uint32_t));
    uint32_t *buf = malloc(n * sizeof(uint32_t));
    if (!perm || !next || !buf) { puts("oom"); return 1; }

    bench_start();
    for (long i = 0; i < n; i++) perm[i] = (uint32_t)i;
    for (long i = n - 1; i > 0; i--) {           /* Fisher-Yates */
        long j = (long)(xs32() % (uint32_t)(i + 1));
        uint32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (long i = 0; i < n; i++) next[perm[i]] = perm[(i + 1) % n];  /* one cycle */
    uint64_t h = 0;
    uint32_t p = perm[0];
    for (long i = 0; i < n; i++) { h = h * 31 + p; p = next[p]; }   /* pointer chase */

    for (long i = 0; i < n; i++) buf[i] = perm[i] ^ (uint32_t)(i * 2654435761u);
    for (int round = 0; round < 8; round++) {      /* block copies, both directions */
        long blk = 4096 << (round & 3);
        for (long off = 0; off + 2 * blk <= n; off += 2 * blk) {
            uint32_t *src = buf + off, *dst = buf + off + blk / 2;
            if (round & 1) { for (long k = blk - 1; k >= 0; k--) dst[k] = src[k] + 1; }
            else { for (long k = 0; k < blk; k++) next[off + k] = src[k] ^ dst[k]; }
        }
    }
    for (long i = 0; i < n; i += 7) h = h * 1099511628211ULL ^ buf[i] ^ next[i];
    bench_end();

    printf("memshuffle n=%ld hash=%016llx\n", n, (unsigned long long)h);
    return 0;
}
