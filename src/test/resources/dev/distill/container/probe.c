/*
 * A static test program for container runs. Its arguments are a sequence of operations:
 *   info                 uid, gid, supplementary groups, cwd, argv and environment, one per line
 *   cat FILE             copy FILE to stdout
 *   write FILE TEXT      create or truncate FILE with TEXT
 *   mkdir DIR            create DIR (0755)
 *   rm FILE              unlink FILE
 *   rmtree DIR           delete DIR recursively
 *   link FILE NEW        hard link
 *   symlink TARGET NEW   symbolic link
 *   chmod MODE FILE      MODE in octal
 *   sleep SECONDS
 *   exit CODE
 * A failed operation prints "error: ..." to stderr and exits with 99.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void fail(const char *op, const char *arg) {
    fprintf(stderr, "error: %s %s: %s\n", op, arg, strerror(errno));
    exit(99);
}

static void rmtree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) fail("rmtree", path);
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (!dir) fail("rmtree", path);
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char child[PATH_MAX];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            rmtree(child);
        }
        closedir(dir);
        if (rmdir(path) != 0) fail("rmtree", path);
    } else if (unlink(path) != 0) {
        fail("rmtree", path);
    }
}

static void info(int argc, char **argv) {
    printf("uid=%d\ngid=%d\n", (int) getuid(), (int) getgid());
    gid_t groups[64];
    int n = getgroups(64, groups);
    printf("groups=");
    for (int i = 0; i < n; i++) printf(i ? ",%d" : "%d", (int) groups[i]);
    printf("\n");
    char cwd[PATH_MAX];
    printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    for (int i = 0; i < argc; i++) printf("arg=%s\n", argv[i]);
    for (char **e = environ; *e; e++) printf("env=%s\n", *e);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *op = argv[i];
        if (strcmp(op, "info") == 0) {
            info(argc, argv);
        } else if (strcmp(op, "cat") == 0 && i + 1 < argc) {
            const char *file = argv[++i];
            FILE *f = fopen(file, "r");
            if (!f) fail(op, file);
            char buf[4096];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
            fclose(f);
        } else if (strcmp(op, "write") == 0 && i + 2 < argc) {
            const char *file = argv[++i];
            const char *text = argv[++i];
            int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || write(fd, text, strlen(text)) < 0 || close(fd) != 0) fail(op, file);
        } else if (strcmp(op, "mkdir") == 0 && i + 1 < argc) {
            if (mkdir(argv[++i], 0755) != 0) fail(op, argv[i]);
        } else if (strcmp(op, "rm") == 0 && i + 1 < argc) {
            if (unlink(argv[++i]) != 0) fail(op, argv[i]);
        } else if (strcmp(op, "rmtree") == 0 && i + 1 < argc) {
            rmtree(argv[++i]);
        } else if (strcmp(op, "link") == 0 && i + 2 < argc) {
            i += 2;
            if (link(argv[i - 1], argv[i]) != 0) fail(op, argv[i]);
        } else if (strcmp(op, "symlink") == 0 && i + 2 < argc) {
            i += 2;
            if (symlink(argv[i - 1], argv[i]) != 0) fail(op, argv[i]);
        } else if (strcmp(op, "chmod") == 0 && i + 2 < argc) {
            i += 2;
            if (chmod(argv[i], (mode_t) strtol(argv[i - 1], NULL, 8)) != 0) fail(op, argv[i]);
        } else if (strcmp(op, "sleep") == 0 && i + 1 < argc) {
            sleep((unsigned) atoi(argv[++i]));
        } else if (strcmp(op, "exit") == 0 && i + 1 < argc) {
            fflush(stdout);
            return atoi(argv[++i]);
        } else {
            errno = EINVAL;
            fail("unknown operation", op);
        }
        fflush(stdout);
    }
    return 0;
}
