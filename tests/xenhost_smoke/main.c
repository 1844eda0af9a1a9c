/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's own argo.c on the host (the xenhost backend): the
 * basic hypercalls give Xen's answers, injected allocation failures reach
 * its -ENOMEM paths, nothing leaks, the shim's assertions are fatal, and
 * the findings of docs/findings.md do on Xen's code what the document says.
 *
 * Whatever may abort runs in a forked child whose output and fate the
 * parent reports (the evidence for each finding is printed). Skipped
 * (exit 77) when the build did not find Xen's source.
 */
/* fork, pipe, strsignal */
#define _POSIX_C_SOURCE 200809L

#include "check.h"

#ifndef ARGOLAB_HAVE_XENHOST

#ifndef ARGOLAB_XENHOST_SKIP_REASON
#define ARGOLAB_XENHOST_SKIP_REASON "the xenhost backend was not built"
#endif

int main(void)
{
    printf("xenhost_smoke: skipped: %s\n", ARGOLAB_XENHOST_SKIP_REASON);
    return CHECK_SKIP;
}

#else

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/argo_backend_xenhost.h"
#include "host/trace_file.h"
#include "trace/trace_run.h"

#if defined(__SANITIZE_ADDRESS__)
#define SMOKE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMOKE_ASAN 1
#endif
#endif
#ifndef SMOKE_ASAN
#define SMOKE_ASAN 0
#endif

/* ---- a guest of our own ------------------------------------------------ */

#define IOV_SHIFT 40

struct guest {
    const uint8_t *data[XEN_ARGO_MAXIOV];
    uint32_t len[XEN_ARGO_MAXIOV];
    argo_domid_t signals[64];
    unsigned nsignals;
};

static int guest_copy(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    struct guest *g = ctx;
    uint64_t i = (hnd >> IOV_SHIFT) - 1, off = hnd & ((UINT64_C(1) << IOV_SHIFT) - 1);

    if ((hnd >> IOV_SHIFT) == 0 || i >= XEN_ARGO_MAXIOV || !g->data[i] ||
        off > g->len[i] || len > g->len[i] - off)
        return 1;
    memcpy(dst, g->data[i] + off, len);
    return 0;
}

static void guest_signal(void *ctx, argo_domid_t dom)
{
    struct guest *g = ctx;

    if (g->nsignals < ARGO_ARRAY_SIZE(g->signals))
        g->signals[g->nsignals++] = dom;
}

static long do_register(struct argo_backend *be, argo_domid_t dom,
                        xen_argo_port_t port, argo_domid_t partner,
                        uint32_t len, uint8_t *mem)
{
    xen_argo_register_ring_t reg = { .aport = port, .partner_id = partner,
                                     .len = len };

    return be->ops->register_ring(be->be, dom, &reg, mem, false,
                                  argo_ring_npages(len), 0);
}

static long do_unregister(struct argo_backend *be, argo_domid_t dom,
                          xen_argo_port_t port, argo_domid_t partner)
{
    xen_argo_unregister_ring_t u = { .aport = port, .partner_id = partner };

    return be->ops->unregister_ring(be->be, dom, &u);
}

/* One iov of len bytes from data (NULL: a fault) from src to dst:port. */
static long do_sendv(struct argo_backend *be, struct guest *g,
                     argo_domid_t src, argo_domid_t dst, xen_argo_port_t port,
                     const void *data, uint32_t len)
{
    xen_argo_send_addr_t a = { .src = { .aport = 1, .domain_id = src },
                               .dst = { .aport = port, .domain_id = dst } };
    xen_argo_iov_t iovs[XEN_ARGO_MAXIOV];
    struct argo_guest_reader r = { guest_copy, g };

    memset(iovs, 0, sizeof(iovs));
    iovs[0].iov_hnd = UINT64_C(1) << IOV_SHIFT;
    iovs[0].iov_len = len;
    g->data[0] = data;
    g->len[0] = len;
    return be->ops->sendv(be->be, src, &a, iovs, 1, 0x55, &r);
}

