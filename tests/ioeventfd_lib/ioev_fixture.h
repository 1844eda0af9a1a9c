/* SPDX-License-Identifier: MIT */
/*
 * Description: the set-up the ioeventfd tests share: a model with four
 * eventfds (one of them open twice), a non-eventfd file, two mappings of
 * one ioreq page each, and a helper that builds a guest QueueNotify write.
 *
 *   fd 3..6  eventfd contexts 0..3     fd 7  a file that is not an eventfd
 *   fd 8     context 0 again (dup)     other fds closed
 *   mapping A [0x10000, 0x12000) -> page_a    mapping B [0x40000, 0x41000) -> page_b
 *   event channels 0..63; ports[v] = 10 + v
 */
#ifndef ARGOLAB_IOEV_FIXTURE_H
#define ARGOLAB_IOEV_FIXTURE_H

#include <stdlib.h>

#include "ioeventfd_model/ioev_model.h"

#define FX_MAP_A 0x10000u
#define FX_MAP_B 0x40000u
#define FX_DEV   0x0a000000u        /* a virtio-mmio device's base */

struct fx {
    struct ioev_model m;
    struct ioev_ioreq *page_a, *page_b;     /* exactly one page each */
    uint32_t ports[IOEV_MAX_VCPUS];
};

static inline struct fx *fx_new(void)
{
    struct fx *f = calloc(1, sizeof(*f));

    if (!f)
        abort();
    f->page_a = calloc(IOEV_PAGE_SLOTS, sizeof(struct ioev_ioreq));
    f->page_b = calloc(IOEV_PAGE_SLOTS, sizeof(struct ioev_ioreq));
    if (!f->page_a || !f->page_b)
        abort();
    ioev_model_init(&f->m, IOEV_DOMID_INVALID, IOEV_MAX_PORTS);
    for (uint32_t c = 0; c < 4; c++)
        ioev_fd_set(&f->m, 3 + c, IOEV_FD_EVENTFD, c);
    ioev_fd_set(&f->m, 7, IOEV_FD_OTHER, 0);
    ioev_fd_set(&f->m, 8, IOEV_FD_EVENTFD, 0);
    if (ioev_vma_map(&f->m, FX_MAP_A, FX_MAP_A + 0x2000, f->page_a) ||
        ioev_vma_map(&f->m, FX_MAP_B, FX_MAP_B + 0x1000, f->page_b))
        abort();
    for (uint32_t v = 0; v < IOEV_MAX_VCPUS; v++)
        f->ports[v] = 10 + v % 50;
    return f;
}

static inline void fx_free(struct fx *f)
{
    free(f->page_a);
    free(f->page_b);
    free(f);
}

/* Assign fd for queue vq of the device at FX_DEV, dom 1, 2 vCPUs, on mapping A. */
static inline struct ioev_args fx_args(const struct fx *f, uint32_t fd, uint32_t vq)
{
    struct ioev_args a = {
        .ioreq = FX_MAP_A, .ports = f->ports, .addr = FX_DEV, .addr_len = 4,
        .event_fd = fd, .vcpus = 2, .vq = vq, .flags = 0, .dom = 1,
    };
    return a;
}

static inline struct ioev_args fx_deassign(struct ioev_args a)
{
    a.flags = IOEV_FLAG_DEASSIGN;
    return a;
}

#ifdef CHECK
/*
 * One ioctl expected to return want; a refused one must leave the
 * registrations as they were, and the model's invariants must hold either
 * way. Needs check.h included first.
 */
static inline void fx_ioctl_expect(struct fx *f, struct ioev_args a, int want)
{
    static struct ioev_model before;
    int rc;

    before = f->m;
    rc = ioev_ioctl(&f->m, &a);
    CHECK_EQ_I64(rc, want);
    if (rc)
        CHECK(ioev_same_registrations(&before, &f->m));
    CHECK_EQ_STR(ioev_check(&f->m), NULL);
}
#endif

/* What Xen writes into a vCPU's slot for the guest's QueueNotify write of vq. */
static inline struct ioev_ioreq fx_notify(uint64_t dev, uint32_t size, uint64_t data)
{
    struct ioev_ioreq r = {
        .addr = dev + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY, .data = data, .count = 1,
        .size = size, .vp_eport = 77, .pad0 = 0,
        .bits = IOEV_STATE_READY, .type = IOEV_TYPE_COPY,
    };
    return r;
}

#endif
