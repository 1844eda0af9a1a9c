/* SPDX-License-Identifier: MIT */
/*
 * Description: which traces live Xen can run: the guest is the only
 * domain there is, and Xen's mac-permissive option is fixed at boot.
 */
#ifndef ARGOLAB_LIVE_RUNNABLE_H
#define ARGOLAB_LIVE_RUNNABLE_H

#include "../trace/text_buf.h"
#include "../trace/trace.h"

/*
 * Whether every operation of t can run as this guest (domain self) on a
 * Xen booted with mac-permissive = xen_mac_permissive, following the
 * runner's view of which domains exist. When not, why says which line
 * stops it and why, and false is returned.
 */
bool live_trace_runnable(const struct trace *t, uint16_t self,
                         bool xen_mac_permissive, struct text_buf *why);

/*
 * Make domain 0 of t this guest's domain self (self and 0 swap places in
 * every domain id), so traces written for dom0 run in a domU too.
 */
void live_trace_rebase(struct trace *t, uint16_t self);

#endif