static long do_notify(struct argo_backend *be, argo_domid_t dom,
                      argo_domid_t dst, xen_argo_port_t port,
                      uint32_t space, xen_argo_ring_data_ent_t *out)
{
    xen_argo_ring_data_t rd = { .nent = 1 };

    memset(out, 0, sizeof(*out));
    out->ring.domain_id = dst;
    out->ring.aport = port;
    out->space_required = space;
    return be->ops->notify(be->be, dom, &rd, out);
}

static uint32_t ring_u32(const uint8_t *mem, size_t off)
{
    uint32_t v;

    memcpy(&v, mem + off, sizeof(v));
    return v;
}

/* ---- in-process checks ---------------------------------------------------- */

static void test_basic(void)
{
    struct argo_backend be;
    struct guest g = { 0 };
    xen_argo_ring_data_ent_t ent;
    uint8_t *mem = calloc(1, ARGO_PAGE_SIZE);
    const char hello[] = "hello";
    long rc;

    CHECK(mem != NULL);
    CHECK_EQ_I64(argo_backend_xenhost_init(&be), 0);
    CHECK_EQ_STR(be.ops->name, "xenhost");
    /* One instance at a time: argo.c's state is global. */
    {
        struct argo_backend other;

        CHECK_EQ_I64(argo_backend_xenhost_init(&other), -1);
    }
    be.ops->set_signal_sink(be.be, guest_signal, &g);
    be.ops->set_mac_permissive(be.be, false);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 0, true), 0);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 1, true), 0);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 1, true), -ARGO_EEXIST);

    CHECK_EQ_I64(do_register(&be, 1, 7, 0, 256, mem), 0);
    CHECK(be.ops->ring_registered(be.be, 1, 7, 0));
    CHECK(!be.ops->ring_registered(be.be, 1, 7, 2));
    CHECK(!be.ops->ring_registered(be.be, 0, 7, 0));
    /* FAIL_EXIST on a registered ring; a length change. */
    {
        xen_argo_register_ring_t reg = { .aport = 7, .partner_id = 0,
                                         .len = 256 };

        CHECK_EQ_I64(be.ops->register_ring(be.be, 1, &reg, mem, false, 1, 1),
                     -ARGO_EEXIST);
        reg.len = 240;
        CHECK_EQ_I64(be.ops->register_ring(be.be, 1, &reg, mem, false, 1, 0),
                     -ARGO_EEXIST);
        CHECK(be.ops->ring_registered(be.be, 1, 7, 0));
    }

    g.nsignals = 0;
    rc = do_sendv(&be, &g, 0, 1, 7, hello, 5);
    CHECK_EQ_I64(rc, 5);
    CHECK_EQ_U64(g.nsignals, 1);
    CHECK_EQ_U64(g.signals[0], 1);
    CHECK_EQ_U64(ring_u32(mem, 4), 32);                 /* tx_ptr */
    CHECK_EQ_U64(ring_u32(mem, 64), 16 + 5);            /* header len */
    CHECK_EQ_U64(ring_u32(mem, 68), 1);                 /* source port */
    CHECK_EQ_U64(ring_u32(mem, 72) & 0xffff, 0);        /* source domain */
    CHECK_EQ_U64(ring_u32(mem, 76), 0x55);              /* type */
    CHECK_EQ_MEM(mem + 80, hello, 5);

    /* A faulting iov: -EFAULT, tx_ptr unchanged, nobody signalled. */
    g.nsignals = 0;
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 7, NULL, 8), -ARGO_EFAULT);
    CHECK_EQ_U64(g.nsignals, 0);
    CHECK_EQ_U64(ring_u32(mem, 4), 32);
    /* No ring, no sender, no Argo: Xen's answers. */
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 8, hello, 5), -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 9, 8, hello, 5), -ARGO_ESRCH);
    CHECK_EQ_I64(do_sendv(&be, &g, 9, 1, 7, hello, 5), -ARGO_ESRCH);

    CHECK_EQ_I64(do_notify(&be, 0, 1, 7, 16, &ent), 0);
    CHECK_EQ_U64(ent.flags, XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_SUFFICIENT);
    CHECK_EQ_U64(ent.max_message_size, 256 - 32);
    CHECK_EQ_I64(do_notify(&be, 0, 1, 9, 16, &ent), 0);
    CHECK_EQ_U64(ent.flags, 0);
    CHECK_EQ_I64(be.ops->notify(be.be, 0, NULL, NULL), 0);

    CHECK_EQ_I64(do_unregister(&be, 1, 7, 0), 0);
    CHECK(!be.ops->ring_registered(be.be, 1, 7, 0));
    CHECK_EQ_I64(do_unregister(&be, 1, 7, 0), -ARGO_ENOENT);

    /*
     * A bad frame: -EINVAL, nothing registered, no reference kept. Then a
     * re-registration with a bad frame throws the working ring away (a
     * wildcard ring: for a single-partner one the partner's send record
     * would outlive it, finding 2, and trip its destroy).
     */
    {
        xen_argo_register_ring_t reg = { .aport = 3,
                                         .partner_id = XEN_ARGO_DOMID_ANY,
                                         .len = 4096 };
        uint8_t *big = calloc(2, ARGO_PAGE_SIZE);
        struct xh_leaks l;

        be.ops->set_mac_permissive(be.be, true);
        CHECK_EQ_I64(be.ops->register_ring(be.be, 1, &reg, big, true, 2, 0),
                     -ARGO_EINVAL);
        CHECK(!be.ops->ring_registered(be.be, 1, 3, XEN_ARGO_DOMID_ANY));
        argo_xenhost_leaks(&l);
        CHECK_EQ_U64(l.page_refs + l.type_refs + l.mappings, 0);
        CHECK_EQ_I64(be.ops->register_ring(be.be, 1, &reg, big, false, 2, 0),
                     0);
        CHECK(be.ops->ring_registered(be.be, 1, 3, XEN_ARGO_DOMID_ANY));
        argo_xenhost_leaks(&l);
        CHECK_EQ_U64(l.type_refs, 2);
        CHECK_EQ_U64(l.page_refs, 2);
        CHECK_EQ_U64(l.mappings, 1);            /* the header page */
        CHECK_EQ_I64(be.ops->register_ring(be.be, 1, &reg, big, true, 2, 0),
                     -ARGO_EINVAL);
        CHECK(!be.ops->ring_registered(be.be, 1, 3, XEN_ARGO_DOMID_ANY));
        argo_xenhost_leaks(&l);
        CHECK_EQ_U64(l.page_refs + l.type_refs + l.mappings, 0);
        be.ops->set_mac_permissive(be.be, false);
        free(big);
    }

    /* A domain without Argo (XSM refuses argo:enable). */
    CHECK_EQ_I64(be.ops->domain_create(be.be, 2, false), 0);
    CHECK_EQ_I64(do_register(&be, 2, 1, 0, 64, mem), -ARGO_EACCES);
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 2, 1, hello, 5), -ARGO_ECONNREFUSED);
    CHECK_EQ_I64(do_register(&be, 0, 1, 2, 64, mem), -ARGO_ECONNREFUSED);
    CHECK(!be.ops->ring_registered(be.be, 0, 1, 2));

    /* Wildcard rings need argo=mac-permissive=1, settable any time. */
    CHECK_EQ_I64(do_register(&be, 0, 5, XEN_ARGO_DOMID_ANY, 64, mem),
                 -ARGO_EPERM);
    be.ops->set_mac_permissive(be.be, true);
    CHECK_EQ_I64(do_register(&be, 0, 5, XEN_ARGO_DOMID_ANY, 64, mem), 0);
    CHECK(be.ops->ring_registered(be.be, 0, 5, XEN_ARGO_DOMID_ANY));
    be.ops->set_mac_permissive(be.be, false);

    /* Destroying the owner takes its rings; destroy is not an Argo call. */
    CHECK_EQ_I64(be.ops->domain_destroy(be.be, 0), 0);
    CHECK(!be.ops->ring_registered(be.be, 0, 5, XEN_ARGO_DOMID_ANY));
    CHECK_EQ_I64(be.ops->domain_destroy(be.be, 0), -ARGO_ESRCH);
    CHECK_EQ_I64(do_register(&be, 0, 1, 1, 64, mem), -ARGO_ESRCH);

    CHECK(strstr(argo_xenhost_printk(NULL), "invalid gfn") != NULL);
    CHECK_EQ_I64(argo_backend_xenhost_fini(&be), 0);
    free(mem);
}

