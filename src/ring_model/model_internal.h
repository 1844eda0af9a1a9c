/* SPDX-License-Identifier: MIT */
/*
 * Description: helpers shared by the model's source files; not part of the
 * public contract.
 */
#ifndef ARGOLAB_MODEL_INTERNAL_H
#define ARGOLAB_MODEL_INTERNAL_H

#include "argo_model.h"

/* The ring header lives in guest memory; unaligned-safe little-endian access. */
static inline uint32_t ring_header_rx(const struct argo_model_ring *r)
{
    uint32_t v;

    memcpy(&v, r->rx_at, sizeof(v));
    return v;
}

static inline uint32_t ring_header_tx(const struct argo_model_ring *r)
{
    uint32_t v;

    memcpy(&v, r->tx_at, sizeof(v));
    return v;
}

static inline void ring_header_set_tx(struct argo_model_ring *r, uint32_t tx)
{
    memcpy(r->tx_at, &tx, sizeof(tx));
}

static inline uint8_t *ring_data(const struct argo_model_ring *r)
{
    return r->data;
}

static inline bool ring_is_wildcard(const struct argo_model_ring *r)
{
    return r->partner_id == XEN_ARGO_DOMID_ANY;
}

/*
 * Point r at guest memory mem laid out in abi, with frames covering the
 * first mapped bytes of ring[].
 */
static inline void ring_attach(struct argo_model_ring *r, uint8_t *mem,
                               uint8_t abi, uint32_t mapped)
{
    r->mem = mem;
    r->abi = abi;
    r->data = mem + ring_abi_header_size(abi);
    r->rx_at = mem + ring_abi_rx_offset(abi);
    r->tx_at = mem + ring_abi_tx_offset(abi);
    r->mapped = mapped;
}

/* VIRQ_ARGO to domid, if it exists (Xen drops signals to vanished domains). */
void model_signal(struct argo_model *m, argo_domid_t domid);

/* VIRQ_ARGO to a domain the caller already holds (no lookup). */
void model_signal_domain(struct argo_model *m, struct argo_model_domain *d);

/* An existing domain's record whose Argo state exists, else NULL. */
struct argo_model_domain *model_argo_domain(struct argo_model *m,
                                            argo_domid_t domid);

/*
 * Xen's lookup for sendv and notify: the ring (dst, aport, sender) if
 * registered, else the wildcard ring (dst, aport, any), else NULL.
 */
struct argo_model_ring *ring_match(struct argo_model_domain *dst,
                                   xen_argo_port_t aport, argo_domid_t sender);

/* Exact lookup within one domain. */
struct argo_model_ring *ring_lookup(struct argo_model_domain *d,
                                    xen_argo_port_t aport,
                                    argo_domid_t partner);

/* A free ring slot of d; call only when ring_count < 128. */
struct argo_model_ring *ring_slot_alloc(struct argo_model_domain *d);

/*
 * Forget ring r of domain d: waiters dropped unsignalled, queued payload
 * counted as dropped, slot freed, ring count decremented.
 */
void ring_remove(struct argo_model *m, struct argo_model_domain *d,
                 struct argo_model_ring *r);

/* rx_ptr as Xen uses it: rounded up to a slot, 0 when past the end. */
uint32_t ring_sanitized_rx(const struct argo_model_ring *r);

/*
 * Largest payload a single message could carry right now (Xen's
 * ringbuf_payload_space): free bytes less a header and the spare slot.
 */
uint32_t ring_payload_space(const struct argo_model_ring *r);

/*
 * Copy one message into the ring at tx_ptr (Xen's ringbuf_insert): header,
 * then each non-empty iov, split at the ring end, then tx_ptr rounded to a
 * slot. len is the validated payload total. Returns 0, -EMSGSIZE, -EAGAIN
 * or -EFAULT (bytes written before the fault stay; tx_ptr does not move).
 */
long ring_insert(struct argo_model_ring *r, const xen_argo_addr_t *source,
                 const xen_argo_iov_t *iovs, unsigned niov,
                 uint32_t message_type, uint32_t len,
                 const struct argo_guest_reader *guest);

/* Wait for len payload bytes on r (Xen's pending_requeue): 0 or -EBUSY. */
int waiters_requeue(struct argo_model_ring *r, argo_domid_t domid,
                    uint32_t len);

/* Drop domid's waits on r (Xen's pending_cancel). */
void waiters_cancel(struct argo_model_ring *r, argo_domid_t domid);

/* Signal and drop every waiter whose len fits in space (Xen's pending_find). */
void waiters_wake(struct argo_model *m, struct argo_model_ring *r,
                  uint32_t space);

/* Ledger bookkeeping for the invariant checker. */
void ledger_accepted(struct argo_model *m, struct argo_model_ring *r,
                     uint32_t payload);
void ledger_ring_gone(struct argo_model *m, struct argo_model_ring *r);
void ledger_tamper(struct argo_model *m, struct argo_model_ring *r);
/* A tampered ring whose indices agree again and is empty is clean again. */
void ledger_refresh(struct argo_model_ring *r);

#endif
