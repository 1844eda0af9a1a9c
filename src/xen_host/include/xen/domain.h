/* SPDX-License-Identifier: MIT */
/* Description: domain lifetime; the shim's is in xen_host.h (xh_domain_*). */
#ifndef ARGOLAB_XH_DOMAIN_H
#define ARGOLAB_XH_DOMAIN_H

#include <xen/sched.h>

#endif
