/* SPDX-License-Identifier: MIT */
/* Description: executes trace operations on a backend, prints results. */
#include "trace_run.h"
#include "crc32.h"
#include "text_buf.h"
#include "../ring_model/argo_reader.h"

/* iov i of a sendv lives at guest address (i + 1) << 40: offsets never collide. */
#define IOV_HND_SHIFT   40
#define IOV_OFF_MASK    ((UINT64_C(1) << IOV_HND_SHIFT) - 1)

static const char *const ring_flag_names[XEN_ARGO_RING_FLAG_COUNT] = {
    "EXISTS", "SHARED", "EMPTY", "SUFFICIENT", "EMSGSIZE", "EBUSY",
};

/* ---- output ---------------------------------------------------------- */

static void emit(struct trace_runner *run, const char *s, size_t n)
{
    if (!run->write_status)
        run->write_status = run->host->write(run->host->ctx, s, n);
}

static void emit_tb(struct trace_runner *run, struct text_buf *tb)
{
    emit(run, tb->buf, tb->len);
    tb_reset(tb);
}

static void tb_rc(struct text_buf *tb, long rc)
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

static void tb_partner(struct text_buf *tb, argo_domid_t partner)
{
    if (partner == XEN_ARGO_DOMID_ANY)
        tb_str(tb, "any");
    else
        tb_u64(tb, partner);
}

/* ---- harness state --------------------------------------------------- */

static struct trace_domain *domain_find(struct trace_runner *run,
                                        argo_domid_t dom)
{
    for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++)
        if (run->domains[i].exists && run->domains[i].dom == dom)
            return &run->domains[i];
    return NULL;
}

static struct trace_domain *domain_free_slot(struct trace_runner *run)
{
    for (unsigned i = 0; i < TRACE_DOMAIN_CAPACITY; i++)
        if (!run->domains[i].exists)
            return &run->domains[i];
    return NULL;
}

static struct trace_guest_ring *guest_ring_find(struct trace_runner *run,
                                                const struct trace_ring_name *n)
{
    for (unsigned i = 0; i < TRACE_RING_CAPACITY; i++) {
        struct trace_guest_ring *g = &run->rings[i];

        if (g->live && g->dom == n->dom && g->port == n->port &&
            g->partner == n->partner)
            return g;
    }
    return NULL;
}

static struct trace_guest_ring *guest_ring_free_slot(struct trace_runner *run)
{
    for (unsigned i = 0; i < TRACE_RING_CAPACITY; i++)
        if (!run->rings[i].live && !run->rings[i].mem)
            return &run->rings[i];
    return NULL;
}

static void guest_ring_release(struct trace_runner *run,
                               struct trace_guest_ring *g)
{
    if (g->mem)
        run->host->release(run->host->ctx, g->mem, g->size);
    g->mem = NULL;
    g->live = false;
}

/* Rings can vanish as a side effect (destroy, failed re-registration). */
static void guest_rings_sync(struct trace_runner *run)
{
    const struct argo_backend *be = run->be;

    for (unsigned i = 0; i < TRACE_RING_CAPACITY; i++) {
        struct trace_guest_ring *g = &run->rings[i];

        if (g->live &&
            !be->ops->ring_registered(be->be, g->dom, g->port, g->partner))
            guest_ring_release(run, g);
    }
}

static void record_signal(void *ctx, argo_domid_t domid)
{
    struct trace_runner *run = ctx;
    struct trace_domain *d = domain_find(run, domid);

    if (d)
        d->signals++;
    if (run->nop_signals < TRACE_MAX_OP_SIGNALS)
        run->op_signals[run->nop_signals++] = domid;
}

/* ---- guest memory for sendv ------------------------------------------ */

static int guest_copy_iov(void *ctx, void *dst, uint64_t hnd, uint32_t len)
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

/* ---- operations -------------------------------------------------------- */

static long run_domain(struct trace_runner *run, const struct trace_op *op)
{
    struct trace_domain *slot;
    int rc;

    if (domain_find(run, op->u.domain.dom))
        return -ARGO_EEXIST;
    slot = domain_free_slot(run);
    if (!slot)
        return -ARGO_ENOMEM;
    rc = run->be->ops->domain_create(run->be->be, op->u.domain.dom,
                                     !op->u.domain.noargo);
    if (rc)
        return rc;
    slot->exists = true;
    slot->dom = op->u.domain.dom;
    slot->signals = 0;
    return 0;
}

