/* SPDX-License-Identifier: MIT */
/*
 * Description: what the live guest prints on its console, in the shape
 * scripts/lib/live.sh reads: status lines after "argolab-live: " and the
 * trace's result lines, each after "argolab-live| ", so they can be picked
 * out of Xen's own console output.
 *
 * Status lines, in order:
 *   argolab-live: hello xen=<version> domid=<id> mac_permissive=<0|1> ...
 *   argolab-live: skip <reason>             (the trace cannot run live)
 *   argolab-live: end ok lines=<n> crc=<crc32 of the result text>
 *   argolab-live: end error <what>          (the run itself went wrong)
 * and, in benchmark mode, one JSON object per line after "argolab-live-json: ".
 */
#ifndef ARGOLAB_LIVE_REPORT_H
#define ARGOLAB_LIVE_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct text_buf;

#define REPORT_STATUS_PREFIX    "argolab-live: "
#define REPORT_RESULT_PREFIX    "argolab-live| "
#define REPORT_JSON_PREFIX      "argolab-live-json: "

/* One status line: the prefix, tb's text, a newline. */
void report_status(struct text_buf *tb);
/* The same for a constant text. */
void report_status_str(const char *text);

/* One JSON line: the prefix, tb's text, a newline. */
void report_json(struct text_buf *tb);

/* A trace_write_fn for result text (ctx unused); always returns 0. */
int report_result_write(void *ctx, const char *s, size_t n);

/* What report_result_write has taken so far: newlines and CRC-32. */
uint64_t report_result_lines(void);
uint32_t report_result_crc(void);

/* Write out a result line still in the buffer (a run that stopped midway). */
void report_result_flush(void);

#endif
