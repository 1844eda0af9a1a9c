/* SPDX-License-Identifier: MIT */
/* Description: files, directories or stdin through a fuzz target. */
#define _DEFAULT_SOURCE /* strdup */
#include "fuzz_inputs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Everything from f; NULL (with *len 0 and a message) on a read error. */
static uint8_t *slurp(FILE *f, const char *name, size_t *len)
{
    uint8_t *data = NULL;
    size_t cap = 0;

    *len = 0;
    for (;;) {
        if (*len == cap) {
            uint8_t *bigger;

            cap = cap ? cap * 2 : 4096;
            bigger = realloc(data, cap);
            if (!bigger) {
                fprintf(stderr, "%s: out of memory\n", name);
                free(data);
                return NULL;
            }
            data = bigger;
        }
        size_t got = fread(data + *len, 1, cap - *len, f);

        *len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        perror(name);
        free(data);
        return NULL;
    }
    return data;
}

static int run_file(const char *path, unsigned long *count)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    size_t len;

    if (!f) {
        perror(path);
        return -1;
    }
    data = slurp(f, path, &len);
    fclose(f);
    if (!data)
        return -1;
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    (*count)++;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir but dot files, in name order. */
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
        if (!more) {
            rc = -1;
            break;
        }
        names = more;
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc)
        fprintf(stderr, "%s: out of memory\n", dir);
    if (n)
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

int fuzz_run_inputs(int argc, char **argv)
{
    unsigned long count = 0;
    int rc = 0;

    if (argc < 2) {
        size_t len;
        uint8_t *data = slurp(stdin, "<stdin>", &len);

        if (!data)
            return 2;
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        return 0;
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

