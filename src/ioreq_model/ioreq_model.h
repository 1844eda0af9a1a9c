/* SPDX-License-Identifier: MIT */
/*
 * Description: a model of which ioreq server owns the p2m_ioreq_server page
 * type of one HVM domain, as Xen 4.17 decides it.
 *
 * Our own implementation of the observable behaviour of
 * XEN_DMOP_map_mem_type_to_ioreq_server, XEN_DMOP_set_mem_type, server
 * creation and destruction, the lazy reset of p2m_ioreq_server pages after a
 * disclaim, and how a guest access to a page is dispatched. The Xen function
 * each rule comes from is named where the rule is implemented; docs/ioreq.md
 * lists them all.
 *
 * One target domain, up to IOREQ_MODEL_MAX_PAGES guest frames, EPT-style
 * recalculation (pending per 512-gfn leaf table). Not modelled: log-dirty,
 * paging and sharing types, altp2m, the rangesets of MMIO ranges (accesses
 * they would route are reported as IOREQ_ACCESS_BY_RANGE), and the
 * preemption of set_mem_type (transparent to its caller). No allocation, no
 * locking: the model is single-threaded by contract; concurrency in Xen is
 * represented by interleaving whole calls, and the continuation of a
 * preempted disclaim is a separate call.
 */
#ifndef ARGOLAB_IOREQ_MODEL_H
#define ARGOLAB_IOREQ_MODEL_H

#include "ioreq_abi.h"
#include "ioreq_errno.h"

#define IOREQ_MODEL_MAX_PAGES   2048
#define IOREQ_MODEL_LEAVES      (IOREQ_MODEL_MAX_PAGES / IOREQ_EPT_LEAF_GFNS)

/* p2m.owner when no server has claimed p2m_ioreq_server. */
#define IOREQ_NO_OWNER          0xffffu

/* The p2m types the model distinguishes (a subset of Xen's p2m_type_t). */
enum ioreq_p2m_type {
    IOREQ_P2M_RAM_RW,
    IOREQ_P2M_INVALID,          /* hole: nothing mapped */
    IOREQ_P2M_RAM_RO,
    IOREQ_P2M_MMIO_DM,
    IOREQ_P2M_IOREQ_SERVER,
};

struct ioreq_model_config {
    bool hvm;                   /* false: every DMOP is -EINVAL (dm_op) */
    bool hap;                   /* false: the claim and the type are -EOPNOTSUPP */
    /*
     * false: destroying the owner behaves as Xen 4.17 does and leaves its
     * pages typed p2m_ioreq_server with no owner (docs/ioreq.md, finding 1).
     * true: destroying the owner also starts their lazy reset, as a disclaim.
     */
    bool destroy_resets_pages;
    uint32_t nr_pages;          /* gfns 0 .. nr_pages - 1 are RAM; 1 .. MAX */
};

struct ioreq_server_slot {
    bool exists;
    ioreq_domid_t emulator;     /* the only domain allowed to act on it */
};

struct ioreq_model {
    struct ioreq_model_config cfg;
    struct ioreq_server_slot servers[IOREQ_MAX_SERVERS];
    /* p2m->ioreq: the one owner of the type and the accesses it claimed. */
    uint16_t owner;
    uint32_t owner_flags;
    /* p2m->ioreq.entry_count: pages whose stored type is p2m_ioreq_server. */
    uint64_t entry_count;
    uint64_t max_mapped_pfn;
    /* Stored types, before any pending recalculation is applied. */
    uint8_t type[IOREQ_MODEL_MAX_PAGES];
    /* Leaf tables marked by a global type change and not yet resolved. */
    bool recalc_pending[IOREQ_MODEL_LEAVES];
    /*
     * The owner was destroyed while entry_count was non-zero, with
     * destroy_resets_pages false; cleared when entry_count returns to 0.
     */
    bool orphaned;
};

/* XEN_DMOP_map_mem_type_to_ioreq_server, with the dm_op header's pad. */
struct ioreq_map_mem_type_op {
    uint32_t op_pad;            /* struct xen_dm_op's pad: must be 0 */
    ioreq_servid_t id;
    uint16_t type;              /* only IOREQ_HVMMEM_IOREQ_SERVER */
    uint32_t flags;             /* IOREQ_MEM_ACCESS_WRITE to claim, 0 to disclaim */
    uint64_t opaque;            /* IN/OUT: continuation point; callers pass 0 */
};

/* XEN_DMOP_set_mem_type, with the dm_op header's pad. */
struct ioreq_set_mem_type_op {
    uint32_t op_pad;
    uint32_t nr;
    uint16_t mem_type;          /* an IOREQ_HVMMEM_* value */
    uint16_t pad;               /* must be 0 */
    uint64_t first_pfn;
};

