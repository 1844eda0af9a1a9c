/* SPDX-License-Identifier: MIT */
/*
 * Description: check macros for test programs.
 *
 * Each check counts itself and, on failure, prints file:line, the expression
 * as written and both compared values, then carries on. A check's value is
 * true when it passed, so a test can stop early: if (!CHECK(p)) return 1;
 * End main with `return CHECK_DONE();` (0 when every check passed, else 1).
 * Test programs exit 0 pass, 1 fail, CHECK_SKIP (77) skip.
 *
 * Counters are per translation unit: keep the checks of one test in one .c.
 */
#ifndef ARGOLAB_CHECK_H
#define ARGOLAB_CHECK_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECK_SKIP 77

struct check_state {
    unsigned long checks;
    unsigned long failures;
};

static inline struct check_state *check_state(void)
{
    static struct check_state state;

    return &state;
}

/* Counts one check; on failure prints "file:line: MACRO(ea[, eb]) failed". */
static inline bool check_count(bool ok, const char *file, int line,
                               const char *macro, const char *ea,
                               const char *eb)
{
    struct check_state *s = check_state();

    s->checks++;
    if (!ok) {
        s->failures++;
        fflush(stdout);
        fprintf(stderr, "%s:%d: %s(%s%s%s) failed\n", file, line, macro, ea,
                eb ? ", " : "", eb ? eb : "");
    }
    return ok;
}

static inline bool check_bool(bool ok, const char *expr, const char *file,
                              int line)
{
    return check_count(ok, file, line, "CHECK", expr, NULL);
}

static inline bool check_eq_u64(uint64_t a, uint64_t b, const char *ea,
                                const char *eb, const char *file, int line)
{
    if (!check_count(a == b, file, line, "CHECK_EQ_U64", ea, eb))
        fprintf(stderr, "    %s = %" PRIu64 " (0x%" PRIx64 ")\n"
                        "    %s = %" PRIu64 " (0x%" PRIx64 ")\n",
                ea, a, a, eb, b, b);
    return a == b;
}

static inline bool check_eq_i64(int64_t a, int64_t b, const char *ea,
                                const char *eb, const char *file, int line)
{
    if (!check_count(a == b, file, line, "CHECK_EQ_I64", ea, eb))
        fprintf(stderr, "    %s = %" PRId64 "\n    %s = %" PRId64 "\n",
                ea, a, eb, b);
    return a == b;
}

static inline bool check_eq_str(const char *a, const char *b, const char *ea,
                                const char *eb, const char *file, int line)
{
    bool ok = (a && b) ? strcmp(a, b) == 0 : a == b;

    if (!check_count(ok, file, line, "CHECK_EQ_STR", ea, eb)) {
        if (a)
            fprintf(stderr, "    %s = \"%s\"\n", ea, a);
        else
            fprintf(stderr, "    %s = NULL\n", ea);
        if (b)
            fprintf(stderr, "    %s = \"%s\"\n", eb, b);
        else
            fprintf(stderr, "    %s = NULL\n", eb);
    }
    return ok;
}

/* Up to 16 bytes of p starting at off, as hex, to stderr. */
static inline void check_hex_window(const char *label, const uint8_t *p,
                                    size_t n, size_t off)
{
    size_t end = off + 16 < n ? off + 16 : n;

    fprintf(stderr, "    %s @%zu:", label, off);
    for (size_t i = off; i < end; i++)
        fprintf(stderr, " %02x", p[i]);
    fputc('\n', stderr);
}

static inline bool check_eq_mem(const void *a, const void *b, size_t n,
                                const char *ea, const char *eb,
                                const char *file, int line)
{
    const uint8_t *pa = a, *pb = b;
    size_t diff = 0;

    while (diff < n && pa[diff] == pb[diff])
        diff++;
    if (!check_count(diff == n, file, line, "CHECK_EQ_MEM", ea, eb)) {
        /* Start the window a little before the difference, for context. */
        size_t start = diff >= 4 ? diff - 4 : 0;

        fprintf(stderr, "    first difference at offset %zu of %zu\n",
                diff, n);
        check_hex_window(ea, pa, n, start);
        check_hex_window(eb, pb, n, start);
    }
    return diff == n;
}

/* Failures so far. */
static inline int check_failures(void)
{
    return (int)check_state()->failures;
}

__attribute__((warn_unused_result))
static inline int check_done(void)
{
    const struct check_state *s = check_state();

    if (s->failures) {
        printf("FAIL %lu of %lu\n", s->failures, s->checks);
        return 1;
    }
    printf("PASS %lu checks\n", s->checks);
    return 0;
}

#define CHECK(cond) \
    check_bool((cond) ? true : false, #cond, __FILE__, __LINE__)
#define CHECK_EQ_U64(a, b) \
    check_eq_u64((uint64_t)(a), (uint64_t)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_EQ_I64(a, b) \
    check_eq_i64((int64_t)(a), (int64_t)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_EQ_STR(a, b) \
    check_eq_str((a), (b), #a, #b, __FILE__, __LINE__)
#define CHECK_EQ_MEM(a, b, n) \
    check_eq_mem((a), (b), (n), #a, #b, __FILE__, __LINE__)
/* Prints the verdict; use as `return CHECK_DONE();`. */
#define CHECK_DONE() check_done()

#endif
