/* SPDX-License-Identifier: MIT */
/*
 * Description: IOCTL_PRIVCMD_IOEVENTFD deassign (privcmd_ioeventfd_deassign):
 * found by dom, ioreq address, vcpus and eventfd context only; -ENODEV
 * otherwise; the last registration takes its kioreq and bindings with it.
 */
#include "check.h"
#include "../ioeventfd_lib/ioev_fixture.h"

int main(void)
{
    struct fx *f = fx_new();
    struct ioev_args a;
    int k;

    /* Nothing assigned: -ENODEV; bad fds first. */
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 3, 0)), -IOEV_ENODEV);
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 0, 0)), -IOEV_EBADF);
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 7, 0)), -IOEV_EINVAL);

    CHECK_EQ_I64(ioev_ioctl(&f->m, &(struct ioev_args){ 0 }), -IOEV_EINVAL);
    a = fx_args(f, 3, 0);
    CHECK_EQ_I64(ioev_ioctl(&f->m, &a), 0);
    a = fx_args(f, 4, 1);
    CHECK_EQ_I64(ioev_ioctl(&f->m, &a), 0);

    /* Restricted to another domain: -EPERM before anything else. */
    f->m.restrict_domid = 9;
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 3, 0)), -IOEV_EPERM);
    f->m.restrict_domid = IOEV_DOMID_INVALID;

    /* Each of dom, ioreq address and vcpus must match. */
    a = fx_deassign(fx_args(f, 3, 0));
    a.dom = 2;
    fx_ioctl_expect(f, a, -IOEV_ENODEV);
    a = fx_deassign(fx_args(f, 3, 0));
    a.ioreq = FX_MAP_A + 8;
    fx_ioctl_expect(f, a, -IOEV_ENODEV);
    a = fx_deassign(fx_args(f, 3, 0));
    a.vcpus = 1;
    fx_ioctl_expect(f, a, -IOEV_ENODEV);
    /* An eventfd the kioreq does not hold. */
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 5, 0)), -IOEV_ENODEV);

    /*
     * addr, addr_len and vq are not compared, nor checked: a deassign with
     * a bad length and another queue still removes fd 3's registration.
     */
    a = fx_deassign(fx_args(f, 3, 9));
    a.addr = 0;
    a.addr_len = 3;
    fx_ioctl_expect(f, a, 0);
    k = ioev_kioreq_find(&f->m, FX_MAP_A);
    CHECK(k >= 0);
    CHECK_EQ_U64(f->m.kioreqs[k].nregs, 1);
    CHECK_EQ_U64(f->m.kioreqs[k].regs[0].ctx, 1);
    CHECK_EQ_U64(f->m.ctxs[0].kernel_refs, 0);
    /* Gone: deassigning it again is -ENODEV. */
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 3, 0)), -IOEV_ENODEV);

    /* Through a dup'd fd of the same eventfd works as well. */
    a = fx_args(f, 8, 0);
    CHECK_EQ_I64(ioev_ioctl(&f->m, &a), 0);
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 3, 0)), 0);

    /* The last registration frees the kioreq: no trace of it remains. */
    fx_ioctl_expect(f, fx_deassign(fx_args(f, 4, 1)), 0);
    CHECK_EQ_U64(f->m.nkioreqs, 0);
    CHECK_EQ_I64(ioev_kioreq_find(&f->m, FX_MAP_A), -1);
    CHECK_EQ_U64(ioev_reg_count(&f->m), 0);
    for (uint32_t c = 0; c < IOEV_MAX_CTXS; c++)
        CHECK_EQ_U64(f->m.ctxs[c].kernel_refs, 0);
    /* ...so the next assign may pick a new dom and vcpus for the page. */
    a = fx_args(f, 3, 0);
    a.dom = 4;
    a.vcpus = 7;
    CHECK_EQ_I64(ioev_ioctl(&f->m, &a), 0);

    /* An eventfd closed after assign still deassigns through another fd. */
    ioev_fd_set(&f->m, 3, IOEV_FD_CLOSED, 0);
    a.flags = IOEV_FLAG_DEASSIGN;
    fx_ioctl_expect(f, a, -IOEV_EBADF);
    a.event_fd = 8;
    fx_ioctl_expect(f, a, 0);
    fx_free(f);
    return CHECK_DONE();
}
