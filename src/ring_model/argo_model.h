/* SPDX-License-Identifier: MIT */
/*
 * Description: the Argo ring model, hypervisor side.
 *
 * Our own implementation of the semantics of Xen 4.17's argo_op hypercall
 * (register_ring, unregister_ring, sendv, notify) and of argo_init/
 * argo_destroy, observable-equivalent to xen/common/argo.c: same return
 * codes, same bytes written to ring memory, same tx_ptr, same notify flags
 * and max_message_size, same domains signalled with VIRQ_ARGO.
 *
 * Where Xen 4.17 is wrong (see docs/findings.md) the model keeps the correct
 * behaviour: re-registration does not change a domain's ring count, a failed
 * re-registration releases the ring's accounting, and destroying a domain
 * removes its waits on other domains' wildcard rings without corrupting them.
 *
 * No allocation: all state lives in struct argo_model, sized by Xen's limits
 * (128 rings per domain, 32 waiters per ring) and ARGO_MODEL_MAX_DOMAINS.
 * Ring memory belongs to the guest: the caller passes it in at registration.
 * Every call runs as the hypercall would, to completion; there is no locking
 * because the model is single-threaded by contract.
 */
#ifndef ARGOLAB_ARGO_MODEL_H
#define ARGOLAB_ARGO_MODEL_H

#include "argo_errno.h"
#include "ring_abi.h"

#ifndef ARGO_MODEL_MAX_DOMAINS
#define ARGO_MODEL_MAX_DOMAINS 40
#endif

/* A sender waiting for space on a ring (Xen's struct pending_ent). */
struct argo_waiter {
    argo_domid_t domid;
    uint32_t len;               /* payload bytes the sender wants to fit */
};

/*
 * What the invariant checker knows about a ring's contents. Maintained by
 * the model's own operations and by the guest-side notes below, and checked
 * against what actually parses out of ring memory.
 */
struct argo_ring_ledger {
    uint64_t queued_bytes;      /* payload accepted and not yet consumed */
    uint32_t queued_msgs;
    bool tampered;              /* the guest wrote an index by hand */
};

struct argo_model_ring {
    bool in_use;
    xen_argo_port_t aport;
    argo_domid_t partner_id;    /* XEN_ARGO_DOMID_ANY for a wildcard ring */
    uint32_t len;               /* data bytes, a multiple of the slot size */
    uint32_t npages;
    uint32_t tx_ptr;            /* Xen's private copy; the header copy is advisory */
    uint8_t *mem;               /* guest pages: the ABI's ring header then len bytes */
    uint8_t *data;              /* ring[]: mem + ring_abi_header_size(abi) */
    uint8_t *rx_at, *tx_at;     /* rx_ptr and tx_ptr in the ring header */
    uint8_t abi;                /* enum ring_abi */
    /*
     * Bytes of ring[] the registered frames cover. Argo demands frames for
     * all of it; V4V checks only npage * 4 KiB >= len, so its last bytes may
     * lie on a page that was never named, and a copy there faults.
     */
    uint32_t mapped;
    uint32_t nwaiters;
    struct argo_waiter waiters[ARGO_MAX_PENDING_PER_RING];
    struct argo_ring_ledger ledger;
};

struct argo_model_domain {
    bool exists;
    bool argo_enabled;          /* false: XSM refused Argo at creation */
    argo_domid_t domid;
    uint32_t ring_count;
    uint64_t signals;           /* VIRQ_ARGO raised since creation */
    uint32_t ring_slots;        /* rings[] from here on were never used */
    struct argo_model_ring rings[ARGO_MAX_RINGS_PER_DOMAIN];
};

/* Whole-system conservation counters: every accepted byte is accounted for. */
struct argo_ledger {
    uint64_t accepted_bytes;    /* sum of successful sendv return values */
    uint64_t consumed_bytes;    /* read and consumed by guests */
    uint64_t dropped_bytes;     /* still queued when the ring went away */
    uint64_t tampered_bytes;    /* queued when the guest rewrote an index */
};

/* Called once per VIRQ_ARGO raised, in the order Xen raises them. */
typedef void (*argo_signal_fn)(void *ctx, argo_domid_t domid);

/*
 * Reads guest memory for sendv: copy len bytes at guest handle hnd into dst.
 * Returns 0, or non-zero when the guest memory is not readable (no bytes are
 * then copied). Xen advances a handle by adding to it, and so does the model.
 */
