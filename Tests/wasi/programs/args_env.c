// Prints its arguments and selected environment variables; `exit N` as
// arguments exits with status N, `trap` executes an unreachable instruction.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int count = 0;
    for (char **e = environ; *e; e++) count++;
    printf("environ count=%d\n", count);
    const char *names[] = {"GREETING", "EMPTY", "MISSING"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        printf("%s=%s\n", names[i], v ? v : "(unset)");
    }
    fflush(stdout);
    if (argc >= 3 && strcmp(argv[1], "exit") == 0) exit(atoi(argv[2]));
    if (argc >= 2 && strcmp(argv[1], "trap") == 0) __builtin_trap();
    return 0;
}
