/* SPDX-License-Identifier: MIT */
/*
 * Description: IOCTL_PRIVCMD_IOEVENTFD assign: each argument check and its
 * error code, in privcmd_ioctl_ioeventfd / privcmd_ioeventfd_assign /
 * get_ioreq / alloc_ioreq order, and what a refused call leaves behind
 * (nothing).
 */
#include "check.h"
#include "../ioeventfd_lib/ioev_fixture.h"

static void argument_checks(void)
{
    struct fx *f = fx_new();
    struct ioev_args a;

    /* Flags: DEASSIGN is the only one; checked first, even before -EPERM. */
    a = fx_args(f, 3, 0);
    a.flags = 2;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    a.flags = 0x80000001u;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);

    /* addr + addr_len wrapping is checked before addr_len itself. */
    a = fx_args(f, 3, 0);
    a.addr = UINT64_MAX - 2;
    a.addr_len = 3;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    a.addr_len = 4;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    a.addr = UINT64_MAX - 8;
    a.addr_len = 8;                         /* ends exactly at the top: accepted */
    fx_ioctl_expect(f, a, 0);

    for (uint32_t len = 0; len <= 16; len++) {
        struct fx *g = fx_new();
        bool ok = len == 1 || len == 2 || len == 4 || len == 8;

        a = fx_args(g, 3, 0);
        a.addr_len = len;
        fx_ioctl_expect(g, a, ok ? 0 : -IOEV_EINVAL);
        fx_free(g);
    }

    a = fx_args(f, 4, 0);
    a.vcpus = 0;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    a.vcpus = IOEV_MAX_VCPUS + 1;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);

    /* The fd: closed or out of range -EBADF, not an eventfd -EINVAL. */
    a = fx_args(f, 0, 0);
    fx_ioctl_expect(f, a, -IOEV_EBADF);
    a.event_fd = 1000;
    fx_ioctl_expect(f, a, -IOEV_EBADF);
    a.event_fd = 7;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    fx_free(f);
}

static void restriction(void)
{
    struct fx *f = fx_new();
    struct ioev_args a = fx_args(f, 3, 0);

    f->m.restrict_domid = 5;
    fx_ioctl_expect(f, a, -IOEV_EPERM);
    /* -EPERM comes before the fd and the length are looked at. */
    a.event_fd = 0;
    a.addr_len = 3;
    fx_ioctl_expect(f, a, -IOEV_EPERM);
    a = fx_args(f, 3, 0);
    a.dom = 5;
    fx_ioctl_expect(f, a, 0);
    fx_free(f);
}

static void kioreq_creation(void)
{
    struct fx *f = fx_new();
    struct ioev_args a = fx_args(f, 3, 0);
    int k;

    /* Nothing mapped at or above the address: -EFAULT. */
    a.ioreq = 0x50000;
    fx_ioctl_expect(f, a, -IOEV_EFAULT);
    /* find_vma takes the next mapping up, even one that starts above. */
    a.ioreq = 0x100;
    fx_ioctl_expect(f, a, 0);
    k = ioev_kioreq_find(&f->m, 0x100);
    CHECK(k >= 0 && f->m.kioreqs[k].page == f->page_a);
    /* The second page of mapping A still gives mapping A's first page. */
    a = fx_args(f, 4, 0);
    a.ioreq = FX_MAP_A + 0x1000;
    fx_ioctl_expect(f, a, 0);
    k = ioev_kioreq_find(&f->m, FX_MAP_A + 0x1000);
    CHECK(k >= 0 && f->m.kioreqs[k].page == f->page_a);

    /* Ports: copying faults -EFAULT; a port with no event channel -ENOMEM. */
    a = fx_args(f, 3, 0);
    a.ioreq = FX_MAP_B;
    a.ports = NULL;
    fx_ioctl_expect(f, a, -IOEV_EFAULT);
    a.ports = (const uint32_t[]){ 10, IOEV_MAX_PORTS };   /* vCPU 1's fails */
    fx_ioctl_expect(f, a, -IOEV_ENOMEM);
    a.ports = f->ports;
    CHECK_EQ_I64(ioev_kioreq_find(&f->m, FX_MAP_B), -1);

    /* Each allocation in turn: registration, kioreq, the ports' copy. */
    for (uint32_t n = 1; n <= 3; n++) {
        ioev_fail_alloc(&f->m, n);
        fx_ioctl_expect(f, a, -IOEV_ENOMEM);
    }
    ioev_fail_alloc(&f->m, 4);              /* past the last allocation: fine */
    fx_ioctl_expect(f, a, 0);
    ioev_fail_alloc(&f->m, 0);

    /* The model's table of kioreqs is full: -ENOMEM from the kioreq's kzalloc. */
    a = fx_args(f, 3, 0);
    a.ioreq = FX_MAP_A + 0x1800;
    fx_ioctl_expect(f, a, 0);                 /* the fourth */
    a.ioreq = FX_MAP_A + 0x1900;
    fx_ioctl_expect(f, a, -IOEV_ENOMEM);
    fx_free(f);
}

static void sharing_and_duplicates(void)
{
    struct fx *f = fx_new();
    struct ioev_args a;
    int k;

    fx_ioctl_expect(f, fx_args(f, 3, 0), 0);
    CHECK_EQ_U64(f->m.nkioreqs, 1);
    /* A second queue on the same page joins the same kioreq, at the tail. */
    fx_ioctl_expect(f, fx_args(f, 4, 1), 0);
    CHECK_EQ_U64(f->m.nkioreqs, 1);
    k = ioev_kioreq_find(&f->m, FX_MAP_A);
    CHECK(k >= 0);
    CHECK_EQ_U64(f->m.kioreqs[k].nregs, 2);
    CHECK_EQ_U64(f->m.kioreqs[k].regs[1].ctx, 1);

    /* The same eventfd again, for any queue: -EBUSY, also through a dup'd fd. */
    fx_ioctl_expect(f, fx_args(f, 3, 5), -IOEV_EBUSY);
    fx_ioctl_expect(f, fx_args(f, 8, 0), -IOEV_EBUSY);
    /* The same address and queue with another eventfd: accepted (shadowed). */
    fx_ioctl_expect(f, fx_args(f, 5, 0), 0);
    CHECK_EQ_U64(f->m.kioreqs[k].nregs, 3);

    /* Same page address, other dom or vcpus: -EINVAL (get_ioreq). */
    a = fx_args(f, 6, 2);
    a.dom = 2;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    a = fx_args(f, 6, 2);
    a.vcpus = 3;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);
    /* Mismatch is checked before duplicates. */
    a = fx_args(f, 3, 0);
    a.dom = 2;
    fx_ioctl_expect(f, a, -IOEV_EINVAL);

    /* Another page: its own kioreq; the same eventfd may serve both. */
    a = fx_args(f, 3, 0);
    a.ioreq = FX_MAP_B;
    a.dom = 2;
    a.vcpus = 1;
    fx_ioctl_expect(f, a, 0);
    CHECK_EQ_U64(f->m.nkioreqs, 2);
    CHECK_EQ_U64(f->m.ctxs[0].kernel_refs, 2);
    /* Registrations are not checked against the vq's range: 0x10000 is kept. */
    a = fx_args(f, 6, 0x10000);
    fx_ioctl_expect(f, a, 0);
    fx_free(f);
}

int main(void)
{
    argument_checks();
    restriction();
    kioreq_creation();
    sharing_and_duplicates();
    return CHECK_DONE();
}
