/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_DMOP_map_mem_type_to_ioreq_server: claiming and
 * disclaiming p2m_ioreq_server, and the preemptible reset of the pages left
 * behind by a disclaim.
 */
#include "ioreq_internal.h"

long p2m_set_ioreq_owner(struct ioreq_model *m, uint32_t flags,
                         ioreq_servid_t id)
{
    if (flags == 0) {
        /* Only the owner may disclaim; anyone else, even unowned: -EINVAL. */
        if (m->owner != id)
            return -IOREQ_EINVAL;
        m->owner = IOREQ_NO_OWNER;
        m->owner_flags = 0;
        return 0;
    }
    /* Not idempotent: the owner claiming again is refused like anyone. */
    if (m->owner != IOREQ_NO_OWNER)
        return -IOREQ_EBUSY;
    /*
     * Pages of a previous owner still awaiting their reset would otherwise
     * become the new owner's.
     */
    if (m->entry_count)
        return -IOREQ_EBUSY;
    m->owner = id;
    m->owner_flags = flags;
    return 0;
}

/* ioreq.c: ioreq_server_map_mem_type, then its _completed hook. */
static long map_mem_type(struct ioreq_model *m, ioreq_domid_t caller,
                         const struct ioreq_map_mem_type_op *op)
{
    long rc;

    if (op->type != IOREQ_HVMMEM_IOREQ_SERVER)
        return -IOREQ_EINVAL;
    if (op->flags & ~IOREQ_MEM_ACCESS_WRITE)
        return -IOREQ_EINVAL;
    if (op->id >= IOREQ_MAX_SERVERS || !m->servers[op->id].exists)
        return -IOREQ_ENOENT;
    if (m->servers[op->id].emulator != caller)
        return -IOREQ_EPERM;
    rc = p2m_set_ioreq_owner(m, op->flags, op->id);
    /* hvm/ioreq.c: arch_ioreq_server_map_mem_type_completed. */
    if (rc == 0 && op->flags == 0 && m->entry_count)
        p2m_mark_all_for_recalc(m);
    return rc;
}

long ioreq_dmop_map_mem_type(struct ioreq_model *m, ioreq_domid_t caller,
                             struct ioreq_map_mem_type_op *op,
                             uint32_t chunks_before_preempt)
{
    uint64_t first_gfn = op->opaque;
    uint32_t chunks = 0;
    long rc;

    /* dm.c: dm_op checks the domain, then the header's pad. */
    if (!m->cfg.hvm || op->op_pad)
        return -IOREQ_EINVAL;
    if (!m->cfg.hap)
        return -IOREQ_EOPNOTSUPP;
    /*
     * A non-zero opaque means "continuation": Xen skips the whole claim or
     * disclaim, with every check above it, and reports success
     * (docs/ioreq.md, finding 2).
     */
    rc = first_gfn == 0 ? map_mem_type(m, caller, op) : 0;
    if (rc != 0 || op->flags != 0)
        return rc;
    while (m->entry_count && first_gfn <= m->max_mapped_pfn) {
        p2m_finish_type_change(m, first_gfn, IOREQ_RESET_CHUNK_GFNS);
        first_gfn += IOREQ_RESET_CHUNK_GFNS;
        chunks++;
        if (first_gfn <= m->max_mapped_pfn && chunks_before_preempt &&
            chunks >= chunks_before_preempt) {
            op->opaque = first_gfn;
            return -IOREQ_ERESTART;
        }
    }
    return 0;
}
