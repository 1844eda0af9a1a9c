/* SPDX-License-Identifier: MIT */
/*
 * Description: numbers with units as the capacity workload spells them:
 * counts, byte sizes, durations, rates, probabilities.
 *
 * Every parser reads one whole token (no spaces inside) and either stores
 * the value and returns NULL, or returns a short phrase saying what was
 * expected ("a duration such as 20us ..."), for the caller to put after
 * "expected " in its error message. Nothing is stored on failure.
 */
#ifndef ARGOLAB_CAP_UNITS_H
#define ARGOLAB_CAP_UNITS_H

#include <stdint.h>

/*
 * A count of at most max: digits, or a real number that is a whole number
 * ("1e6"), optionally with a decimal suffix k, M or G (1000, 10^6, 10^9).
 */
const char *cap_parse_count(const char *s, uint64_t max, uint64_t *out);

/* A finite real number, the whole token ("0.999", "1e-4"). */
const char *cap_parse_real(const char *s, double *out);

/*
 * A byte size of at most max: a whole number with an optional binary unit
 * B, K/KiB, M/MiB (1024, 1048576): "4096", "4KiB", "1500B".
 */
const char *cap_parse_bytes(const char *s, uint64_t max, uint64_t *out);

/*
 * A duration >= 0 in seconds: a number and a unit s, ms, us or ns ("20us",
 * "1.5ms"); "0" alone is accepted. A bare number is refused: whether it
 * meant seconds or microseconds is too easy to get wrong.
 */
const char *cap_parse_duration(const char *s, double *seconds);

/*
 * A rate > 0 in events per second: a number with an optional k or M
 * (1000, 10^6) and an optional "/s": "50000", "50k", "1.2M/s".
 */
const char *cap_parse_rate(const char *s, double *per_second);

/* A probability in the open interval (0, 1): "1e-4", "0.999". */
const char *cap_parse_fraction(const char *s, double *out);

#endif
