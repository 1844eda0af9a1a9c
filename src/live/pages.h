/* SPDX-License-Identifier: MIT */
/*
 * Description: the live guest's page arena: zeroed, page-aligned,
 * virtually contiguous runs of its own pages, for ring memory, trace
 * storage and sendv data.
 */
#ifndef ARGOLAB_LIVE_PAGES_H
#define ARGOLAB_LIVE_PAGES_H

#include <stddef.h>

/*
 * n bytes rounded up to whole pages, zeroed; NULL when no run that long is
 * free. Freed runs are reused only after the rest of the arena has been
 * handed out once (next fit), so a page Xen still held by mistake is not
 * handed straight back to something else.
 */
void *pages_alloc(size_t n);

/* Give back what pages_alloc(n) returned. */
void pages_free(void *p, size_t n);

/* Pages never handed out or given back, for reports. */
size_t pages_free_count(void);

#endif
