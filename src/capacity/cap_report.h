/* SPDX-License-Identifier: MIT */
/*
 * Description: presenting a capacity answer: the terminal table with the
 * recommendation, JSON and CSV for tools, and the gnuplot figure.
 *
 * Everything printed on stdout depends only on the workload and the sweep,
 * never on timing, so the same seed gives byte-identical output.
 */
#ifndef ARGOLAB_CAP_REPORT_H
#define ARGOLAB_CAP_REPORT_H

#include <stdio.h>

#include "cap_recommend.h"
#include "cap_sweep.h"
#include "cap_workload.h"

struct cap_answer {
    const struct cap_workload *w;
    const struct cap_sweep *s;
    const struct cap_recommendation *r;
};

/* The workload, the table of ring sizes and the recommendation. */
void cap_report_table(FILE *f, const struct cap_answer *a);

/* One JSON object (docs/capacity.md, "Output"). */
void cap_report_json(FILE *f, const struct cap_answer *a);

/* A header line and one line per ring length. */
void cap_report_csv(FILE *f, const struct cap_answer *a);

/*
 * The figure: dir/name.png and dir/name.svg (with dir/name.dat and
 * dir/name.gp beside them), -EAGAIN probability and occupancy against ring
 * size on log axes. Each file is written under a temporary name and
 * renamed into place once gnuplot succeeded, so none is ever half-written.
 * dir is created if missing (one level). Returns 0, or -1 with err set.
 */
int cap_report_plot(const char *dir, const char *name,
                    const struct cap_answer *a, char *err, size_t errlen);

/* "4 KiB", "1.5 MiB", "812 B": for people, not for tools. */
void cap_format_bytes(double bytes, char *buf, size_t len);

/* "16.7 us", "1.2 ms", "0 s". */
void cap_format_seconds(double s, char *buf, size_t len);

/* The analytic model's name for w: "M/D/1/K" or "M/M/1/K". */
const char *cap_analytic_name(const struct cap_workload *w);

#endif
