/* SPDX-License-Identifier: MIT */
/*
 * Description: the V4V hypercall (V4VOP_*) on the model's ring engine.
 *
 * The same domains, ring table, waiter lists, ledger and copy path as the
 * Argo model (argo_model.h), with V4V's checks and answers as the 2012
 * design document states them; where it is silent, as the XenClient/OpenXT
 * hypervisor code (v4v.c) behaves. docs/abi.md lists every difference from
 * Argo. A model runs one ABI at a time: set m->abi = RING_ABI_V4V before the
 * first call. Return values are negative errnos (argo_errno.h) or as noted.
 */
#ifndef ARGOLAB_V4V_MODEL_H
#define ARGOLAB_V4V_MODEL_H

#include "argo_model.h"

/*
 * V4VOP_register_ring by caller. ring: the guest's ring pages (the
 * v4v_ring_t header then ring[]), pfns->npage pages of them readable and
 * writable; NULL when the header cannot be read (-EFAULT). ring_gva: the
 * guest address the hypercall names, which must be page-aligned (-EINVAL,
 * before anything else). bad_frame: a frame is not usable RAM. Checks, in
 * the order v4v_ring_add makes them: the ring magic, len (48..16 MiB, a multiple of 16), then Xen writes
 * id.addr.domain = caller into the guest's header and repairs a tx_ptr that
 * is out of range or unaligned (the next slot at or after rx_ptr); then the
 * pfn list: its magic, npage * 4 KiB >= len (the 60-byte header is not
 * counted), npage <= 4096, and every frame. All failures are -EINVAL,
 * -EINVAL too for a domain without V4V, -ENOMEM when the model's 128 ring
 * slots are used. Registering an existing ring id again replaces its frames,
 * length and tx_ptr and keeps its waiters (the design's idempotent
 * re-registration, e.g. after resume); if that fails the ring is removed.
 */
long v4v_register_ring(struct argo_model *m, argo_domid_t caller,
                       uint8_t *ring, uint64_t ring_gva,
                       const v4v_pfn_list_t *pfns, bool bad_frame);

/*
 * V4VOP_unregister_ring by caller, for the ring whose header is ring (only
 * magic and id are read; id.addr.domain is taken to be caller): 0, -EINVAL
 * (no V4V, bad magic) or -ENOENT. Waiters are dropped unsignalled.
 */
long v4v_unregister_ring(struct argo_model *m, argo_domid_t caller,
                         const v4v_ring_t *ring);

/*
 * V4VOP_sendv by caller: src->domain is ignored (the header says caller),
 * the ring matched is (dst, port, caller), else (dst, port, any). Returns
 * the payload length, or -EINVAL (caller has no V4V; niov > 8; the lengths
 * sum past V4V_MAX_MSG_SIZE), -ENOTCONN (no such domain, no V4V there, no
 * ring), -ENOBUFS (larger than the ring can ever hold), -EAGAIN (no room
 * now; caller waits for the space), -ENOMEM (no waiter slot), -EFAULT.
 * On success the destination domain is signalled.
 */
long v4v_sendv(struct argo_model *m, argo_domid_t caller,
               const v4v_addr_t *src, const v4v_addr_t *dst,
               const v4v_iov_t *iovs, uint64_t niov, uint32_t protocol,
               const struct argo_guest_reader *guest);

/*
 * V4VOP_notify by caller: first every waiter on caller's own rings for
 * which there is now space is signalled; then, unless ring_data is NULL,
 * its magic and nent (<= 256) are checked (-EINVAL) and each of the nent
 * entries in ents gets its flags: EXISTS, then SUFFICIENT (its wait is
 * cancelled) or PENDING (a wait is queued), and EMPTY when the free space
 * equals the largest message. Only flags are written back. -ENODEV when
 * caller has no V4V.
 */
long v4v_notify(struct argo_model *m, argo_domid_t caller,
                const v4v_ring_data_t *ring_data, v4v_ring_data_ent_t *ents);

/*
 * What V4V's notify and waiter wake-ups consider free: from the raw guest
 * rx_ptr (not rounded or range-checked, unlike the insert), less a header,
 * and less a slot unless the ring is empty; never negative.
 */
uint32_t v4v_payload_space(const struct argo_model_ring *r);

#endif
