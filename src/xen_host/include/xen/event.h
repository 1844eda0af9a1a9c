/* SPDX-License-Identifier: MIT */
/*
 * Description: event channels: a global VIRQ sent to a domain is reported
 * to the host's VIRQ sink with the domain's id (every guest is taken to
 * have bound VIRQ_ARGO).
 */
#ifndef ARGOLAB_XH_EVENT_H
#define ARGOLAB_XH_EVENT_H

#include <xen/sched.h>

void send_guest_global_virq(struct domain *d, uint32_t virq);

#endif