static void test_enomem(void)
{
    struct argo_backend be;
    struct guest g = { 0 };
    uint8_t *mem = calloc(1, ARGO_PAGE_SIZE);
    uint8_t fill[32];
    struct xh_leaks l;

    memset(fill, 0xab, sizeof(fill));
    CHECK_EQ_I64(argo_backend_xenhost_init(&be), 0);
    be.ops->set_signal_sink(be.be, guest_signal, &g);
    /* argo_init's allocation. */
    argo_xenhost_fail_nth_alloc(1);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 0, true), -ARGO_ENOMEM);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 0, true), 0);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 1, true), 0);

    /*
     * register_ring allocates the partner's send record, the ring, then its
     * frame list and mapping list: failing each is -ENOMEM, with nothing
     * registered or leaked.
     */
    for (uint64_t n = 1; n <= 4; n++) {
        uint64_t before = argo_xenhost_alloc_attempts();

        argo_xenhost_fail_nth_alloc(n);
        CHECK_EQ_I64(do_register(&be, 1, 7, 0, 64, mem), -ARGO_ENOMEM);
        CHECK(!be.ops->ring_registered(be.be, 1, 7, 0));
        CHECK_EQ_U64(argo_xenhost_alloc_attempts() - before, n);
        argo_xenhost_leaks(&l);
        CHECK_EQ_U64(l.allocations, 2);         /* two argo_domain structs */
        CHECK_EQ_U64(l.type_refs, 0);
    }
    argo_xenhost_fail_nth_alloc(0);
    CHECK_EQ_I64(do_register(&be, 1, 7, 0, 64, mem), 0);

    /* A 64-byte ring takes one 16-byte message; the next must wait. */
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 7, fill, 16), 16);
    argo_xenhost_fail_nth_alloc(1);
    g.nsignals = 0;
    /* pending_queue cannot record the wait: -ENOMEM, nobody signalled. */
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 7, fill, 16), -ARGO_ENOMEM);
    CHECK_EQ_U64(g.nsignals, 0);
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 7, fill, 16), -ARGO_EAGAIN);
    /* Both errors left sendv as 32-bit unsigned values (see the header). */
    CHECK_EQ_U64(argo_xenhost_sendv_unsigned_errors(), 2);
    argo_xenhost_set_raw_returns(true);
    CHECK_EQ_I64(do_sendv(&be, &g, 0, 1, 7, fill, 16),
                 (long)(uint32_t)-ARGO_EAGAIN);
    argo_xenhost_set_raw_returns(false);

    /* The waiter is freed with the ring at teardown: no leaks. */
    CHECK_EQ_I64(argo_backend_xenhost_fini(&be), 0);
    free(mem);
}

