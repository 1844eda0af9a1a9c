/* SPDX-License-Identifier: MIT */
/*
 * Description: XEN_ARGO_OP_notify ring-data entries pinned to Xen 4.17:
 * flags, max_message_size, the waits a query queues or cancels, the entry
 * count limit, and who may call it.
 *
 * Expected values come from xen/common/argo.c: notify (wake first, then
 * nent > MAX_NOTIFY_COUNT is -EACCES) and fill_ring_data (flags rebuilt from
 * 0; ring found with find_ring_info_by_match for the caller; EMSGSIZE, else
 * SUFFICIENT with pending_cancel, else pending_requeue with EBUSY as a flag;
 * EMPTY when space == max; only flags and max_message_size copied back).
 */
#include "check.h"
#include "model_fixture.h"

#define R       1       /* owns the rings */
#define Q       2       /* queries them */
#define P       3       /* another domain */
#define NOARGO  5
#define GHOST   77
#define FIRST_BUSY 10

#define ANY     XEN_ARGO_DOMID_ANY

#define EXISTS  XEN_ARGO_RING_EXISTS
#define SHARED  XEN_ARGO_RING_SHARED
#define EMPTY   XEN_ARGO_RING_EMPTY
#define SUFF    XEN_ARGO_RING_SUFFICIENT
#define MSGSIZE XEN_ARGO_RING_EMSGSIZE
#define BUSY    XEN_ARGO_RING_EBUSY

/* What the guest left in the fields Xen may or may not write. */
#define OLD_FLAGS   0xffffu
#define OLD_MAX     0xdeadbeefu
#define OLD_PAD     0x5555u

static xen_argo_ring_data_ent_t ents[ARGO_MAX_NOTIFY_COUNT + 1];

static struct argo_model *setup(void)
{
    struct argo_model *m = fx_init(true);

    fx_domains(m, R, 3);
    fx_domain(m, NOARGO, false);
    return m;
}

static xen_argo_ring_data_ent_t ent(argo_domid_t dom, xen_argo_port_t port,
                                    uint32_t space_required)
{
    xen_argo_ring_data_ent_t e = fx_ent(dom, port, space_required);

    e.flags = OLD_FLAGS;
    e.max_message_size = OLD_MAX;
    e.pad = OLD_PAD;
    return e;
}

/* One query; returns the flags Xen wrote (or -1 if the call failed). */
static int64_t query(struct argo_model *m, argo_domid_t caller,
                     argo_domid_t dom, xen_argo_port_t port,
                     uint32_t space_required, uint32_t *max)
{
    xen_argo_ring_data_ent_t e = ent(dom, port, space_required);

    if (fx_notify1(m, caller, &e))
        return -1;
    if (max)
        *max = e.max_message_size;
    return e.flags;
}

/*
 * fill_ring_data: no domain, no Argo state or no ring matching the caller
 * gives flags 0, and max_message_size is copied back as the guest wrote it.
 */
static void test_missing_rings(void)
{
    struct argo_model *m = setup();
    xen_argo_ring_data_t rd = { .nent = 6, .pad = 0 };
    unsigned flags_zero = 0, max_kept = 0, rest_kept = 0;

    fx_ring_new(m, R, 20, P, 64);
    ents[0] = ent(GHOST, 1, 0);
    ents[1] = ent(NOARGO, 1, 0);
    ents[2] = ent(R, 99, 0);
    ents[3] = ent(R, 20, 0);        /* single-partner ring for P, not Q */
    ents[4] = ent(ANY, 1, 0);
    ents[5] = ent(R, 20, 16);
    fx_signals_reset();

    CHECK_EQ_I64(argo_notify(m, Q, &rd, ents), 0);
    for (unsigned i = 0; i < 6; i++) {
        flags_zero += ents[i].flags == 0;
        max_kept += ents[i].max_message_size == OLD_MAX;
        rest_kept += ents[i].pad == OLD_PAD &&
                     ents[i].space_required == (i == 5 ? 16u : 0u);
    }
    CHECK_EQ_U64(flags_zero, 6);
    CHECK_EQ_U64(max_kept, 6);
    CHECK_EQ_U64(rest_kept, 6);
    CHECK_EQ_I64(fx_nwaiters(m, R, 20, P), 0);
    CHECK_EQ_U64(fx_signals_total(), 0);
}

