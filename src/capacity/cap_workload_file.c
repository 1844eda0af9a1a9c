/* SPDX-License-Identifier: MIT */
/*
 * Description: reading a workload file: "key = value" lines with '#'
 * comments, errors naming the file and line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_workload.h"

#define WORKLOAD_MAX_LINE 4096

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
                       end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/* The directory part of path, for trace files named relative to it. */
static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

int cap_workload_load(struct cap_workload *w, const char *path, char *err,
                      size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[WORKLOAD_MAX_LINE + 2], dir[1024], sub[600];
    unsigned lineno = 0;
    int rc = 0;

    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    dir_of(path, dir, sizeof(dir));
    while (!rc && fgets(line, sizeof(line), f)) {
        char *hash, *eq, *key, *value;
        size_t n = strlen(line);

        lineno++;
        if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
            snprintf(err, errlen, "%s:%u: expected a line of at most %u bytes",
                     path, lineno, WORKLOAD_MAX_LINE);
            rc = -1;
            break;
        }
        hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        key = trim(line);
        if (!*key)
            continue;
        if (key[0] == '[') {
            snprintf(err, errlen,
                     "%s:%u: expected key = value (this format has no [sections]), got \"%.40s\"",
                     path, lineno, key);
            rc = -1;
            break;
        }
        eq = strchr(key, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u: expected key = value, got \"%.40s\"",
                     path, lineno, key);
            rc = -1;
            break;
        }
        *eq = '\0';
        value = trim(eq + 1);
        key = trim(key);
        if (!*key || !*value) {
            snprintf(err, errlen, "%s:%u: expected key = value with both present",
                     path, lineno);
            rc = -1;
            break;
        }
        if (cap_workload_set(w, key, value, dir, sub, sizeof(sub))) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, sub);
            rc = -1;
        }
    }
    if (!rc && ferror(f)) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        rc = -1;
    }
    fclose(f);
    return rc;
}
