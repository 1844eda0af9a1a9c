/* SPDX-License-Identifier: MIT */
/*
 * Description: runs files and directories of inputs through a fuzz target
 * without any fuzzing engine: how corpora and crash regressions become
 * ordinary test cases, built with any compiler.
 *
 * Usage: replay_<target> PATH...   (each PATH a file or a directory of files)
 * Exit status: 0 when every input ran; 2 when a path cannot be read. A
 * target that finds a bug aborts, and the abort is the failure.
 */
#define _DEFAULT_SOURCE /* DT_REG, DT_UNKNOWN */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path, unsigned long *count)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;

    if (!f) {
        perror(path);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            uint8_t *bigger;

            cap = cap ? cap * 2 : 4096;
            bigger = realloc(data, cap);
            if (!bigger) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(data);
                fclose(f);
                return -1;
            }
            data = bigger;
        }
        size_t got = fread(data + len, 1, cap - len, f);

        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        perror(path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    (*count)++;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order so runs repeat exactly. */
static int run_dir(const char *dir, unsigned long *count)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;

    if (!d) {
        perror(dir);
        return -1;
    }
    while ((e = readdir(d))) {
        char **more;

        if (e->d_name[0] == '.')
            continue;
        more = realloc(names, (n + 1) * sizeof(*names));
        if (!more)
            break;
        names = more;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), compare_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (!stat(path, &st) && S_ISREG(st.st_mode) && run_file(path, count))
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int rc = 0;

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st)) {
            perror(argv[i]);
            rc = 2;
        } else if (S_ISDIR(st.st_mode) ? run_dir(argv[i], &count)
                                       : run_file(argv[i], &count)) {
            rc = 2;
        }
    }
    printf("%s: %lu inputs ran\n", argv[0], count);
    return rc;
}
