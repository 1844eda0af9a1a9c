/* SPDX-License-Identifier: MIT */
/*
 * Description: what IOCTL_PRIVCMD_IOEVENTFD saves, measured on this host
 * with real eventfds and threads: a guest QueueNotify delivered to a virtio
 * backend blocked in read() on its eventfd, either signalled directly by
 * the notifier after matching the ioreq (the kernel's ioeventfd_interrupt),
 * or through a relay thread woken on its own eventfd (the event channel to
 * a user-space device model) that reads the ioreq page, runs the same
 * matcher and forwards (the extra context switch the patch removes).
 *
 *   ioeventfd_latency/{direct,relay}: one notification per iteration; the
 *       notifier waits for the backend's ack before the next, so nothing
 *       coalesces. Time per iteration is the round trip (real time);
 *       p50_ns..p999_ns and min_ns are one-way: the notifier's
 *       CLOCK_MONOTONIC stamp just before matching (direct) or signalling
 *       the relay, to the backend's stamp when read() returns, passed back
 *       in shared memory. One clock on one host, so the two stamps compare.
 *   ioeventfd_throughput/{direct,relay}: notifications streamed over
 *       IOEV_BENCH_SLOTS vCPU slots, each slot reused once its ioreq is
 *       completed (a vCPU waits for its ioreq); eventfd counters coalesce,
 *       so the backend counts notifications (the sum of the values read),
 *       not wakeups; items/s is completed notifications per second.
 *   ioeventfd_match/N: the matcher alone against N registrations, the match
 *       being the last.
 *
 * Threads are pinned when the host allows: the notifier (the guest's side)
 * on CPU 0, the relay and the backend (dom0 user space) on CPU 1; the label
 * says "unpinned" otherwise. ARGOLAB_IOEVENTFD_SAMPLES=<dir> writes each
 * latency run's one-way samples, in order, one per line in ns, to
 * <dir>/ioeventfd-<mode>.tsv (temp file then rename; the last run wins).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ioeventfd_model/ioev_model.h"
#include "shim/bench_shim.h"

#define IOEV_BENCH_DEV   0x0a000000u
#define IOEV_BENCH_SLOTS 8u
#define IOEV_BENCH_MAX_SAMPLES (1u << 21)

enum mode { MODE_DIRECT, MODE_RELAY };

struct rig {
    enum mode mode;
    bool streaming;
    int backend_efd, relay_efd, ack_efd;
    struct ioev_ioreq *page;                /* the shared ioreq page */
    struct ioev_reg regs[IOEV_BENCH_SLOTS]; /* queue v: registration v */
    int stop;                               /* atomic */
    uint64_t backend_stamp;                 /* atomic: ns of the last wake-up */
    uint64_t counted;                       /* atomic: notifications the backend saw */
    bool pinned;
    pthread_t relay, backend;
};

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool pin_to(pthread_t t, int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(t, sizeof(set), &set) == 0;
}

static void efd_signal(int fd, uint64_t n)
{
    while (write(fd, &n, sizeof(n)) != sizeof(n) && errno == EINTR)
        ;
}

static uint64_t efd_wait(int fd)
{
    uint64_t n = 0;

    while (read(fd, &n, sizeof(n)) != sizeof(n))
        if (errno != EINTR)
            return 0;
    return n;
}

/*
 * What ioeventfd_interrupt does with one slot, on memory another thread
 * writes: the state is read with acquire (the fields were written before
 * it), and the completion stored with release (the kernel relies on its
 * spinlock for both barriers). True when the slot was completed.
 */
static bool handle_slot(struct rig *r, uint32_t v)
{
    struct ioev_ioreq *slot = &r->page[v];
    uint8_t bits = __atomic_load_n(&slot->bits, __ATOMIC_ACQUIRE);

    if ((bits & IOEV_BITS_STATE_MASK) != IOEV_STATE_READY ||
        !ioev_ioreq_claimable(slot) ||
        ioev_match(slot, r->regs, IOEV_BENCH_SLOTS) < 0)
        return false;
    __atomic_store_n(&slot->bits,
                     (uint8_t)((bits & ~IOEV_BITS_STATE_MASK) | IOEV_STATE_RESP_READY),
                     __ATOMIC_RELEASE);
    return true;
}

/* Xen's side: a QueueNotify write of queue v, in vCPU v's slot. */
static void post_notify(struct rig *r, uint32_t v)
{
    struct ioev_ioreq *slot = &r->page[v];

    slot->addr = IOEV_BENCH_DEV + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY;
    slot->data = v;
    slot->count = 1;
    slot->size = 4;
    slot->type = IOEV_TYPE_COPY;
    __atomic_store_n(&slot->bits, (uint8_t)IOEV_STATE_READY, __ATOMIC_RELEASE);
}

