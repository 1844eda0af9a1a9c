/* SPDX-License-Identifier: MIT */
/* Description: human-readable bytes and durations for the reports. */
#include <math.h>
#include <stdio.h>

#include "cap_report.h"

void cap_format_bytes(double bytes, char *buf, size_t len)
{
    if (bytes < 1024)
        snprintf(buf, len, "%.0f B", bytes);
    else if (bytes < 1024 * 1024)
        snprintf(buf, len, "%.1f KiB", bytes / 1024);
    else
        snprintf(buf, len, "%.2f MiB", bytes / (1024 * 1024));
}

void cap_format_seconds(double s, char *buf, size_t len)
{
    if (s == 0)
        snprintf(buf, len, "0 s");
    else if (s < 1e-6)
        snprintf(buf, len, "%.3g ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(buf, len, "%.3g us", s * 1e6);
    else if (s < 1)
        snprintf(buf, len, "%.3g ms", s * 1e3);
    else
        snprintf(buf, len, "%.3g s", s);
}

const char *cap_analytic_name(const struct cap_workload *w)
{
    return w->service == CAP_SERVICE_FIXED ? "M/D/1/K" : "M/M/1/K";
}
