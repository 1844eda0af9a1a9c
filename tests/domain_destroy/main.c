/* SPDX-License-Identifier: MIT */
/*
 * Description: argo_destroy pinned to Xen 4.17: a dying domain's rings, the
 * rings others registered for it, and its waits on wildcard rings all go,
 * silently; a domain recreated under the same id starts clean.
 *
 * Expected values come from xen/common/argo.c: argo_destroy ->
 * domain_rings_remove_all (its rings, waiters dropped by
 * pending_remove_all), partner_rings_remove (others' rings with it as
 * partner, their ring_count--), wildcard_rings_pending_remove (its waits on
 * wildcard rings; model decision (c): done correctly, npending-- on the ring
 * it waits on). None of these signal.
 */
#include "check.h"
#include "model_fixture.h"

#define D       1       /* destroyed */
#define B       2
#define C       3
#define W       4       /* waits alongside D */
#define NOARGO  5
#define F       6       /* fills rings */
#define GHOST   77

#define ANY     XEN_ARGO_DOMID_ANY

/* from waits on (dst, port): fill the 64-byte ring first if asked. */
static void wait_on(struct argo_model *m, argo_domid_t from,
                    argo_domid_t dst, xen_argo_port_t port, bool fill,
                    argo_domid_t filler)
{
    if (fill)
        FX_MUST(fx_send_len(m, filler, dst, port, 16) == 16);
    FX_MUST(fx_send_len(m, from, dst, port, 16) == -ARGO_EAGAIN);
}

/*
 * D owns two rings; B and C each own a ring with D as partner, another
 * single-partner ring and a wildcard ring. D and W wait on the wildcard
 * rings; D waits on B's ring for it; B waits on both of D's rings.
 */
static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(true);

    fx_domains(m, D, 4);
    fx_domain(m, NOARGO, false);
    fx_domain(m, F, true);
    fx_ring_new(m, D, 1, ANY, 64);
    fx_ring_new(m, D, 2, B, 64);
    fx_ring_new(m, B, 10, D, 64);
    fx_ring_new(m, B, 11, C, 64);
    fx_ring_new(m, B, 12, ANY, 64);
    fx_ring_new(m, C, 20, D, 64);
    fx_ring_new(m, C, 21, ANY, 64);

    wait_on(m, D, B, 12, true, F);
    wait_on(m, W, B, 12, false, F);
    wait_on(m, D, C, 21, true, F);
    wait_on(m, W, C, 21, false, F);
    wait_on(m, D, B, 10, true, D);
    wait_on(m, B, D, 1, true, F);
    wait_on(m, B, D, 2, true, B);
    fx_signals_reset();
    return m;
}

static void test_setup_is_as_described(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(fx_ring_count(m, D), 2);
    CHECK_EQ_I64(fx_ring_count(m, B), 3);
    CHECK_EQ_I64(fx_ring_count(m, C), 2);
    CHECK_EQ_I64(fx_nwaiters(m, B, 12, ANY), 2);
    CHECK_EQ_I64(fx_nwaiters(m, C, 21, ANY), 2);
    CHECK_EQ_I64(fx_nwaiters(m, B, 10, D), 1);
    CHECK_EQ_I64(fx_nwaiters(m, D, 1, ANY), 1);
    CHECK_EQ_I64(fx_nwaiters(m, D, 2, B), 1);
}

