/* SPDX-License-Identifier: MIT */
/*
 * Description: assertions, printk, rounding and parameter parsing helpers.
 *
 * ASSERT and ASSERT_UNREACHABLE are those of a debug hypervisor: always
 * compiled in (NDEBUG is ignored), a failure names the expression,
 * file:line and function and aborts. BUG_ON aborts likewise. BUILD_BUG_ON
 * is a compile-time check usable as an expression.
 */
#ifndef ARGOLAB_XH_LIB_H
#define ARGOLAB_XH_LIB_H

#include <string.h>

#include <xen/types.h>
#include <xen/compiler.h>
#include <xen/atomic.h>
#include <xen/xh_shim.h>

#define ASSERT(p) \
    (likely(p) ? (void)0 : xh_assert_failed(#p, __FILE__, __LINE__, __func__))
#define ASSERT_UNREACHABLE() \
    xh_assert_failed("unreachable", __FILE__, __LINE__, __func__)

#define BUG() xh_bug("BUG", __FILE__, __LINE__, __func__)
#define BUG_ON(p)                                                   \
    do {                                                            \
        if (unlikely(p))                                            \
            xh_bug(#p, __FILE__, __LINE__, __func__);               \
    } while (0)

/* A struct holding a static assertion: an expression, checked at compile time. */
#define BUILD_BUG_ON(cond) \
    ((void)sizeof(struct { _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")"); int xh_unused; }))

#define ARRAY_SIZE(a)           (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)           (((x) + (a) - 1) & ~((a) - 1))
#define IS_ALIGNED(val, align)  (!((val) & ((align) - 1)))
#define DIV_ROUND_UP(n, d)      (((n) + (d) - 1) / (d))

#define min(x, y)   ((x) < (y) ? (x) : (y))
#define max(x, y)   ((x) > (y) ? (x) : (y))

/* Log levels: a prefix string, as printk expects. */
#define XENLOG_ERR      "<err>"
#define XENLOG_WARNING  "<warn>"
#define XENLOG_INFO     "<info>"
#define XENLOG_DEBUG    "<debug>"
#define XENLOG_GUEST    "<G>"
#define XENLOG_G_ERR        XENLOG_GUEST XENLOG_ERR
#define XENLOG_G_WARNING    XENLOG_GUEST XENLOG_WARNING
#define XENLOG_G_INFO       XENLOG_GUEST XENLOG_INFO
#define XENLOG_G_DEBUG      XENLOG_GUEST XENLOG_DEBUG

#define printk(...) xh_printk(__VA_ARGS__)

/* A message about the current guest: level, then "(d<id>) ". */
#define gprintk(lvl, fmt, ...) \
    xh_printk(XENLOG_GUEST lvl "(d%u) " fmt, xh_current_domid(), ##__VA_ARGS__)

/* A debug message naming its source location. */
#define dprintk(lvl, fmt, ...) \
    xh_printk(lvl "%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__)
#define gdprintk(lvl, fmt, ...) \
    xh_printk(XENLOG_GUEST lvl "%s:%d: (d%u) " fmt, __FILE__, __LINE__, \
              xh_current_domid(), ##__VA_ARGS__)

/*
 * Boolean parameter values between s and e (e NULL: to the end of s):
 * 1 for 1/on/yes/true/enable, 0 for 0/no/off/false/disable, else -1.
 */
int parse_bool(const char *s, const char *e);
/*
 * "name", "no-name" or "name=<bool>" between s and e: 1 or 0; -1 when s
 * does not name name; -2 when it does but the value is not a boolean.
 */
int parse_boolean(const char *name, const char *s, const char *e);

#endif
