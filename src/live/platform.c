/* SPDX-License-Identifier: MIT */
/* Description: start_info, domain id, frames, exceptions and shutdown of the live guest. */
#include "platform.h"

#include "console.h"
#include "hypercall.h"
#include "layout.h"
#include "virq.h"
#include "xen_if.h"

#include "../trace/text_buf.h"

static struct start_info *start;
static uint16_t own_domid;

/* Entry points in entry.S. */
#define TRAP_VECTORS(X) \
    X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(10) X(11) X(12) X(13) \
    X(14) X(16) X(17) X(18) X(19)
#define DECLARE_TRAP(n) extern char live_trap_##n[];
TRAP_VECTORS(DECLARE_TRAP)

static void install_traps(void)
{
#define TRAP_ENTRY(n) { n, 0, FLAT_KERNEL_CS, (unsigned long)live_trap_##n },
    static struct trap_info table[] = { TRAP_VECTORS(TRAP_ENTRY) { 0, 0, 0, 0 } };
#undef TRAP_ENTRY

    live_hypercall1(__HYPERVISOR_set_trap_table, (uint64_t)(uintptr_t)table);
}

/*
 * An unbound event channel whose remote end is DOMID_SELF records the id
 * Xen resolved it to; EVTCHNOP_status reads it back.
 */
static uint16_t query_domid(void)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF,
                                          .remote_dom = DOMID_SELF };
    struct evtchn_status status = { .dom = DOMID_SELF };
    struct evtchn_close close;
    uint16_t id = 0;

    if (live_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                        (uint64_t)(uintptr_t)&alloc))
        return 0;
    status.port = alloc.port;
    if (!live_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_status,
                         (uint64_t)(uintptr_t)&status) &&
        status.status == EVTCHNSTAT_unbound)
        id = status.u.unbound.dom;
    close.port = alloc.port;
    live_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_close,
                    (uint64_t)(uintptr_t)&close);
    return id;
}

void live_platform_init(struct start_info *si)
{
    start = si;
    install_traps();
    own_domid = query_domid();
}

const struct start_info *live_start_info(void)
{
    return start;
}

uint16_t live_domid(void)
{
    return own_domid;
}

bool live_is_initial_domain(void)
{
    return (start->flags & SIF_INITDOMAIN) != 0;
}

uint64_t live_frame_of(const void *va)
{
    const unsigned long *p2m = (const unsigned long *)start->mfn_list;
    uint64_t pfn = ((uint64_t)(uintptr_t)va - LIVE_VIRT_BASE) >> LIVE_PAGE_SHIFT;

    return p2m[pfn];
}

long live_map_frame(void *va, uint64_t mfn)
{
    /* present, writable, user (Xen forces it for 64-bit PV), accessed, dirty */
    uint64_t pte = (mfn << LIVE_PAGE_SHIFT) | 0x67;

    return live_hypercall3(__HYPERVISOR_update_va_mapping,
                           (uint64_t)(uintptr_t)va, pte,
                           UVMF_INVLPG | UVMF_LOCAL);
}

void live_xen_version(char *buf, size_t cap)
{
    struct text_buf tb;
    xen_extraversion_t extra;
    long v = live_hypercall2(__HYPERVISOR_xen_version, XENVER_version, 0);

    tb_init(&tb, buf, cap);
    tb_u64(&tb, (uint64_t)v >> 16);
    tb_char(&tb, '.');
    tb_u64(&tb, (uint64_t)v & 0xffff);
    if (!live_hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion,
                         (uint64_t)(uintptr_t)extra)) {
        extra[sizeof(extra) - 1] = '\0';
        tb_str(&tb, extra);
    }
}

const char *live_cmdline(void)
{
    start->cmd_line[MAX_GUEST_CMDLINE - 1] = '\0';
    return (const char *)start->cmd_line;
}

_Noreturn void live_shutdown(void)
{
    struct sched_shutdown sd;

    console_flush();
    sd.reason = live_is_initial_domain() ? SHUTDOWN_reboot : SHUTDOWN_poweroff;
    for (;;)
        live_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                        (uint64_t)(uintptr_t)&sd);
}

/* Called from entry.S; frame points at what Xen pushed: rcx, r11, [error], rip. */
_Noreturn void live_trap(unsigned int vector, const uint64_t *frame);

_Noreturn void live_trap(unsigned int vector, const uint64_t *frame)
{
    static const uint32_t with_error = 1u << 8 | 1u << 10 | 1u << 11 |
                                       1u << 12 | 1u << 13 | 1u << 14 |
                                       1u << 17;
    bool has_error = vector < 32 && (with_error >> vector) & 1;
    char line[160];
    struct text_buf tb;

    tb_init(&tb, line, sizeof(line));
    tb_str(&tb, "argolab-live: end error exception ");
    tb_u64(&tb, vector);
    tb_str(&tb, " at rip ");
    tb_hex(&tb, frame[has_error ? 3 : 2]);
    if (has_error) {
        tb_str(&tb, " error ");
        tb_hex(&tb, frame[2]);
    }
    if (vector == 14 && live_shared_info()) {
        tb_str(&tb, " address ");
        tb_hex(&tb, live_shared_info()->vcpu_info[0].arch.cr2);
    }
    tb_char(&tb, '\n');
    console_write(tb.buf, tb.len);
    live_shutdown();
}
