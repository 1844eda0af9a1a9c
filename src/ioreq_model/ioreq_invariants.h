/* SPDX-License-Identifier: MIT */
/*
 * Description: the ioreq model's invariant checker, callable after any
 * operation.
 *
 * At most one owner, and it exists and claimed exactly WRITE; entry_count
 * equals the pages stored as p2m_ioreq_server; no such page without an
 * owner except during their lazy reset (its leaf is marked for
 * recalculation) or, with Xen 4.17's destroy, after the owner was destroyed
 * (the model's orphaned flag, docs/ioreq.md finding 1).
 */
#ifndef ARGOLAB_IOREQ_INVARIANTS_H
#define ARGOLAB_IOREQ_INVARIANTS_H

#include "ioreq_model.h"

struct ioreq_violation {
    const char *what;           /* the invariant that failed */
    uint64_t gfn;               /* where, when it concerns a page */
    uint64_t expected;
    uint64_t actual;
};

/*
 * Returns 0 when every invariant holds, or -1 with *v describing the first
 * violation found. Does not modify the model; linear in the pages.
 */
int ioreq_check_invariants(const struct ioreq_model *m,
                           struct ioreq_violation *v);

#endif
