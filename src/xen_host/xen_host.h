/* SPDX-License-Identifier: MIT */
/*
 * Description: the host shim's plain-C face — what runs Xen's own
 * xen/common/argo.c on the host, as seen by the xenhost backend and tests.
 *
 * argo.c is compiled unmodified against the shim headers under
 * src/xen_host/include (only -I, -include and -D are used); the shim
 * implements the small part of the hypervisor it calls: domains and
 * current, guest handles over a simulated guest address space, page frames
 * with reference counts, xmalloc with failure injection, locks with real
 * state, event channel VIRQs, XSM hooks and boot parameters.
 *
 * Nothing here uses Xen's types, so this header can be included next to
 * argolab's own ABI (src/ring_model/argo_abi.h), which shares the public
 * struct names with Xen's public/argo.h. The shim is one global system,
 * as argo.c's own state is global: one instance at a time.
 */
#ifndef ARGOLAB_XEN_HOST_H
#define ARGOLAB_XEN_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the system --------------------------------------------------------- */

/* A fresh system: no domains, no frames, counters zero. 0, or -1 when
 * domains from an earlier system still exist (call xh_system_fini first)
 * or a lock is still held. */
int xh_system_init(void);

struct xh_leaks {
    uint64_t allocations;       /* xmalloc blocks argo.c did not free */
    uint64_t allocation_bytes;
    uint64_t page_refs;         /* general references left on frames */
    uint64_t type_refs;         /* writable-type references left on frames */
    uint64_t mappings;          /* global mappings left in place */
    uint64_t locks_held;
    uint64_t rcu_locks_held;
};

/* Leaks as they stand now. Returns the sum of all counts. */
uint64_t xh_leaks(struct xh_leaks *out);

/*
 * Destroy every domain (ascending id, as argo_destroy sees it when domains
 * die), then report what is left (as xh_leaks) and release it, so the next
 * xh_system_init starts clean. Returns the sum of all leak counts.
 */
uint64_t xh_system_fini(struct xh_leaks *out);

/*
 * Forget every domain and release everything, without calling into argo.c
 * (no argo_destroy runs). Only between hypercalls.
 */
void xh_system_discard(void);

/* ---- domains ------------------------------------------------------------- */

/*
 * Create domain domid and run argo_init on it. argo_enabled false labels the
 * domain so that XSM's argo:enable check refuses it (-EACCES), as a FLASK
 * policy would: argo_init then leaves it without Argo state.
 * 0, -EEXIST, -EINVAL (id reserved), or argo_init's error (the domain is
 * then torn down again, as domain_create's error path does).
 */
int xh_domain_create(uint16_t domid, bool argo_enabled);

/*
 * Kill domain domid: mark it dying and run argo_destroy (domain_kill), take
 * it out of the domain table, run argo_destroy again (the final destroy
 * does) and free it. 0 or -ESRCH.
 */
int xh_domain_destroy(uint16_t domid);

bool xh_domain_exists(uint16_t domid);

/* ---- hypercalls ------------------------------------------------------------ */

/*
 * do_argo_op(cmd, arg1, arg2, arg3, arg4) issued by domain caller, which
 * becomes current->domain for the call. arg1 and arg2 are guest addresses
 * (0 is the NULL handle); arg3 and arg4 are the raw 64-bit register values.
 * -ESRCH without calling Xen when caller does not exist. Aborts if Xen
 * returns with a lock or an RCU domain reference still held.
 */
long xh_argo_op(uint16_t caller, unsigned int cmd, uint64_t arg1,
                uint64_t arg2, uint64_t arg3, uint64_t arg4);

/* ---- the guest address space -------------------------------------------- */

/*
 * What the guest reads at an address no mapping covers: copy len bytes at
 * guest address addr into dst; 0, or non-zero when it cannot be read (then
 * nothing was copied). argolab's struct argo_guest_reader has this shape.
 */
typedef int (*xh_guest_read_fn)(void *ctx, void *dst, uint64_t addr,
                                uint32_t len);

/*
 * Map len bytes of host memory into the guest address space for the next
 * hypercall; returns its guest address (never 0). Writable mappings accept
 * copy_to_guest. At most XH_GUEST_MAPPINGS at once, each at most
 * XH_GUEST_MAPPING_MAX bytes.
 */
#define XH_GUEST_MAPPINGS       8u
#define XH_GUEST_MAPPING_MAX    (UINT64_C(1) << 24)
uint64_t xh_guest_map(void *host, size_t len, bool writable);
void xh_guest_unmap_all(void);
/* Where reads outside every mapping go (NULL: they fault). */
void xh_guest_set_reader(xh_guest_read_fn fn, void *ctx);

/* ---- frames -------------------------------------------------------------- */

/*
 * The guest pages of owner at mem, npages * 4096 bytes: their gfns into
 * gfns[]. Frames are created for pages not seen before and reused for
 * pages that still have a frame (a re-registration names the same pages).
 */
void xh_frames_for(uint16_t owner, uint8_t *mem, uint32_t npages,
                   uint64_t *gfns);
/* A gfn that names no page of any domain: index i gives distinct ones. */
uint64_t xh_gfn_invalid(uint32_t i);
/*
 * Drop frames nobody references any more (their memory may then be freed
 * by whoever owns it). Returns how many were dropped.
 */
uint32_t xh_frames_gc(void);
/* Whether the page at mem is a frame of owner that Xen holds a writable
 * type reference on (that is, a page of a ring Xen has registered). */
bool xh_frame_writable_held(uint16_t owner, const uint8_t *mem);

/* ---- VIRQs, options, diagnostics --------------------------------------- */

/* Each send_guest_global_virq(d, VIRQ_ARGO) calls fn(ctx, d's id). */
void xh_set_virq_sink(void (*fn)(void *ctx, uint16_t domid), void *ctx);

/*
 * Run the boot parameter parser Xen registered for name (custom_param) on
 * value, e.g. ("argo", "1,mac-permissive=1"). Returns its result, or -ENOENT
 * when no parser has that name.
 */
int xh_param_parse(const char *name, const char *value);

/*
 * Make the nth xmalloc-family allocation from now on fail (n >= 1), once;
 * 0 cancels. Counts allocations argo.c attempts, nothing of the shim's own.
 */
void xh_alloc_fail_nth(uint64_t n);
/* Allocations argo.c attempted since xh_system_init. */
uint64_t xh_alloc_attempts(void);

/* printk's output since the last clear (NUL-terminated), and its length. */
const char *xh_printk_buffer(size_t *len);
void xh_printk_clear(void);
/* Also copy printk to stderr (ARGOLAB_XEN_PRINTK=1 sets this at init). */
void xh_printk_to_stderr(bool on);

/*
 * ASSERT, ASSERT_UNREACHABLE (and BUG_ON, always) abort with file:line and
 * the expression, as in a debug hypervisor. With fatal false, a failed
 * ASSERT is printed and counted and execution carries on, as in a release
 * build where it compiles to nothing; BUG_ON and the shim's own misuse
 * checks (locks, references, xfree) stay fatal.
 */
void xh_set_assert_fatal(bool fatal);
uint64_t xh_assert_failures(void);

/* Test hooks: 1 ASSERT_UNREACHABLE, 2 spin_unlock of an unlocked lock,
 * 3 write_lock of a lock already held, 4 BUG_ON. Each aborts. */
void xh_selftest(int which);

#endif
