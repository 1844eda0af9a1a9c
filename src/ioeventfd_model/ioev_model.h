/* SPDX-License-Identifier: MIT */
/*
 * Description: the ioeventfd model: Linux privcmd's IOCTL_PRIVCMD_IOEVENTFD
 * (assign and deassign) and its event-channel handler, as a pure state
 * machine.
 *
 * Our own implementation of the behaviour of drivers/xen/privcmd.c (Linux
 * 6.7 and later): privcmd_ioctl_ioeventfd, privcmd_ioeventfd_assign,
 * privcmd_ioeventfd_deassign, get_ioreq, alloc_ioreq, ioreq_free and
 * ioeventfd_interrupt. docs/ioeventfd.md lists each rule with the function
 * it comes from.
 *
 * What the kernel reaches through pointers is environment here, owned by the
 * model and set up by the caller: the file table (which fds are eventfds, and
 * of which eventfd context: two fds may share one), the device model's
 * mappings (find_vma), the number of event channels, and allocation
 * failures. The eventfd and the event channel are counters: signals per
 * eventfd context, notifications per port.
 *
 * No allocation: all state lives in struct ioev_model. Where the kernel's
 * kzalloc could go on, the model's fixed tables run out instead, and it
 * answers -ENOMEM from the same allocation site. The model is
 * single-threaded by contract: every call runs to completion, as if under
 * privcmd's ioreq_lock and the kioreq spinlock.
 */
#ifndef ARGOLAB_IOEV_MODEL_H
#define ARGOLAB_IOEV_MODEL_H

#include "ioev_abi.h"

#define IOEV_MAX_FDS      16u   /* fds 0..15; any other fd is -EBADF */
#define IOEV_MAX_CTXS     16u   /* eventfd contexts */
#define IOEV_MAX_VMAS     4u
#define IOEV_MAX_KIOREQS  4u    /* live per-(ioreq page) structures */
#define IOEV_MAX_REGS     16u   /* registrations per kioreq */
#define IOEV_MAX_PORTS    64u   /* event channels the model can count */

/* The argument of IOCTL_PRIVCMD_IOEVENTFD, its user pointers resolved. */
struct ioev_args {
    uint64_t ioreq;             /* device-model address of the ioreq page */
    const uint32_t *ports;      /* vcpus local ports; NULL: copying them faults */
    uint64_t addr;              /* base of the virtio-mmio device */
    uint32_t addr_len;
    uint32_t event_fd;
    uint32_t vcpus;
    uint32_t vq;
    uint32_t flags;
    uint16_t dom;
};

enum ioev_fd_kind {
    IOEV_FD_CLOSED = 0,
    IOEV_FD_EVENTFD,            /* an eventfd: ctx names its context */
    IOEV_FD_OTHER,              /* open, not an eventfd */
};

struct ioev_fd {
    uint8_t kind;
    uint8_t ctx;
};

struct ioev_ctx {
    uint64_t signals;           /* eventfd_signal calls */
    uint32_t kernel_refs;       /* references held by registrations */
};

/* A device-model mapping: [start, end), whose first page holds the slots. */
struct ioev_vma {
    bool in_use;
    uint64_t start, end;
    struct ioev_ioreq *page;    /* IOEV_PAGE_SLOTS slots, owned by the caller */
};

/* One registration (privcmd_kernel_ioeventfd). */
struct ioev_reg {
    uint8_t ctx;                /* the eventfd context it signals */
    uint64_t addr;
    uint32_t addr_len;
    uint32_t vq;
};

/* One ioreq page's registrations and bindings (privcmd_kernel_ioreq). */
struct ioev_kioreq {
    bool in_use;
    uint16_t dom;
    uint32_t vcpus;
    uint64_t uioreq;            /* the key: the address user space passed */
    struct ioev_ioreq *page;    /* the first page of the vma found for it */
    uint32_t nregs;
    struct ioev_reg regs[IOEV_MAX_REGS];   /* list order: oldest first */
    uint32_t ports[IOEV_MAX_VCPUS];        /* ports[v] is vCPU v's port */
};

struct ioev_stats {
    uint64_t handled;           /* handler runs that matched */
    uint64_t not_handled;       /* handler runs that left the slot alone */
    uint64_t out_of_page;       /* handler runs for a vCPU past the page */
};

struct ioev_model {
    uint16_t restrict_domid;    /* IOEV_DOMID_INVALID: unrestricted */
    uint32_t nr_ports;          /* event channels that exist (<= IOEV_MAX_PORTS) */
    uint32_t fail_alloc_in;     /* 0: never; n: the n-th allocation fails */
    struct ioev_fd fds[IOEV_MAX_FDS];
    struct ioev_ctx ctxs[IOEV_MAX_CTXS];
    struct ioev_vma vmas[IOEV_MAX_VMAS];
    uint64_t notified[IOEV_MAX_PORTS];     /* notify_remote_via_evtchn per port */
    /* ioreq_list: kioreqs[order[0]] is the oldest. */
    uint32_t nkioreqs;
    uint8_t order[IOEV_MAX_KIOREQS];
    struct ioev_kioreq kioreqs[IOEV_MAX_KIOREQS];
    struct ioev_stats stats;
};

/* ---- Environment (ioev_env.c) ---- */

/*
 * Empty model: no fds open, no mappings, no registrations. restrict_domid is
 * the privcmd file's restriction (IOEV_DOMID_INVALID for none); nr_ports the
 * number of event channels, capped at IOEV_MAX_PORTS.
 */
void ioev_model_init(struct ioev_model *m, uint16_t restrict_domid,
                     uint32_t nr_ports);