/* Where a guest access to a gfn ends up. */
enum ioreq_access_result {
    IOREQ_ACCESS_DIRECT,        /* done on RAM, no exit to an emulator */
    IOREQ_ACCESS_TO_SERVER,     /* sent to the owner of p2m_ioreq_server */
    IOREQ_ACCESS_RETRY,         /* X86EMUL_RETRY: the instruction runs again */
    IOREQ_ACCESS_DISCARDED,     /* a write to p2m_ram_ro */
    IOREQ_ACCESS_BY_RANGE,      /* MMIO: routed by the servers' rangesets */
};

/*
 * Start from a domain whose gfns below cfg->nr_pages (clamped to
 * 1 .. IOREQ_MODEL_MAX_PAGES) are p2m_ram_rw, the rest holes, with no server
 * and no owner.
 */
void ioreq_model_init(struct ioreq_model *m,
                      const struct ioreq_model_config *cfg);

/*
 * XEN_DMOP_create_ioreq_server from domain caller: the lowest free id into
 * *id and 0, or -EINVAL (not HVM), -ENOSPC (all ids in use). ioreq.c:
 * ioreq_server_create.
 */
long ioreq_server_create(struct ioreq_model *m, ioreq_domid_t caller,
                         ioreq_servid_t *id);

/*
 * XEN_DMOP_destroy_ioreq_server: 0, or -EINVAL (not HVM), -ENOENT (no such
 * server), -EPERM (caller is not its emulator). Destroying the owner drops
 * the claim (ioreq.c: ioreq_server_destroy -> arch_ioreq_server_destroy ->
 * p2m_set_ioreq_server(flags 0)); see destroy_resets_pages for its pages.
 */
long ioreq_server_destroy(struct ioreq_model *m, ioreq_domid_t caller,
                          ioreq_servid_t id);

/*
 * XEN_DMOP_map_mem_type_to_ioreq_server from domain caller. Claims the type
 * for op->id with flags WRITE, or disclaims it with flags 0; a disclaim then
 * resets outstanding pages 256 gfns at a time from op->opaque.
 * chunks_before_preempt: after that many 256-gfn chunks, with more to do,
 * Xen's preemption check fires (0: never); the call then returns -ERESTART
 * with op->opaque set to where to resume, and the caller continues by
 * calling again with the same op. Returns 0 or a negative errno; the order
 * of checks and the codes are those of dm.c: dm_op and ioreq.c:
 * ioreq_server_map_mem_type, listed in docs/ioreq.md.
 */
long ioreq_dmop_map_mem_type(struct ioreq_model *m, ioreq_domid_t caller,
                             struct ioreq_map_mem_type_op *op,
                             uint32_t chunks_before_preempt);

/*
 * XEN_DMOP_set_mem_type: change op->nr pages from op->first_pfn. Returns 0,
 * or -EINVAL / -EOPNOTSUPP (dm.c: set_mem_type, allow_p2m_type_change);
 * pages before the first refused one keep their new type, as in Xen.
 */
long ioreq_dmop_set_mem_type(struct ioreq_model *m,
                             const struct ioreq_set_mem_type_op *op);

/*
 * A guest read or write of gfn: resolves the gfn's pending recalculation
 * first (the EPT misconfiguration exit), then dispatches by type as
 * hvm_hap_nested_page_fault and emulate.c: hvmemul_do_io do. *server is set
 * to the owner for IOREQ_ACCESS_TO_SERVER, else IOREQ_NO_OWNER.
 */
enum ioreq_access_result ioreq_guest_access(struct ioreq_model *m,
                                            uint64_t gfn, bool write,
                                            uint16_t *server);

/*
 * The lazy step: resolve the pending recalculation of the leaf table
 * holding gfn (p2m-ept.c: resolve_misconfig), as any guest access or p2m
 * update there does. A gfn past max_mapped_pfn is ignored.
 */
void ioreq_p2m_resolve(struct ioreq_model *m, uint64_t gfn);

/* The type Xen's p2m lookup reports for gfn (recalculation applied). */
enum ioreq_p2m_type ioreq_p2m_type_of(const struct ioreq_model *m,
                                      uint64_t gfn);

/* The stored type of gfn, pending recalculation not applied. */
enum ioreq_p2m_type ioreq_p2m_stored_type(const struct ioreq_model *m,
                                          uint64_t gfn);

/* "ram_rw", "ioreq_server", ... for output. */
const char *ioreq_p2m_type_name(enum ioreq_p2m_type t);
const char *ioreq_access_name(enum ioreq_access_result r);

#endif
