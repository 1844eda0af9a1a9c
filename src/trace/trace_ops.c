/* SPDX-License-Identifier: MIT */
/* Description: each trace operation turned into the backend call a guest would make. */
#include "trace_run_internal.h"

long runner_option(struct trace_runner *run, const struct trace_op *op)
{
    const struct argo_backend *be = run->be;
    int rc;

    if (op->u.option.key != TRACE_OPTION_ABI) {
        be->ops->set_mac_permissive(be->be, op->u.option.mac_permissive);
        return 0;
    }
    if (!be->ops->set_abi)
        return op->u.option.abi == RING_ABI_ARGO ? 0 : -ARGO_EOPNOTSUPP;
    rc = be->ops->set_abi(be->be, op->u.option.abi);
    if (!rc)
        run->abi = op->u.option.abi;
    return rc;
}

long runner_domain(struct trace_runner *run, const struct trace_op *op)
{
    struct trace_domain *slot;
    int rc;

    if (runner_domain_find(run, op->u.domain.dom))
        return -ARGO_EEXIST;
    slot = runner_domain_free_slot(run);
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

long runner_destroy(struct trace_runner *run, const struct trace_op *op)
{
    struct trace_domain *d = runner_domain_find(run, op->u.destroy.dom);
    int rc;

    if (!d)
        return -ARGO_ESRCH;
    rc = run->be->ops->domain_destroy(run->be->be, d->dom);
    if (rc)
        return rc;
    d->exists = false;
    return 0;
}

/* A guest ring of pages zeroed pages for n in a free slot; NULL: no memory. */
static struct trace_guest_ring *runner_ring_new(struct trace_runner *run,
                                                const struct trace_ring_name *n,
                                                uint64_t pages)
{
    struct trace_guest_ring *g = runner_ring_free_slot(run);

    if (!g)
        return NULL;
    g->size = (size_t)pages * ARGO_PAGE_SIZE;
    g->mem = run->host->alloc_zeroed(run->host->ctx, g->size);
    if (!g->mem)
        return NULL;
    g->dom = n->dom;
    g->port = n->port;
    g->partner = n->partner;
    return g;
}

/*
 * The guest's side of V4VOP_register_ring: it writes magic, id and len into
 * its ring header and names npages frames (default: what len needs). The
 * header page exists even when len is unusable, so Xen can read and refuse
 * it; pages past what the guest allocated are never handed over.
 */
static long runner_register_v4v(struct trace_runner *run,
                                const struct trace_op *op)
{
    const struct trace_ring_name *n = &op->u.reg.ring;
    struct trace_guest_ring *g = runner_ring_find(run, n);
    bool fresh = !g;
    uint32_t len = op->u.reg.len;
    uint32_t needed = len <= V4V_MAX_RING_SIZE ? v4v_ring_npages(len) : 1u;
    uint64_t npages = op->u.reg.has_npages ? op->u.reg.npages : needed;
    uint64_t pages = npages > needed &&
                     npages <= (V4V_MAX_RING_SIZE >> ARGO_PAGE_SHIFT)
                         ? npages : needed;
    xen_argo_register_ring_t reg;
    uint64_t magic = V4V_RING_MAGIC;
    uint16_t unset = 0xffffu;
    uint8_t *mem = NULL;
    long rc;

    if (g) {
        if (pages * ARGO_PAGE_SIZE <= g->size)
            mem = g->mem;
    } else {
        g = runner_ring_new(run, n, pages);
        if (!g)
            return -ARGO_ENOMEM;
        mem = g->mem;
    }
    if (mem) {
        memcpy(mem + offsetof(v4v_ring_t, magic), &magic, sizeof(magic));
        memcpy(mem + offsetof(v4v_ring_t, id.addr.port), &n->port,
               sizeof(n->port));
        /* Left for Xen to fill in: the design says it does. */
        memcpy(mem + offsetof(v4v_ring_t, id.addr.domain), &unset,
               sizeof(unset));
        memcpy(mem + offsetof(v4v_ring_t, id.partner), &n->partner,
               sizeof(n->partner));
        memcpy(mem + offsetof(v4v_ring_t, len), &len, sizeof(len));
    }

    memset(&reg, 0, sizeof(reg));
    reg.aport = n->port;
    reg.partner_id = n->partner;
    reg.len = len;
    rc = run->be->ops->register_ring(run->be->be, n->dom, &reg, mem,
                                     op->u.reg.bad_gfn, npages, 0);
    if (rc == 0) {
        g->live = true;
        g->len = len;
    } else if (fresh) {
        runner_ring_release(run, g);
    }
    return rc;
}

long runner_register(struct trace_runner *run, const struct trace_op *op)
{
    const struct trace_ring_name *n = &op->u.reg.ring;
    struct trace_guest_ring *g = runner_ring_find(run, n);
    bool fresh = !g;
    uint32_t needed = argo_ring_npages(op->u.reg.len);
    uint64_t npages = op->u.reg.has_npages ? op->u.reg.npages : needed;
    xen_argo_register_ring_t reg;
    uint8_t *mem = NULL;
    long rc;

    if (run->abi == RING_ABI_V4V)
        return runner_register_v4v(run, op);
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
        g = runner_ring_new(run, n, needed);
        if (!g)
            return -ARGO_ENOMEM;
        g->len = reg.len;
        mem = g->mem;
    }

    rc = run->be->ops->register_ring(run->be->be, n->dom, &reg, mem,
                                     op->u.reg.bad_gfn, npages,
                                     op->u.reg.flags);
    if (rc == 0 && g)
        g->live = true;
    else if (fresh && g)
        runner_ring_release(run, g);
    return rc;
}

long runner_unregister(struct trace_runner *run, const struct trace_op *op)
{
    xen_argo_unregister_ring_t unreg;
    long rc;

    memset(&unreg, 0, sizeof(unreg));
    unreg.aport = op->u.unreg.ring.port;
    unreg.partner_id = op->u.unreg.ring.partner;
    unreg.pad = op->u.unreg.pad;
    rc = run->be->ops->unregister_ring(run->be->be, op->u.unreg.ring.dom,
                                       &unreg);
    return rc;
}

long runner_sendv(struct trace_runner *run, const struct trace_op *op)
{
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    xen_argo_send_addr_t addr;
    struct argo_guest_reader guest = { runner_copy_iov, run };
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

long runner_notify(struct trace_runner *run, const struct trace_op *op,
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
