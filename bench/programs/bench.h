/* bench.h: the measured-region hooks shared by the C benchmark programs.
 *
 * wasm32 (default):    imports bench.start / bench.end ([] -> []), like the
 *                      sightglass programs.
 * -DBENCH_NO_IMPORTS:  no-ops, for runtimes that cannot provide the `bench`
 *                      imports (WasmKit, a CLI without them).
 * native:              provided by native_shim.c (monotonic clock).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(BENCH_NO_IMPORTS)
static inline void bench_start(void) {}
static inline void bench_end(void) {}
#elif defined(__wasm__)
__attribute__((import_module("bench"), import_name("start"))) void bench_start(void);
__attribute__((import_module("bench"), import_name("end"))) void bench_end(void);
#else
void bench_start(void);
void bench_end(void);
#endif

/* Size parameter: argv[1] if given, else the default. */
static inline long bench_arg(int argc, char **argv, long dflt) {
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v > 0) return v;
    }
    return dflt;
}

/* Keep a value alive without letting the compiler see through it. */
static inline void bench_sink(uint64_t v) {
    static volatile uint64_t sink;
    sink ^= v;
}

#endif
