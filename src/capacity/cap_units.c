/* SPDX-License-Identifier: MIT */
/* Description: parsing counts, byte sizes, durations and rates with units. */
#include "cap_units.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * strtod over the token's leading number; *rest gets what follows. Refuses
 * hex floats, inf and nan, which strtod would take: none is a sensible
 * workload value and all are easy to type by accident ("infinite").
 */
static int leading_real(const char *s, double *v, const char **rest)
{
    char *end;

    if (!*s || strchr(s, 'x') || strchr(s, 'X'))
        return -1;
    if (!(*s == '-' || *s == '+' || *s == '.' || (*s >= '0' && *s <= '9')))
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(*v))
        return -1;
    *rest = end;
    return 0;
}

const char *cap_parse_count(const char *s, uint64_t max, uint64_t *out)
{
    static const char what[] = "a whole number such as 1000000, 1e6 or 1M";
    const char *rest;
    double v, mult = 1;

    if (leading_real(s, &v, &rest))
        return what;
    if (!strcmp(rest, "k"))
        mult = 1e3;
    else if (!strcmp(rest, "M"))
        mult = 1e6;
    else if (!strcmp(rest, "G"))
        mult = 1e9;
    else if (*rest)
        return what;
    v *= mult;
    if (v < 0 || v != floor(v) || v > (double)max)
        return what;
    *out = (uint64_t)v;
    return NULL;
}

const char *cap_parse_real(const char *s, double *out)
{
    const char *rest;
    double v;

    if (leading_real(s, &v, &rest) || *rest)
        return "a number";
    *out = v;
    return NULL;
}

const char *cap_parse_bytes(const char *s, uint64_t max, uint64_t *out)
{
    static const char what[] =
        "a byte size such as 4096, 1500B, 4KiB or 1MiB (a whole number of bytes)";
    const char *rest;
    double v, mult = 1;

    if (leading_real(s, &v, &rest))
        return what;
    if (!strcmp(rest, "") || !strcmp(rest, "B"))
        mult = 1;
    else if (!strcmp(rest, "K") || !strcmp(rest, "KiB") || !strcmp(rest, "k"))
        mult = 1024;
    else if (!strcmp(rest, "M") || !strcmp(rest, "MiB"))
        mult = 1048576;
    else
        return what;
    v *= mult;
    if (v < 0 || v != floor(v) || v > (double)max)
        return what;
    *out = (uint64_t)v;
    return NULL;
}

const char *cap_parse_duration(const char *s, double *seconds)
{
    static const char what[] =
        "a duration such as 20us or 1.5ms (a number >= 0 and a unit s, ms, us or ns)";
    const char *rest;
    double v, mult;

    if (leading_real(s, &v, &rest) || v < 0)
        return what;
    if (!strcmp(rest, "s"))
        mult = 1;
    else if (!strcmp(rest, "ms"))
        mult = 1e-3;
    else if (!strcmp(rest, "us"))
        mult = 1e-6;
    else if (!strcmp(rest, "ns"))
        mult = 1e-9;
    else if (!*rest && v == 0)
        mult = 0;
    else
        return what;
    *seconds = v * mult;
    return NULL;
}

const char *cap_parse_rate(const char *s, double *per_second)
{
    static const char what[] =
        "a rate in messages per second such as 50000, 50k or 1.2M/s (a number > 0)";
    const char *rest;
    double v, mult = 1;

    if (leading_real(s, &v, &rest) || !(v > 0))
        return what;
    if (*rest == 'k') {
        mult = 1e3;
        rest++;
    } else if (*rest == 'M') {
        mult = 1e6;
        rest++;
    }
    if (*rest && strcmp(rest, "/s"))
        return what;
    v *= mult;
    if (!isfinite(v))
        return what;
    *per_second = v;
    return NULL;
}

const char *cap_parse_fraction(const char *s, double *out)
{
    const char *rest;
    double v;

    if (leading_real(s, &v, &rest) || *rest || !(v > 0 && v < 1))
        return "a number between 0 and 1 (exclusive), such as 1e-4 or 0.999";
    *out = v;
    return NULL;
}
