/* SPDX-License-Identifier: MIT */
/*
 * Description: the XSM hooks argo.c calls. The policy modelled: argo:enable
 * is refused (-EACCES) for a domain created with Argo disabled, as a FLASK
 * policy could; every other Argo permission is granted, as by the default
 * (dummy) policy.
 */
#ifndef ARGOLAB_XH_XSM_H
#define ARGOLAB_XH_XSM_H

#include <xen/errno.h>
#include <xen/sched.h>

static inline int xsm_argo_enable(const struct domain *d)
{
    return d->xh_argo_permitted ? 0 : -EACCES;
}

static inline int xsm_argo_register_single_source(const struct domain *d,
                                                  const struct domain *t)
{
    (void)d;
    (void)t;
    return 0;
}

static inline int xsm_argo_register_any_source(const struct domain *d)
{
    (void)d;
    return 0;
}

static inline int xsm_argo_send(const struct domain *d, const struct domain *t)
{
    (void)d;
    (void)t;
    return 0;
}

#endif
