/* SPDX-License-Identifier: MIT */
/* Description: what the ioreq model's files share and callers need not see. */
#ifndef ARGOLAB_IOREQ_INTERNAL_H
#define ARGOLAB_IOREQ_INTERNAL_H

#include "ioreq_model.h"

/*
 * Store type t for gfn as p2m_set_entry does, keeping entry_count as
 * p2m.h: p2m_entry_modify does; resolves the leaf's pending recalculation
 * first, as ept_set_entry does.
 */
void p2m_store_type(struct ioreq_model *m, uint64_t gfn,
                    enum ioreq_p2m_type t);

/*
 * p2m_change_entry_type_global(p2m_ioreq_server -> p2m_ram_rw): marks every
 * leaf table; the change itself happens lazily, leaf by leaf.
 */
void p2m_mark_all_for_recalc(struct ioreq_model *m);

/* p2m.c: p2m_finish_type_change for [first, first + nr). */
void p2m_finish_type_change(struct ioreq_model *m, uint64_t first,
                            uint64_t nr);

/* p2m.c: p2m_set_ioreq_server. */
long p2m_set_ioreq_owner(struct ioreq_model *m, uint32_t flags,
                         ioreq_servid_t id);

#endif
