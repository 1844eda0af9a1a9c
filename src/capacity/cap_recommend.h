/* SPDX-License-Identifier: MIT */
/*
 * Description: the recommendation: the smallest ring that meets the
 * user's target, with its margin, or why no ring does.
 */
#ifndef ARGOLAB_CAP_RECOMMEND_H
#define ARGOLAB_CAP_RECOMMEND_H

#include <stdbool.h>

#include "cap_sweep.h"
#include "cap_workload.h"

enum cap_target_kind { CAP_TARGET_EAGAIN, CAP_TARGET_THROUGHPUT };

/* Without a target the question is answered for -EAGAIN at most 1e-4. */
#define CAP_DEFAULT_TARGET_EAGAIN 1e-4

struct cap_recommendation {
    enum cap_target_kind kind;
    double target;
    bool default_target;        /* the user gave none */
    int index;                  /* the ring in the sweep, or -1: none meets */
    int smaller;                /* the next smaller ring tried, or -1 */
    double margin;              /* how far inside the target, >= 1 (see docs) */
    bool overloaded;            /* offered load >= what the receiver drains */
    char why[700];              /* index < 0: why no ring meets the target */
};

/*
 * Pick the smallest ring i such that it and every larger ring tried meet
 * the target by their conservative bound: the upper end of the 95%
 * interval of the -EAGAIN probability is at most the target, or the lower
 * end of the throughput fraction's at least the target. Requiring the
 * larger rings too keeps a lucky small ring from being chosen over noise.
 * margin: target / upper bound (eagain), or allowed loss / loss bound
 * (1 - target) / (1 - lower bound) (throughput).
 */
void cap_recommend(const struct cap_workload *w, const struct cap_sweep *s,
                   struct cap_recommendation *r);

/* Does ring i meet r's target (by its conservative bound)? */
bool cap_recommend_meets(const struct cap_recommendation *r,
                         const struct cap_metrics *m);

#endif