/*
 * A run stopped just short of finding 3 (a domain waiting on a wildcard
 * ring, whose destroy would corrupt memory) is discarded without Xen's
 * teardown; the next instance starts clean.
 */
static void test_discard(void)
{
    struct argo_backend be;
    struct guest g = { 0 };
    uint8_t *mem = calloc(1, ARGO_PAGE_SIZE), fill[16] = { 0 };

    CHECK_EQ_I64(argo_backend_xenhost_init(&be), 0);
    be.ops->set_mac_permissive(be.be, true);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 0, true), 0);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 1, true), 0);
    CHECK_EQ_I64(do_register(&be, 0, 1, XEN_ARGO_DOMID_ANY, 64, mem), 0);
    CHECK_EQ_I64(do_sendv(&be, &g, 1, 0, 1, fill, 16), 16);
    CHECK_EQ_I64(do_sendv(&be, &g, 1, 0, 1, fill, 16), -ARGO_EAGAIN);
    argo_backend_xenhost_discard(&be);
    CHECK(be.ops == NULL);

    memset(mem, 0, ARGO_PAGE_SIZE);
    CHECK_EQ_I64(argo_backend_xenhost_init(&be), 0);
    CHECK_EQ_I64(be.ops->domain_create(be.be, 1, true), 0);
    CHECK_EQ_I64(do_register(&be, 1, 1, 1, 64, mem), 0);
    CHECK_EQ_I64(do_unregister(&be, 1, 1, 1), 0);
    CHECK_EQ_I64(argo_backend_xenhost_fini(&be), 0);
    free(mem);
}

