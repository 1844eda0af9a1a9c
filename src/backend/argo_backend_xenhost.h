/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's own xen/common/argo.c, compiled unmodified on the host
 * against argolab's shim (src/xen_host), as a backend.
 *
 * Every operation is the hypercall a guest would make: the backend lays the
 * runner's structs out in a simulated guest address space, names the
 * runner's ring memory as guest frames, and calls do_argo_op as the calling
 * domain. Assertions in argo.c are live, as in a debug hypervisor: a failed
 * ASSERT aborts the process (see argo_xenhost_set_assert_fatal).
 *
 * Built only when CMake found Xen's source (ARGOLAB_HAVE_XENHOST). argo.c's
 * state is global, so there is one instance at a time; it can be set up and
 * torn down any number of times in one process.
 */
#ifndef ARGOLAB_ARGO_BACKEND_XENHOST_H
#define ARGOLAB_ARGO_BACKEND_XENHOST_H

#include "argo_backend.h"
#include "../xen_host/xen_host.h"

/*
 * A fresh Xen: no domains, argo=1 with mac-permissive off, allocation
 * failures off, asserts fatal, sendv results as a guest sees them (below),
 * printk kept in memory (ARGOLAB_XEN_PRINTK=1: also on stderr).
 * Returns 0, or -1 when an instance is already active or the shim is not
 * usable (argo.c's boot parameter parser is missing, or a lock is held).
 */
int argo_backend_xenhost_init(struct argo_backend *be);

/*
 * Destroy every domain (ascending id, each through argo_destroy), then
 * count what Xen's code left behind: xmalloc blocks not freed, page
 * references and type references still held, mappings, locks, RCU domain
 * references. Each kind left is reported on stderr. Returns the total
 * (0 when nothing leaked). A failed ASSERT during the teardown aborts like
 * any other.
 */
long argo_backend_xenhost_fini(struct argo_backend *be);

/*
 * End the instance without running Xen's teardown: no domain goes through
 * argo_destroy, and everything argo.c still holds is released by the shim
 * (safe: between hypercalls argo.c keeps nothing but its options and an
 * unlocked lock). For a run stopped just short of a known defect whose
 * domain teardown would assert or corrupt memory (findings 3, 5, 6).
 */
void argo_backend_xenhost_discard(struct argo_backend *be);

/* The leaks as they stand now, without tearing anything down. */
uint64_t argo_xenhost_leaks(struct xh_leaks *out);

/*
 * The nth allocation argo.c makes from now on fails (n >= 1), once, so
 * that its -ENOMEM paths run; 0 cancels. argo_xenhost_alloc_attempts counts
 * the allocations it attempted since init (to aim n).
 */
void argo_xenhost_fail_nth_alloc(uint64_t n);
uint64_t argo_xenhost_alloc_attempts(void);

/* Xen's printk output since init or the last clear (NUL-terminated).
 * ARGOLAB_XEN_PRINTK=1 in the environment also copies it to stderr. */
const char *argo_xenhost_printk(size_t *len);
void argo_xenhost_printk_clear(void);

/*
 * false: a failed ASSERT / ASSERT_UNREACHABLE in argo.c is printed and
 * counted, and execution carries on as in a release build. BUG_ON and the
 * shim's own checks (locks, references, xfree) stay fatal.
 */
void argo_xenhost_set_assert_fatal(bool fatal);
uint64_t argo_xenhost_assert_failures(void);

/*
 * sendv in Xen 4.17 ends with `return (ret < 0) ? ret : len;` where ret is
 * int and len unsigned int: the conditional is unsigned, so an error leaves
 * sendv as a 32-bit value (-EAGAIN as 4294967285) and do_argo_op returns it
 * as a positive long: a 64-bit guest that keeps the whole register sees
 * 4294967285, one whose hypercall wrapper returns int sees -EAGAIN again.
 * The backend reports the latter by default (the result truncated to 32
 * bits, signed: what argolab's contract and the model expect), and
 * counts the calls where that changed the value; with raw true it reports
 * do_argo_op's 64-bit result as it is. ARGOLAB_XEN_RAW_RETURNS=1 in the
 * environment makes raw the default at init.
 */
void argo_xenhost_set_raw_returns(bool raw);
uint64_t argo_xenhost_sendv_unsigned_errors(void);

/* The Xen tree argo.c came from, as CMake described it (or "unknown"). */
const char *argo_xenhost_xen_version(void);

#endif
