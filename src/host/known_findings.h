/* SPDX-License-Identifier: MIT */
/*
 * Description: predicts, from the model's state, when the next operation
 * would reach one of the Xen defects in docs/findings.md, so differential
 * runs can stop there instead of reporting a known divergence again.
 *
 * It shadows the two pieces of Xen's bookkeeping that go wrong: each
 * domain's ring count as Xen keeps it (findings 1 and 2) and the send
 * records Xen files with a ring's partner (findings 1, 2, 5 and 6); finding
 * 3 is read off the model's waiters directly.
 */
#ifndef ARGOLAB_KNOWN_FINDINGS_H
#define ARGOLAB_KNOWN_FINDINGS_H

#include "../ring_model/argo_model.h"
#include "../trace/trace.h"

#define KNOWN_FINDINGS_COUNT    7u      /* findings are numbered 1..6 */
#define KNOWN_SEND_RECORDS      4096u

struct send_record {
    argo_domid_t owner;
    xen_argo_port_t port;
    argo_domid_t partner;
};

struct xen_ring_count {
    bool live;
    argo_domid_t domid;
    uint32_t count;
};

struct known_findings {
    struct xen_ring_count counts[ARGO_MODEL_MAX_DOMAINS];
    struct send_record records[KNOWN_SEND_RECORDS];
    uint32_t nrecords;
    unsigned long hits[KNOWN_FINDINGS_COUNT];
};

void known_findings_reset(struct known_findings *kf);

/*
 * Before op runs: the number of the finding it would reach on Xen (so that
 * Xen's result is known to differ from the model's, or Xen would fail an
 * assertion or corrupt memory), or 0. Counts the hit.
 */
unsigned known_findings_check(struct known_findings *kf,
                              struct argo_model *m, const struct trace_op *op);

/* After op ran on the model with result rc: follow Xen's bookkeeping. */
void known_findings_update(struct known_findings *kf, const struct trace_op *op,
                           long rc);

/* One line naming each finding, for reports. */
const char *known_finding_title(unsigned finding);

#endif