/* Set up and tear down many times: the fuzzer's pattern. */
static void test_reinit(void)
{
    uint8_t *mem = calloc(1, ARGO_PAGE_SIZE);
    unsigned failures = 0;

    for (unsigned i = 0; i < 200; i++) {
        struct argo_backend be;
        struct guest g = { 0 };

        if (argo_backend_xenhost_init(&be)) {
            failures++;
            break;
        }
        be.ops->set_signal_sink(be.be, guest_signal, &g);
        be.ops->set_mac_permissive(be.be, i & 1);
        be.ops->domain_create(be.be, 0, true);
        be.ops->domain_create(be.be, 1, true);
        if (do_register(&be, 1, i, 0, 64, mem) ||
            do_sendv(&be, &g, 0, 1, i, "x", 1) != 1)
            failures++;
        /* Half the time, leave the ring for the teardown to find. */
        if (i & 2)
            do_unregister(&be, 1, i, 0);
        if (argo_backend_xenhost_fini(&be))
            failures++;
        memset(mem, 0, ARGO_PAGE_SIZE);
    }
    CHECK_EQ_U64(failures, 0);
    free(mem);
}

/* ---- children ---------------------------------------------------------- */

struct child {
    int status;
    char *out;
};

static void child_free(struct child *c)
{
    free(c->out);
    c->out = NULL;
}

/* Run fn(arg) in a child with stdout and stderr captured together. */
static void run_child(void (*fn)(const void *), const void *arg,
                      struct child *c)
{
    int fds[2];
    size_t len = 0, cap = 4096;
    pid_t pid;

    memset(c, 0, sizeof(*c));
    fflush(NULL);
    if (pipe(fds)) {
        perror("pipe");
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[1]);
        fn(arg);
        fflush(NULL);
        _exit(0);
    }
    close(fds[1]);
    c->out = malloc(cap);
    for (;;) {
        ssize_t n;

        if (len + 1 == cap) {
            cap *= 2;
            c->out = realloc(c->out, cap);
        }
        n = read(fds[0], c->out + len, cap - len - 1);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    c->out[len] = '\0';
    close(fds[0]);
    waitpid(pid, &c->status, 0);
}

static bool child_signalled(const struct child *c, int sig)
{
    return WIFSIGNALED(c->status) && WTERMSIG(c->status) == sig;
}

