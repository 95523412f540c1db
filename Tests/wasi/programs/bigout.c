// Writes 8 MiB to stdout. A write that fails because the reader went away
// ends the program with status 3 (EPIPE), any other failure with 4.
#include <errno.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static char block[65536];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 128; i++) {
        if (write(1, block, sizeof block) < 0) return errno == EPIPE ? 3 : 4;
    }
    return 0;
}
