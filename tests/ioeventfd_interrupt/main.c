/* SPDX-License-Identifier: MIT */
/*
 * Description: ioeventfd_interrupt on the shared page: a match signals its
 * eventfd once, completes the slot (state IORESP_READY, nothing else) and
 * notifies the vCPU's port; anything else is left byte for byte. Events on
 * a port shared by several bindings run every handler in binding order.
 */
#include "check.h"
#include "../ioeventfd_lib/ioev_fixture.h"

static void assign_ok(struct fx *f, struct ioev_args a)
{
    CHECK_EQ_I64(ioev_ioctl(&f->m, &a), 0);
}

static void match_completes(void)
{
    struct fx *f = fx_new();
    struct ioev_ioreq want;
    struct ioev_outcome o;
    int k;

    assign_ok(f, fx_args(f, 3, 0));
    assign_ok(f, fx_args(f, 4, 1));
    k = ioev_kioreq_find(&f->m, FX_MAP_A);

    f->page_a[1] = fx_notify(FX_DEV, 4, 0x00000000cafe0001ull);
    want = f->page_a[1];
    ioev_ioreq_set_state(&want, IOEV_STATE_RESP_READY);
    o = ioev_interrupt(&f->m, (uint32_t)k, 1);
    CHECK(o.handled);
    CHECK_EQ_I64(o.reg, 1);
    CHECK_EQ_MEM(&f->page_a[1], &want, sizeof(want));
    CHECK_EQ_U64(f->m.ctxs[1].signals, 1);
    CHECK_EQ_U64(f->m.ctxs[0].signals, 0);
    CHECK_EQ_U64(f->m.notified[11], 1);     /* vCPU 1's port, not vp_eport */
    CHECK_EQ_U64(f->m.notified[10], 0);      /* vCPU 0 was not the one */

    /* Completed: a second event finds it not READY and leaves it. */
    o = ioev_interrupt(&f->m, (uint32_t)k, 1);
    CHECK(!o.handled);
    CHECK_EQ_U64(f->m.ctxs[1].signals, 1);
    CHECK_EQ_MEM(&f->page_a[1], &want, sizeof(want));
    fx_free(f);
}

static void others_untouched(void)
{
    struct fx *f = fx_new();
    struct ioev_ioreq cases[8], copy;
    int k;

    assign_ok(f, fx_args(f, 3, 0));
    k = ioev_kioreq_find(&f->m, FX_MAP_A);
    for (int i = 0; i < 8; i++)
        cases[i] = fx_notify(FX_DEV, 4, 0);
    ioev_ioreq_set_state(&cases[0], IOEV_STATE_INPROCESS);
    cases[1].type = IOEV_TYPE_PIO;
    cases[2].bits |= IOEV_BITS_DIR;         /* a read of QueueNotify */
    cases[3].addr += 4;                     /* another register */
    cases[4].size = 2;                      /* another width */
    cases[5].data = 1;                      /* another queue */
    ioev_ioreq_set_state(&cases[6], IOEV_STATE_NONE);
    cases[7].type = IOEV_TYPE_INVALIDATE;
    for (int i = 0; i < 8; i++) {
        f->page_a[0] = cases[i];
        copy = cases[i];
        CHECK(!ioev_interrupt(&f->m, (uint32_t)k, 0).handled);
        CHECK_EQ_MEM(&f->page_a[0], &copy, sizeof(copy));
    }
    CHECK_EQ_U64(f->m.ctxs[0].signals, 0);
    CHECK_EQ_U64(f->m.notified[10], 0);
    fx_free(f);
}

static void shared_ports_and_pages(void)
{
    struct fx *f = fx_new();
    struct ioev_args a;
    uint32_t same[2] = { 20, 20 };

    /* Two kioreqs on one page (mapping A's first and second page). */
    assign_ok(f, fx_args(f, 3, 0));
    a = fx_args(f, 4, 0);
    a.ioreq = FX_MAP_A + 0x1000;
    a.ports = same;
    assign_ok(f, a);

    /* Port 10 is bound to the first kioreq's vCPU 0 only. */
    f->page_a[0] = fx_notify(FX_DEV, 4, 0);
    CHECK_EQ_U64(ioev_event(&f->m, 10), 1);
    CHECK_EQ_U64(f->m.ctxs[0].signals, 1);
    CHECK_EQ_U64(f->m.ctxs[1].signals, 0);

    /*
     * Port 20 is both vCPUs' port of the second kioreq: one event runs two
     * handlers, one per slot; each completes its own slot.
     */
    f->page_a[0] = fx_notify(FX_DEV, 4, 0);
    f->page_a[1] = fx_notify(FX_DEV, 4, 0);
    CHECK_EQ_U64(ioev_event(&f->m, 20), 2);
    CHECK_EQ_U64(f->m.ctxs[1].signals, 2);
    CHECK_EQ_U64(f->m.notified[20], 2);
    CHECK_EQ_U64(ioev_ioreq_state(&f->page_a[0]), IOEV_STATE_RESP_READY);
    CHECK_EQ_U64(ioev_event(&f->m, 33), 0);
    fx_free(f);
}

static void past_the_page(void)
{
    struct fx *f = fx_new();
    struct ioev_args a = fx_args(f, 3, 0);
    struct ioev_outcome o;
    int k;

    /* 200 vCPUs are accepted, but the kernel holds one page: 128 slots. */
    a.vcpus = 200;
    assign_ok(f, a);
    k = ioev_kioreq_find(&f->m, FX_MAP_A);
    o = ioev_interrupt(&f->m, (uint32_t)k, 127);
    CHECK(!o.out_of_page);
    o = ioev_interrupt(&f->m, (uint32_t)k, 128);
    CHECK(o.out_of_page);
    CHECK(!o.handled);
    CHECK_EQ_U64(f->m.stats.out_of_page, 1);
    /* A vCPU the kioreq does not have is no handler at all. */
    o = ioev_interrupt(&f->m, (uint32_t)k, 200);
    CHECK(!o.out_of_page && !o.handled);
    fx_free(f);
}

int main(void)
{
    match_completes();
    others_untouched();
    shared_ports_and_pages();
    past_the_page();
    return CHECK_DONE();
}
