/* SPDX-License-Identifier: MIT */
/* Description: the checks listed in ioreq_invariants.h. */
#include "ioreq_invariants.h"

static int violated(struct ioreq_violation *v, const char *what, uint64_t gfn,
                    uint64_t expected, uint64_t actual)
{
    v->what = what;
    v->gfn = gfn;
    v->expected = expected;
    v->actual = actual;
    return -1;
}

static int check_owner(const struct ioreq_model *m, struct ioreq_violation *v)
{
    if (m->owner == IOREQ_NO_OWNER) {
        if (m->owner_flags)
            return violated(v, "flags without an owner", 0, 0, m->owner_flags);
        return 0;
    }
    if (m->owner >= IOREQ_MAX_SERVERS || !m->servers[m->owner].exists)
        return violated(v, "the owner is not an existing server", 0,
                        IOREQ_MAX_SERVERS, m->owner);
    if (m->owner_flags != IOREQ_MEM_ACCESS_WRITE)
        return violated(v, "the owner claimed other than WRITE", 0,
                        IOREQ_MEM_ACCESS_WRITE, m->owner_flags);
    if (m->orphaned)
        return violated(v, "orphaned pages while a server owns the type", 0,
                        0, 1);
    return 0;
}

static int check_pages(const struct ioreq_model *m, struct ioreq_violation *v)
{
    uint64_t stored = 0;

    for (uint64_t g = 0; g < IOREQ_MODEL_MAX_PAGES; g++) {
        bool pending = m->recalc_pending[g / IOREQ_EPT_LEAF_GFNS];

        if (g > m->max_mapped_pfn) {
            if (m->type[g] != IOREQ_P2M_INVALID)
                return violated(v, "a page past max_mapped_pfn is mapped", g,
                                IOREQ_P2M_INVALID, m->type[g]);
            /* A leaf straddling max_mapped_pfn may be marked; past it, not. */
            if (pending && g % IOREQ_EPT_LEAF_GFNS == 0)
                return violated(v, "a leaf past max_mapped_pfn is marked", g,
                                0, 1);
            continue;
        }
        if (m->type[g] != IOREQ_P2M_IOREQ_SERVER)
            continue;
        stored++;
        if (m->owner == IOREQ_NO_OWNER && !pending && !m->orphaned)
            return violated(v, "a p2m_ioreq_server page without an owner, "
                               "not awaiting its reset", g,
                            IOREQ_P2M_RAM_RW, m->type[g]);
    }
    if (stored != m->entry_count)
        return violated(v, "entry_count differs from the typed pages", 0,
                        stored, m->entry_count);
    if (m->orphaned && (m->cfg.destroy_resets_pages || !m->entry_count))
        return violated(v, "orphaned flag without orphaned pages", 0, 0, 1);
    return 0;
}

int ioreq_check_invariants(const struct ioreq_model *m,
                           struct ioreq_violation *v)
{
    if (check_owner(m, v))
        return -1;
    return check_pages(m, v);
}
