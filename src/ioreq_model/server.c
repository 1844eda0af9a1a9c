/* SPDX-License-Identifier: MIT */
/*
 * Description: the domain's ioreq servers: creation at the lowest free id,
 * destruction by their emulator only, and what destruction does to the
 * claim on p2m_ioreq_server.
 */
#include "ioreq_internal.h"

void ioreq_model_init(struct ioreq_model *m,
                      const struct ioreq_model_config *cfg)
{
    uint32_t pages = cfg->nr_pages;

    if (pages < 1)
        pages = 1;
    if (pages > IOREQ_MODEL_MAX_PAGES)
        pages = IOREQ_MODEL_MAX_PAGES;
    m->cfg = *cfg;
    m->cfg.nr_pages = pages;
    for (size_t i = 0; i < IOREQ_ARRAY_SIZE(m->servers); i++)
        m->servers[i] = (struct ioreq_server_slot){ .exists = false };
    m->owner = IOREQ_NO_OWNER;
    m->owner_flags = 0;
    m->entry_count = 0;
    m->max_mapped_pfn = pages - 1;
    for (size_t g = 0; g < IOREQ_MODEL_MAX_PAGES; g++)
        m->type[g] = (uint8_t)(g < pages ? IOREQ_P2M_RAM_RW : IOREQ_P2M_INVALID);
    for (size_t l = 0; l < IOREQ_MODEL_LEAVES; l++)
        m->recalc_pending[l] = false;
    m->orphaned = false;
}

long ioreq_server_create(struct ioreq_model *m, ioreq_domid_t caller,
                         ioreq_servid_t *id)
{
    if (!m->cfg.hvm)
        return -IOREQ_EINVAL;           /* dm.c: dm_op, !is_hvm_domain */
    for (ioreq_servid_t i = 0; i < IOREQ_MAX_SERVERS; i++) {
        if (m->servers[i].exists)
            continue;
        m->servers[i].exists = true;
        m->servers[i].emulator = caller;
        *id = i;
        return 0;
    }
    return -IOREQ_ENOSPC;
}

long ioreq_server_destroy(struct ioreq_model *m, ioreq_domid_t caller,
                          ioreq_servid_t id)
{
    if (!m->cfg.hvm)
        return -IOREQ_EINVAL;
    if (id >= IOREQ_MAX_SERVERS || !m->servers[id].exists)
        return -IOREQ_ENOENT;           /* ioreq.c: get_ioreq_server */
    if (m->servers[id].emulator != caller)
        return -IOREQ_EPERM;
    /*
     * hvm/ioreq.c: arch_ioreq_server_destroy drops the claim (flags 0; a
     * non-owner's -EINVAL is ignored) but, unlike the DMOP's disclaim, does
     * not call p2m_change_entry_type_global: the pages stay typed.
     */
    if (m->owner == id) {
        p2m_set_ioreq_owner(m, 0, id);
        if (m->entry_count) {
            if (m->cfg.destroy_resets_pages)
                p2m_mark_all_for_recalc(m);
            else
                m->orphaned = true;
        }
    }
    m->servers[id].exists = false;
    return 0;
}