/*
 * Make fd an eventfd of context ctx, another kind of file, or closed.
 * Returns 0, or -1 for fd or ctx out of range. Closing or reopening an fd
 * does not drop the kernel's references to its old context (the kernel
 * holds the eventfd_ctx, not the fd).
 */
int ioev_fd_set(struct ioev_model *m, uint32_t fd, enum ioev_fd_kind kind,
                uint32_t ctx);

/*
 * Map [start, end) with page (IOEV_PAGE_SLOTS slots, the caller's memory,
 * alive as long as the model uses it). Returns 0, or -1 when the range is
 * empty, overlaps a mapping, or the table is full.
 */
int ioev_vma_map(struct ioev_model *m, uint64_t start, uint64_t end,
                 struct ioev_ioreq *page);

/* find_vma: the lowest mapping whose end is above addr, or NULL. */
const struct ioev_vma *ioev_find_vma(const struct ioev_model *m, uint64_t addr);

/* The n-th allocation from now fails with -ENOMEM (n = 0: none fails). */
void ioev_fail_alloc(struct ioev_model *m, uint32_t n);

/* ---- The ioctl (ioev_ioctl.c) ---- */

/*
 * IOCTL_PRIVCMD_IOEVENTFD. Returns 0 or a negative IOEV_E* code, in the
 * kernel's order of checks (privcmd_ioctl_ioeventfd):
 *   flags other than DEASSIGN -EINVAL; restricted file and dom differs
 *   -EPERM; then deassign or assign.
 * Assign (privcmd_ioeventfd_assign): addr + addr_len wraps -EINVAL;
 *   addr_len not 1, 2, 4 or 8 -EINVAL; vcpus 0 or > 4096 -EINVAL;
 *   allocation -ENOMEM; event_fd not open -EBADF, not an eventfd -EINVAL;
 *   then get_ioreq: a kioreq with this ioreq address but another dom or
 *   vcpus -EINVAL; the same eventfd context already registered on it
 *   -EBUSY; else alloc_ioreq for a new address: allocation -ENOMEM, no vma
 *   -EFAULT, ports fault -EFAULT, a port past the event channels -ENOMEM.
 *   On success the registration joins the tail of its kioreq's list.
 * Deassign (privcmd_ioeventfd_deassign): event_fd not open -EBADF, not an
 *   eventfd -EINVAL; the kioreq with equal dom, ioreq address and vcpus
 *   loses its registration of that eventfd context, and is freed with its
 *   bindings when it has none left; else -ENODEV. addr, addr_len and vq are
 *   not looked at.
 * A failed call leaves the model as it was (but an allocation failure
 * consumes the armed failure).
 */
int ioev_ioctl(struct ioev_model *m, const struct ioev_args *a);

/* ---- Matching and the handler (ioev_match.c) ---- */

/*
 * Would ioeventfd_interrupt look at this slot at all? State READY, type
 * COPY (MMIO) and direction write; nothing else (not data_is_ptr, count or
 * df) is checked.
 */
bool ioev_ioreq_claimable(const struct ioev_ioreq *r);

/*
 * The registration the kernel signals for r, or -1: the first of regs[0..n)
 * with r->addr == addr + 0x50 (64-bit wrap-around), r->size == addr_len and
 * (r->data & 0xffff) == vq. Does not check claimability. Pure.
 */
int ioev_match(const struct ioev_ioreq *r, const struct ioev_reg *regs,
               uint32_t n);

/* One handler run's result. */
struct ioev_outcome {
    bool handled;               /* IRQ_HANDLED */
    int reg;                    /* the registration signalled, or -1 */
    bool out_of_page;           /* vCPU slot lies past the page the kernel holds */
};

/*
 * ioeventfd_interrupt for vCPU vcpu of live kioreq k: if the slot is
 * claimable and a registration matches, that registration's eventfd
 * context is signalled once, the slot's state becomes IORESP_READY (no
 * other byte changes), the vCPU's port is notified once, and the run is
 * handled. Otherwise nothing changes (the kernel writes INPROCESS and then
 * READY back; the model writes only the final value). A vCPU at or past
 * IOEV_PAGE_SLOTS is reported out_of_page and nothing is touched: the
 * kernel would read past the one page it holds.
 */
struct ioev_outcome ioev_interrupt(struct ioev_model *m, uint32_t k,
                                   uint32_t vcpu);

/*
 * An event on port: every bound handler runs, as the shared IRQ's actions
 * do, in binding order (kioreqs oldest first, vCPUs in order). Returns the
 * number of runs that were handled.
 */
uint32_t ioev_event(struct ioev_model *m, uint32_t port);

/* ---- Lookup and checks (ioev_check.c) ---- */

/* The live kioreq for ioreq address uioreq, or -1. */
int ioev_kioreq_find(const struct ioev_model *m, uint64_t uioreq);

/* Live registrations in all kioreqs. */
uint32_t ioev_reg_count(const struct ioev_model *m);

/*
 * The model's structural invariants, or NULL when they hold: every live
 * kioreq has at least one registration and a distinct ioreq address, no
 * eventfd context is registered twice on one kioreq, each context's
 * kernel_refs equals its registrations, registrations have valid lengths and
 * do not wrap, vcpus is 1..4096 and ports exist. Returns a fixed message.
 */
const char *ioev_check(const struct ioev_model *m);

/*
 * Same registrations, kioreqs (in the same order, with the same ports) and
 * context references? Counters (signals, notifications, stats) and the
 * allocation-failure knob are not compared.
 */
bool ioev_same_registrations(const struct ioev_model *a,
                             const struct ioev_model *b);

#endif
