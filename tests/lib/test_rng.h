/* SPDX-License-Identifier: MIT */
/*
 * Description: the seeded pseudo-random generator of the test programs
 * (xorshift64): fixed seeds make every randomized test repeat exactly.
 */
#ifndef ARGOLAB_TEST_RNG_H
#define ARGOLAB_TEST_RNG_H

#include <stdint.h>

/* A seed per test program, so a failure names the sequence it came from. */
static uint64_t test_rng_state;

static inline void test_rng_seed(uint64_t seed)
{
    test_rng_state = seed ? seed : 1;
}

static inline uint64_t test_rng(void)
{
    uint64_t x = test_rng_state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    test_rng_state = x;
    return x;
}

/* Uniform enough below n (n > 0) for test input. */
static inline uint32_t test_rng_below(uint32_t n)
{
    return (uint32_t)(test_rng() % n);
}

#endif