static void test_destroy(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(argo_domain_destroy(m, D), 0);
    CHECK(argo_domain_find(m, D) == NULL);
    CHECK(fx_ring(m, D, 1, ANY) == NULL);
    CHECK(fx_ring(m, D, 2, B) == NULL);

    /* partner_rings_remove: rings for D go, and are no longer counted. */
    CHECK(fx_ring(m, B, 10, D) == NULL);
    CHECK(fx_ring(m, C, 20, D) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, B), 2);
    CHECK_EQ_I64(fx_ring_count(m, C), 1);
    CHECK(fx_ring(m, B, 11, C) != NULL);
    CHECK(fx_ring(m, B, 12, ANY) != NULL);
    CHECK(fx_ring(m, C, 21, ANY) != NULL);

    /* D's waits on wildcard rings go; W's stay as they were. */
    CHECK_EQ_I64(fx_nwaiters(m, B, 12, ANY), 1);
    CHECK_EQ_I64(fx_waiter_len(m, B, 12, ANY, D), -1);
    CHECK_EQ_I64(fx_waiter_len(m, B, 12, ANY, W), 16);
    CHECK_EQ_I64(fx_nwaiters(m, C, 21, ANY), 1);
    CHECK_EQ_I64(fx_waiter_len(m, C, 21, ANY, W), 16);

    /* Nothing is signalled, neither D's waiter B nor anyone else. */
    CHECK_EQ_U64(fx_signals_total(), 0);

    /* D is gone for everyone. */
    CHECK_EQ_I64(fx_send_len(m, B, D, 1, 4), -ARGO_ESRCH);
    CHECK_EQ_I64(fx_send_len(m, D, B, 12, 4), -ARGO_ESRCH);
    CHECK_EQ_I64(fx_register(m, B, 13, D, 64, NULL), -ARGO_ESRCH);
    CHECK_EQ_I64(argo_domain_destroy(m, D), -ARGO_ESRCH);
    CHECK_EQ_I64(argo_domain_destroy(m, GHOST), -ARGO_ESRCH);

    /* Emptying B's ring now wakes W alone. */
    fx_guest_set_rx(m, B, 12, ANY, 32);
    CHECK_EQ_I64(argo_notify(m, B, NULL, NULL), 0);
    CHECK_EQ_U64(fx_signals_to(W), 1);
    CHECK_EQ_U64(fx_signals_total(), 1);
    CHECK_EQ_I64(fx_nwaiters(m, B, 12, ANY), 0);
}

/* The id can be reused: the new domain has no rings and no waits. */
static void test_recreate(void)
{
    struct argo_model *m = setup();
    xen_argo_register_ring_t reg = fx_reg(10, D, 64);

    CHECK_EQ_I64(argo_domain_destroy(m, D), 0);
    CHECK_EQ_I64(argo_domain_create(m, D, true), 0);
    CHECK_EQ_I64(fx_ring_count(m, D), 0);
    CHECK(fx_ring(m, D, 1, ANY) == NULL);
    CHECK_EQ_I64(fx_send_len(m, D, B, 10, 4), -ARGO_ECONNREFUSED);

    /* A new ring for the new D: FAIL_EXIST proves the old one is gone. */
    CHECK_EQ_I64(argo_register_ring(m, B, &reg, fx_ring_mem(64), false, 1,
                                    XEN_ARGO_REGISTER_FLAG_FAIL_EXIST), 0);
    CHECK_EQ_I64(fx_ring_count(m, B), 3);
    CHECK_EQ_I64(fx_nwaiters(m, B, 10, D), 0);
    CHECK_EQ_I64(fx_send_len(m, D, B, 10, 4), 4);
    CHECK_EQ_U64(fx_signals_to(B), 1);

    CHECK_EQ_I64(fx_register(m, D, 1, ANY, 64, NULL), 0);
    CHECK_EQ_I64(fx_nwaiters(m, D, 1, ANY), 0);
    CHECK_EQ_I64(fx_ring_count(m, D), 1);
}

/* A domain without Argo state has nothing for argo_destroy to undo. */
static void test_destroy_noargo(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(argo_domain_destroy(m, NOARGO), 0);
    CHECK(argo_domain_find(m, NOARGO) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, D), 2);
    CHECK_EQ_I64(fx_ring_count(m, B), 3);
    CHECK_EQ_I64(fx_ring_count(m, C), 2);
    CHECK_EQ_I64(fx_nwaiters(m, B, 12, ANY), 2);
    CHECK_EQ_U64(fx_signals_total(), 0);
    CHECK_EQ_I64(fx_send_len(m, B, NOARGO, 1, 4), -ARGO_ESRCH);
    CHECK_EQ_I64(argo_domain_create(m, NOARGO, false), 0);
    CHECK_EQ_I64(fx_send_len(m, B, NOARGO, 1, 4), -ARGO_ECONNREFUSED);
}

/* Destroying a waiter only (no rings of its own) leaves every ring. */
static void test_destroy_waiter(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(argo_domain_destroy(m, W), 0);
    CHECK_EQ_I64(fx_nwaiters(m, B, 12, ANY), 1);
    CHECK_EQ_I64(fx_waiter_len(m, B, 12, ANY, D), 16);
    CHECK_EQ_I64(fx_nwaiters(m, C, 21, ANY), 1);
    CHECK_EQ_I64(fx_ring_count(m, B), 3);
    CHECK_EQ_I64(fx_ring_count(m, C), 2);
    CHECK_EQ_U64(fx_signals_total(), 0);
}

int main(void)
{
    test_setup_is_as_described();
    test_destroy();
    test_recreate();
    test_destroy_noargo();
    test_destroy_waiter();
    fx_teardown();
    return CHECK_DONE();
}
