/* SPDX-License-Identifier: MIT */
/* Description: seeding the capacity PRNG streams; the exponential ziggurat. */
#include "cap_rng.h"

#include <math.h>
#include <stdbool.h>

uint32_t cap_zig_k[256];
double cap_zig_w[256], cap_zig_f[256];

/* The rightmost layer's edge and the area of each layer, for 256 layers. */
#define ZIG_R 7.697117470131487
#define ZIG_V 3.949659822581572e-3

static void zig_init(void)
{
    static bool done;
    const double m = 4294967296.0;
    double d = ZIG_R, t = d, q = ZIG_V / exp(-d);

    if (done)
        return;
    cap_zig_k[0] = (uint32_t)((d / q) * m);
    cap_zig_k[1] = 0;
    cap_zig_w[0] = q / m;
    cap_zig_w[255] = d / m;
    cap_zig_f[0] = 1.0;
    cap_zig_f[255] = exp(-d);
    for (int i = 254; i >= 1; i--) {
        d = -log(ZIG_V / d + exp(-d));
        cap_zig_k[i + 1] = (uint32_t)((d / t) * m);
        t = d;
        cap_zig_f[i] = exp(-d);
        cap_zig_w[i] = d / m;
    }
    done = true;
}

double cap_rng_exp1_slow(struct cap_rng *r, uint32_t j, unsigned i)
{
    for (;;) {
        double x;

        if (i == 0)
            /* The tail beyond R is exponential again, shifted by R. */
            return ZIG_R - log(1.0 - cap_rng_uniform(r));
        x = j * cap_zig_w[i];
        if (cap_zig_f[i] + cap_rng_uniform(r) * (cap_zig_f[i - 1] - cap_zig_f[i]) < exp(-x))
            return x;
        uint64_t y = cap_rng_next(r);

        i = (unsigned)(y & 255u);
        j = (uint32_t)(y >> 32);
        if (j < cap_zig_k[i])
            return j * cap_zig_w[i];
    }
}

void cap_rng_seed(struct cap_rng *r, uint64_t seed, uint64_t stream)
{
    /* Mix the stream id in first so that nearby ids land far apart. */
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95u + 0x2545f4914f6cdd1du);

    zig_init();
    for (int i = 0; i < 4; i++)
        r->s[i] = cap_splitmix64(&x);
    /* xoshiro's only bad state is all zeros; splitmix64 cannot give four. */
}
