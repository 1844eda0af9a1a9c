/* SPDX-License-Identifier: MIT */
/* Description: normal and t quantiles, batch-means intervals, Poisson bounds. */
#include "cap_stats.h"

#include <math.h>

double cap_normal_quantile(double p)
{
    static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00 };
    static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01 };
    static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549732539343734e+00,
                                4.374664141464968e+00, 2.938163982698783e+00 };
    static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                                2.445134137142996e+00, 3.754408661907416e+00 };
    double q, r;

    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425)
        return -cap_normal_quantile(1 - p);
    q = p - 0.5;
    r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double cap_t_quantile(unsigned df, double level)
{
    double z = cap_normal_quantile(0.5 + level / 2), v = df;
    double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;

    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
           (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) /
               (92160 * v * v * v * v);
}

void cap_batch_ci(const double *x, unsigned n, double level, double *mean,
                  double *half)
{
    double sum = 0, ss = 0, m;

    for (unsigned i = 0; i < n; i++)
        sum += x[i];
    m = sum / n;
    for (unsigned i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    *mean = m;
    *half = n > 1 ? cap_t_quantile(n - 1, level) * sqrt(ss / (n - 1) / n) : INFINITY;
}

double cap_poisson_upper95(uint64_t k)
{
    double k1 = (double)k + 1, t;

    if (k == 0)
        return -log(0.05);
    t = 1 - 1 / (9 * k1) + 1.6448536269514722 / (3 * sqrt(k1));
    return k1 * t * t * t;
}
