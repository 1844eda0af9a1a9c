/* SPDX-License-Identifier: MIT */
/* Description: the live benchmark (placeholder until the benchmark lands). */
#include "live_bench.h"

#include "report.h"

void live_bench_run(void)
{
    report_status_str("end error benchmark not built yet");
}
