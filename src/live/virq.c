/* SPDX-License-Identifier: MIT */
/* Description: shared_info mapping, VIRQ_ARGO binding and its pending bit. */
#include "virq.h"

#include "hypercall.h"
#include "layout.h"
#include "platform.h"
#include "xen_if.h"

/* The page whose virtual address shared_info is mapped at. */
static uint8_t shared_info_slot[LIVE_PAGE_SIZE]
    __attribute__((aligned(LIVE_PAGE_SIZE)));
static struct shared_info *shared;
static evtchn_port_t argo_port;

long live_virq_init(void)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_ARGO, .vcpu = 0 };
    long rc;

    rc = live_map_frame(shared_info_slot,
                        live_start_info()->shared_info >> LIVE_PAGE_SHIFT);
    if (rc)
        return rc;
    shared = (struct shared_info *)shared_info_slot;
    /*
     * No event callback is registered: an upcall would jump to address 0.
     * Xen starts vCPUs with upcalls masked; keep it so whoever built us.
     */
    __atomic_store_n(&shared->vcpu_info[0].evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
    rc = live_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
                         (uint64_t)(uintptr_t)&bind);
    if (rc)
        return rc;
    argo_port = bind.port;
    /* Nothing raised so far belongs to a trace. */
    live_virq_argo_take();
    return 0;
}

const struct shared_info *live_shared_info(void)
{
    return shared;
}

bool live_virq_argo_take(void)
{
    const unsigned int bits = sizeof(xen_ulong_t) * 8;
    xen_ulong_t *word = &shared->evtchn_pending[argo_port / bits];
    unsigned char was;

    /* Atomic against Xen setting other bits of the word on another CPU. */
    __asm__ volatile("lock btrq %2, %0; setc %1"
                     : "+m"(*word), "=q"(was)
                     : "r"((uint64_t)(argo_port % bits))
                     : "memory", "cc");
    return was;
}
