/* SPDX-License-Identifier: MIT */
/*
 * Description: the p2m as far as p2m_ioreq_server is concerned: stored
 * types, entry_count, and the lazy recalculation that turns an unowned
 * p2m_ioreq_server page back into p2m_ram_rw.
 */
#include "ioreq_internal.h"

static uint64_t leaf_of(uint64_t gfn)
{
    return gfn / IOREQ_EPT_LEAF_GFNS;
}

/*
 * p2m.h: p2m_recalc_type_range. Only changeable types move, and a
 * p2m_ioreq_server page stays one while a server owns the type.
 */
static enum ioreq_p2m_type recalc_type(const struct ioreq_model *m,
                                       enum ioreq_p2m_type t)
{
    if (t == IOREQ_P2M_IOREQ_SERVER && m->owner != IOREQ_NO_OWNER)
        return t;
    if (t == IOREQ_P2M_IOREQ_SERVER)
        return IOREQ_P2M_RAM_RW;
    return t;
}

enum ioreq_p2m_type ioreq_p2m_stored_type(const struct ioreq_model *m,
                                          uint64_t gfn)
{
    if (gfn > m->max_mapped_pfn)
        return IOREQ_P2M_INVALID;
    return (enum ioreq_p2m_type)m->type[gfn];
}

enum ioreq_p2m_type ioreq_p2m_type_of(const struct ioreq_model *m,
                                      uint64_t gfn)
{
    enum ioreq_p2m_type t = ioreq_p2m_stored_type(m, gfn);

    /* p2m-ept.c: ept_get_entry reports the recalculated type unresolved. */
    if (gfn <= m->max_mapped_pfn && m->recalc_pending[leaf_of(gfn)])
        return recalc_type(m, t);
    return t;
}

static void store_resolved(struct ioreq_model *m, uint64_t gfn,
                           enum ioreq_p2m_type t)
{
    enum ioreq_p2m_type old = (enum ioreq_p2m_type)m->type[gfn];

    if (old == t)
        return;
    if (t == IOREQ_P2M_IOREQ_SERVER)
        m->entry_count++;
    if (old == IOREQ_P2M_IOREQ_SERVER) {
        m->entry_count--;
        if (!m->entry_count)
            m->orphaned = false;
    }
    m->type[gfn] = (uint8_t)t;
}

void ioreq_p2m_resolve(struct ioreq_model *m, uint64_t gfn)
{
    uint64_t leaf, first, last;

    if (gfn > m->max_mapped_pfn || !m->recalc_pending[leaf_of(gfn)])
        return;
    leaf = leaf_of(gfn);
    first = leaf * IOREQ_EPT_LEAF_GFNS;
    last = first + IOREQ_EPT_LEAF_GFNS - 1;
    if (last > m->max_mapped_pfn)
        last = m->max_mapped_pfn;
    for (uint64_t g = first; g <= last; g++)
        store_resolved(m, g, recalc_type(m, (enum ioreq_p2m_type)m->type[g]));
    m->recalc_pending[leaf] = false;
}

void p2m_store_type(struct ioreq_model *m, uint64_t gfn,
                    enum ioreq_p2m_type t)
{
    ioreq_p2m_resolve(m, gfn);
    store_resolved(m, gfn, t);
}

void p2m_mark_all_for_recalc(struct ioreq_model *m)
{
    for (uint64_t leaf = 0; leaf <= leaf_of(m->max_mapped_pfn); leaf++)
        m->recalc_pending[leaf] = true;
}

void p2m_finish_type_change(struct ioreq_model *m, uint64_t first,
                            uint64_t nr)
{
    uint64_t last = first + nr - 1;

    if (last > m->max_mapped_pfn)
        last = m->max_mapped_pfn;
    /* Each gfn's resolve covers its whole leaf; the rest are no-ops. */
    for (uint64_t g = first; g <= last; g++)
        ioreq_p2m_resolve(m, g);
}

const char *ioreq_p2m_type_name(enum ioreq_p2m_type t)
{
    switch (t) {
    case IOREQ_P2M_RAM_RW: return "ram_rw";
    case IOREQ_P2M_INVALID: return "invalid";
    case IOREQ_P2M_RAM_RO: return "ram_ro";
    case IOREQ_P2M_MMIO_DM: return "mmio_dm";
    case IOREQ_P2M_IOREQ_SERVER: return "ioreq_server";
    }
    return "?";
}