static void describe(const char *what, const struct child *c)
{
    printf("---- %s: ", what);
    if (WIFEXITED(c->status))
        printf("exit %d\n", WEXITSTATUS(c->status));
    else if (WIFSIGNALED(c->status))
        printf("killed by signal %d (%s)\n", WTERMSIG(c->status),
               strsignal(WTERMSIG(c->status)));
    fputs(c->out, stdout);
    if (c->out[0] && c->out[strlen(c->out) - 1] != '\n')
        putchar('\n');
}

static void child_selftest(const void *arg)
{
    struct argo_backend be;

    if (argo_backend_xenhost_init(&be))
        return;
    xh_selftest(*(const int *)arg);
}

static void test_selftests(void)
{
    static const struct {
        int which;
        const char *expect;
    } cases[] = {
        { 1, "Assertion 'unreachable' failed at " },
        { 2, "spin_unlock(&lock) at " },
        { 3, "write_lock(&rw) at " },
        { 4, "BUG_ON(which == 4) at " },
    };

    for (size_t i = 0; i < ARGO_ARRAY_SIZE(cases); i++) {
        struct child c;
        char what[64];

        run_child(child_selftest, &cases[i].which, &c);
        snprintf(what, sizeof(what), "shim self-test %d", cases[i].which);
        describe(what, &c);
        CHECK(child_signalled(&c, SIGABRT));
        CHECK(strstr(c.out, cases[i].expect) != NULL);
        child_free(&c);
    }
}

/* ---- findings -------------------------------------------------------------- */

struct finding_run {
    const char *name;           /* tests/findings/<name>.trace */
    const char *append;         /* more trace lines, or NULL */
};

