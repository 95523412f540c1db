/* calls: call-heavy. Recursive fib, then many indirect calls through a table
 * of function pointers (call_indirect in wasm), and a mutually recursive pair.
 * Argument: fib depth n (the indirect-call count scales with fib(n)). */
#include "bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

typedef uint32_t (*op_fn)(uint32_t, uint32_t);
__attribute__((noinline)) static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t op_xor(uint32_t a, uint32_t b) { return (a ^ b) * 3u; }
__attribute__((noinline)) static uint32_t op_rot(uint32_t a, uint32_t b) { return (a << 5 | a >> 27) + b; }
__attribute__((noinline)) static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1u); }
__attribute__((noinline)) static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b + 7u; }
static op_fn volatile table[8] = {op_add, op_xor, op_rot, op_mul, op_sub, op_xor, op_add, op_rot};

static uint32_t is_odd(uint32_t n);
__attribute__((noinline)) static uint32_t is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static uint32_t is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

int main(int argc, char **argv) {
    uint32_t n = (uint32_t)bench_arg(argc, argv, 33);
    bench_start();
    uint32_t f = fib(n);
    uint32_t acc = 1, x = 12345;
    for (uint32_t i = 0; i < f * 4; i++) {
        x = x * 1103515245u + 12345u;
        acc = table[(x >> 16) & 7](acc, i);
    }
    uint32_t parity = 0;
    for (uint32_t i = 0; i < f / 1000; i++) parity += is_even(1000 + (i & 255));
    bench_end();
    printf("calls n=%u fib=%u acc=%08x parity=%u\n", n, f, acc, parity);
    return 0;
}
