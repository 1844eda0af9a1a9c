/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's error numbers, taken from Xen's own public/errno.h
 * through its XEN_ERRNO() hook, as plain names (EINVAL, ...).
 *
 * A host <errno.h> must not come first in the same translation unit: its
 * macros would turn the names into numbers before this header sees them.
 */
#ifndef ARGOLAB_XH_ERRNO_H
#define ARGOLAB_XH_ERRNO_H

#ifdef EINVAL
#error "a host <errno.h> was included before the shim's xen/errno.h"
#endif

#define XEN_ERRNO(name, value) name = (value),
enum {
#include <public/errno.h>
};

#endif
