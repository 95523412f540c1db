/* A small WASI program for `make demo`: greets, counts primes, writes and
 * reads back a file in the preopened directory. */
#include <stdio.h>
#include <stdlib.h>

static int count_primes(int limit) {
    char *composite = calloc(limit + 1, 1);
    int count = 0;
    for (int i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (long j = (long)i * i; j <= limit; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "world";
    printf("Hello, %s, from WebAssembly!\n", name);
    printf("primes below one million: %d\n", count_primes(1000000));
    FILE *f = fopen("hello-output.txt", "w");
    if (!f) { perror("fopen"); return 1; }
    fprintf(f, "written by hello.wasm for %s\n", name);
    fclose(f);
    char line[128];
    f = fopen("hello-output.txt", "r");
    if (!f || !fgets(line, sizeof line, f)) { perror("read back"); return 1; }
    fclose(f);
    remove("hello-output.txt");
    printf("file round trip: %s", line);
    return 0;
}
