/* SPDX-License-Identifier: MIT */
/* Description: the result lines of a trace run, as docs/trace-format.md fixes them. */
#include "trace_run_internal.h"
#include "crc32.h"

static const char *const ring_flag_names[XEN_ARGO_RING_FLAG_COUNT] = {
    "EXISTS", "SHARED", "EMPTY", "SUFFICIENT", "EMSGSIZE", "EBUSY",
};
static const char *const v4v_ring_flag_names[V4V_RING_DATA_F_COUNT] = {
    "EMPTY", "EXISTS", "PENDING", "SUFFICIENT",
};

void runner_emit(struct trace_runner *run, const char *s, size_t n)
{
    if (!run->write_status)
        run->write_status = run->host->write(run->host->ctx, s, n);
}

void runner_emit_tb(struct trace_runner *run, struct text_buf *tb)
{
    runner_emit(run, tb->buf, tb->len);
    tb_reset(tb);
}

void tb_rc(struct text_buf *tb, long rc)
{
    const char *name = rc < 0 ? argo_errno_name(-rc) : NULL;

    tb_str(tb, " rc=");
    if (rc >= 0) {
        tb_u64(tb, (uint64_t)rc);
    } else if (name) {
        tb_char(tb, '-');
        tb_str(tb, name);
    } else {
        tb_i64(tb, rc);
    }
}

void tb_partner(struct text_buf *tb, argo_domid_t partner)
{
    if (partner == XEN_ARGO_DOMID_ANY)
        tb_str(tb, "any");
    else
        tb_u64(tb, partner);
}

void tb_msg(struct text_buf *tb, const struct argo_ring_msg *msg,
                   uint32_t crc)
{
    tb_str(tb, " msg=");
    tb_u64(tb, msg->src_dom);
    tb_char(tb, ':');
    tb_u64(tb, msg->src_port);
    tb_char(tb, ':');
    tb_u64(tb, msg->message_type);
    tb_char(tb, ':');
    tb_u64(tb, msg->payload_len);
    tb_char(tb, ':');
    tb_hex_fixed(tb, crc, 8);
}

void tb_ring_flags(struct text_buf *tb, uint16_t flags, uint8_t abi)
{
    const char *const *names = abi == RING_ABI_V4V ? v4v_ring_flag_names
                                                   : ring_flag_names;
    unsigned count = abi == RING_ABI_V4V ? V4V_RING_DATA_F_COUNT
                                         : XEN_ARGO_RING_FLAG_COUNT;
    bool any = false;

    for (unsigned bit = 0; bit < count; bit++) {
        if (!(flags & (1u << bit)))
            continue;
        if (any)
            tb_char(tb, '|');
        tb_str(tb, names[bit]);
        any = true;
    }
    if (!any)
        tb_char(tb, '-');
}

void runner_emit_signals(struct trace_runner *run, struct text_buf *tb)
{
    argo_domid_t *s = run->op_signals;
    uint32_t n = run->nop_signals;

    /* Insertion sort: at most a few thousand, almost always one or two. */
    for (uint32_t i = 1; i < n; i++) {
        argo_domid_t v = s[i];
        uint32_t j = i;

        for (; j > 0 && s[j - 1] > v; j--)
            s[j] = s[j - 1];
        s[j] = v;
    }
    for (uint32_t i = 0; i < n; i++) {
        tb_str(tb, i ? "," : " signal=");
        tb_u64(tb, s[i]);
        if (tb->len > 4000)
            runner_emit_tb(run, tb);
    }
}

static int ring_order(const struct trace_guest_ring *a,
                      const struct trace_guest_ring *b)
{
    if (a->dom != b->dom)
        return a->dom < b->dom ? -1 : 1;
    if (a->port != b->port)
        return a->port < b->port ? -1 : 1;
    if (a->partner != b->partner)
        return a->partner < b->partner ? -1 : 1;
    return 0;
}

static void emit_ring_line(struct trace_runner *run,
                           const struct trace_guest_ring *g)
{
    char line[256];
    struct text_buf tb;
    uint32_t rx, tx;

    memcpy(&rx, g->mem + ring_abi_rx_offset(run->abi), sizeof(rx));
    memcpy(&tx, g->mem + ring_abi_tx_offset(run->abi), sizeof(tx));
    tb_init(&tb, line, sizeof(line));
    tb_str(&tb, "ring ");
    tb_u64(&tb, g->dom);
    tb_char(&tb, ' ');
    tb_u64(&tb, g->port);
    tb_char(&tb, ' ');
    tb_partner(&tb, g->partner);
    tb_str(&tb, " len=");
    tb_u64(&tb, g->len);
    tb_str(&tb, " tx=");
    tb_u64(&tb, tx);
    tb_str(&tb, " rx=");
    tb_u64(&tb, rx);
    tb_str(&tb, " crc=");
    tb_hex_fixed(&tb, crc32_update(0, g->mem + ring_abi_header_size(run->abi),
                                   g->len), 8);
    tb_char(&tb, '\n');
    runner_emit_tb(run, &tb);
}

/* Selection of the next line each time: n is small and output is once. */
void runner_emit_final_state(struct trace_runner *run)
{
    const struct trace_guest_ring *prev = NULL;
    char line[96];
    struct text_buf tb;
    int prev_dom = -1;

    for (;;) {
        const struct trace_guest_ring *next = NULL;

        for (unsigned i = 0; i < run->nrings; i++) {
            const struct trace_guest_ring *g = &run->rings[i];

            if (!g->live || (prev && ring_order(g, prev) <= 0))
                continue;
            if (!next || ring_order(g, next) < 0)
                next = g;
        }
        if (!next)
            break;
        emit_ring_line(run, next);
        prev = next;
    }

    tb_init(&tb, line, sizeof(line));
    for (;;) {
        const struct trace_domain *next = NULL;

        for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++) {
            const struct trace_domain *d = &run->domains[i];

            if (d->exists && (int)d->dom > prev_dom &&
                (!next || d->dom < next->dom))
                next = d;
        }
        if (!next)
            break;
        tb_str(&tb, "domain ");
        tb_u64(&tb, next->dom);
        tb_str(&tb, " signals=");
        tb_u64(&tb, next->signals);
        tb_char(&tb, '\n');
        runner_emit_tb(run, &tb);
        prev_dom = next->dom;
    }
}
