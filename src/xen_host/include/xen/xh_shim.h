/* SPDX-License-Identifier: MIT */
/*
 * Description: the host shim's internal entry points that the shim's Xen
 * headers expand to (assertion reports, printk, lock and allocation
 * bookkeeping). Not an interface of Xen's; only the shim's headers and
 * sources use these names, all prefixed xh_.
 */
#ifndef ARGOLAB_XH_SHIM_H
#define ARGOLAB_XH_SHIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A failed ASSERT or ASSERT_UNREACHABLE: fatal unless asserts are soft. */
void xh_assert_failed(const char *expr, const char *file, int line,
                      const char *func);
/* BUG_ON, BUG: always fatal. */
__attribute__((__noreturn__))
void xh_bug(const char *expr, const char *file, int line, const char *func);
/* The shim caught a misuse (lock, reference count, xfree): always fatal. */
__attribute__((__noreturn__, __format__(__printf__, 1, 2)))
void xh_fatal(const char *fmt, ...);

__attribute__((__format__(__printf__, 1, 2)))
void xh_printk(const char *fmt, ...);

/* The id of current->domain, for gprintk's prefix. */
unsigned int xh_current_domid(void);

void *xh_xmalloc(size_t size, size_t align, bool zero);
void *xh_xmalloc_array(size_t size, size_t align, unsigned long num,
                       bool zero);
void xh_xfree(void *p);

/* Lock bookkeeping shared by spinlocks and rwlocks. */
extern unsigned long xh_locks_held;

/* Boot parameters: custom_param registers its parser here at startup. */
void xh_param_register(const char *name, int (*parse)(const char *));

#endif
