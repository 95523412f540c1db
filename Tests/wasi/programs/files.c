// Files and directories in a preopened directory: create, write, read,
// seek, rename, list, stat, truncate, unlink, rmdir; and an attempt to
// leave the directory.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) { printf("FAILED: %s (line %d, errno %d %s)\n", #cond, __LINE__, errno, strerror(errno)); return 1; } } while (0)

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/work";
    CHECK(chdir(dir) == 0);
    CHECK(mkdir("data", 0755) == 0);
    CHECK(mkdir("data", 0755) == -1 && errno == EEXIST);

    FILE *f = fopen("data/a.txt", "w");
    CHECK(f != NULL);
    CHECK(fprintf(f, "hello, files\nsecond line\n") > 0);
    CHECK(fclose(f) == 0);

    f = fopen("data/a.txt", "r");
    CHECK(f != NULL);
    char buf[64];
    CHECK(fgets(buf, sizeof buf, f) != NULL);
    printf("line 1: %s", buf);
    CHECK(fseek(f, 7, SEEK_SET) == 0);
    CHECK(fgets(buf, sizeof buf, f) != NULL);
    printf("from 7: %s", buf);
    fclose(f);

    int fd = open("data/a.txt", O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK(write(fd, "appended\n", 9) == 9);
    close(fd);

    struct stat st;
    CHECK(stat("data/a.txt", &st) == 0);
    printf("size: %lld regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));

    CHECK(rename("data/a.txt", "data/b.txt") == 0);
    CHECK(access("data/a.txt", F_OK) == -1 && errno == ENOENT);
    CHECK(truncate("data/b.txt", 5) == 0);
    CHECK(stat("data/b.txt", &st) == 0);
    printf("truncated size: %lld\n", (long long)st.st_size);

    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "data/f%d", i);
        fd = open(name, O_CREAT | O_WRONLY | O_EXCL, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK(mkdir("data/sub", 0755) == 0);
    CHECK(symlink("b.txt", "data/link") == 0);
    char target[64] = {0};
    CHECK(readlink("data/link", target, sizeof target - 1) == 5);
    printf("link -> %s\n", target);

    DIR *d = opendir("data");
    CHECK(d != NULL);
    char *names[32];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("entries:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");

    CHECK(rmdir("data") == -1 && errno == ENOTEMPTY);
    CHECK(unlink("data/sub") == -1);
    for (int i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "data/%s", names[i]);
        if (strcmp(names[i], "sub") == 0) CHECK(rmdir(path) == 0);
        else CHECK(unlink(path) == 0);
    }
    CHECK(rmdir("data") == 0);
    CHECK(access("data", F_OK) == -1);

    // Leaving the preopened directory is not possible.
    f = fopen("../escape.txt", "w");
    printf("escape: %s\n", f == NULL ? "denied" : "ALLOWED");
    f = fopen("/etc/passwd", "r");
    printf("absolute: %s\n", f == NULL ? "denied" : "ALLOWED");
    printf("ok\n");
    return 0;
}
