/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_register_ring pinned to Xen 4.17: every length,
 * page-count, flag and partner rule, the order Xen checks them in, the
 * 128-ring limit, tx_ptr adoption on re-registration and bad frames.
 *
 * Expected values come from xen/common/argo.c: do_argo_op (argument
 * truncation, xsm_argo_enable, npage cap) and register_ring (everything
 * else, in source order).
 */
#include "check.h"
#include "model_fixture.h"

#define A       1       /* registers rings */
#define B       2       /* partner */
#define NOARGO  3       /* XSM refused it Argo */
#define FULL    4       /* fills its ring table */
#define SENDER  9       /* fills rings to create waiters */
#define GHOST   77      /* never created */

#define MAX_PAGES (XEN_ARGO_MAX_RING_SIZE / FX_PAGE_SIZE)

/*
 * Register with raw npages/flags. The memory handed over always covers both
 * what len needs and what npages claims, so a wrongly accepted call cannot
 * make the model touch memory it was not given.
 */
static long reg_raw(struct argo_model *m, argo_domid_t dom,
                    xen_argo_register_ring_t reg, uint64_t npages,
                    uint64_t flags)
{
    uint64_t pages = fx_npages(reg.len);
    uint8_t *mem;

    if (npages > pages && npages <= MAX_PAGES + 2)
        pages = npages;
    mem = fx_alloc((size_t)pages * FX_PAGE_SIZE);
    return argo_register_ring(m, dom, &reg, mem, false, npages, flags);
}

static long reg_len(struct argo_model *m, xen_argo_port_t port, uint32_t len,
                    uint64_t npages)
{
    return reg_raw(m, A, fx_reg(port, B, len), npages, 0);
}

static long rereg(struct argo_model *m, argo_domid_t dom,
                  xen_argo_port_t port, argo_domid_t partner, uint32_t len,
                  uint8_t *mem, bool bad_frame, uint64_t flags)
{
    xen_argo_register_ring_t reg = fx_reg(port, partner, len);

    return argo_register_ring(m, dom, &reg, mem, bad_frame, fx_npages(len),
                              flags);
}

static struct argo_model *setup(bool mac_permissive)
{
    struct argo_model *m = fx_init(mac_permissive);

    fx_domain(m, A, true);
    fx_domain(m, B, true);
    fx_domain(m, NOARGO, false);
    return m;
}

/* register_ring: len >= header + 2 slots (48), a multiple of the slot. */
static void test_min_and_alignment(void)
{
    struct argo_model *m = setup(false);

    CHECK_EQ_I64(reg_len(m, 1, 47, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 2, 32, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 3, 0, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 4, 48, 1), 0);
    CHECK_EQ_I64(reg_len(m, 5, 56, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 6, 4040, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 7, 49, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 8, 64, 1), 0);
    CHECK(fx_ring(m, A, 1, B) == NULL);
    CHECK(fx_ring(m, A, 4, B) != NULL);
    CHECK(fx_ring(m, A, 5, B) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 2);
}

/*
 * len <= XEN_ARGO_MAX_RING_SIZE, but the ring header takes 64 bytes of the
 * first page and do_argo_op refuses npage > 4096: NPAGES_RING(0x1000000) is
 * 4097, so the largest ring Xen can register is 16 MiB - 64.
 */
static void test_max_len(void)
{
    struct argo_model *m = setup(false);
    struct argo_model_ring *r;

    CHECK_EQ_I64(reg_len(m, 1, 0xffffc0, MAX_PAGES), 0);
    r = fx_ring(m, A, 1, B);
    CHECK(r != NULL && r->len == 0xffffc0);
    CHECK_EQ_I64(reg_len(m, 2, 0xffffd0, MAX_PAGES + 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 3, 0xffffd0, MAX_PAGES), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 4, 0x1000000, MAX_PAGES + 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 5, 0x1000000, MAX_PAGES), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 6, 0x1000010, MAX_PAGES + 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 7, 0x1000010, MAX_PAGES + 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 8, 0x1000010, MAX_PAGES), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
}

