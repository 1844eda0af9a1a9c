/* SPDX-License-Identifier: MIT */
/*
 * Description: boot parameters. custom_param(name, parser) registers the
 * parser under name when the program starts, so the host can run it at any
 * time (xh_param_parse), e.g. to set argo= between operations.
 */
#ifndef ARGOLAB_XH_PARAM_H
#define ARGOLAB_XH_PARAM_H

#include <xen/xh_shim.h>

/* Ends in a declaration so that the caller's ';' completes it. */
#define custom_param(name, fn)                                              \
    __attribute__((__constructor__)) static void xh_param_ctor_##fn(void)  \
    {                                                                       \
        xh_param_register(name, fn);                                        \
    }                                                                       \
    extern int xh_param_unused_##fn

#endif
