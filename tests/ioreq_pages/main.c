/* SPDX-License-Identifier: MIT */
/*
 * Description: pages of type p2m_ioreq_server pinned to Xen 4.17: which
 * XEN_DMOP_set_mem_type changes are allowed (dm.c: set_mem_type,
 * allow_p2m_type_change), where guest accesses go (emulate.c:
 * hvmemul_do_io, p2m-ept.c: ept_p2m_type_to_flags), the lazy reset after a
 * disclaim with its entry_count (p2m.h: p2m_entry_modify, p2m_recalc_type;
 * p2m-ept.c: resolve_misconfig) and its preemption (dm.c: dm_op), and what
 * destroying the owner leaves (hvm/ioreq.c: arch_ioreq_server_destroy).
 */
#include "check.h"
#include "ioreq_model/ioreq_invariants.h"
#include "ioreq_fixture.h"

#define DM_A 1
#define DM_B 2
#define WRITE IOREQ_MEM_ACCESS_WRITE
#define PAGES 2048

static struct ioreq_model model;

static struct ioreq_model *fresh(bool destroy_resets)
{
    struct ioreq_model_config cfg = {
        .hvm = true, .hap = true, .nr_pages = PAGES,
        .destroy_resets_pages = destroy_resets,
    };

    ioreq_model_init(&model, &cfg);
    return &model;
}

static long set_type(struct ioreq_model *m, uint64_t first, uint32_t nr,
                     uint16_t mem_type)
{
    struct ioreq_set_mem_type_op op = {
        .first_pfn = first, .nr = nr, .mem_type = mem_type,
    };

    return ioreq_dmop_set_mem_type(m, &op);
}

static enum ioreq_access_result write_to(struct ioreq_model *m, uint64_t gfn,
                                         uint16_t *server)
{
    return ioreq_guest_access(m, gfn, true, server);
}

