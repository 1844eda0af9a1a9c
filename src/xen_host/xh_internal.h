/* SPDX-License-Identifier: MIT */
/* Description: what the host shim's own source files share. */
#ifndef ARGOLAB_XH_INTERNAL_H
#define ARGOLAB_XH_INTERNAL_H

#include "xen_host.h"

/* Forget everything (at init), or release what is left (at fini). */
void xh_mem_reset(void);
void xh_mem_release_all(void);
void xh_mem_leaks(struct xh_leaks *l);

void xh_guest_reset(void);

void xh_frames_reset(void);
void xh_frames_leaks(struct xh_leaks *l);

#endif