/* The user-space device model: woken per event, it scans the vCPU slots. */
static void *relay_main(void *arg)
{
    struct rig *r = arg;

    for (;;) {
        uint64_t done = 0;

        efd_wait(r->relay_efd);
        if (__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
            break;
        for (uint32_t v = 0; v < IOEV_BENCH_SLOTS; v++)
            done += handle_slot(r, v);
        if (done)
            efd_signal(r->backend_efd, done);
    }
    return NULL;
}

static void *backend_main(void *arg)
{
    struct rig *r = arg;

    for (;;) {
        uint64_t n = efd_wait(r->backend_efd);
        uint64_t t = now_ns();

        if (__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
            break;
        __atomic_store_n(&r->backend_stamp, t, __ATOMIC_RELEASE);
        __atomic_add_fetch(&r->counted, n, __ATOMIC_ACQ_REL);
        if (!r->streaming)
            efd_signal(r->ack_efd, 1);
    }
    return NULL;
}

static int rig_start(struct rig *r, struct bench_state *st, enum mode mode,
                     bool streaming)
{
    memset(r, 0, sizeof(*r));
    r->mode = mode;
    r->streaming = streaming;
    r->page = aligned_alloc(IOEV_PAGE_SIZE, IOEV_PAGE_SIZE);
    r->backend_efd = eventfd(0, 0);
    r->relay_efd = eventfd(0, 0);
    r->ack_efd = eventfd(0, 0);
    if (!r->page || r->backend_efd < 0 || r->relay_efd < 0 || r->ack_efd < 0) {
        bench_skip(st, "eventfd or page allocation failed");
        return -1;
    }
    memset(r->page, 0, IOEV_PAGE_SIZE);
    for (uint32_t v = 0; v < IOEV_BENCH_SLOTS; v++) {
        r->regs[v].ctx = 0;
        r->regs[v].addr = IOEV_BENCH_DEV;
        r->regs[v].addr_len = 4;
        r->regs[v].vq = v;
    }
    if (pthread_create(&r->backend, NULL, backend_main, r) ||
        pthread_create(&r->relay, NULL, relay_main, r)) {
        bench_skip(st, "pthread_create failed");
        return -1;
    }
    r->pinned = pin_to(pthread_self(), 0) && pin_to(r->backend, 1) &&
                pin_to(r->relay, 1);
    return 0;
}

static void rig_stop(struct rig *r, const cpu_set_t *old)
{
    __atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
    efd_signal(r->relay_efd, 1);
    efd_signal(r->backend_efd, 1);
    pthread_join(r->relay, NULL);
    pthread_join(r->backend, NULL);
    close(r->backend_efd);
    close(r->relay_efd);
    close(r->ack_efd);
    free(r->page);
    pthread_setaffinity_np(pthread_self(), sizeof(*old), old);
}

/* Deliver the notification posted in slot v: the path under test. */
static void deliver(struct rig *r, uint32_t v)
{
    if (r->mode == MODE_DIRECT) {
        if (handle_slot(r, v))
            efd_signal(r->backend_efd, 1);
    } else {
        efd_signal(r->relay_efd, 1);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static void write_samples(const uint64_t *s, size_t n, const char *mode)
{
    const char *dir = getenv("ARGOLAB_IOEVENTFD_SAMPLES");
    char path[4096], tmp[4200];
    FILE *f;

    if (!dir || !*dir)
        return;
    snprintf(path, sizeof(path), "%s/ioeventfd-%s.tsv", dir, mode);
    snprintf(tmp, sizeof(tmp), "%s/.ioeventfd-%s.tsv.%ld", dir, mode, (long)getpid());
    f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "ioeventfd: cannot write %s: %s\n", tmp, strerror(errno));
        return;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%llu\n", (unsigned long long)s[i]);
    if (fclose(f) || rename(tmp, path)) {
        fprintf(stderr, "ioeventfd: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
    }
}

static double quantile(const uint64_t *sorted, size_t n, double q)
{
    return (double)sorted[(size_t)(q * (double)(n - 1))];
}

static void latency(struct bench_state *st, enum mode mode)
{
    const char *name = mode == MODE_DIRECT ? "direct" : "relay";
    uint64_t *samples = malloc(IOEV_BENCH_MAX_SAMPLES * sizeof(*samples));
    size_t n = 0;
    cpu_set_t old;
    struct rig r;

    pthread_getaffinity_np(pthread_self(), sizeof(old), &old);
    if (!samples) {
        bench_skip(st, "no memory for samples");
        return;
    }
    if (rig_start(&r, st, mode, false)) {
        free(samples);
        return;
    }
    while (bench_keep_running(st)) {
        uint64_t t0;

        post_notify(&r, 0);
        t0 = now_ns();
        deliver(&r, 0);
        efd_wait(r.ack_efd);
        if (n < IOEV_BENCH_MAX_SAMPLES)
            samples[n++] = __atomic_load_n(&r.backend_stamp, __ATOMIC_ACQUIRE) - t0;
    }
    rig_stop(&r, &old);
    if (n) {
        write_samples(samples, n, name);
        qsort(samples, n, sizeof(*samples), cmp_u64);
        bench_counter(st, "min_ns", (double)samples[0], BENCH_COUNTER_VALUE);
        bench_counter(st, "p50_ns", quantile(samples, n, 0.50), BENCH_COUNTER_VALUE);
        bench_counter(st, "p90_ns", quantile(samples, n, 0.90), BENCH_COUNTER_VALUE);
        bench_counter(st, "p99_ns", quantile(samples, n, 0.99), BENCH_COUNTER_VALUE);
        bench_counter(st, "p999_ns", quantile(samples, n, 0.999), BENCH_COUNTER_VALUE);
    }
    bench_set_items(st, bench_iterations(st));
    bench_label(st, r.pinned ? "pinned 0/1" : "unpinned");
    free(samples);
}

static void throughput(struct bench_state *st, enum mode mode)
{
    uint64_t sent = 0;
    uint32_t v = 0;
    cpu_set_t old;
    struct rig r;

    pthread_getaffinity_np(pthread_self(), sizeof(old), &old);
    if (rig_start(&r, st, mode, true))
        return;
    /* Slots start completed, as after a previous round. */
    for (uint32_t i = 0; i < IOEV_BENCH_SLOTS; i++)
        ioev_ioreq_set_state(&r.page[i], IOEV_STATE_RESP_READY);
    while (bench_keep_running(st)) {
        /* The vCPU behind slot v waits for its last ioreq to complete. */
        while ((__atomic_load_n(&r.page[v].bits, __ATOMIC_ACQUIRE) &
                IOEV_BITS_STATE_MASK) != IOEV_STATE_RESP_READY)
            sched_yield();
        post_notify(&r, v);
        deliver(&r, v);
        sent++;
        v = (v + 1) % IOEV_BENCH_SLOTS;
    }
    /* Timed: the run ends when the backend has counted every notification. */
    while (__atomic_load_n(&r.counted, __ATOMIC_ACQUIRE) < sent)
        sched_yield();
    rig_stop(&r, &old);
    bench_set_items(st, (int64_t)sent);
    bench_label(st, r.pinned ? "pinned 0/1" : "unpinned");
}

static void latency_direct(struct bench_state *st) { latency(st, MODE_DIRECT); }
static void latency_relay(struct bench_state *st) { latency(st, MODE_RELAY); }
static void throughput_direct(struct bench_state *st) { throughput(st, MODE_DIRECT); }
static void throughput_relay(struct bench_state *st) { throughput(st, MODE_RELAY); }

static void match_cost(struct bench_state *st)
{
    uint32_t n = (uint32_t)bench_arg_at(st, 0);
    struct ioev_reg *regs = calloc(n, sizeof(*regs));
    struct ioev_ioreq req = { 0 };

    if (!regs) {
        bench_skip(st, "no memory");
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        regs[i].addr = IOEV_BENCH_DEV + 0x200ull * i;
        regs[i].addr_len = 4;
        regs[i].vq = i & 0xffff;
    }
    req.addr = regs[n - 1].addr + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY;
    req.size = 4;
    req.data = regs[n - 1].vq;
    req.type = IOEV_TYPE_COPY;
    req.bits = IOEV_STATE_READY;
    while (bench_keep_running(st)) {
        int k;

        bench_clobber(&req);
        k = ioev_ioreq_claimable(&req) ? ioev_match(&req, regs, n) : -1;
        bench_clobber(&k);
    }
    bench_set_items(st, bench_iterations(st));
    free(regs);
}

BENCH_REGISTER(register_ioeventfd)
{
    bench_use_real_time(bench_register("ioeventfd_latency/direct", latency_direct));
    bench_use_real_time(bench_register("ioeventfd_latency/relay", latency_relay));
    bench_use_real_time(bench_register("ioeventfd_throughput/direct", throughput_direct));
    bench_use_real_time(bench_register("ioeventfd_throughput/relay", throughput_relay));
    bench_arg(bench_arg(bench_arg(bench_register("ioeventfd_match", match_cost), 1), 8), 64);
}