/* register_ring: NPAGES_RING(len) != npage is -EINVAL, in both directions. */
static void test_npages_exact(void)
{
    struct argo_model *m = setup(false);

    CHECK_EQ_I64(reg_len(m, 1, 48, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 2, 4032, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 3, 4032, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 4, 4032, 1), 0);
    CHECK_EQ_I64(reg_len(m, 5, 4048, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 6, 4048, 3), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 7, 4048, 2), 0);
    CHECK_EQ_I64(reg_len(m, 8, 8128, 3), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 9, 8128, 2), 0);
    CHECK_EQ_I64(reg_len(m, 10, 8144, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_len(m, 11, 8144, 3), 0);
    CHECK_EQ_I64(fx_ring_count(m, A), 4);
}

/*
 * do_argo_op: npage and flags wider than 32 bits are -EINVAL before
 * anything else, even xsm_argo_enable; then npage > 4096 is -EINVAL.
 * 2^32 + 1 would truncate to a valid page count: only the width check
 * rejects it.
 */
static void test_raw_args(void)
{
    struct argo_model *m = setup(false);
    xen_argo_register_ring_t ok = fx_reg(1, B, 48);
    xen_argo_register_ring_t padded = ok;

    padded.pad = 1;
    CHECK_EQ_I64(reg_raw(m, A, ok, (1ull << 32) + 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, ok, 1ull << 32, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, ok, UINT64_MAX, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, ok, 1, 1ull << 32), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, ok, 1, (1ull << 32) | 1), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, ok, MAX_PAGES + 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);

    /* The XSM denial comes after the width check, before everything else. */
    CHECK_EQ_I64(reg_raw(m, NOARGO, ok, (1ull << 32) + 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, NOARGO, ok, 1, 1ull << 32), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, NOARGO, ok, 1, 0), -ARGO_EACCES);
    CHECK_EQ_I64(reg_raw(m, NOARGO, ok, MAX_PAGES + 1, 0), -ARGO_EACCES);
    CHECK_EQ_I64(reg_raw(m, NOARGO, ok, 1, 2), -ARGO_EACCES);
    CHECK_EQ_I64(reg_raw(m, NOARGO, padded, 1, 0), -ARGO_EACCES);
    CHECK_EQ_I64(reg_raw(m, NOARGO, fx_reg(1, GHOST, 48), 1, 0),
                 -ARGO_EACCES);
    CHECK_EQ_I64(reg_raw(m, GHOST, ok, 1, 0), -ARGO_ESRCH);
}

/* register_ring: reg.pad must be zero; undefined flag bits must be zero. */
static void test_pad_and_flags(void)
{
    struct argo_model *m = setup(false);
    xen_argo_register_ring_t reg = fx_reg(1, B, 48);

    reg.pad = 1;
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0), -ARGO_EINVAL);
    reg.pad = 0x8000;
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0), -ARGO_EINVAL);
    reg.pad = 0;
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 3), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0x80000000u), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0xfffffffeu), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
    /* FAIL_EXIST is the one defined flag; a new ring does not exist yet. */
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), 0);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
}

/* register_ring: FAIL_EXIST on a registered ring is -EEXIST, ring intact. */
static void test_fail_exist(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem = fx_ring_mem(256);
    struct argo_model_ring *r;

    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, false,
                       XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), 0);
    CHECK_EQ_I64(fx_send_len(m, B, A, 1, 20), 20);
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, false,
                       XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), -ARGO_EEXIST);
    r = fx_ring(m, A, 1, B);
    CHECK(r != NULL && r->tx_ptr == 48 && r->mem == mem);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
    /* Without the flag the same call re-registers. */
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, false, 0), 0);
}

/*
 * register_ring reads tx_ptr from the ring header, not its private copy:
 * an aligned value below len is kept as is.
 */
