/* SPDX-License-Identifier: MIT */
/*
 * Description: VIRQ_ARGO as the live guest observes it: bound to an event
 * channel whose pending bit in shared_info is polled after each hypercall.
 *
 * Upcalls stay masked (as Xen starts every vCPU), so no handler runs; Xen
 * sets the bit when it raises the VIRQ and nothing but us clears it. VIRQs
 * raised twice before a poll read as one: the bit cannot count.
 */
#ifndef ARGOLAB_LIVE_VIRQ_H
#define ARGOLAB_LIVE_VIRQ_H

#include <stdbool.h>

struct shared_info;

/* Map shared_info and bind VIRQ_ARGO on vCPU 0. 0, or Xen's error. */
long live_virq_init(void);

/* shared_info once mapped, else NULL. */
const struct shared_info *live_shared_info(void);

/* Whether VIRQ_ARGO was raised since the last call; clears the bit. */
bool live_virq_argo_take(void);

#endif
