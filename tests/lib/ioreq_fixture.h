/* SPDX-License-Identifier: MIT */
/*
 * Description: what the ioreq model's tests share: the memory-type claim
 * call and the invariant check after a step. Include after check.h; the
 * checks count in the including test.
 */
#ifndef ARGOLAB_IOREQ_FIXTURE_H
#define ARGOLAB_IOREQ_FIXTURE_H

#include <stdio.h>

#include "check.h"
#include "ioreq_model/ioreq_invariants.h"

/* XEN_DMOP_map_mem_type_to_ioreq_server of HVMMEM_ioreq_server, opaque 0. */
static inline long map(struct ioreq_model *m, ioreq_domid_t caller,
                       ioreq_servid_t id, uint32_t flags)
{
    struct ioreq_map_mem_type_op op = {
        .id = id, .type = IOREQ_HVMMEM_IOREQ_SERVER, .flags = flags,
    };

    return ioreq_dmop_map_mem_type(m, caller, &op, 0);
}

/* A check that m keeps every invariant; says which one and where if not. */
static inline void check_clean(const struct ioreq_model *m)
{
    struct ioreq_violation v;

    if (!CHECK(ioreq_check_invariants(m, &v) == 0))
        fprintf(stderr, "    %s at gfn %llu\n", v.what,
                (unsigned long long)v.gfn);
}

#endif