static void test_reregister_keeps_tx(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem = fx_ring_new(m, A, 1, B, 256);
    uint8_t *other = fx_ring_mem(256);
    struct argo_model_ring *r = fx_ring(m, A, 1, B);
    xen_argo_ring_message_header_t mh;

    CHECK_EQ_I64(fx_send_len(m, B, A, 1, 20), 20);
    CHECK(r->tx_ptr == 48 && fx_hdr_tx(mem) == 48);

    fx_hdr_set_tx(mem, 64);
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, false, 0), 0);
    CHECK_EQ_U64(r->tx_ptr, 64);
    CHECK_EQ_U64(fx_hdr_tx(mem), 64);
    /* The next message goes where the adopted tx_ptr points. */
    CHECK_EQ_I64(fx_send_len(m, B, A, 1, 5), 5);
    memcpy(&mh, fx_data(mem) + 64, sizeof(mh));
    CHECK_EQ_U64(mh.len, 21);
    CHECK_EQ_U64(r->tx_ptr, 96);

    /* len - 16 is the last valid slot. */
    fx_hdr_set_tx(mem, 240);
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, false, 0), 0);
    CHECK_EQ_U64(r->tx_ptr, 240);

    /* New frames: their header is the one read. */
    fx_hdr_set_tx(other, 48);
    fx_hdr_set_rx(other, 16);
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, other, false, 0), 0);
    CHECK(r->mem == other);
    CHECK_EQ_U64(r->tx_ptr, 48);
    CHECK_EQ_U64(fx_hdr_rx(other), 16);

    /* Model decision (a): re-registration is not a new ring to count. */
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
}

struct flush_case {
    uint32_t hdr_tx;
    uint32_t hdr_rx;
    uint32_t want_tx;
};

/*
 * register_ring: tx_ptr >= len or unaligned is replaced by
 * ROUNDUP_MESSAGE(rx_ptr), or 0 when that is >= len; the 32-bit round-up of
 * 0xfffffff1..0xffffffff wraps to 0. The result is written to the header;
 * rx_ptr is left alone.
 */
static void test_reregister_flushes_bad_tx(void)
{
    static const struct flush_case cases[] = {
        { 256, 40, 48 },        { 257, 0, 0 },          { 8, 0, 0 },
        { 8, 17, 32 },          { 0xffffffff, 100, 112 }, { 255, 0, 0 },
        { 300, 240, 240 },      { 300, 241, 0 },        { 300, 255, 0 },
        { 300, 256, 0 },        { 300, 0x7fffffff, 0 }, { 300, 0xfffffff0, 0 },
        { 300, 0xfffffff1, 0 }, { 300, 0xfffffff8, 0 }, { 300, 0xffffffff, 0 },
        { 17, 224, 224 },
    };
    struct argo_model *m = setup(false);

    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(cases); i++) {
        const struct flush_case *c = &cases[i];
        xen_argo_port_t port = 100 + i;
        uint8_t *mem = fx_ring_new(m, A, port, B, 256);
        struct argo_model_ring *r = fx_ring(m, A, port, B);

        fx_hdr_set_tx(mem, c->hdr_tx);
        fx_hdr_set_rx(mem, c->hdr_rx);
        argo_note_index_written(m, r);
        CHECK_EQ_I64(rereg(m, A, port, B, 256, mem, false, 0), 0);
        CHECK_EQ_U64(r->tx_ptr, c->want_tx);
        CHECK_EQ_U64(fx_hdr_tx(mem), c->want_tx);
        CHECK_EQ_U64(fx_hdr_rx(mem), c->hdr_rx);
    }
}

/*
 * register_ring: a registered ring cannot change length (-EEXIST); the check
 * comes before the frames are looked at, so a bad frame does not remove it.
 */
static void test_reregister_len_change(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem = fx_ring_new(m, A, 1, B, 256);
    struct argo_model_ring *r = fx_ring(m, A, 1, B);

    CHECK_EQ_I64(rereg(m, A, 1, B, 512, fx_ring_mem(512), false, 0),
                 -ARGO_EEXIST);
    CHECK_EQ_I64(rereg(m, A, 1, B, 128, fx_ring_mem(128), false, 0),
                 -ARGO_EEXIST);
    CHECK_EQ_I64(rereg(m, A, 1, B, 512, fx_ring_mem(512), false,
                       XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), -ARGO_EEXIST);
    CHECK_EQ_I64(rereg(m, A, 1, B, 512, fx_ring_mem(512), true, 0),
                 -ARGO_EEXIST);
    CHECK_EQ_I64(rereg(m, A, 1, B, 256, mem, true,
                       XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), -ARGO_EEXIST);
    r = fx_ring(m, A, 1, B);
    CHECK(r != NULL && r->len == 256 && r->mem == mem);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
}

