/* SPDX-License-Identifier: MIT */
/* Description: backends by name for the host tools. */
#include "host_backend.h"

#include <stdlib.h>
#include <string.h>

#ifdef ARGOLAB_HAVE_XENHOST
#include "../backend/argo_backend_xenhost.h"
#endif

const char *host_backend_names(void)
{
#ifdef ARGOLAB_HAVE_XENHOST
    return "model,xenhost";
#else
    return "model";
#endif
}

int host_backend_open(const char *name, struct host_backend *hb,
                      const char **why)
{
    memset(hb, 0, sizeof(*hb));
    if (!strcmp(name, "model")) {
        hb->model = malloc(sizeof(*hb->model));
        if (!hb->model) {
            *why = "out of memory";
            return -1;
        }
        argo_backend_model_init(&hb->be, hb->model);
        hb->name = "model";
        return 0;
    }
    if (!strcmp(name, "xenhost")) {
#ifdef ARGOLAB_HAVE_XENHOST
        if (argo_backend_xenhost_init(&hb->be)) {
            *why = "Xen's argo.c could not be initialised";
            return -1;
        }
        hb->name = "xenhost";
        return 0;
#else
        *why = "the xenhost backend was not built: Xen's source was not found "
               "at configure time (run `scripts/argolab xen-source`, or set "
               "XEN_SRC, then rebuild)";
        return -1;
#endif
    }
    *why = "unknown backend";
    return -1;
}

void host_backend_close(struct host_backend *hb)
{
#ifdef ARGOLAB_HAVE_XENHOST
    if (hb->name && !strcmp(hb->name, "xenhost"))
        argo_backend_xenhost_discard(&hb->be);
#endif
    free(hb->model);
    memset(hb, 0, sizeof(*hb));
}

void host_backend_print_notes(const struct host_backend *hb, FILE *f)
{
#ifdef ARGOLAB_HAVE_XENHOST
    uint64_t n;

    if (!hb->name || strcmp(hb->name, "xenhost"))
        return;
    n = argo_xenhost_sendv_unsigned_errors();
    if (n)
        fprintf(f, "argolab: xenhost (%s): %llu sendv error(s) left Xen as "
                   "unsigned 32-bit values (docs/findings.md #7); shown as "
                   "the negative errno a 32-bit return reads\n",
                argo_xenhost_xen_version(), (unsigned long long)n);
#else
    (void)hb;
    (void)f;
#endif
}