/*
 * EXISTS for a matching ring, SHARED when it is a wildcard ring, and
 * max_message_size = len - header - one slot; the ring whose partner is the
 * caller is preferred to the wildcard ring on the same port.
 */
static void test_exists_shared_max(void)
{
    struct argo_model *m = setup();
    uint32_t max = 0;

    fx_ring_new(m, R, 1, ANY, 256);
    fx_ring_new(m, R, 2, Q, 512);
    fx_ring_new(m, R, 3, ANY, 1024);
    fx_ring_new(m, R, 3, Q, 128);

    CHECK_EQ_I64(query(m, Q, R, 1, 0, &max), EXISTS | SHARED | EMPTY | SUFF);
    CHECK_EQ_U64(max, 224);
    CHECK_EQ_I64(query(m, Q, R, 2, 0, &max), EXISTS | EMPTY | SUFF);
    CHECK_EQ_U64(max, 480);
    CHECK_EQ_I64(query(m, Q, R, 3, 0, &max), EXISTS | EMPTY | SUFF);
    CHECK_EQ_U64(max, 96);
    CHECK_EQ_I64(query(m, P, R, 3, 0, &max), EXISTS | SHARED | EMPTY | SUFF);
    CHECK_EQ_U64(max, 992);
    max = 7;
    CHECK_EQ_I64(query(m, P, R, 2, 0, &max), 0);
    CHECK_EQ_U64(max, OLD_MAX);
    /* The owner matches its own wildcard ring like anyone else. */
    CHECK_EQ_I64(query(m, R, R, 1, 0, &max), EXISTS | SHARED | EMPTY | SUFF);
    CHECK_EQ_U64(max, 224);
}

/*
 * SUFFICIENT when payload space >= space_required, cancelling the caller's
 * wait; otherwise a wait for space_required is queued (no flag), raised but
 * never lowered by later queries. EMPTY only when space == max.
 */
static void test_sufficient_and_wait(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 4, Q, 256);
    CHECK_EQ_I64(fx_send_len(m, Q, R, 4, 16), 16);  /* space 192 */
    fx_signals_reset();

    CHECK_EQ_I64(query(m, Q, R, 4, 192, NULL), EXISTS | SUFF);
    CHECK_EQ_I64(fx_nwaiters(m, R, 4, Q), 0);
    CHECK_EQ_I64(query(m, Q, R, 4, 193, NULL), EXISTS);
    CHECK_EQ_I64(fx_waiter_len(m, R, 4, Q, Q), 193);
    CHECK_EQ_I64(query(m, Q, R, 4, 200, NULL), EXISTS);
    CHECK_EQ_I64(fx_waiter_len(m, R, 4, Q, Q), 200);
    CHECK_EQ_I64(query(m, Q, R, 4, 195, NULL), EXISTS);
    CHECK_EQ_I64(fx_waiter_len(m, R, 4, Q, Q), 200);
    CHECK_EQ_I64(fx_nwaiters(m, R, 4, Q), 1);
    CHECK_EQ_I64(query(m, Q, R, 4, 0, NULL), EXISTS | SUFF);
    CHECK_EQ_I64(fx_nwaiters(m, R, 4, Q), 0);

    /* A wait from a refused sendv is cancelled the same way. */
    CHECK_EQ_I64(fx_send_len(m, Q, R, 4, 200), -ARGO_EAGAIN);
    CHECK_EQ_I64(fx_waiter_len(m, R, 4, Q, Q), 200);
    CHECK_EQ_I64(query(m, Q, R, 4, 100, NULL), EXISTS | SUFF);
    CHECK_EQ_I64(fx_nwaiters(m, R, 4, Q), 0);

    /* A queued query is woken by the owner's notify like any wait. */
    CHECK_EQ_I64(query(m, Q, R, 4, 224, NULL), EXISTS);
    fx_guest_set_rx(m, R, 4, Q, 32);
    CHECK_EQ_I64(argo_notify(m, R, NULL, NULL), 0);
    CHECK_EQ_U64(fx_signals_to(Q), 1);
    CHECK_EQ_I64(query(m, Q, R, 4, 224, NULL), EXISTS | EMPTY | SUFF);
    CHECK_EQ_U64(fx_signals_total(), 1);
}

/*
 * EMPTY is space == max_message_size exactly: one header-only message
 * (16 bytes) clears it; consuming it sets it again.
 */
