/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_unregister_ring pinned to Xen 4.17: pad, exact
 * ring id (port and partner, no wildcard fallback), the ring count, and
 * waiters dropped without a signal.
 *
 * Expected values come from xen/common/argo.c: do_argo_op
 * (xsm_argo_enable first), unregister_ring (pad, find_ring_info by exact id,
 * ring_count--) and ring_remove_info -> pending_remove_all.
 */
#include "check.h"
#include "model_fixture.h"

#define A       1       /* owns the rings */
#define B       2       /* partner of the specific ring */
#define C       3       /* another sender */
#define D       4       /* and another */
#define NOARGO  5
#define GHOST   77

#define ANY     XEN_ARGO_DOMID_ANY

static long unreg(struct argo_model *m, argo_domid_t caller,
                  xen_argo_port_t port, argo_domid_t partner, uint16_t pad)
{
    xen_argo_unregister_ring_t u = fx_unreg(port, partner);

    u.pad = pad;
    return argo_unregister_ring(m, caller, &u);
}

static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(true);

    fx_domains(m, A, 4);
    fx_domain(m, NOARGO, false);
    /* Same port twice: the wildcard ring and the one for B are distinct. */
    fx_ring_new(m, A, 10, ANY, 64);
    fx_ring_new(m, A, 10, B, 64);
    return m;
}

/* unregister_ring: pad != 0 is -EINVAL and leaves the ring alone. */
static void test_pad(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(unreg(m, A, 10, B, 1), -ARGO_EINVAL);
    CHECK_EQ_I64(unreg(m, A, 10, ANY, 0x8000), -ARGO_EINVAL);
    CHECK(fx_ring(m, A, 10, B) != NULL);
    CHECK(fx_ring(m, A, 10, ANY) != NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 2);
}

/* find_ring_info matches port, owner and partner exactly; else -ENOENT. */
static void test_exact_id(void)
{
    struct argo_model *m = setup();

    /* No fallback to the wildcard ring for an unknown partner. */
    CHECK_EQ_I64(unreg(m, A, 10, C, 0), -ARGO_ENOENT);
    CHECK_EQ_I64(unreg(m, A, 11, ANY, 0), -ARGO_ENOENT);
    CHECK_EQ_I64(unreg(m, A, 11, B, 0), -ARGO_ENOENT);
    /* A domain only ever unregisters its own rings. */
    CHECK_EQ_I64(unreg(m, B, 10, B, 0), -ARGO_ENOENT);
    CHECK_EQ_I64(unreg(m, B, 10, ANY, 0), -ARGO_ENOENT);
    CHECK_EQ_I64(fx_ring_count(m, A), 2);

    CHECK_EQ_I64(unreg(m, A, 10, B, 0), 0);
    CHECK(fx_ring(m, A, 10, B) == NULL);
    CHECK(fx_ring(m, A, 10, ANY) != NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 1);
    CHECK_EQ_I64(unreg(m, A, 10, B, 0), -ARGO_ENOENT);

    CHECK_EQ_I64(unreg(m, A, 10, ANY, 0), 0);
    CHECK(fx_ring(m, A, 10, ANY) == NULL);
    CHECK_EQ_I64(fx_ring_count(m, A), 0);
    CHECK_EQ_I64(unreg(m, A, 10, ANY, 0), -ARGO_ENOENT);
}

/* After unregistering, B falls back to the wildcard ring, then to nothing. */
static void test_sends_after_unregister(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(unreg(m, A, 10, B, 0), 0);
    CHECK_EQ_I64(fx_send_len(m, B, A, 10, 8), 8);
    CHECK_EQ_U64(fx_ring(m, A, 10, ANY)->tx_ptr, 32);
    CHECK_EQ_I64(unreg(m, A, 10, ANY, 0), 0);
    CHECK_EQ_I64(fx_send_len(m, B, A, 10, 8), -ARGO_ECONNREFUSED);
}

/*
 * ring_remove_info -> pending_remove_all frees waiters without signalling
 * them; a ring registered again under the same id starts with none.
 */
static void test_waiters_dropped(void)
{
    struct argo_model *m = setup();

    /* Fill the wildcard ring (64 bytes) so C and D must wait on it. */
    CHECK_EQ_I64(fx_send_len(m, C, A, 10, 16), 16);
    CHECK_EQ_I64(fx_send_len(m, D, A, 10, 16), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_send_len(m, C, A, 10, 1), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_nwaiters(m, A, 10, ANY), 2);
    fx_signals_reset();

    CHECK_EQ_I64(unreg(m, A, 10, ANY, 0), 0);
    CHECK_EQ_U64(fx_signals_total(), 0);
    fx_ring_new(m, A, 10, ANY, 64);
    CHECK_EQ_I64(fx_nwaiters(m, A, 10, ANY), 0);
    /* The specific ring for B was never involved. */
    CHECK_EQ_I64(fx_nwaiters(m, A, 10, B), 0);
    CHECK_EQ_I64(fx_ring_count(m, A), 2);
    CHECK_EQ_U64(fx_signals_total(), 0);
}

/* do_argo_op: xsm_argo_enable refuses before unregister_ring reads pad. */
static void test_callers(void)
{
    struct argo_model *m = setup();

    CHECK_EQ_I64(unreg(m, NOARGO, 10, ANY, 0), -ARGO_EACCES);
    CHECK_EQ_I64(unreg(m, NOARGO, 10, ANY, 1), -ARGO_EACCES);
    CHECK_EQ_I64(unreg(m, GHOST, 10, ANY, 0), -ARGO_ESRCH);
    CHECK_EQ_I64(fx_ring_count(m, A), 2);
}

int main(void)
{
    test_pad();
    test_exact_id();
    test_sends_after_unregister();
    test_waiters_dropped();
    test_callers();
    fx_teardown();
    return CHECK_DONE();
}
