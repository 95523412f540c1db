// A reactor: its constructor runs in `_initialize`, before any export is called.
#include <stdio.h>

static int value;

__attribute__((constructor)) static void init(void) {
    value = 42;
    printf("initialized\n");
    fflush(stdout);
}

__attribute__((export_name("get"))) int get(void) { return value; }
