/* SPDX-License-Identifier: MIT */
/*
 * Description: what the rest of the hypervisor calls in argo.c. The
 * hypercall's prototype is here too, so that compiling argo.c checks its
 * definition against the signature the shim calls.
 */
#ifndef ARGOLAB_XH_ARGO_H
#define ARGOLAB_XH_ARGO_H

#include <xen/sched.h>

#ifndef CONFIG_ARGO
#error "the argolab host shim builds argo.c with CONFIG_ARGO"
#endif

int argo_init(struct domain *d);
void argo_destroy(struct domain *d);
void argo_soft_reset(struct domain *d);

long do_argo_op(unsigned int cmd, XEN_GUEST_HANDLE_PARAM(void) arg1,
                XEN_GUEST_HANDLE_PARAM(void) arg2, unsigned long arg3,
                unsigned long arg4);

#endif
