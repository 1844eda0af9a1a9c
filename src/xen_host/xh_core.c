/* SPDX-License-Identifier: MIT */
/*
 * Description: the host shim's hypervisor core: the domain table and
 * current, RCU domain references, VIRQ delivery, the hypercall entry,
 * printk, assertion reports and boot parameters.
 */
#include <xen/argo.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>

#include <stdio.h>
#include <stdlib.h>

#include "xen_host.h"
#include "xh_internal.h"

/* ---- domains and current --------------------------------------------- */

/* The toolstack's context while the host creates and destroys domains. */
static struct domain xh_idle_domain = {
    .domain_id = DOMID_IDLE,
    .is_dying = DOMDYING_alive,
};
static struct vcpu xh_idle_vcpu = { .vcpu_id = 0, .domain = &xh_idle_domain };

struct vcpu *xh_current_vcpu = &xh_idle_vcpu;

static struct domain *xh_domains;       /* the table: a list, few entries */
static unsigned long xh_rcu_held;

unsigned int xh_current_domid(void)
{
    return current ? current->domain->domain_id : DOMID_IDLE;
}

static struct domain *xh_domain_find(domid_t id)
{
    for (struct domain *d = xh_domains; d; d = d->xh_next)
        if (d->domain_id == id)
            return d;
    return NULL;
}

bool xh_domain_exists(uint16_t domid)
{
    return xh_domain_find(domid) != NULL;
}

struct domain *rcu_lock_domain_by_id(domid_t dom)
{
    struct domain *d = xh_domain_find(dom);

    if (d) {
        d->xh_rcu_refs++;
        xh_rcu_held++;
    }
    return d;
}

void rcu_unlock_domain(struct domain *d)
{
    if (!d || !d->xh_rcu_refs)
        xh_fatal("rcu_unlock_domain(d%u): no RCU reference is held",
                 d ? d->domain_id : DOMID_INVALID);
    d->xh_rcu_refs--;
    xh_rcu_held--;
}

static void xh_domain_free(struct domain *d)
{
    if (d->vcpu)
        free(d->vcpu[0]);
    free(d->vcpu);
    free(d);
}

/* Whatever Xen code left behind when it returned to the host. */
static void xh_check_balanced(const char *what, unsigned int domid)
{
    if (xh_locks_held)
        xh_fatal("%s (d%u) returned with %lu lock(s) held", what, domid,
                 xh_locks_held);
    if (xh_rcu_held)
        xh_fatal("%s (d%u) returned with %lu RCU domain reference(s) held",
                 what, domid, xh_rcu_held);
}