static void test_empty(void)
{
    struct argo_model *m = setup();
    xen_argo_send_addr_t a = fx_addr(ANY, 0, R, 10);

    fx_ring_new(m, R, 10, Q, 256);
    CHECK_EQ_I64(query(m, Q, R, 10, 0, NULL), EXISTS | EMPTY | SUFF);
    CHECK_EQ_I64(fx_sendv(m, Q, &a, NULL, 0, 0), 0);    /* space 208 */
    CHECK_EQ_I64(query(m, Q, R, 10, 0, NULL), EXISTS | SUFF);
    CHECK_EQ_I64(query(m, Q, R, 10, 208, NULL), EXISTS | SUFF);
    CHECK_EQ_I64(query(m, Q, R, 10, 209, NULL), EXISTS);
    fx_guest_set_rx(m, R, 10, Q, 16);
    CHECK_EQ_I64(query(m, Q, R, 10, 0, NULL), EXISTS | EMPTY | SUFF);
}

/* pending_cancel removes the caller's wait only. */
static void test_cancel_is_per_domain(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 5, ANY, 256);
    CHECK_EQ_I64(fx_send_len(m, R, R, 5, 16), 16);  /* space 192 */
    CHECK_EQ_I64(query(m, Q, R, 5, 200, NULL), EXISTS | SHARED);
    CHECK_EQ_I64(query(m, P, R, 5, 210, NULL), EXISTS | SHARED);
    CHECK_EQ_I64(fx_nwaiters(m, R, 5, ANY), 2);
    CHECK_EQ_I64(query(m, Q, R, 5, 1, NULL), EXISTS | SHARED | SUFF);
    CHECK_EQ_I64(fx_nwaiters(m, R, 5, ANY), 1);
    CHECK_EQ_I64(fx_waiter_len(m, R, 5, ANY, P), 210);
}

/*
 * space_required > max_message_size is EMSGSIZE: no wait is queued and an
 * existing one is left alone. EMPTY is still reported.
 */
static void test_emsgsize(void)
{
    struct argo_model *m = setup();

    fx_ring_new(m, R, 6, ANY, 256);
    CHECK_EQ_I64(query(m, Q, R, 6, 225, NULL),
                 EXISTS | SHARED | MSGSIZE | EMPTY);
    CHECK_EQ_I64(query(m, Q, R, 6, 0xffffffffu, NULL),
                 EXISTS | SHARED | MSGSIZE | EMPTY);
    CHECK_EQ_I64(fx_nwaiters(m, R, 6, ANY), 0);
    CHECK_EQ_I64(query(m, Q, R, 6, 224, NULL), EXISTS | SHARED | SUFF | EMPTY);

    CHECK_EQ_I64(fx_send_len(m, P, R, 6, 16), 16);  /* space 192 */
    CHECK_EQ_I64(query(m, Q, R, 6, 200, NULL), EXISTS | SHARED);
    CHECK_EQ_I64(query(m, Q, R, 6, 225, NULL), EXISTS | SHARED | MSGSIZE);
    CHECK_EQ_I64(fx_waiter_len(m, R, 6, ANY, Q), 200);
}

/*
 * pending_queue's -EBUSY (32 other domains already waiting) becomes the
 * EBUSY flag; the call still succeeds and later entries are still answered.
 */
static void test_ebusy_flag(void)
{
    struct argo_model *m = fx_init(true);
    xen_argo_ring_data_t rd = { .nent = 2, .pad = 0 };
    unsigned queued = 0;

    fx_domains(m, R, 2);
    fx_domains(m, FIRST_BUSY, 32);
    fx_ring_new(m, R, 7, ANY, 64);
    fx_ring_new(m, R, 8, ANY, 64);
    CHECK_EQ_I64(fx_send_len(m, R, R, 7, 16), 16);  /* space 0 */
    for (unsigned i = 0; i < 32; i++)
        queued += query(m, FIRST_BUSY + i, R, 7, 16, NULL) ==
                  (EXISTS | SHARED);
    CHECK_EQ_U64(queued, 32);
    CHECK_EQ_I64(fx_nwaiters(m, R, 7, ANY), 32);

    ents[0] = ent(R, 7, 16);
    ents[1] = ent(R, 8, 16);
    CHECK_EQ_I64(argo_notify(m, Q, &rd, ents), 0);
    CHECK_EQ_U64(ents[0].flags, EXISTS | SHARED | BUSY);
    CHECK_EQ_U64(ents[0].max_message_size, 32);
    CHECK_EQ_U64(ents[1].flags, EXISTS | SHARED | EMPTY | SUFF);
    CHECK_EQ_I64(fx_waiter_len(m, R, 7, ANY, Q), -1);
    /* A domain already waiting is requeued, not refused. */
    CHECK_EQ_I64(query(m, FIRST_BUSY, R, 7, 32, NULL), EXISTS | SHARED);
    CHECK_EQ_I64(fx_waiter_len(m, R, 7, ANY, FIRST_BUSY), 32);
}

