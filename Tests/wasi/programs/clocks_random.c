// Clocks advance, sleeping waits, and random bytes look random.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static int64_t ns(clockid_t c) {
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
    int64_t real = ns(CLOCK_REALTIME);
    printf("realtime after 2020: %s\n", real > (int64_t)1577836800 * 1000000000 ? "yes" : "no");
    int64_t m0 = ns(CLOCK_MONOTONIC);
    struct timespec req = {0, 20 * 1000 * 1000};
    nanosleep(&req, NULL);
    int64_t m1 = ns(CLOCK_MONOTONIC);
    printf("slept at least 20ms: %s\n", m1 - m0 >= 20 * 1000 * 1000 ? "yes" : "no");
    __wasi_timestamp_t cpu = 0, thread = 0, bad = 0;
    int cpu_ok = __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &cpu) == 0 && cpu > 0;
    int thread_ok = __wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &thread) == 0 && thread > 0;
    printf("process and thread clocks: %s\n", cpu_ok && thread_ok ? "yes" : "no");
    printf("unknown clock: %s\n", __wasi_clock_time_get(99, 1, &bad) == __WASI_ERRNO_INVAL ? "EINVAL" : "other");
    struct timespec res;
    printf("resolution: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");

    unsigned char a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    int ok = getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0;
    int nonzero = 0;
    for (int i = 0; i < 32; i++) nonzero |= a[i];
    printf("random: %s\n", ok && nonzero && memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
    return 0;
}