int xh_domain_create(uint16_t domid, bool argo_enabled)
{
    struct domain *d;
    struct vcpu *v;
    int rc;

    if (domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (xh_domain_find(domid))
        return -EEXIST;
    d = calloc(1, sizeof(*d));
    v = calloc(1, sizeof(*v));
    if (!d || !v || !(d->vcpu = calloc(1, sizeof(*d->vcpu)))) {
        free(v);
        free(d);
        return -ENOMEM;
    }
    d->domain_id = domid;
    d->max_vcpus = 1;
    d->vcpu[0] = v;
    v->domain = d;
    d->is_dying = DOMDYING_alive;
    d->xh_argo_permitted = argo_enabled;

    current = &xh_idle_vcpu;
    rc = argo_init(d);
    if (rc) {
        /* domain_create's error path: the final destroy, never listed. */
        d->is_dying = DOMDYING_dead;
        argo_destroy(d);
        xh_check_balanced("argo_init", domid);
        xh_domain_free(d);
        return rc;
    }
    xh_check_balanced("argo_init", domid);
    /* Listed last, once created, as domain_create does. */
    d->xh_next = xh_domains;
    xh_domains = d;
    return 0;
}

int xh_domain_destroy(uint16_t domid)
{
    struct domain *d = xh_domain_find(domid), **pp;

    if (!d)
        return -ESRCH;
    current = &xh_idle_vcpu;

    /* domain_kill: dying, Argo torn down while still findable by id. */
    d->is_dying = DOMDYING_dying;
    argo_destroy(d);
    xh_check_balanced("argo_destroy", domid);

    for (pp = &xh_domains; *pp != d; pp = &(*pp)->xh_next)
        ;
    *pp = d->xh_next;
    d->is_dying = DOMDYING_dead;
    if (d->xh_rcu_refs)
        xh_fatal("d%u destroyed with %lu RCU reference(s) held", domid,
                 d->xh_rcu_refs);

    /* The final destroy runs argo_destroy again (a no-op by then). */
    argo_destroy(d);
    xh_check_balanced("argo_destroy", domid);
    xh_domain_free(d);
    return 0;
}

/* Ascending ids, so a run's teardown is the same every time. */
static void xh_domain_destroy_all(void)
{
    while (xh_domains) {
        const struct domain *lowest = xh_domains;

        for (const struct domain *d = xh_domains; d; d = d->xh_next)
            if (d->domain_id < lowest->domain_id)
                lowest = d;
        xh_domain_destroy(lowest->domain_id);
    }
}

/* ---- hypercalls ------------------------------------------------------ */

long xh_argo_op(uint16_t caller, unsigned int cmd, uint64_t arg1,
                uint64_t arg2, uint64_t arg3, uint64_t arg4)
{
    struct domain *d = xh_domain_find(caller);
    XEN_GUEST_HANDLE_PARAM(void) h1, h2;
    long rc;

    if (!d)
        return -ESRCH;
    h1.p = (void *)(uintptr_t)arg1;
    h2.p = (void *)(uintptr_t)arg2;
    current = d->vcpu[0];
    rc = do_argo_op(cmd, h1, h2, (unsigned long)arg3, (unsigned long)arg4);
    current = &xh_idle_vcpu;
    xh_check_balanced("do_argo_op", caller);
    return rc;
}

/* ---- VIRQs --------------------------------------------------------------- */

static void (*xh_virq_fn)(void *ctx, uint16_t domid);
static void *xh_virq_ctx;

void xh_set_virq_sink(void (*fn)(void *ctx, uint16_t domid), void *ctx)
{
    xh_virq_fn = fn;
    xh_virq_ctx = ctx;
}

void send_guest_global_virq(struct domain *d, uint32_t virq)
{
    if (!d || !d->vcpu || !d->vcpu[0])
        return;
    if (virq != VIRQ_ARGO)
        xh_fatal("send_guest_global_virq(d%u, %u): argo.c raises VIRQ_ARGO "
                 "only", d->domain_id, virq);
    if (xh_virq_fn)
        xh_virq_fn(xh_virq_ctx, d->domain_id);
}

/* ---- printk ------------------------------------------------------------ */

#define XH_PRINTK_CAP   (1u << 18)

static char *xh_printk_buf;
static size_t xh_printk_len;
static bool xh_printk_stderr;

static void xh_printk_append(const char *s, size_t n)
{
    if (!xh_printk_buf) {
        xh_printk_buf = malloc(XH_PRINTK_CAP + 1);
        if (!xh_printk_buf)
            return;
        xh_printk_buf[0] = '\0';
    }
    if (n > XH_PRINTK_CAP / 2)
        n = XH_PRINTK_CAP / 2;
    if (xh_printk_len + n > XH_PRINTK_CAP) {
        /* Keep the newer half. */
        size_t keep = XH_PRINTK_CAP / 2;

        memmove(xh_printk_buf, xh_printk_buf + xh_printk_len - keep, keep);
        xh_printk_len = keep;
    }
    memcpy(xh_printk_buf + xh_printk_len, s, n);
    xh_printk_len += n;
    xh_printk_buf[xh_printk_len] = '\0';
}

void xh_printk(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(line))
        n = sizeof(line) - 1;
    xh_printk_append(line, (size_t)n);
    if (xh_printk_stderr)
        fputs(line, stderr);
}

const char *xh_printk_buffer(size_t *len)
{
    if (len)
        *len = xh_printk_len;
    return xh_printk_buf ? xh_printk_buf : "";
}

void xh_printk_clear(void)
{
    xh_printk_len = 0;
    if (xh_printk_buf)
        xh_printk_buf[0] = '\0';
}

void xh_printk_to_stderr(bool on)
{
    xh_printk_stderr = on;
}

/* ---- assertions and fatal errors ----------------------------------------- */

static bool xh_asserts_fatal = true;
static uint64_t xh_assert_count;

void xh_set_assert_fatal(bool fatal)
{
    xh_asserts_fatal = fatal;
}

uint64_t xh_assert_failures(void)
{
    return xh_assert_count;
}

static void xh_report(const char *msg)
{
    xh_printk_append(msg, strlen(msg));
    fflush(stdout);
    fputs(msg, stderr);
    fflush(stderr);
}

void xh_assert_failed(const char *expr, const char *file, int line,
                      const char *func)
{
    char msg[768];

    xh_assert_count++;
    snprintf(msg, sizeof(msg),
             "argolab xenhost: Assertion '%s' failed at %s:%d in %s()%s\n",
             expr, file, line, func,
             xh_asserts_fatal ? "" : " (non-fatal: carrying on)");
    xh_report(msg);
    if (xh_asserts_fatal)
        abort();
}

void xh_bug(const char *expr, const char *file, int line, const char *func)
{
    char msg[768];

    snprintf(msg, sizeof(msg),
             "argolab xenhost: BUG_ON(%s) at %s:%d in %s()\n", expr, file,
             line, func);
    xh_report(msg);
    abort();
}

