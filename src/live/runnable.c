/* SPDX-License-Identifier: MIT */
/* Description: the live runnability check and the domain-id rebase of a trace. */
#include "runnable.h"

static void say_line(struct text_buf *why, const struct trace_op *op)
{
    tb_char(why, 'L');
    tb_u64(why, op->line);
    tb_str(why, ": ");
}

static bool makes_hypercall(const struct trace_op *op, uint16_t self)
{
    switch (op->kind) {
    case TRACE_OP_REGISTER:
        return op->u.reg.ring.dom == self;
    case TRACE_OP_UNREGISTER:
        return op->u.unreg.ring.dom == self;
    case TRACE_OP_SENDV:
        return op->u.sendv.dom == self;
    case TRACE_OP_NOTIFY:
        return op->u.notify.dom == self;
    default:
        return false;
    }
}

bool live_trace_runnable(const struct trace *t, uint16_t self,
                         bool xen_mac_permissive, struct text_buf *why)
{
    bool mac = false, exists = false;

    for (uint32_t i = 0; i < t->nops; i++) {
        const struct trace_op *op = &t->ops[i];

        switch (op->kind) {
        case TRACE_OP_OPTION:
            if (op->u.option.key == TRACE_OPTION_ABI) {
                if (op->u.option.abi == TRACE_OPTION_ABI_ARGO)
                    break;
                say_line(why, op);
                tb_str(why, "option abi=v4v: Xen has Argo, not V4V; V4V traces run on the model only");
                return false;
            }
            mac = op->u.option.mac_permissive;
            break;
        case TRACE_OP_DOMAIN:
            if (exists && op->u.domain.dom == self)
                break;  /* -EEXIST from the runner alone */
            if (op->u.domain.dom != self) {
                say_line(why, op);
                tb_str(why, "domain ");
                tb_u64(why, op->u.domain.dom);
                tb_str(why, ": live Xen has one domain for a trace, this guest (domain ");
                tb_u64(why, self);
                tb_str(why, "); multi-domain traces run on the model and xenhost only");
                return false;
            }
            if (op->u.domain.noargo) {
                say_line(why, op);
                tb_str(why, "domain noargo: this guest has Argo");
                return false;
            }
            exists = true;
            break;
        case TRACE_OP_DESTROY:
            if (exists && op->u.destroy.dom == self) {
                say_line(why, op);
                tb_str(why, "destroy: the guest cannot destroy itself and go on");
                return false;
            }
            break;  /* -ESRCH from the runner alone */
        default:
            if (exists && makes_hypercall(op, self) &&
                mac != xen_mac_permissive) {
                say_line(why, op);
                tb_str(why, trace_op_name(op->kind));
                tb_str(why, " with mac_permissive=");
                tb_u64(why, mac);
                tb_str(why, ", but Xen was booted with mac-permissive=");
                tb_u64(why, xen_mac_permissive);
                return false;
            }
            break;
        }
    }
    return true;
}

static void swap_id(uint16_t *id, uint16_t self)
{
    if (*id == 0)
        *id = self;
    else if (*id == self)
        *id = 0;
}

static void swap_ring(struct trace_ring_name *r, uint16_t self)
{
    swap_id(&r->dom, self);
    swap_id(&r->partner, self);
}

void live_trace_rebase(struct trace *t, uint16_t self)
{
    if (self == 0)
        return;
    for (uint32_t i = 0; i < t->nops; i++) {
        struct trace_op *op = &t->ops[i];

        switch (op->kind) {
        case TRACE_OP_DOMAIN:
            swap_id(&op->u.domain.dom, self);
            break;
        case TRACE_OP_DESTROY:
            swap_id(&op->u.destroy.dom, self);
            break;
        case TRACE_OP_REGISTER:
            swap_ring(&op->u.reg.ring, self);
            break;
        case TRACE_OP_UNREGISTER:
            swap_ring(&op->u.unreg.ring, self);
            break;
        case TRACE_OP_SENDV:
            swap_id(&op->u.sendv.dom, self);
            swap_id(&op->u.sendv.dst_dom, self);
            if (op->u.sendv.has_src_dom)
                swap_id(&op->u.sendv.src_dom, self);
            break;
        case TRACE_OP_CONSUME:
            swap_ring(&op->u.consume.ring, self);
            break;
        case TRACE_OP_SET_RX:
        case TRACE_OP_SET_TX:
            swap_ring(&op->u.set_index.ring, self);
            break;
        case TRACE_OP_NOTIFY:
            swap_id(&op->u.notify.dom, self);
            break;
        default:
            break;
        }
    }
    for (uint32_t i = 0; i < t->nents; i++)
        swap_id(&t->ents[i].dom, self);
}
