/* SPDX-License-Identifier: MIT */
/*
 * Description: the payload sizes a recorded trace sends, read with the
 * trace parser of src/trace/ (docs/trace-format.md).
 */
#ifndef ARGOLAB_CAP_TRACE_SIZES_H
#define ARGOLAB_CAP_TRACE_SIZES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read the text trace at path and return, in a malloc'd array, the payload
 * size of every sendv in it (the sum of its iovs' lengths, in trace order).
 * sendvs whose payload no ring can carry (more than 16 MiB - 96 bytes) are
 * left out, as Xen refuses them. Returns 0 with *sizes and *n set (n >= 1),
 * or -1 with err holding "PATH: cannot open: ...", the parser's
 * "PATH:LINE: expected ..." or "PATH: expected at least one sendv ...".
 */
int cap_trace_sizes_load(const char *path, uint32_t **sizes, uint64_t *n,
                         char *err, size_t errlen);

#endif