/*
 * notify: MAX_NOTIFY_COUNT (256) entries are answered; 257 is -EACCES with
 * no entry touched, but notify_check_pending has already woken waiters.
 */
static void test_nent_limit(void)
{
    struct argo_model *m = setup();
    xen_argo_ring_data_t rd = { .nent = ARGO_MAX_NOTIFY_COUNT, .pad = 0 };
    unsigned answered = 0, untouched = 0;

    fx_ring_new(m, R, 9, ANY, 256);
    for (unsigned i = 0; i <= ARGO_MAX_NOTIFY_COUNT; i++)
        ents[i] = ent(R, 9, 0);
    CHECK_EQ_I64(argo_notify(m, Q, &rd, ents), 0);
    for (unsigned i = 0; i < ARGO_MAX_NOTIFY_COUNT; i++)
        answered += ents[i].flags == (EXISTS | SHARED | EMPTY | SUFF) &&
                    ents[i].max_message_size == 224;
    CHECK_EQ_U64(answered, 256);
    CHECK_EQ_U64(ents[ARGO_MAX_NOTIFY_COUNT].flags, OLD_FLAGS);

    rd.nent = 0;
    CHECK_EQ_I64(argo_notify(m, Q, &rd, ents), 0);

    /* Q waits on R's ring; R's refused call still wakes it. */
    CHECK_EQ_I64(fx_send_len(m, P, R, 9, 192), 192);     /* tx 208 */
    CHECK_EQ_I64(fx_send_len(m, Q, R, 9, 100), -ARGO_EAGAIN);
    fx_guest_set_rx(m, R, 9, ANY, 208);
    fx_signals_reset();
    for (unsigned i = 0; i <= ARGO_MAX_NOTIFY_COUNT; i++)
        ents[i] = ent(R, 9, 0);
    rd.nent = ARGO_MAX_NOTIFY_COUNT + 1;
    CHECK_EQ_I64(argo_notify(m, R, &rd, ents), -ARGO_EACCES);
    CHECK_EQ_U64(fx_signals_to(Q), 1);
    CHECK_EQ_I64(fx_nwaiters(m, R, 9, ANY), 0);
    for (unsigned i = 0; i <= ARGO_MAX_NOTIFY_COUNT; i++)
        untouched += ents[i].flags == OLD_FLAGS &&
                     ents[i].max_message_size == OLD_MAX;
    CHECK_EQ_U64(untouched, 257);
    rd.nent = 0xffffffffu;
    CHECK_EQ_I64(argo_notify(m, R, &rd, ents), -ARGO_EACCES);
}

/* do_argo_op: xsm_argo_enable refuses a domain without Argo first. */
static void test_callers(void)
{
    struct argo_model *m = setup();
    xen_argo_ring_data_t rd = { .nent = 1, .pad = 0 };

    fx_ring_new(m, R, 1, ANY, 256);
    ents[0] = ent(R, 1, 0);
    CHECK_EQ_I64(argo_notify(m, NOARGO, NULL, NULL), -ARGO_EACCES);
    CHECK_EQ_I64(argo_notify(m, NOARGO, &rd, ents), -ARGO_EACCES);
    CHECK_EQ_U64(ents[0].flags, OLD_FLAGS);
    CHECK_EQ_I64(argo_notify(m, GHOST, &rd, ents), -ARGO_ESRCH);
    CHECK_EQ_I64(argo_notify(m, Q, NULL, NULL), 0);
}

int main(void)
{
    test_missing_rings();
    test_exists_shared_max();
    test_sufficient_and_wait();
    test_empty();
    test_cancel_is_per_domain();
    test_emsgsize();
    test_ebusy_flag();
    test_nent_limit();
    test_callers();
    fx_teardown();
    return CHECK_DONE();
}