typedef int (*argo_copy_from_guest_fn)(void *ctx, void *dst, uint64_t hnd,
                                       uint32_t len);

struct argo_guest_reader {
    argo_copy_from_guest_fn copy;
    void *ctx;
};

struct argo_model {
    bool mac_permissive;        /* Xen's argo=mac-permissive */
    uint8_t abi;                /* enum ring_abi: which hypercall the domains speak */
    argo_signal_fn on_signal;   /* may be NULL */
    void *signal_ctx;
    struct argo_ledger ledger;
    uint32_t domain_slots;      /* domains[] from here on were never used */
    struct argo_model_domain domains[ARGO_MODEL_MAX_DOMAINS];
};

/* Reset m to a system with no domains; options off. */
void argo_model_init(struct argo_model *m);

/*
 * Create domain domid (< ARGO_DOMID_FIRST_RESERVED). With argo_enabled false
 * the domain exists but has no Argo state, as when an XSM policy denies it
 * Argo: its own Argo calls fail with -EACCES and other domains see it as a
 * domain without rings. Returns 0, -EEXIST, -EINVAL (reserved id) or -ENOMEM
 * (ARGO_MODEL_MAX_DOMAINS reached).
 */
int argo_domain_create(struct argo_model *m, argo_domid_t domid,
                       bool argo_enabled);

/*
 * Destroy domain domid with argo_destroy semantics: its rings go (waiters on
 * them are dropped unsignalled), rings other domains registered with it as
 * the single partner go, and its waits on other domains' rings go. Queued
 * payload on removed rings is counted as dropped. Returns 0 or -ESRCH.
 */
int argo_domain_destroy(struct argo_model *m, argo_domid_t domid);

/* The domain record, or NULL if domid does not exist. */
struct argo_model_domain *argo_domain_find(struct argo_model *m,
                                           argo_domid_t domid);

/*
 * XEN_ARGO_OP_register_ring issued by domain caller.
 * mem: the guest pages the gfn list names, npages * 4 KiB contiguous bytes,
 * xen_argo_ring_t first; NULL is allowed when the call is expected to fail
 * validation. bad_frame: one of the frames is not usable guest RAM.
 * npages and flags are the raw hypercall arguments (unsigned long).
 * Returns 0 or a negative errno exactly as Xen's do_argo_op would.
 */
long argo_register_ring(struct argo_model *m, argo_domid_t caller,
                        const xen_argo_register_ring_t *reg, uint8_t *mem,
                        bool bad_frame, uint64_t npages, uint64_t flags);

/* XEN_ARGO_OP_unregister_ring issued by caller: 0 or a negative errno. */
long argo_unregister_ring(struct argo_model *m, argo_domid_t caller,
                          const xen_argo_unregister_ring_t *unreg);

/*
 * XEN_ARGO_OP_sendv issued by caller. iovs holds the first min(niov, 8)
 * entries of the guest's iov array (niov is the raw hypercall argument);
 * guest reads iov data. message_type is the raw argument too.
 * Returns the payload length sent, or a negative errno.
 */
long argo_sendv(struct argo_model *m, argo_domid_t caller,
                const xen_argo_send_addr_t *addr, const xen_argo_iov_t *iovs,
                uint64_t niov, uint64_t message_type,
                const struct argo_guest_reader *guest);

/*
 * XEN_ARGO_OP_notify issued by caller. ring_data NULL is the NULL handle
 * (wake satisfied waiters only). Otherwise ring_data->nent entries follow it
 * in ents; flags and max_message_size of each are written back as Xen does.
 * Returns 0 or a negative errno.
 */
long argo_notify(struct argo_model *m, argo_domid_t caller,
                 const xen_argo_ring_data_t *ring_data,
                 xen_argo_ring_data_ent_t *ents);

/* The ring (dom, aport, partner) exactly as registered, or NULL. */
struct argo_model_ring *argo_ring_find(struct argo_model *m, argo_domid_t dom,
                                       xen_argo_port_t aport,
                                       argo_domid_t partner);

/*
 * Guest-side accounting notes for the invariant checker (not hypercalls):
 * the receiving guest consumed one message of payload bytes from the ring;
 * the guest wrote rx_ptr or tx_ptr in the ring header by hand.
 */
void argo_note_consumed(struct argo_model *m, struct argo_model_ring *ring,
                        uint32_t payload);
void argo_note_index_written(struct argo_model *m,
                             struct argo_model_ring *ring);

#endif
