/* SPDX-License-Identifier: MIT */
/*
 * Description: what the trace runner's files share: the guests' state,
 * the operations, the report. Not part of the public contract.
 */
#ifndef ARGOLAB_TRACE_RUN_INTERNAL_H
#define ARGOLAB_TRACE_RUN_INTERNAL_H

#include "trace_run.h"
#include "text_buf.h"
#include "../ring_model/v4v_reader.h"

/* iov i of a sendv lives at guest address (i + 1) << 40: offsets never collide. */
#define IOV_HND_SHIFT   40
#define IOV_OFF_MASK    ((UINT64_C(1) << IOV_HND_SHIFT) - 1)

/* ---- report (trace_report.c) ---- */
void runner_emit(struct trace_runner *run, const char *s, size_t n);
/* Write tb's text and empty it. */
void runner_emit_tb(struct trace_runner *run, struct text_buf *tb);
void tb_rc(struct text_buf *tb, long rc);
void tb_partner(struct text_buf *tb, argo_domid_t partner);
void tb_msg(struct text_buf *tb, const struct argo_ring_msg *msg, uint32_t crc);
/* Ring-data flags by name in abi's bit order ("EXISTS|EMPTY"), "-" for none. */
void tb_ring_flags(struct text_buf *tb, uint16_t flags, uint8_t abi);
/* " signal=a,b,..." for this operation's signals, sorted; nothing if none. */
void runner_emit_signals(struct trace_runner *run, struct text_buf *tb);
/* The ring lines, then the domain lines. */
void runner_emit_final_state(struct trace_runner *run);

/* ---- guests (trace_guest.c) ---- */
struct trace_domain *runner_domain_find(struct trace_runner *run,
                                        argo_domid_t dom);
struct trace_domain *runner_domain_free_slot(struct trace_runner *run);
struct trace_guest_ring *runner_ring_find(struct trace_runner *run,
                                          const struct trace_ring_name *n);
struct trace_guest_ring *runner_ring_free_slot(struct trace_runner *run);
void runner_ring_release(struct trace_runner *run, struct trace_guest_ring *g);
/* Drop the pages of rings the backend no longer has registered; run after
 * every operation. */
void runner_rings_sync(struct trace_runner *run);
/* The backend's signal sink. */
void runner_record_signal(void *ctx, argo_domid_t domid);
/* The guest memory behind sendv's iov handles (argo_copy_from_guest_fn). */
int runner_copy_iov(void *ctx, void *dst, uint64_t hnd, uint32_t len);
/* tb NULL: dry run returning rc only; else print msg= fields as it reads. */
long runner_consume(struct trace_runner *run, const struct trace_op *op,
                    struct text_buf *tb);
long runner_set_index(struct trace_runner *run, const struct trace_op *op);

/* ---- operations (trace_ops.c) ---- */
/*
 * option: mac_permissive, or the ring ABI (-EOPNOTSUPP on a backend that
 * speaks Argo only).
 */
long runner_option(struct trace_runner *run, const struct trace_op *op);
long runner_domain(struct trace_runner *run, const struct trace_op *op);
long runner_destroy(struct trace_runner *run, const struct trace_op *op);
long runner_register(struct trace_runner *run, const struct trace_op *op);
long runner_unregister(struct trace_runner *run, const struct trace_op *op);
long runner_sendv(struct trace_runner *run, const struct trace_op *op);
/* *nent_out: how many entries the guest passed (0 for NULL or refused). */
long runner_notify(struct trace_runner *run, const struct trace_op *op,
                   uint32_t *nent_out);

#endif