static int write_fd1(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    while (n) {
        ssize_t w = write(1, s, n);

        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static void *host_alloc(void *ctx, size_t n)
{
    (void)ctx;
    return calloc(1, n);
}

static void host_release(void *ctx, void *p, size_t n)
{
    (void)ctx;
    (void)n;
    free(p);
}

static char *read_text(const char *path, size_t *len)
{
    char *data;

    if (trace_file_read(path, &data, len))
        return NULL;
    return data;
}

/* The trace text of a finding, with more lines appended; malloc'd. */
static char *finding_text(const struct finding_run *f, char *path,
                          size_t path_size, size_t *len)
{
    char *text;

    snprintf(path, path_size, "%s/tests/findings/%s.trace",
             ARGOLAB_SOURCE_DIR, f->name);
    text = read_text(path, len);
    if (text && f->append) {
        size_t n = strlen(f->append);
        char *more = realloc(text, *len + n);

        if (!more) {
            free(text);
            return NULL;
        }
        text = more;
        memcpy(text + *len, f->append, n);
        *len += n;
    }
    return text;
}

/* In the child: run the trace on Xen's code, then tear down and count leaks. */
static void child_finding(const void *arg)
{
    const struct finding_run *f = arg;
    struct trace_host host = { host_alloc, host_release, write_fd1, NULL, NULL };
    struct trace_runner *runner = malloc(sizeof(*runner));
    struct argo_backend be;
    char path[1024], *text;
    size_t len;
    struct trace t;
    long leaks;

    text = finding_text(f, path, sizeof(path), &len);
    if (!text || !runner)
        return;
    if (trace_file_parse(path, text, len, &t) || argo_backend_xenhost_init(&be))
        return;
    if (trace_run(runner, &t, &be, &host))
        printf("trace_run failed\n");
    printf("teardown: destroying every domain\n");
    fflush(stdout);
    leaks = argo_backend_xenhost_fini(&be);
    printf("leaks=%ld\n", leaks);
}

/* The result line of trace line n ("L<n> ..."), or NULL. */
static const char *line_of(const char *out, unsigned n)
{
    char tag[16];
    const char *p = out;

    snprintf(tag, sizeof(tag), "L%u ", n);
    while (p && *p) {
        if (!strncmp(p, tag, strlen(tag)))
            return p;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

static bool line_has(const char *out, unsigned n, const char *what)
{
    const char *l = line_of(out, n);
    const char *end = l ? strchr(l, '\n') : NULL;
    const char *hit = l ? strstr(l, what) : NULL;

    return hit && (!end || hit < end);
}

static bool aborted_on_unreachable_in(const struct child *c, const char *func)
{
    char want[96];

    snprintf(want, sizeof(want), "in %s()", func);
    return child_signalled(c, SIGABRT) &&
           strstr(c->out, "Assertion 'unreachable' failed at ") &&
           strstr(c->out, want);
}

/* A finding's trace, run in a child, with its operations for the checks. */
struct finding {
    struct finding_run run;
    struct trace t;
    struct child c;
    bool loaded;
};

static void finding_start(struct finding *f, const char *name,
                          const char *append, const char *title)
{
    char path[1024], *text;
    size_t len;

    memset(f, 0, sizeof(*f));
    f->run.name = name;
    f->run.append = append;
    text = finding_text(&f->run, path, sizeof(path), &len);
    f->loaded = text && !trace_file_parse(path, text, len, &f->t);
    free(text);
    CHECK(f->loaded);
    run_child(child_finding, &f->run, &f->c);
    describe(title, &f->c);
}

static void finding_end(struct finding *f)
{
    if (f->loaded)
        trace_file_free(&f->t);
    child_free(&f->c);
}

/* Source line of operation i (from the end when negative). */
static unsigned op_line(const struct finding *f, int i)
{
    int n = (int)f->t.nops;

    if (!f->loaded || i >= n || i < -n)
        return 0;
    return f->t.ops[i < 0 ? n + i : i].line;
}

/* Index of the first operation of kind, or -1. */
static int op_find(const struct finding *f, uint8_t kind)
{
    for (uint32_t i = 0; f->loaded && i < f->t.nops; i++)
        if (f->t.ops[i].kind == kind)
            return (int)i;
    return -1;
}

static bool exited_clean(const struct child *c)
{
    return WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0 &&
           strstr(c->out, "leaks=0\n");
}

static void test_findings(void)
{
    struct finding f;
    int i;

    /* 1: every re-registration counts; the 129th registration is -ENOSPC.
     * The ring partners its own domain, so the teardown then meets
     * finding 5 (128 send records, no ring): ASSERT_UNREACHABLE. */
    finding_start(&f, "reregister-ring-count", NULL,
                  "finding 1 (reregister-ring-count)");
    CHECK(line_has(f.c.out, op_line(&f, -2), "register rc=0"));
    CHECK(line_has(f.c.out, op_line(&f, -1), "register rc=-ENOSPC"));
    CHECK(strstr(f.c.out, "teardown:") != NULL);
    CHECK(aborted_on_unreachable_in(&f.c, "partner_rings_remove"));
    finding_end(&f);

    /* 2: after a failed re-registration the count stays: the 128th ring is
     * -ENOSPC. The teardown destroys 0 first: its stale record in 1 then
     * names a domain that is gone, which argo.c accepts. */
    finding_start(&f, "failed-reregister-ring-count", NULL,
                  "finding 2 (failed-reregister-ring-count)");
    i = op_find(&f, TRACE_OP_REGISTER);
    CHECK(line_has(f.c.out, op_line(&f, i), "register rc=0"));
    CHECK(line_has(f.c.out, op_line(&f, i + 1), "register rc=-EINVAL"));
    CHECK(line_has(f.c.out, op_line(&f, -2), "register rc=0"));
    CHECK(line_has(f.c.out, op_line(&f, -1), "register rc=-ENOSPC"));
    CHECK(exited_clean(&f.c));
    finding_end(&f);

    /* 2, destroying the partner first: the stale send record names a ring
     * its live owner no longer has: ASSERT_UNREACHABLE. */
    finding_start(&f, "failed-reregister-ring-count", "destroy 1\n",
                  "finding 2, then destroy 1");
    CHECK(line_has(f.c.out, op_line(&f, -2), "register rc=-ENOSPC"));
    CHECK(line_of(f.c.out, op_line(&f, -1)) == NULL);
    CHECK(aborted_on_unreachable_in(&f.c, "partner_rings_remove"));
    finding_end(&f);

    /* 3: destroying a domain that waits on a wildcard ring walks the wrong
     * list member. Under ASan: a heap-buffer-overflow read of ring_info
     * just past the 48-byte pending_ent. Without: the shim's poisoned block
     * tail makes that pointer non-canonical and the decrement through it
     * faults. Either way nothing after the sendv that queued the wait. */
    finding_start(&f, "destroy-wildcard-waiter", NULL,
                  "finding 3 (destroy-wildcard-waiter)");
    i = op_find(&f, TRACE_OP_DESTROY);
    CHECK(i > 1);
    CHECK(line_has(f.c.out, op_line(&f, i - 2), "sendv rc=16"));
    CHECK(line_has(f.c.out, op_line(&f, i - 1), "sendv rc=-EAGAIN"));
    CHECK(line_of(f.c.out, op_line(&f, i)) == NULL);
    if (SMOKE_ASAN) {
        CHECK(strstr(f.c.out, "AddressSanitizer: heap-buffer-overflow") != NULL);
        CHECK(strstr(f.c.out, "wildcard_rings_pending_remove") != NULL);
    } else {
        CHECK(child_signalled(&f.c, SIGSEGV) || child_signalled(&f.c, SIGBUS));
    }
    CHECK(!exited_clean(&f.c));
    finding_end(&f);

    /* 4: the largest ring is 16 MiB - 64; Xen and the model agree. The
     * trace's ring partners its own domain, so the teardown meets finding
     * 5. */
    finding_start(&f, "max-ring-size", NULL, "finding 4 (max-ring-size)");
    {
        char path[1024], *want;
        size_t len;

        snprintf(path, sizeof(path), "%s/tests/findings/max-ring-size.out",
                 ARGOLAB_SOURCE_DIR);
        want = read_text(path, &len);
        CHECK(want != NULL);
        if (want)
            CHECK(!strncmp(f.c.out, want, len) &&
                  !strncmp(f.c.out + len, "teardown:", 9));
        free(want);
    }
    CHECK(aborted_on_unreachable_in(&f.c, "partner_rings_remove"));
    finding_end(&f);

    /* 5: a self-partner ring: destroying its domain hits ASSERT_UNREACHABLE. */
    finding_start(&f, "self-partner-destroy", NULL,
                  "finding 5 (self-partner-destroy)");
    i = op_find(&f, TRACE_OP_DESTROY);
    CHECK(line_has(f.c.out, op_line(&f, i - 1), "register rc=0"));
    CHECK(line_of(f.c.out, op_line(&f, i)) == NULL);
    CHECK(aborted_on_unreachable_in(&f.c, "partner_rings_remove"));
    finding_end(&f);

    /* 6: a stale send record and a reused domain id: destroying the partner
     * hits ASSERT_UNREACHABLE. */
    finding_start(&f, "stale-send-record", NULL,
                  "finding 6 (stale-send-record)");
    if (f.loaded) {
        CHECK(line_has(f.c.out, op_line(&f, -2), "domain rc=0"));
        CHECK(line_of(f.c.out, op_line(&f, -1)) == NULL);
        CHECK(aborted_on_unreachable_in(&f.c, "partner_rings_remove"));
    }
    finding_end(&f);
}

int main(void)
{
    printf("xenhost_smoke: %s%s\n", argo_xenhost_xen_version(),
           SMOKE_ASAN ? " (AddressSanitizer)" : "");
    test_basic();
    test_enomem();
    test_reinit();
    test_discard();
    test_selftests();
    test_findings();
    return CHECK_DONE();
}

#endif
