// Reads stdin line by line, writes each line upper-cased to stdout and a
// count to stderr.
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[256];
    int lines = 0;
    while (fgets(line, sizeof line, stdin)) {
        for (char *p = line; *p; p++) *p = (char)toupper((unsigned char)*p);
        fputs(line, stdout);
        lines++;
    }
    fprintf(stderr, "read %d lines\n", lines);
    printf("done\n");
    return 0;
}