/* register_ring: a wildcard ring needs argo=mac-permissive, else -EPERM. */
static void test_wildcard_permission(void)
{
    struct argo_model *m = setup(false);
    xen_argo_register_ring_t reg = fx_reg(1, XEN_ARGO_DOMID_ANY, 64);

    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0), -ARGO_EPERM);
    CHECK(fx_ring(m, A, 1, XEN_ARGO_DOMID_ANY) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
    /* Argument checks come first. */
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, reg, 2, 0), -ARGO_EINVAL);
    reg.pad = 1;
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0), -ARGO_EINVAL);
    reg.pad = 0;

    m->mac_permissive = true;
    CHECK_EQ_I64(reg_raw(m, A, reg, 1, 0), 0);
    CHECK(fx_ring(m, A, 1, XEN_ARGO_DOMID_ANY) != NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
}

/*
 * register_ring: the partner must exist (rcu_lock_domain_by_id: -ESRCH;
 * reserved ids such as DOMID_SELF are no domain) and have Argo state
 * (-ECONNREFUSED). A domain may name itself.
 */
static void test_partner(void)
{
    struct argo_model *m = setup(false);

    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, GHOST, 48), 1, 0), -ARGO_ESRCH);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, 0x7ff0, 48), 1, 0), -ARGO_ESRCH);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, 0x7ff5, 48), 1, 0), -ARGO_ESRCH);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, NOARGO, 48), 1, 0),
                 -ARGO_ECONNREFUSED);
    /* Argument checks come before the partner lookup. */
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, GHOST, 47), 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, GHOST, 48), 1, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, NOARGO, 48), 2, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, A, 48), 1, 0), 0);
    CHECK(fx_ring(m, A, 1, A) != NULL);
}

/*
 * register_ring: ring_count >= MAX_RINGS_PER_DOMAIN is -ENOSPC, checked
 * after the partner and before the ring is looked up, so even a valid
 * re-registration of one of the 128 fails.
 */