static long run_destroy(struct trace_runner *run, const struct trace_op *op)
{
    struct trace_domain *d = domain_find(run, op->u.destroy.dom);
    int rc;

    if (!d)
        return -ARGO_ESRCH;
    rc = run->be->ops->domain_destroy(run->be->be, d->dom);
    if (rc)
        return rc;
    d->exists = false;
    guest_rings_sync(run);
    return 0;
}

static long run_register(struct trace_runner *run, const struct trace_op *op)
{
    const struct trace_ring_name *n = &op->u.reg.ring;
    struct trace_guest_ring *g = guest_ring_find(run, n);
    bool fresh = !g;
    uint32_t needed = argo_ring_npages(op->u.reg.len);
    uint64_t npages = op->u.reg.has_npages ? op->u.reg.npages : needed;
    xen_argo_register_ring_t reg;
    uint8_t *mem = NULL;
    long rc;

    memset(&reg, 0, sizeof(reg));
    reg.aport = n->port;
    reg.partner_id = n->partner;
    reg.pad = op->u.reg.pad;
    reg.len = op->u.reg.len;

    if (g) {
        /* Re-registration names the same guest pages, as they are. */
        if ((size_t)needed * ARGO_PAGE_SIZE <= g->size)
            mem = g->mem;
    } else if (reg.len >= ARGO_MIN_RING_LEN &&
               reg.len <= XEN_ARGO_MAX_RING_SIZE) {
        g = guest_ring_free_slot(run);
        if (!g)
            return -ARGO_ENOMEM;
        g->size = (size_t)needed * ARGO_PAGE_SIZE;
        g->mem = run->host->alloc_zeroed(run->host->ctx, g->size);
        if (!g->mem)
            return -ARGO_ENOMEM;
        g->dom = n->dom;
        g->port = n->port;
        g->partner = n->partner;
        g->len = reg.len;
        mem = g->mem;
    }

    rc = run->be->ops->register_ring(run->be->be, n->dom, &reg, mem,
                                     op->u.reg.bad_gfn, npages,
                                     op->u.reg.flags);
    if (rc == 0 && g)
        g->live = true;
    else if (fresh && g)
        guest_ring_release(run, g);
    guest_rings_sync(run);
    return rc;
}

static long run_unregister(struct trace_runner *run, const struct trace_op *op)
{
    xen_argo_unregister_ring_t unreg;
    long rc;

    memset(&unreg, 0, sizeof(unreg));
    unreg.aport = op->u.unreg.ring.port;
    unreg.partner_id = op->u.unreg.ring.partner;
    unreg.pad = op->u.unreg.pad;
    rc = run->be->ops->unregister_ring(run->be->be, op->u.unreg.ring.dom,
                                       &unreg);
    guest_rings_sync(run);
    return rc;
}

static long run_sendv(struct trace_runner *run, const struct trace_op *op)
{
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    xen_argo_send_addr_t addr;
    struct argo_guest_reader guest = { guest_copy_iov, run };
    uint64_t niov = op->u.sendv.has_niov ? op->u.sendv.niov
                                         : op->u.sendv.iov_count;

    memset(iovs, 0, sizeof(iovs));
    for (unsigned i = 0; i < op->u.sendv.iov_count && i < XEN_ARGO_MAXIOV; i++) {
        iovs[i].iov_hnd = (uint64_t)(i + 1) << IOV_HND_SHIFT;
        iovs[i].iov_len = op->u.sendv.iovs[i].len;
        iovs[i].pad = op->u.sendv.iovs[i].pad;
    }

    memset(&addr, 0, sizeof(addr));
    addr.src.aport = op->u.sendv.src_port;
    addr.src.domain_id = op->u.sendv.has_src_dom ? op->u.sendv.src_dom
                                                 : op->u.sendv.dom;
    addr.src.pad = op->u.sendv.src_pad;
    addr.dst.aport = op->u.sendv.dst_port;
    addr.dst.domain_id = op->u.sendv.dst_dom;
    addr.dst.pad = op->u.sendv.dst_pad;

    run->sendv_op = op;
    return run->be->ops->sendv(run->be->be, op->u.sendv.dom, &addr, iovs,
                               niov, op->u.sendv.type, &guest);
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
        argo_ring_copy_payload(g->mem, g->len, msg, off, run->scratch, n);
        crc = crc32_update(crc, run->scratch, n);
        off += n;
    }
    return crc;
}

