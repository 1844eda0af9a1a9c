/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity simulation's own PRNG: xoshiro256** seeded
 * through splitmix64, one independent stream per purpose.
 *
 * The simulation never calls rand(): the same seed must give the same
 * sample paths on every host and libc. Streams are keyed by (seed, stream
 * id) so that a sender's arrivals and sizes do not depend on how often the
 * receiver drew a service time; runs for different ring sizes then see the
 * same arrivals (common random numbers), which makes the sizes comparable.
 */
#ifndef ARGOLAB_CAP_RNG_H
#define ARGOLAB_CAP_RNG_H

#include <stdint.h>

struct cap_rng {
    uint64_t s[4];
};

/* splitmix64 step: the seeding generator (and a good 64-bit mixer). */
static inline uint64_t cap_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/*
 * Seed r for stream `stream` of seed `seed`. Distinct (seed, stream) pairs
 * give unrelated sequences; the same pair always gives the same sequence.
 * The first call also fills the ziggurat tables (not thread-safe: seed one
 * generator before starting threads).
 */
void cap_rng_seed(struct cap_rng *r, uint64_t seed, uint64_t stream);

static inline uint64_t cap_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits (xoshiro256**). */
static inline uint64_t cap_rng_next(struct cap_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = cap_rng_rotl(s[1] * 5u, 7) * 9u;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = cap_rng_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1), 53 bits. */
static inline double cap_rng_uniform(struct cap_rng *r)
{
    return (double)(cap_rng_next(r) >> 11) * 0x1.0p-53;
}

__extension__ typedef unsigned __int128 cap_u128;

/* Uniform integer in [0, n), n >= 1, without modulo bias (Lemire). */
static inline uint64_t cap_rng_below(struct cap_rng *r, uint64_t n)
{
    cap_u128 m = (cap_u128)cap_rng_next(r) * n;
    uint64_t low = (uint64_t)m;

    if (low < n) {
        uint64_t threshold = -n % n;

        while (low < threshold) {
            m = (cap_u128)cap_rng_next(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/*
 * The ziggurat tables for the unit exponential (Marsaglia and Tsang, 256
 * layers), filled by cap_rng_seed on first use. A logarithm per sample
 * would cost a tenth of the whole simulation; the ziggurat takes one random
 * number, a compare and a multiply 99% of the time.
 */
extern uint32_t cap_zig_k[256];
extern double cap_zig_w[256], cap_zig_f[256];

/* The ziggurat's slow path: the base strip, the tail and the wedges. */
double cap_rng_exp1_slow(struct cap_rng *r, uint32_t j, unsigned i);

/* Exponentially distributed with mean 1. */
static inline double cap_rng_exp1(struct cap_rng *r)
{
    uint64_t x = cap_rng_next(r);
    /* Layer from the low bits, position from the high ones: independent. */
    unsigned i = (unsigned)(x & 255u);
    uint32_t j = (uint32_t)(x >> 32);

    if (j < cap_zig_k[i])
        return j * cap_zig_w[i];
    return cap_rng_exp1_slow(r, j, i);
}

/* Exponentially distributed with the given mean (> 0). */
static inline double cap_rng_exp(struct cap_rng *r, double mean)
{
    return mean * cap_rng_exp1(r);
}

#endif
