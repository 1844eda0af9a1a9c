/* SPDX-License-Identifier: MIT */
/* Description: console output through console_io (dom0) or the PV console ring (domU). */
#include "console.h"

#include "hypercall.h"
#include "layout.h"
#include "platform.h"
#include "xen_if.h"

/* Yields before giving up on a console ring the backend does not drain. */
#define CONSOLE_PATIENCE    1000000u

static uint8_t ring_slot[LIVE_PAGE_SIZE] __attribute__((aligned(LIVE_PAGE_SIZE)));
static struct xencons_interface *ring;
static evtchn_port_t ring_port;

void console_init(void)
{
    const struct start_info *si = live_start_info();

    if (live_is_initial_domain() || !si->console.domU.mfn)
        return;
    if (live_map_frame(ring_slot, si->console.domU.mfn))
        return;
    ring = (struct xencons_interface *)ring_slot;
    ring_port = si->console.domU.evtchn;
}

static void ring_kick(void)
{
    struct evtchn_send send = { .port = ring_port };

    live_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
                    (uint64_t)(uintptr_t)&send);
}

static void ring_yield(void)
{
    live_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

static void ring_write(const char *s, size_t n)
{
    unsigned int patience = CONSOLE_PATIENCE;

    while (n) {
        XENCONS_RING_IDX cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
        XENCONS_RING_IDX prod = ring->out_prod;

        if (prod - cons >= sizeof(ring->out)) {
            ring_kick();
            ring_yield();
            if (!--patience)
                return;
            continue;
        }
        while (n && prod - cons < sizeof(ring->out)) {
            ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *s++;
            prod++;
            n--;
        }
        __atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
        ring_kick();
    }
}

void console_write(const char *s, size_t n)
{
    if (ring) {
        ring_write(s, n);
        return;
    }
    while (n) {
        unsigned int chunk = n > 4096 ? 4096 : (unsigned int)n;

        live_hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, chunk,
                        (uint64_t)(uintptr_t)s);
        s += chunk;
        n -= chunk;
    }
}

void console_flush(void)
{
    unsigned int patience = CONSOLE_PATIENCE;

    while (ring && patience-- &&
           __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) != ring->out_prod) {
        ring_kick();
        ring_yield();
    }
}
