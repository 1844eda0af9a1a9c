/* SPDX-License-Identifier: MIT */
/*
 * Description: backends by name for the host tools: "model" always;
 * "xenhost" (Xen's own argo.c on the host) when the build found Xen's source.
 */
#ifndef ARGOLAB_HOST_BACKEND_H
#define ARGOLAB_HOST_BACKEND_H

#include <stdio.h>

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
 * End the instance. Xen's own teardown (argo_destroy of every domain) is
 * not run: a trace ends where its last operation does, and that teardown
 * trips Xen's own defects (docs/findings.md 3, 5, 6) on ordinary traces.
 */
void host_backend_close(struct host_backend *hb);

/* Anything the run should tell the user about the backend, on f. */
void host_backend_print_notes(const struct host_backend *hb, FILE *f);

#endif