static void tb_msg(struct text_buf *tb, const struct argo_ring_msg *msg,
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

/*
 * The receiving guest reads and consumes messages. rc (the count, or the
 * error that stopped it) precedes the msg= fields on the line, and a ring
 * can hold a million messages, so this runs twice: first without tb as a
 * dry run that puts rx_ptr back, then for real, printing as it goes.
 */
static long run_consume(struct trace_runner *run, const struct trace_op *op,
                        struct text_buf *tb)
{
    const struct trace_ring_name *n = &op->u.consume.ring;
    struct trace_guest_ring *g = guest_ring_find(run, n);
    const struct argo_backend *be = run->be;
    uint8_t saved_rx[sizeof(uint32_t)];
    long consumed = 0, rc = 0;

    if (!g)
        return -ARGO_ENOENT;
    memcpy(saved_rx, g->mem + offsetof(xen_argo_ring_t, rx_ptr),
           sizeof(saved_rx));
    while (op->u.consume.all || (uint32_t)consumed < op->u.consume.count) {
        struct argo_ring_msg msg;

        rc = argo_ring_peek(g->mem, g->len, &msg);
        if (rc) {
            if (rc == -ARGO_ENOMSG)
                rc = 0;
            break;
        }
        if (tb) {
            tb_msg(tb, &msg, payload_crc(run, g, &msg));
            if (tb->len > 4000)
                emit_tb(run, tb);
        }
        argo_ring_consume(g->mem, &msg);
        if (tb && be->ops->guest_consumed)
            be->ops->guest_consumed(be->be, n->dom, n->port, n->partner,
                                    msg.payload_len);
        consumed++;
    }
    if (!tb)
        memcpy(g->mem + offsetof(xen_argo_ring_t, rx_ptr), saved_rx,
               sizeof(saved_rx));
    return rc ? rc : consumed;
}

static long run_set_index(struct trace_runner *run, const struct trace_op *op)
{
    const struct trace_ring_name *n = &op->u.set_index.ring;
    struct trace_guest_ring *g = guest_ring_find(run, n);
    const struct argo_backend *be = run->be;
    size_t off = op->kind == TRACE_OP_SET_RX ? offsetof(xen_argo_ring_t, rx_ptr)
                                             : offsetof(xen_argo_ring_t, tx_ptr);

    if (!g)
        return -ARGO_ENOENT;
    memcpy(g->mem + off, &op->u.set_index.value, sizeof(uint32_t));
    if (be->ops->guest_index_written)
        be->ops->guest_index_written(be->be, n->dom, n->port, n->partner);
    return 0;
}

static long run_notify(struct trace_runner *run, const struct trace_op *op,
                       uint32_t *nent_out)
{
    xen_argo_ring_data_t rd;
    uint32_t nent = op->u.notify.nent;

    *nent_out = 0;
    if (op->u.notify.mode == TRACE_NOTIFY_NULL)
        return run->be->ops->notify(run->be->be, op->u.notify.dom, NULL, NULL);

    memset(&rd, 0, sizeof(rd));
    rd.nent = nent;
    memset(run->ents, 0, sizeof(run->ents));
    /* Beyond the limit Xen refuses before reading a single entry. */
    if (nent <= ARGO_MAX_NOTIFY_COUNT) {
        *nent_out = nent;
        for (uint32_t i = 0; op->u.notify.mode == TRACE_NOTIFY_LIST && i < nent;
             i++) {
            const struct trace_notify_ent *e =
                &run->trace->ents[op->u.notify.first_ent + i];

            run->ents[i].ring.domain_id = e->dom;
            run->ents[i].ring.aport = e->port;
            run->ents[i].space_required = e->space_required;
        }
    }
    return run->be->ops->notify(run->be->be, op->u.notify.dom, &rd, run->ents);
}

static void tb_ring_flags(struct text_buf *tb, uint16_t flags)
{
    bool any = false;

    for (unsigned bit = 0; bit < XEN_ARGO_RING_FLAG_COUNT; bit++) {
        if (!(flags & (1u << bit)))
            continue;
        if (any)
            tb_char(tb, '|');
        tb_str(tb, ring_flag_names[bit]);
        any = true;
    }
    if (!any)
        tb_char(tb, '-');
}

static argo_domid_t acting_domain(const struct trace_op *op)
{
    switch (op->kind) {
    case TRACE_OP_REGISTER:
        return op->u.reg.ring.dom;
    case TRACE_OP_UNREGISTER:
        return op->u.unreg.ring.dom;
    case TRACE_OP_SENDV:
        return op->u.sendv.dom;
    case TRACE_OP_CONSUME:
        return op->u.consume.ring.dom;
    case TRACE_OP_SET_RX:
    case TRACE_OP_SET_TX:
        return op->u.set_index.ring.dom;
    case TRACE_OP_NOTIFY:
        return op->u.notify.dom;
    default:
        return 0;
    }
}

static bool acts_as_guest(const struct trace_op *op)
{
    return op->kind != TRACE_OP_OPTION && op->kind != TRACE_OP_DOMAIN &&
           op->kind != TRACE_OP_DESTROY;
}

static void emit_signals(struct trace_runner *run, struct text_buf *tb)
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
            emit_tb(run, tb);
    }
}

