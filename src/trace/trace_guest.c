/* SPDX-License-Identifier: MIT */
/* Description: the guests a trace run plays: domains, ring memory, iov data, reading. */
#include "trace_run_internal.h"
#include "crc32.h"

struct trace_domain *runner_domain_find(struct trace_runner *run,
                                        argo_domid_t dom)
{
    for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++)
        if (run->domains[i].exists && run->domains[i].dom == dom)
            return &run->domains[i];
    return NULL;
}

struct trace_domain *runner_domain_free_slot(struct trace_runner *run)
{
    for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++)
        if (!run->domains[i].exists)
            return &run->domains[i];
    return NULL;
}

struct trace_guest_ring *runner_ring_find(struct trace_runner *run,
                                                const struct trace_ring_name *n)
{
    for (unsigned i = 0; i < run->nrings; i++) {
        struct trace_guest_ring *g = &run->rings[i];

        if (g->live && g->dom == n->dom && g->port == n->port &&
            g->partner == n->partner)
            return g;
    }
    return NULL;
}

struct trace_guest_ring *runner_ring_free_slot(struct trace_runner *run)
{
    struct trace_guest_ring *g;

    for (unsigned i = 0; i < run->nrings; i++)
        if (!run->rings[i].live && !run->rings[i].mem)
            return &run->rings[i];
    if (run->nrings == TRACE_RING_CAPACITY)
        return NULL;
    g = &run->rings[run->nrings++];
    memset(g, 0, sizeof(*g));
    return g;
}

void runner_ring_release(struct trace_runner *run,
                               struct trace_guest_ring *g)
{
    if (g->mem)
        run->host->release(run->host->ctx, g->mem, g->size);
    g->mem = NULL;
    g->live = false;
}

/* Rings can vanish as a side effect (destroy, failed re-registration). */
void runner_rings_sync(struct trace_runner *run)
{
    const struct argo_backend *be = run->be;

    for (unsigned i = 0; i < run->nrings; i++) {
        struct trace_guest_ring *g = &run->rings[i];

        if (g->live &&
            !be->ops->ring_registered(be->be, g->dom, g->port, g->partner))
            runner_ring_release(run, g);
    }
}

void runner_record_signal(void *ctx, argo_domid_t domid)
{
    struct trace_runner *run = ctx;
    struct trace_domain *d = runner_domain_find(run, domid);

    if (d)
        d->signals++;
    if (run->nop_signals < TRACE_MAX_OP_SIGNALS)
        run->op_signals[run->nop_signals++] = domid;
}

int runner_copy_iov(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    const struct trace_runner *run = ctx;
    const struct trace_op *op = run->sendv_op;
    uint64_t index = (hnd >> IOV_HND_SHIFT) - 1, off = hnd & IOV_OFF_MASK;
    const struct trace_iov *iov;
    uint8_t *out = dst;

    if ((hnd >> IOV_HND_SHIFT) == 0 || index >= op->u.sendv.iov_count)
        return 1;
    iov = &op->u.sendv.iovs[index];
    if (off > iov->len || len > iov->len - off || iov->kind == TRACE_IOV_FAULT)
        return 1;

    if (iov->kind == TRACE_IOV_HEX) {
        memcpy(out, run->trace->bytes + iov->hex_offset + off, len);
    } else if (iov->has_fill_byte) {
        memset(out, iov->fill_byte, len);
    } else {
        for (uint32_t i = 0; i < len; i++)
            out[i] = trace_fill_pattern((uint32_t)off + i);
    }
    return 0;
}

static uint32_t payload_crc(struct trace_runner *run,
                            const struct trace_guest_ring *g,
                            const struct argo_ring_msg *msg)
{
    uint32_t crc = 0;

    for (uint32_t off = 0; off < msg->payload_len;) {
        uint32_t n = msg->payload_len - off;

        if (n > sizeof(run->scratch))
            n = sizeof(run->scratch);
        ring_abi_copy_payload(run->abi, g->mem, g->len, msg, off,
                              run->scratch, n);
        crc = crc32_update(crc, run->scratch, n);
        off += n;
    }
    return crc;
}

/*
 * The receiving guest reads and consumes messages. rc (the count, or the
 * error that stopped it) precedes the msg= fields on the line, and a ring
 * can hold a million messages, so this runs twice: first without tb as a
 * dry run that puts rx_ptr back, then for real, printing as it goes.
 */
long runner_consume(struct trace_runner *run, const struct trace_op *op,
                        struct text_buf *tb)
{
    const struct trace_ring_name *n = &op->u.consume.ring;
    struct trace_guest_ring *g = runner_ring_find(run, n);
    const struct argo_backend *be = run->be;
    uint8_t saved_rx[sizeof(uint32_t)];
    long consumed = 0, rc = 0;

    if (!g)
        return -ARGO_ENOENT;
    memcpy(saved_rx, g->mem + ring_abi_rx_offset(run->abi), sizeof(saved_rx));
    while (op->u.consume.all || (uint32_t)consumed < op->u.consume.count) {
        struct argo_ring_msg msg;

        rc = ring_abi_peek(run->abi, g->mem, g->len, &msg);
        if (rc) {
            if (rc == -ARGO_ENOMSG)
                rc = 0;
            break;
        }
        if (tb) {
            tb_msg(tb, &msg, payload_crc(run, g, &msg));
            if (tb->len > 4000)
                runner_emit_tb(run, tb);
        }
        ring_abi_consume(run->abi, g->mem, &msg);
        if (tb && be->ops->guest_consumed)
            be->ops->guest_consumed(be->be, n->dom, n->port, n->partner,
                                    msg.payload_len);
        consumed++;
    }
    if (!tb)
        memcpy(g->mem + ring_abi_rx_offset(run->abi), saved_rx,
               sizeof(saved_rx));
    return rc ? rc : consumed;
}

long runner_set_index(struct trace_runner *run, const struct trace_op *op)
{
    const struct trace_ring_name *n = &op->u.set_index.ring;
    struct trace_guest_ring *g = runner_ring_find(run, n);
    const struct argo_backend *be = run->be;
    size_t off = op->kind == TRACE_OP_SET_RX ? ring_abi_rx_offset(run->abi)
                                             : ring_abi_tx_offset(run->abi);

    if (!g)
        return -ARGO_ENOENT;
    memcpy(g->mem + off, &op->u.set_index.value, sizeof(uint32_t));
    if (be->ops->guest_index_written)
        be->ops->guest_index_written(be->be, n->dom, n->port, n->partner);
    return 0;
}
