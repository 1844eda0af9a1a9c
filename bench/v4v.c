/* SPDX-License-Identifier: MIT */
/*
 * Description: the same engine writing V4V rings and Argo rings:
 * abi_sendv_consume/{argo,v4v}/N sends one N-byte message and the receiver
 * reads and consumes it, on each ABI's ring, through each ABI's hypercall
 * and reader. The two share the copy path and the message format, so their
 * ratio is the cost of what differs: checks, lookups, the ring layout.
 *
 * The ring holds 64 messages of N bytes; it never fills, because each send
 * is consumed before the next.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bench_sizes.h"
#include "shim/bench_shim.h"
#include "ring_model/v4v_model.h"
#include "ring_model/v4v_reader.h"

#define MESSAGES 64u

static int copy_host_pointer(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    (void)ctx;
    memcpy(dst, (const void *)(uintptr_t)hnd, len);
    return 0;
}

static long register_ring(struct argo_model *m, uint8_t abi, uint8_t *mem,
                          uint32_t len, uint32_t npages)
{
    if (abi == RING_ABI_V4V) {
        v4v_pfn_list_t pfns;
        v4v_ring_t h;

        memset(&h, 0, sizeof(h));
        h.magic = V4V_RING_MAGIC;
        h.id.addr.port = 7;
        h.id.partner = 0;
        h.len = len;
        memcpy(mem, &h, sizeof(h));
        memset(&pfns, 0, sizeof(pfns));
        pfns.magic = V4V_PFN_LIST_MAGIC;
        pfns.npage = npages;
        return v4v_register_ring(m, 1, mem, (uintptr_t)mem, &pfns, false);
    } else {
        xen_argo_register_ring_t reg = { 7, 0, 0, len };

        return argo_register_ring(m, 1, &reg, mem, false, npages, 0);
    }
}

static void abi_run(struct bench_state *st, uint8_t abi)
{
    uint32_t size = (uint32_t)bench_arg_at(st, 0);
    uint32_t len = (MESSAGES + 1) * bench_msg_slots(size);
    uint32_t npages = ring_abi_npages(abi, len);
    struct argo_guest_reader guest = { copy_host_pointer, NULL };
    struct argo_model *m = malloc(sizeof(*m));
    uint8_t *payload = calloc(1, size ? size : 1), *out = malloc(size ? size : 1);
    uint8_t *mem = aligned_alloc(ARGO_PAGE_SIZE, (size_t)npages * ARGO_PAGE_SIZE);
    xen_argo_send_addr_t addr = { { 3, 0, 0 }, { 7, 1, 0 } };
    xen_argo_iov_t iov = { (uintptr_t)payload, size, 0 };
    v4v_addr_t src = { 3, 0 }, dst = { 7, 1 };
    v4v_iov_t v4v_iov = { (uintptr_t)payload, size };

    if (!m || !payload || !out || !mem) {
        bench_skip(st, "out of memory");
        goto out;
    }
    memset(mem, 0, (size_t)npages * ARGO_PAGE_SIZE);
    argo_model_init(m);
    m->abi = abi;
    if (argo_domain_create(m, 0, true) || argo_domain_create(m, 1, true) ||
        register_ring(m, abi, mem, len, npages)) {
        bench_skip(st, "setting up the ring failed");
        goto out;
    }

    while (bench_keep_running(st)) {
        long sent, read;

        if (abi == RING_ABI_V4V) {
            sent = v4v_sendv(m, 0, &src, &dst, &v4v_iov, 1, 0, &guest);
            read = v4v_copy_out(mem, len, NULL, NULL, out, size, true);
        } else {
            sent = argo_sendv(m, 0, &addr, &iov, 1, 0, &guest);
            read = argo_ring_copy_out(mem, len, NULL, NULL, out, size, true);
        }
        bench_clobber(out);
        if (sent != (long)size || read != (long)size) {
            bench_skip(st, "a send or a read failed");
            break;
        }
    }
    bench_set_bytes(st, bench_iterations(st) * (int64_t)size);
    bench_set_items(st, bench_iterations(st));
out:
    free(mem);
    free(out);
    free(payload);
    free(m);
}

static void abi_argo(struct bench_state *st) { abi_run(st, RING_ABI_ARGO); }
static void abi_v4v(struct bench_state *st) { abi_run(st, RING_ABI_V4V); }

BENCH_REGISTER(register_abi)
{
    bench_range(bench_register("abi_sendv_consume/argo", abi_argo), 16, 65536, 16);
    bench_range(bench_register("abi_sendv_consume/v4v", abi_v4v), 16, 65536, 16);
}
