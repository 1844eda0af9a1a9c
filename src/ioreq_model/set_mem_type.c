/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_DMOP_set_mem_type: which page type changes are allowed,
 * and that nothing becomes p2m_ioreq_server before a server owns the type.
 */
#include "ioreq_internal.h"

static const enum ioreq_p2m_type hvmmem_to_p2m[IOREQ_HVMMEM_COUNT] = {
    [IOREQ_HVMMEM_RAM_RW] = IOREQ_P2M_RAM_RW,
    [IOREQ_HVMMEM_RAM_RO] = IOREQ_P2M_RAM_RO,
    [IOREQ_HVMMEM_MMIO_DM] = IOREQ_P2M_MMIO_DM,
    [IOREQ_HVMMEM_UNUSED] = IOREQ_P2M_INVALID,
    [IOREQ_HVMMEM_IOREQ_SERVER] = IOREQ_P2M_IOREQ_SERVER,
};

static bool is_ram(enum ioreq_p2m_type t)
{
    return t == IOREQ_P2M_RAM_RW || t == IOREQ_P2M_RAM_RO ||
           t == IOREQ_P2M_IOREQ_SERVER;
}

static bool is_hole(enum ioreq_p2m_type t)
{
    return t == IOREQ_P2M_INVALID || t == IOREQ_P2M_MMIO_DM;
}

/* dm.c: allow_p2m_type_change. */
static bool change_allowed(enum ioreq_p2m_type old, enum ioreq_p2m_type new)
{
    if (new == IOREQ_P2M_IOREQ_SERVER)
        return old == IOREQ_P2M_RAM_RW;
    if (old == IOREQ_P2M_IOREQ_SERVER)
        return new == IOREQ_P2M_RAM_RW;
    return is_ram(old) || (is_hole(old) && new == IOREQ_P2M_MMIO_DM);
}

long ioreq_dmop_set_mem_type(struct ioreq_model *m,
                             const struct ioreq_set_mem_type_op *op)
{
    uint64_t last = op->first_pfn + op->nr - 1;   /* wraps as xen_pfn_t does */
    enum ioreq_p2m_type target;

    if (!m->cfg.hvm || op->op_pad || op->pad)
        return -IOREQ_EINVAL;
    /* nr == 0 always lands here: last is first - 1, or wraps past max. */
    if (op->first_pfn > last || last > m->max_mapped_pfn)
        return -IOREQ_EINVAL;
    if (op->mem_type >= IOREQ_HVMMEM_COUNT ||
        op->mem_type == IOREQ_HVMMEM_UNUSED)
        return -IOREQ_EINVAL;
    target = hvmmem_to_p2m[op->mem_type];
    if (target == IOREQ_P2M_IOREQ_SERVER) {
        if (!m->cfg.hap)
            return -IOREQ_EOPNOTSUPP;
        if (m->owner == IOREQ_NO_OWNER)
            return -IOREQ_EINVAL;
    }
    for (uint64_t gfn = op->first_pfn; gfn <= last; gfn++) {
        /* get_gfn_unshare sees the recalculated type. */
        if (!change_allowed(ioreq_p2m_type_of(m, gfn), target))
            return -IOREQ_EINVAL;
        p2m_store_type(m, gfn, target);
    }
    return 0;
}