static void run_op(struct trace_runner *run, const struct trace_op *op)
{
    char line[8192];
    struct text_buf tb;
    uint32_t nent = 0;
    long rc = 0;

    tb_init(&tb, line, sizeof(line));
    run->nop_signals = 0;

    if (acts_as_guest(op) && !domain_find(run, acting_domain(op))) {
        rc = -ARGO_ESRCH;
    } else {
        switch (op->kind) {
        case TRACE_OP_OPTION:
            run->be->ops->set_mac_permissive(run->be->be,
                                             op->u.option.mac_permissive);
            break;
        case TRACE_OP_DOMAIN:
            rc = run_domain(run, op);
            break;
        case TRACE_OP_DESTROY:
            rc = run_destroy(run, op);
            break;
        case TRACE_OP_REGISTER:
            rc = run_register(run, op);
            break;
        case TRACE_OP_UNREGISTER:
            rc = run_unregister(run, op);
            break;
        case TRACE_OP_SENDV:
            rc = run_sendv(run, op);
            break;
        case TRACE_OP_CONSUME:
            rc = run_consume(run, op, NULL);
            break;
        case TRACE_OP_SET_RX:
        case TRACE_OP_SET_TX:
            rc = run_set_index(run, op);
            break;
        case TRACE_OP_NOTIFY:
            rc = run_notify(run, op, &nent);
            break;
        }
    }

    tb_char(&tb, 'L');
    tb_u64(&tb, op->line);
    tb_char(&tb, ' ');
    tb_str(&tb, trace_op_name(op->kind));
    tb_rc(&tb, rc);
    emit_signals(run, &tb);
    emit_tb(run, &tb);

    if (op->kind == TRACE_OP_NOTIFY && rc == 0) {
        for (uint32_t i = 0; i < nent; i++) {
            tb_str(&tb, " ent=");
            tb_ring_flags(&tb, run->ents[i].flags);
            tb_char(&tb, '/');
            tb_u64(&tb, run->ents[i].max_message_size);
            if (tb.len > 4000)
                emit_tb(run, &tb);
        }
    }
    if (op->kind == TRACE_OP_CONSUME && rc != -ARGO_ENOENT &&
        rc != -ARGO_ESRCH)
        run_consume(run, op, &tb);
    emit_tb(run, &tb);
    emit(run, "\n", 1);
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

    memcpy(&rx, g->mem + offsetof(xen_argo_ring_t, rx_ptr), sizeof(rx));
    memcpy(&tx, g->mem + offsetof(xen_argo_ring_t, tx_ptr), sizeof(tx));
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
    tb_hex_fixed(&tb, crc32_update(0, g->mem + ARGO_RING_HEADER_SIZE, g->len),
                 8);
    tb_char(&tb, '\n');
    emit_tb(run, &tb);
}

/* Selection of the next line each time: n is small and output is once. */
static void emit_final_state(struct trace_runner *run)
{
    const struct trace_guest_ring *prev = NULL;
    char line[96];
    struct text_buf tb;
    int prev_dom = -1;

    for (;;) {
        const struct trace_guest_ring *next = NULL;

        for (unsigned i = 0; i < TRACE_RING_CAPACITY; i++) {
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
        emit_tb(run, &tb);
        prev_dom = next->dom;
    }
}

int trace_run(struct trace_runner *run, const struct trace *t,
              const struct argo_backend *be, const struct trace_host *host)
{
    int status = 0;

    memset(run->domains, 0, sizeof(run->domains));
    memset(run->rings, 0, sizeof(run->rings));
    run->be = be;
    run->host = host;
    run->trace = t;
    run->nop_signals = 0;
    run->sendv_op = NULL;
    run->write_status = 0;

    be->ops->set_signal_sink(be->be, record_signal, run);
    be->ops->set_mac_permissive(be->be, false);

    for (uint32_t i = 0; i < t->nops && !status; i++) {
        run_op(run, &t->ops[i]);
        status = run->write_status;
        if (!status && host->after_op)
            status = host->after_op(host->ctx, &t->ops[i]);
    }
    if (!status) {
        emit_final_state(run);
        status = run->write_status;
    }

    be->ops->set_signal_sink(be->be, NULL, NULL);
    for (unsigned i = 0; i < TRACE_RING_CAPACITY; i++)
        guest_ring_release(run, &run->rings[i]);
    return status;
}
