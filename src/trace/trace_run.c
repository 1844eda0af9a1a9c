/* SPDX-License-Identifier: MIT */
/* Description: runs a trace on a backend: one operation at a time, then the final state. */
#include "trace_run_internal.h"

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

static void run_op(struct trace_runner *run, const struct trace_op *op)
{
    char line[8192];
    struct text_buf tb;
    uint32_t nent = 0;
    long rc = 0;

    tb_init(&tb, line, sizeof(line));
    run->nop_signals = 0;

    if (acts_as_guest(op) && !runner_domain_find(run, acting_domain(op))) {
        rc = -ARGO_ESRCH;
    } else {
        switch (op->kind) {
        case TRACE_OP_OPTION:
            rc = runner_option(run, op);
            break;
        case TRACE_OP_DOMAIN:
            rc = runner_domain(run, op);
            break;
        case TRACE_OP_DESTROY:
            rc = runner_destroy(run, op);
            break;
        case TRACE_OP_REGISTER:
            rc = runner_register(run, op);
            break;
        case TRACE_OP_UNREGISTER:
            rc = runner_unregister(run, op);
            break;
        case TRACE_OP_SENDV:
            rc = runner_sendv(run, op);
            break;
        case TRACE_OP_CONSUME:
            rc = runner_consume(run, op, NULL);
            break;
        case TRACE_OP_SET_RX:
        case TRACE_OP_SET_TX:
            rc = runner_set_index(run, op);
            break;
        case TRACE_OP_NOTIFY:
            rc = runner_notify(run, op, &nent);
            break;
        }
    }
    /*
     * Any operation may take rings away as a side effect (a destroy, a failed
     * re-registration); ask the backend after each rather than predict it.
     */
    runner_rings_sync(run);
    run->last_rc = rc;

    tb_char(&tb, 'L');
    tb_u64(&tb, op->line);
    tb_char(&tb, ' ');
    tb_str(&tb, trace_op_name(op->kind));
    tb_rc(&tb, rc);
    runner_emit_signals(run, &tb);
    runner_emit_tb(run, &tb);

    if (op->kind == TRACE_OP_NOTIFY && rc == 0) {
        for (uint32_t i = 0; i < nent; i++) {
            tb_str(&tb, " ent=");
            tb_ring_flags(&tb, run->ents[i].flags, run->abi);
            tb_char(&tb, '/');
            tb_u64(&tb, run->ents[i].max_message_size);
            if (tb.len > 4000)
                runner_emit_tb(run, &tb);
        }
    }
    if (op->kind == TRACE_OP_CONSUME && rc != -ARGO_ENOENT &&
        rc != -ARGO_ESRCH)
        runner_consume(run, op, &tb);
    runner_emit_tb(run, &tb);
    runner_emit(run, "\n", 1);
}

void trace_run_start(struct trace_runner *run, const struct trace *t,
                     const struct argo_backend *be,
                     const struct trace_host *host)
{
    memset(run->domains, 0, sizeof(run->domains));
    run->nrings = 0;
    run->be = be;
    run->host = host;
    run->trace = t;
    run->nop_signals = 0;
    run->sendv_op = NULL;
    run->write_status = 0;

    run->abi = RING_ABI_ARGO;

    be->ops->set_signal_sink(be->be, runner_record_signal, run);
    be->ops->set_mac_permissive(be->be, false);
    if (be->ops->set_abi)
        be->ops->set_abi(be->be, RING_ABI_ARGO);
}

int trace_run_step(struct trace_runner *run, const struct trace_op *op)
{
    run_op(run, op);
    return run->write_status;
}

int trace_run_finish(struct trace_runner *run, bool print_final_state)
{
    const struct argo_backend *be = run->be;

    if (print_final_state && !run->write_status)
        runner_emit_final_state(run);
    be->ops->set_signal_sink(be->be, NULL, NULL);
    for (unsigned i = 0; i < run->nrings; i++)
        runner_ring_release(run, &run->rings[i]);
    return run->write_status;
}

int trace_run(struct trace_runner *run, const struct trace *t,
              const struct argo_backend *be, const struct trace_host *host)
{
    int status = 0;

    trace_run_start(run, t, be, host);
    for (uint32_t i = 0; i < t->nops && !status; i++) {
        status = trace_run_step(run, &t->ops[i]);
        if (!status && host->after_op)
            status = host->after_op(host->ctx, &t->ops[i]);
    }
    if (status) {
        trace_run_finish(run, false);
        return status;
    }
    return trace_run_finish(run, true);
}
