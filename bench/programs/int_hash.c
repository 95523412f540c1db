/* int_hash: integer arithmetic and a hash table.
 * Sieve of Eratosthenes up to N, then inserts a stream of 64-bit keys
 * (xorshift) into an open-addressing table and looks them up again. */
#include "bench.h"
#include <string.h>

static uint64_t mix64(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

int main(int argc, char **argv) {
    long n = bench_arg(argc, argv, 2000000);
    size_t cap = 1; while (cap < (size_t)n) cap <<= 1;  /* load factor <= 1/2 */
    cap <<= 1;
    unsigned char *sieve = malloc(n + 1);
    uint64_t *keys = calloc(cap, sizeof(uint64_t));
    uint32_t *vals = calloc(cap, sizeof(uint32_t));
    if (!sieve || !keys || !vals) { puts("oom"); return 1; }

    bench_start();
    memset(sieve, 1, n + 1);
    sieve[0] = sieve[1] = 0;
    for (long i = 2; i * i <= n; i++)
        if (sieve[i])
            for (long j = i * i; j <= n; j += i) sieve[j] = 0;
    uint64_t primes = 0, psum = 0;
    for (long i = 0; i <= n; i++) if (sieve[i]) { primes++; psum += (uint64_t)i; }

    uint64_t s = 0x9E3779B97F4A7C15ULL, h = 0;
    for (long i = 0; i < n / 2; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        uint64_t k = s | 1;
        size_t slot = (size_t)mix64(k) & (cap - 1);
        while (keys[slot] && keys[slot] != k) slot = (slot + 1) & (cap - 1);
        keys[slot] = k;
        vals[slot] += (uint32_t)i;
    }
    s = 0x9E3779B97F4A7C15ULL;
    for (long i = 0; i < n / 2; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        uint64_t k = s | 1;
        size_t slot = (size_t)mix64(k) & (cap - 1);
        while (keys[slot] != k) slot = (slot + 1) & (cap - 1);
        h = mix64(h ^ vals[slot] ^ (uint64_t)slot);
    }
    bench_end();

    printf("int_hash n=%ld primes=%llu psum=%llu hash=%016llx\n", n,
           (unsigned long long)primes, (unsigned long long)psum, (unsigned long long)h);
    return 0;
}
