/* SPDX-License-Identifier: MIT */
/*
 * Description: domains, vCPUs and current, as argo.c sees them.
 *
 * The shim keeps a table of live domains; rcu_lock_domain_by_id finds a
 * domain there, dying or not (as Xen's does), and counts the reference
 * until rcu_unlock_domain. current is the vCPU 0 of the domain making the
 * hypercall, or of the toolstack's idle domain while the host creates and
 * destroys domains.
 */
#ifndef ARGOLAB_XH_SCHED_H
#define ARGOLAB_XH_SCHED_H

#include <xen/types.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <xen/mm.h>

struct argo_domain;
struct domain;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
};

enum {
    DOMDYING_alive,
    DOMDYING_dying,
    DOMDYING_dead,
};

struct domain {
    domid_t domain_id;
    unsigned int max_vcpus;
    struct vcpu **vcpu;
    unsigned int is_dying;          /* DOMDYING_* */
    struct argo_domain *argo;       /* argo.c's, under its L1 lock */

    /* The shim's own. */
    bool xh_argo_permitted;         /* XSM: argo:enable granted */
    unsigned long xh_rcu_refs;      /* rcu_lock_domain_by_id references */
    struct domain *xh_next;         /* the domain table */
};

extern struct vcpu *xh_current_vcpu;
#define current (xh_current_vcpu)

struct domain *rcu_lock_domain_by_id(domid_t dom);
void rcu_unlock_domain(struct domain *d);

#endif