static void type_changes(void)
{
    struct ioreq_model *m = fresh(false);
    ioreq_servid_t a;

    /* Refused until a server claims the type. */
    CHECK_EQ_I64(set_type(m, 10, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(set_type(m, 10, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 10, 4, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_U64(m->entry_count, 4);
    /* Only from ram_rw; back only to ram_rw; not to itself. */
    CHECK_EQ_I64(set_type(m, 10, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 10, 1, IOREQ_HVMMEM_RAM_RO), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 10, 1, IOREQ_HVMMEM_MMIO_DM), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 20, 1, IOREQ_HVMMEM_RAM_RO), 0);
    CHECK_EQ_I64(set_type(m, 20, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 30, 1, IOREQ_HVMMEM_MMIO_DM), 0);
    CHECK_EQ_I64(set_type(m, 30, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 30, 1, IOREQ_HVMMEM_RAM_RW), -IOREQ_EINVAL);
    /* Pages before the refused one keep their new type. */
    CHECK_EQ_I64(set_type(m, 8, 3, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
    CHECK_EQ_U64(ioreq_p2m_type_of(m, 8), IOREQ_P2M_IOREQ_SERVER);
    CHECK_EQ_U64(ioreq_p2m_type_of(m, 9), IOREQ_P2M_IOREQ_SERVER);
    CHECK_EQ_U64(m->entry_count, 6);
    CHECK_EQ_I64(set_type(m, 8, 6, IOREQ_HVMMEM_RAM_RW), 0);
    CHECK_EQ_U64(m->entry_count, 0);
    /* Argument checks: range, count, type, pads. */
    CHECK_EQ_I64(set_type(m, 0, 0, IOREQ_HVMMEM_RAM_RW), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 5, 0, IOREQ_HVMMEM_RAM_RW), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, PAGES - 1, 2, IOREQ_HVMMEM_RAM_RW), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, UINT64_MAX, 2, IOREQ_HVMMEM_RAM_RW), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 1, 1, IOREQ_HVMMEM_UNUSED), -IOREQ_EINVAL);
    CHECK_EQ_I64(set_type(m, 1, 1, IOREQ_HVMMEM_COUNT), -IOREQ_EINVAL);
    struct ioreq_set_mem_type_op padded = { .first_pfn = 1, .nr = 1, .pad = 1 };
    CHECK_EQ_I64(ioreq_dmop_set_mem_type(m, &padded), -IOREQ_EINVAL);
    check_clean(m);

    /* Without HAP the type is -EOPNOTSUPP, after the argument checks. */
    struct ioreq_model_config nohap = { .hvm = true, .hap = false, .nr_pages = 64 };
    ioreq_model_init(m, &nohap);
    CHECK_EQ_I64(set_type(m, 1, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EOPNOTSUPP);
    CHECK_EQ_I64(set_type(m, 64, 1, IOREQ_HVMMEM_IOREQ_SERVER), -IOREQ_EINVAL);
}

static void dispatch(void)
{
    struct ioreq_model *m = fresh(false);
    ioreq_servid_t a, b;
    uint16_t server;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(ioreq_server_create(m, DM_B, &b), 0);
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 100, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(write_to(m, 100, &server), IOREQ_ACCESS_TO_SERVER);
    CHECK_EQ_U64(server, b);
    /* Reads are done on RAM, never sent. */
    CHECK_EQ_I64(ioreq_guest_access(m, 100, false, &server), IOREQ_ACCESS_DIRECT);
    CHECK_EQ_U64(server, IOREQ_NO_OWNER);
    CHECK_EQ_I64(write_to(m, 101, &server), IOREQ_ACCESS_DIRECT);
    CHECK_EQ_I64(set_type(m, 102, 1, IOREQ_HVMMEM_RAM_RO), 0);
    CHECK_EQ_I64(write_to(m, 102, &server), IOREQ_ACCESS_DISCARDED);
    CHECK_EQ_I64(set_type(m, 103, 1, IOREQ_HVMMEM_MMIO_DM), 0);
    CHECK_EQ_I64(write_to(m, 103, &server), IOREQ_ACCESS_BY_RANGE);
    CHECK_EQ_I64(write_to(m, PAGES + 5, &server), IOREQ_ACCESS_BY_RANGE);
    check_clean(m);
}

static void lazy_reset(void)
{
    struct ioreq_model *m = fresh(false);
    struct ioreq_map_mem_type_op op = { .type = IOREQ_HVMMEM_IOREQ_SERVER };
    ioreq_servid_t a, b;
    uint16_t server;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(ioreq_server_create(m, DM_B, &b), 0);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 3, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(set_type(m, 1500, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(set_type(m, 2047, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_U64(m->entry_count, 3);

    /* Disclaim, preempted after one 256-gfn chunk: gfn 3 is reset. */
    op.id = a;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 1), -IOREQ_ERESTART);
    CHECK_EQ_U64(op.opaque, 256);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);
    CHECK_EQ_U64(m->entry_count, 2);
    CHECK_EQ_U64(ioreq_p2m_stored_type(m, 3), IOREQ_P2M_RAM_RW);
    /* Outstanding pages still count, but lookups already see ram_rw. */
    CHECK_EQ_U64(ioreq_p2m_stored_type(m, 1500), IOREQ_P2M_IOREQ_SERVER);
    CHECK_EQ_U64(ioreq_p2m_type_of(m, 1500), IOREQ_P2M_RAM_RW);
    check_clean(m);
    /* No claim while entry_count is non-zero. */
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), -IOREQ_EBUSY);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), -IOREQ_EBUSY);
    /* A write to an outstanding page resets its leaf and is done on RAM. */
    CHECK_EQ_I64(write_to(m, 1500, &server), IOREQ_ACCESS_DIRECT);
    CHECK_EQ_U64(m->entry_count, 1);
    /* Continuing from opaque finishes the rest. */
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), 0);
    CHECK_EQ_U64(m->entry_count, 0);
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), 0);
    check_clean(m);

    /* The lazy step alone: resolving a leaf covers its 512 gfns. */
    CHECK_EQ_I64(set_type(m, 600, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(set_type(m, 1023, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(set_type(m, 1024, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    op = (struct ioreq_map_mem_type_op){ .id = b, .type = IOREQ_HVMMEM_IOREQ_SERVER };
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_B, &op, 1), -IOREQ_ERESTART);
    CHECK_EQ_U64(m->entry_count, 3);
    ioreq_p2m_resolve(m, 512);
    CHECK_EQ_U64(m->entry_count, 1);
    ioreq_p2m_resolve(m, 1024);
    CHECK_EQ_U64(m->entry_count, 0);
    /* With nothing left, a claim succeeds before the continuation ends... */
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 1800, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    /* ...and the continuation then leaves the new owner's pages alone. */
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_B, &op, 0), 0);
    CHECK_EQ_U64(ioreq_p2m_type_of(m, 1800), IOREQ_P2M_IOREQ_SERVER);
    CHECK_EQ_I64(write_to(m, 1800, &server), IOREQ_ACCESS_TO_SERVER);
    CHECK_EQ_U64(server, a);
    check_clean(m);
}

/* Finding 1: destroying the owner leaves its pages typed, with no owner. */
static void destroy_owner(void)
{
    struct ioreq_model *m = fresh(false);
    ioreq_servid_t a, b;
    uint16_t server;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(ioreq_server_create(m, DM_B, &b), 0);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 7, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_A, a), 0);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);
    CHECK(m->orphaned);
    CHECK_EQ_U64(ioreq_p2m_type_of(m, 7), IOREQ_P2M_IOREQ_SERVER);
    /* Every write to the page retries; nobody can claim the type. */
    CHECK_EQ_I64(write_to(m, 7, &server), IOREQ_ACCESS_RETRY);
    CHECK_EQ_I64(write_to(m, 7, &server), IOREQ_ACCESS_RETRY);
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), -IOREQ_EBUSY);
    ioreq_p2m_resolve(m, 7);
    CHECK_EQ_I64(write_to(m, 7, &server), IOREQ_ACCESS_RETRY);
    check_clean(m);
    /* Until some device model types it back to ram_rw itself. */
    CHECK_EQ_I64(set_type(m, 7, 1, IOREQ_HVMMEM_RAM_RW), 0);
    CHECK(!m->orphaned);
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), 0);
    check_clean(m);

    /* Destroying as a disclaim would: the pages reset lazily. */
    m = fresh(true);
    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_I64(set_type(m, 7, 1, IOREQ_HVMMEM_IOREQ_SERVER), 0);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_A, a), 0);
    CHECK(!m->orphaned);
    CHECK_EQ_I64(write_to(m, 7, &server), IOREQ_ACCESS_DIRECT);
    CHECK_EQ_U64(m->entry_count, 0);
    check_clean(m);
}

int main(void)
{
    type_changes();
    dispatch();
    lazy_reset();
    destroy_owner();
    return CHECK_DONE();
}
