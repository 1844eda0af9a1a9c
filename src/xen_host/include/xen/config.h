/* SPDX-License-Identifier: MIT */
/*
 * Description: the configuration argo.c is compiled with on the host,
 * included first (-include xen/config.h) as Xen's build includes its own.
 *
 * A debug x86_64 hypervisor with Argo: CONFIG_ARGO on; CONFIG_X86 on, so
 * argo.c's x86-only check of p2m_ram_logdirty is compiled (the shim's p2m
 * never reports that type); CONFIG_COMPAT off, so the 32-bit guest ABI
 * translation and its CHECK_ macros are out; no mem-paging or mem-sharing.
 * ASSERT is live whatever NDEBUG says: the shim's lib.h ignores NDEBUG.
 */
#ifndef ARGOLAB_XH_CONFIG_H
#define ARGOLAB_XH_CONFIG_H

#if !defined(__x86_64__)
#error "the argolab host shim builds Xen's argo.c for an x86_64 host only"
#endif

#ifndef __XEN__
#define __XEN__ 1
#endif

#define CONFIG_ARGO 1
#define CONFIG_X86 1
#define CONFIG_DEBUG 1

#ifdef CONFIG_COMPAT
#error "CONFIG_COMPAT is not supported by the argolab host shim"
#endif

#endif
