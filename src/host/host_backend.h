/* SPDX-License-Identifier: MIT */
/*
 * Description: backends by name for the host tools: "model" always;
 * "xenhost" (Xen's own argo.c on the host) when the build found Xen's source.
 */
#ifndef ARGOLAB_HOST_BACKEND_H
#define ARGOLAB_HOST_BACKEND_H

#include "../backend/argo_backend.h"

struct host_backend {
    const char *name;
    struct argo_backend be;
    struct argo_model *model;   /* set for "model": its invariants can be checked */
};

/* Names this build knows, comma-separated, e.g. "model,xenhost". */
const char *host_backend_names(void);

/*
 * A fresh instance of backend name. Returns 0, or -1 with why set to a
 * sentence saying what is wrong (unknown name, not built and why, no memory).
 */
int host_backend_open(const char *name, struct host_backend *hb,
                      const char **why);

/*
 * Tear the instance down. For xenhost, returns the number of leaks Xen's
 * code left (allocations, page references); 0 otherwise.
 */
long host_backend_close(struct host_backend *hb);

#endif
