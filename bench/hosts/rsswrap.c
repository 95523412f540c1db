/* rsswrap: runs a command and reports its wall time and peak RSS.
 *
 *   rsswrap OUT_FILE cmd args...
 *
 * Writes "wall_ns maxrss_kb" to OUT_FILE and exits with the command's status
 * (128+signal if it was killed). Exists because Linux carries a process's RSS
 * high-water mark across exec: a command started directly from the Python
 * harness would report at least the harness's own RSS. Started from this small
 * process, the child's ru_maxrss is its own. */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child;
static void forward(int sig) { if (child > 0) kill(child, sig); }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: rsswrap OUT_FILE cmd args...\n"); return 125; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    child = fork();
    if (child < 0) { perror("fork"); return 125; }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror("exec");
        _exit(127);
    }
    signal(SIGTERM, forward);
    signal(SIGINT, forward);
    int status;
    struct rusage ru;
    while (wait4(child, &status, 0, &ru) < 0) {}
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long wall = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    FILE *f = fopen(argv[1], "w");
    if (f) { fprintf(f, "%lld %ld\n", wall, ru.ru_maxrss); fclose(f); }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 125;
}
