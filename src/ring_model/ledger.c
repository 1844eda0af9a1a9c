/* SPDX-License-Identifier: MIT */
/*
 * Description: conservation bookkeeping: where every payload byte accepted
 * by sendv went.
 *
 * Bytes in a ring whose indices the guest rewrote by hand can no longer be
 * tracked message by message, so they leave the books as "tampered" at that
 * moment; the ring rejoins once its indices agree again and it is empty.
 */
#include "model_internal.h"

void ledger_accepted(struct argo_model *m, struct argo_model_ring *r,
                     uint32_t payload)
{
    m->ledger.accepted_bytes += payload;
    if (r->ledger.tampered) {
        m->ledger.tampered_bytes += payload;
        return;
    }
    r->ledger.queued_bytes += payload;
    r->ledger.queued_msgs++;
}

void ledger_ring_gone(struct argo_model *m, struct argo_model_ring *r)
{
    m->ledger.dropped_bytes += r->ledger.queued_bytes;
    r->ledger.queued_bytes = 0;
    r->ledger.queued_msgs = 0;
}

void ledger_tamper(struct argo_model *m, struct argo_model_ring *r)
{
    m->ledger.tampered_bytes += r->ledger.queued_bytes;
    r->ledger.queued_bytes = 0;
    r->ledger.queued_msgs = 0;
    r->ledger.tampered = true;
}

void ledger_refresh(struct argo_model_ring *r)
{
    if (r->ledger.tampered && ring_header_rx(r) == r->tx_ptr &&
        ring_header_tx(r) == r->tx_ptr)
        r->ledger.tampered = false;
}

void argo_note_consumed(struct argo_model *m, struct argo_model_ring *r,
                        uint32_t payload)
{
    if (!r->ledger.tampered) {
        m->ledger.consumed_bytes += payload;
        r->ledger.queued_bytes -= payload;
        r->ledger.queued_msgs--;
    }
    ledger_refresh(r);
}

void argo_note_index_written(struct argo_model *m, struct argo_model_ring *r)
{
    if (!r->ledger.tampered)
        ledger_tamper(m, r);
    ledger_refresh(r);
}
