/* bytecode: branchy. A small stack-machine interpreter (switch dispatch with
 * data-dependent branches) runs a program that computes a Collatz-style
 * checksum over a range; then an insertion+merge sort over random data.
 * Argument: size of the range. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, SHR, DUP, DROP, JZ, JMP, LT, HALT, ODD };

static int64_t run(const int32_t *code, int64_t *vars) {
    int64_t stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case JZ: { int32_t t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
        case JMP: pc = code[pc]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case ODD: stack[sp - 1] &= 1; break;
        case HALT: return vars[2];
        default: return -1;
        }
    }
}

/* vars: 0 = i, 1 = limit, 2 = total (Collatz steps), 3 = x */
static int32_t prog[128];
static int plen;
static void e(int32_t v) { prog[plen++] = v; }
static void e2(int32_t op, int32_t arg) { e(op); e(arg); }

static void assemble(void) {
    int loop = plen;
    e2(LOAD, 0); e2(LOAD, 1); e(LT); e(JZ); int fix_end = plen; e(0);   /* while i < limit */
    e2(LOAD, 0); e2(STORE, 3);                                          /* x = i */
    int inner = plen;
    e2(LOAD, 3); e2(PUSH, 1); e(SUB); e(JZ); int fix_done = plen; e(0); /* while x != 1 */
    e2(LOAD, 2); e2(PUSH, 1); e(ADD); e2(STORE, 2);                     /* total++ */
    e2(LOAD, 3); e(ODD); e(JZ); int fix_even = plen; e(0);              /* if x odd */
    e2(LOAD, 3); e2(PUSH, 3); e(MUL); e2(PUSH, 1); e(ADD); e2(STORE, 3); e2(JMP, inner);
    prog[fix_even] = plen;                                              /* else x >>= 1 */
    e2(LOAD, 3); e2(PUSH, 1); e(SHR); e2(STORE, 3); e2(JMP, inner);
    prog[fix_done] = plen;                                              /* i++ */
    e2(LOAD, 0); e2(PUSH, 1); e(ADD); e2(STORE, 0); e2(JMP, loop);
    prog[fix_end] = plen;
    e(HALT);
}

static uint32_t rng = 88172645u;
static uint32_t xs32(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static void sort(uint32_t *a, uint32_t *tmp, long n) {
    for (long lo = 0; lo < n; lo += 16) {          /* insertion sort runs of 16 */
        long hi = lo + 16 < n ? lo + 16 : n;
        for (long i = lo + 1; i < hi; i++) {
            uint32_t v = a[i]; long j = i;
            while (j > lo && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
            a[j] = v;
        }
    }
    for (long w = 16; w < n; w *= 2) {             /* bottom-up merge */
        for (long lo = 0; lo < n; lo += 2 * w) {
            long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        for (long i = 0; i < n; i++) a[i] = tmp[i];
    }
}

int main(int argc, char **argv) {
    long n = bench_arg(argc, argv, 60000);
    long m = n * 4;
    uint32_t *arr = malloc(m * sizeof(uint32_t)), *tmp = malloc(m * sizeof(uint32_t));
    if (!arr || !tmp) { puts("oom"); return 1; }
    for (long i = 0; i < m; i++) arr[i] = xs32();

    bench_start();
    assemble();
    int64_t vars[4] = {1, n, 0, 0};
    int64_t total = run(prog, vars);
    sort(arr, tmp, m);
    bench_end();

    uint64_t h = 0; int sorted = 1;
    for (long i = 0; i < m; i++) { h = h * 31 + arr[i]; if (i && arr[i - 1] > arr[i]) sorted = 0; }
    printf("bytecode n=%ld total=%lld sorted=%d hash=%016llx\n", n, (long long)total, sorted,
           (unsigned long long)h);
    return 0;
}
