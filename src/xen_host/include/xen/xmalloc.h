/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's heap allocator interface over the host's malloc, with
 * bookkeeping: every live block is known (xfree of anything else aborts),
 * leaks are counted, and the nth allocation can be made to fail.
 */
#ifndef ARGOLAB_XH_XMALLOC_H
#define ARGOLAB_XH_XMALLOC_H

#include <xen/xh_shim.h>

/* What a zero-byte allocation returns; xfree ignores it. */
#define ZERO_BLOCK_PTR  ((void *)-1L)

#define xmalloc(type) \
    ((type *)xh_xmalloc(sizeof(type), __alignof__(type), false))
#define xzalloc(type) \
    ((type *)xh_xmalloc(sizeof(type), __alignof__(type), true))
#define xmalloc_array(type, num) \
    ((type *)xh_xmalloc_array(sizeof(type), __alignof__(type), (num), false))
#define xzalloc_array(type, num) \
    ((type *)xh_xmalloc_array(sizeof(type), __alignof__(type), (num), true))
#define xmalloc_bytes(size)     xh_xmalloc((size), sizeof(void *), false)
#define xzalloc_bytes(size)     xh_xmalloc((size), sizeof(void *), true)

#define xfree(p)    xh_xfree(p)
/* Free and forget. */
#define XFREE(p)            \
    do {                    \
        xh_xfree(p);        \
        (p) = NULL;         \
    } while (0)

#endif
