/* SPDX-License-Identifier: MIT */
/*
 * Description: claiming and disclaiming p2m_ioreq_server with
 * XEN_DMOP_map_mem_type_to_ioreq_server, every refusal and its code, pinned
 * to Xen 4.17: dm.c: dm_op (header pad, HVM, HAP, opaque), ioreq.c:
 * ioreq_server_map_mem_type (type, flags, id, emulator), p2m.c:
 * p2m_set_ioreq_server (one owner, entry_count), and server ids from
 * ioreq.c: ioreq_server_create.
 */
#include "check.h"
#include "ioreq_model/ioreq_invariants.h"
#include "ioreq_fixture.h"

#define DM_A 1          /* emulator domain of server 0 */
#define DM_B 2          /* emulator domain of server 1 */
#define WRITE IOREQ_MEM_ACCESS_WRITE

static struct ioreq_model model;

static struct ioreq_model *fresh(bool hvm, bool hap)
{
    struct ioreq_model_config cfg = { .hvm = hvm, .hap = hap, .nr_pages = 1024 };

    ioreq_model_init(&model, &cfg);
    return &model;
}

static void server_ids(void)
{
    struct ioreq_model *m = fresh(true, true);
    ioreq_servid_t id = 99;

    for (ioreq_servid_t i = 0; i < IOREQ_MAX_SERVERS; i++) {
        CHECK_EQ_I64(ioreq_server_create(m, DM_A, &id), 0);
        CHECK_EQ_U64(id, i);
    }
    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &id), -IOREQ_ENOSPC);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_B, 3), -IOREQ_EPERM);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_A, 3), 0);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_A, 3), -IOREQ_ENOENT);
    CHECK_EQ_I64(ioreq_server_destroy(m, DM_A, IOREQ_MAX_SERVERS), -IOREQ_ENOENT);
    /* The lowest free id is reused. */
    CHECK_EQ_I64(ioreq_server_create(m, DM_B, &id), 0);
    CHECK_EQ_U64(id, 3);
    check_clean(m);
}

static void one_owner(void)
{
    struct ioreq_model *m = fresh(true, true);
    ioreq_servid_t a, b;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(ioreq_server_create(m, DM_B, &b), 0);
    /* Disclaiming what nobody owns is -EINVAL, not -ENOENT. */
    CHECK_EQ_I64(map(m, DM_A, a, 0), -IOREQ_EINVAL);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), 0);
    CHECK_EQ_U64(m->owner, a);
    CHECK_EQ_U64(m->owner_flags, WRITE);
    /* A second claim fails, the owner's own included. */
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), -IOREQ_EBUSY);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), -IOREQ_EBUSY);
    /* Only the owner disclaims. */
    CHECK_EQ_I64(map(m, DM_B, b, 0), -IOREQ_EINVAL);
    CHECK_EQ_I64(map(m, DM_A, a, 0), 0);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);
    CHECK_EQ_I64(map(m, DM_B, b, WRITE), 0);
    CHECK_EQ_U64(m->owner, b);
    check_clean(m);
}

static void refusals(void)
{
    struct ioreq_model *m = fresh(true, true);
    struct ioreq_map_mem_type_op op = {
        .id = 0, .type = IOREQ_HVMMEM_IOREQ_SERVER, .flags = WRITE,
    };
    ioreq_servid_t a;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    /* ioreq_server_map_mem_type: type, then flags, then id, then emulator. */
    op.type = IOREQ_HVMMEM_RAM_RW;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    op.type = IOREQ_HVMMEM_IOREQ_SERVER;
    op.flags = IOREQ_MEM_ACCESS_READ;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    op.flags = IOREQ_MEM_ACCESS_READ | WRITE;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    op.flags = 1u << 31;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    op.flags = WRITE;
    op.id = 5;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_ENOENT);
    op.id = IOREQ_MAX_SERVERS;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_ENOENT);
    op.id = a;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_B, &op, 0), -IOREQ_EPERM);
    /* The type is checked before the server: a bad type on a missing one. */
    op.id = 7;
    op.type = 0xffff;
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    /* dm_op's header pad is checked before anything of the DMOP. */
    op = (struct ioreq_map_mem_type_op){ .op_pad = 1, .id = a,
        .type = IOREQ_HVMMEM_IOREQ_SERVER, .flags = WRITE };
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), -IOREQ_EINVAL);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);

    /* Not HVM: -EINVAL from dm_op; no HAP: -EOPNOTSUPP before any check. */
    m = fresh(false, true);
    CHECK_EQ_I64(map(m, DM_A, 0, WRITE), -IOREQ_EINVAL);
    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), -IOREQ_EINVAL);
    m = fresh(true, false);
    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(map(m, DM_A, a, WRITE), -IOREQ_EOPNOTSUPP);
    CHECK_EQ_I64(map(m, DM_A, 6, 0x80), -IOREQ_EOPNOTSUPP);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);
    check_clean(m);
}

/* Finding 2: a non-zero opaque skips the claim and every check, rc 0. */
static void opaque_skips_the_claim(void)
{
    struct ioreq_model *m = fresh(true, true);
    struct ioreq_map_mem_type_op op = {
        .id = 0, .type = IOREQ_HVMMEM_IOREQ_SERVER, .flags = WRITE,
        .opaque = 256,
    };
    ioreq_servid_t a;

    CHECK_EQ_I64(ioreq_server_create(m, DM_A, &a), 0);
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_A, &op, 0), 0);
    CHECK_EQ_U64(m->owner, IOREQ_NO_OWNER);
    /* Nor are the type, the flags, the id or the caller looked at. */
    op = (struct ioreq_map_mem_type_op){ .id = 9, .type = 77, .flags = 0xff,
                                         .opaque = 1 };
    CHECK_EQ_I64(ioreq_dmop_map_mem_type(m, DM_B, &op, 0), 0);
    /* The claimer then finds it owns nothing. */
    struct ioreq_set_mem_type_op st = { .nr = 1, .first_pfn = 5,
                                        .mem_type = IOREQ_HVMMEM_IOREQ_SERVER };
    CHECK_EQ_I64(ioreq_dmop_set_mem_type(m, &st), -IOREQ_EINVAL);
    check_clean(m);
}

int main(void)
{
    server_ids();
    one_owner();
    refusals();
    opaque_skips_the_claim();
    return CHECK_DONE();
}