void xh_fatal(const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    int n = snprintf(msg, sizeof(msg), "argolab xenhost: ");

    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof(msg) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    strcat(msg, "\n");
    xh_report(msg);
    abort();
}

/* ---- boot parameters ------------------------------------------------------ */

#define XH_PARAMS_MAX 8

static struct {
    const char *name;
    int (*parse)(const char *);
} xh_params[XH_PARAMS_MAX];
static unsigned int xh_nparams;

void xh_param_register(const char *name, int (*parse)(const char *))
{
    if (xh_nparams == XH_PARAMS_MAX)
        xh_fatal("too many boot parameters registered (at %s)", name);
    xh_params[xh_nparams].name = name;
    xh_params[xh_nparams].parse = parse;
    xh_nparams++;
}

int xh_param_parse(const char *name, const char *value)
{
    for (unsigned int i = 0; i < xh_nparams; i++)
        if (!strcmp(xh_params[i].name, name))
            return xh_params[i].parse(value);
    return -ENOENT;
}

/* Length of s up to e, or to its end when e is NULL. */
static size_t xh_span(const char *s, const char *e)
{
    if (!e)
        return strlen(s);
    ASSERT(e >= s);
    return (size_t)(e - s);
}

int parse_bool(const char *s, const char *e)
{
    static const struct {
        const char *word;
        int val;
    } words[] = {
        { "1", 1 }, { "on", 1 }, { "yes", 1 }, { "true", 1 }, { "enable", 1 },
        { "0", 0 }, { "no", 0 }, { "off", 0 }, { "false", 0 }, { "disable", 0 },
    };
    size_t len = xh_span(s, e);

    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        if (strlen(words[i].word) == len && !strncmp(words[i].word, s, len))
            return words[i].val;
    return -1;
}

int parse_boolean(const char *name, const char *s, const char *e)
{
    size_t nlen = strlen(name), slen;
    bool negated = !strncmp(s, "no-", 3);
    int val;

    if (negated)
        s += 3;
    slen = xh_span(s, e);
    if (slen < nlen || strncmp(s, name, nlen))
        return -1;
    if (slen == nlen)                   /* "name" or "no-name" */
        return !negated;
    if (negated || s[nlen] != '=')      /* "no-name=..." or "nameX" */
        return -1;
    val = parse_bool(s + nlen + 1, e);
    return val >= 0 ? val : -2;
}

/* ---- the system ------------------------------------------------------------ */

int xh_system_init(void)
{
    const char *env = getenv("ARGOLAB_XEN_PRINTK");

    if (xh_domains || xh_locks_held || xh_rcu_held)
        return -1;
    current = &xh_idle_vcpu;
    xh_virq_fn = NULL;
    xh_virq_ctx = NULL;
    xh_asserts_fatal = true;
    xh_assert_count = 0;
    xh_printk_clear();
    xh_printk_stderr = env && !strcmp(env, "1");
    xh_mem_reset();
    xh_guest_reset();
    xh_frames_reset();
    return 0;
}

uint64_t xh_system_fini(struct xh_leaks *out)
{
    struct xh_leaks leaks;
    uint64_t total;

    xh_domain_destroy_all();
    xh_guest_reset();
    xh_frames_gc();
    total = xh_leaks(&leaks);
    if (out)
        *out = leaks;
    /* Release what Xen's code left, so the next system starts clean. */
    xh_mem_release_all();
    xh_frames_reset();
    xh_virq_fn = NULL;
    xh_virq_ctx = NULL;
    return total;
}

void xh_system_discard(void)
{
    while (xh_domains) {
        struct domain *d = xh_domains;

        xh_domains = d->xh_next;
        xh_domain_free(d);
    }
    xh_guest_reset();
    xh_mem_release_all();
    xh_frames_reset();
    xh_virq_fn = NULL;
    xh_virq_ctx = NULL;
}

uint64_t xh_leaks(struct xh_leaks *out)
{
    struct xh_leaks l;

    memset(&l, 0, sizeof(l));
    xh_mem_leaks(&l);
    xh_frames_leaks(&l);
    l.locks_held = xh_locks_held;
    l.rcu_locks_held = xh_rcu_held;
    if (out)
        *out = l;
    return l.allocations + l.page_refs + l.type_refs + l.mappings +
           l.locks_held + l.rcu_locks_held;
}

/* ---- self tests ---------------------------------------------------------- */

void xh_selftest(int which)
{
    DEFINE_SPINLOCK(lock);
    DEFINE_RWLOCK(rw);

    switch (which) {
    case 1:
        ASSERT_UNREACHABLE();
        break;
    case 2:
        spin_unlock(&lock);
        break;
    case 3:
        write_lock(&rw);
        write_lock(&rw);
        break;
    case 4:
        BUG_ON(which == 4);
        break;
    }
    xh_fatal("xh_selftest(%d) did not abort", which);
}