static void test_ring_limit(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem[ARGO_MAX_RINGS_PER_DOMAIN];
    unsigned ok = 0;

    fx_domain(m, FULL, true);
    for (unsigned i = 0; i < ARGO_MAX_RINGS_PER_DOMAIN; i++)
        ok += fx_register(m, FULL, i, B, 48, &mem[i]) == 0;
    CHECK_EQ_U64(ok, 128);
    CHECK_EQ_I64(fx_ring_count(m, FULL), 128);

    CHECK_EQ_I64(fx_register(m, FULL, 128, B, 48, NULL), -ARGO_ENOSPC);
    CHECK(fx_ring(m, FULL, 128, B) == NULL);
    CHECK_EQ_I64(rereg(m, FULL, 5, B, 48, mem[5], false, 0), -ARGO_ENOSPC);
    CHECK_EQ_I64(rereg(m, FULL, 5, B, 48, mem[5], false,
                       XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), -ARGO_ENOSPC);
    CHECK_EQ_I64(rereg(m, FULL, 5, B, 64, fx_ring_mem(64), false, 0),
                 -ARGO_ENOSPC);
    CHECK_EQ_I64(rereg(m, FULL, 5, B, 48, mem[5], true, 0), -ARGO_ENOSPC);
    CHECK(fx_ring(m, FULL, 5, B) != NULL);

    /* Earlier checks still win over the count. */
    CHECK_EQ_I64(fx_register(m, FULL, 200, GHOST, 48, NULL), -ARGO_ESRCH);
    CHECK_EQ_I64(fx_register(m, FULL, 200, NOARGO, 48, NULL),
                 -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(fx_register(m, FULL, 200, XEN_ARGO_DOMID_ANY, 48, NULL),
                 -ARGO_EPERM);
    CHECK_EQ_I64(reg_raw(m, FULL, fx_reg(200, B, 47), 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(fx_ring_count(m, FULL), 128);

    /* Unregistering frees a place. */
    {
        xen_argo_unregister_ring_t u = fx_unreg(0, B);

        CHECK_EQ_I64(argo_unregister_ring(m, FULL, &u), 0);
    }
    CHECK_EQ_I64(fx_ring_count(m, FULL), 127);
    CHECK_EQ_I64(fx_register(m, FULL, 128, B, 48, NULL), 0);
    CHECK_EQ_I64(fx_ring_count(m, FULL), 128);
}

/*
 * register_ring -> find_ring_mfns: an unusable frame is -EINVAL and
 * ring_remove_info drops the ring, new or existing, with its waiters and
 * without signals. Model decision (b): the count drops with it.
 */
static void test_bad_frame(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem;

    fx_domain(m, SENDER, true);
    CHECK_EQ_I64(rereg(m, A, 1, B, 64, fx_ring_mem(64), true, 0),
                 -ARGO_EINVAL);
    CHECK(fx_ring(m, A, 1, B) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);

    mem = fx_ring_new(m, A, 2, SENDER, 64);
    CHECK_EQ_I64(fx_send_len(m, SENDER, A, 2, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, SENDER, A, 2, 16), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_nwaiters(m, A, 2, SENDER), 1);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
    fx_signals_reset();

    CHECK_EQ_I64(rereg(m, A, 2, SENDER, 64, mem, true, 0), -ARGO_EINVAL);
    CHECK(fx_ring(m, A, 2, SENDER) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
    CHECK_EQ_U64(fx_signals_total(), 0);
    CHECK_EQ_I64(fx_send_len(m, SENDER, A, 2, 16), -ARGO_ECONNREFUSED);

    /* Registered afresh it starts empty and without waiters. */
    CHECK_EQ_I64(fx_register(m, A, 2, SENDER, 64, &mem), 0);
    CHECK_EQ_I64(fx_nwaiters(m, A, 2, SENDER), 0);
    CHECK_EQ_U64(fx_ring(m, A, 2, SENDER)->tx_ptr, 0);

    /* Checks before find_ring_mfns win over the bad frame. */
    CHECK_EQ_I64(rereg(m, A, 3, GHOST, 64, fx_ring_mem(64), true, 0),
                 -ARGO_ESRCH);
    CHECK_EQ_I64(rereg(m, A, 3, XEN_ARGO_DOMID_ANY, 64, fx_ring_mem(64),
                       true, 0), -ARGO_EPERM);
    CHECK_EQ_I64(rereg(m, A, 3, B, 64, fx_ring_mem(64), true, 2),
                 -ARGO_EINVAL);
}

/* Re-registration keeps the ring's pending list (same argo_ring_info). */
static void test_reregister_keeps_waiters(void)
{
    struct argo_model *m = setup(false);
    uint8_t *mem;

    fx_domain(m, SENDER, true);
    mem = fx_ring_new(m, A, 1, SENDER, 64);
    CHECK_EQ_I64(fx_send_len(m, SENDER, A, 1, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, SENDER, A, 1, 10), -ARGO_EAGAIN);
    fx_signals_reset();
    CHECK_EQ_I64(rereg(m, A, 1, SENDER, 64, mem, false, 0), 0);
    CHECK_EQ_I64(fx_nwaiters(m, A, 1, SENDER), 1);
    CHECK_EQ_I64(fx_waiter_len(m, A, 1, SENDER, SENDER), 10);
    CHECK_EQ_U64(fx_ring(m, A, 1, SENDER)->tx_ptr, 32);
    CHECK_EQ_U64(fx_signals_total(), 0);
}

/*
 * Where two errors apply, Xen's order decides. register_ring tests flags
 * before len, pad and npage, but all of those are -EINVAL: the order among
 * them is not observable, only against other error codes.
 */
static void test_check_order(void)
{
    struct argo_model *m = setup(false);

    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, B, 47), 1, 2), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, XEN_ARGO_DOMID_ANY, 47), 1, 2),
                 -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, GHOST, 56), 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, A, fx_reg(1, XEN_ARGO_DOMID_ANY, 48),
                         MAX_PAGES + 1, 0), -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, NOARGO, fx_reg(1, GHOST, 47), 1ull << 32, 0),
                 -ARGO_EINVAL);
    CHECK_EQ_I64(reg_raw(m, NOARGO, fx_reg(1, GHOST, 47), 1, 0),
                 -ARGO_EACCES);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
}

int main(void)
{
    test_min_and_alignment();
    test_max_len();
    test_npages_exact();
    test_raw_args();
    test_pad_and_flags();
    test_fail_exist();
    test_reregister_keeps_tx();
    test_reregister_flushes_bad_tx();
    test_reregister_len_change();
    test_wildcard_permission();
    test_partner();
    test_ring_limit();
    test_bad_frame();
    test_reregister_keeps_waiters();
    test_check_order();
    fx_teardown();
    return CHECK_DONE();
}
