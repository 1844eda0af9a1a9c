/* SPDX-License-Identifier: MIT */
/*
 * Description: the live benchmark: sendv, sendv plus the guest's consume,
 * and notify, each timed with rdtsc around real hypercalls on a ring the
 * guest registered with itself as partner.
 *
 * Every benchmark prints one Google-Benchmark-style JSON object per line
 * after "argolab-live-json: " (times in ns, from the TSC scaled as Xen's
 * vcpu_time_info says), plus a context line first. No floating point (the
 * guest has no FPU state): decimals are printed from fixed point.
 */
#include "live_bench.h"

#include "hypercall.h"
#include "layout.h"
#include "pages.h"
#include "platform.h"
#include "report.h"
#include "virq.h"
#include "xen_if.h"

#include "../ring_model/argo_reader.h"
#include "../trace/text_buf.h"

#define BENCH_PORT          0x42000u
/* 64 pages with the ring header: room for the largest message timed. */
#define BENCH_RING_LEN      (64u * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE)
#define BENCH_MAX_SAMPLES   20000u
#define BENCH_MIN_SAMPLES   50u
/* Time spent per benchmark, in ns of TSC time. */
#define BENCH_BUDGET_NS     300000000ull

struct bench {
    uint8_t *ring;
    uint8_t *data;              /* what sendv sends */
    uint8_t *sink;              /* where consume copies to */
    uint64_t *samples;
    const char *label;
    uint64_t count;             /* benchmarks printed */
};

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

static const struct vcpu_time_info *clock_info(void)
{
    return &live_shared_info()->vcpu_info[0].time;
}

/* TSC cycles to ns, as vcpu_time_info defines the scaling. */
static uint64_t cycles_to_ns(uint64_t cycles)
{
    const struct vcpu_time_info *t = clock_info();

    if (t->tsc_shift >= 0)
        cycles <<= t->tsc_shift;
    else
        cycles >>= -t->tsc_shift;
    return (uint64_t)(((unsigned __int128)cycles * t->tsc_to_system_mul) >> 32);
}

static uint64_t tsc_khz(void)
{
    const struct vcpu_time_info *t = clock_info();
    uint64_t hz;

    if (!t->tsc_to_system_mul)
        return 0;
    hz = (UINT64_C(1000000000) << 32) / t->tsc_to_system_mul;
    hz = t->tsc_shift >= 0 ? hz >> t->tsc_shift : hz << -t->tsc_shift;
    return hz / 1000;
}

static long argo(unsigned int cmd, const void *a1, const void *a2, uint64_t a3,
                 uint64_t a4)
{
    return live_hypercall5(__HYPERVISOR_argo_op, cmd, (uint64_t)(uintptr_t)a1,
                           (uint64_t)(uintptr_t)a2, a3, a4);
}

static long bench_register(struct bench *b)
{
    static uint64_t gfns[64];
    xen_argo_register_ring_t reg = {
        .aport = BENCH_PORT,
        .partner_id = live_domid(),
        .len = BENCH_RING_LEN,
    };

    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(gfns); i++)
        gfns[i] = live_frame_of(b->ring + (size_t)i * ARGO_PAGE_SIZE);
    return argo(XEN_ARGO_OP_register_ring, &reg, gfns, ARGO_ARRAY_SIZE(gfns), 0);
}

static long bench_sendv(const struct bench *b, uint32_t size)
{
    xen_argo_send_addr_t addr = {
        .src = { .aport = 1, .domain_id = live_domid() },
        .dst = { .aport = BENCH_PORT, .domain_id = live_domid() },
    };
    xen_argo_iov_t iov = { .iov_hnd = (uint64_t)(uintptr_t)b->data, .iov_len = size };

    return argo(XEN_ARGO_OP_sendv, &addr, &iov, 1, 0);
}

static int bench_consume(const struct bench *b)
{
    struct argo_ring_msg msg;
    int rc = argo_ring_peek(b->ring, BENCH_RING_LEN, &msg);

    if (rc)
        return rc;
    argo_ring_copy_payload(b->ring, BENCH_RING_LEN, &msg, 0, b->sink,
                           msg.payload_len);
    argo_ring_consume(b->ring, &msg);
    return 0;
}

static long bench_notify(void)
{
    static struct {
        xen_argo_ring_data_t hdr;
        xen_argo_ring_data_ent_t ent;
    } rd;

    rd.hdr.nent = 1;
    rd.ent.ring.aport = BENCH_PORT;
    rd.ent.ring.domain_id = live_domid();
    rd.ent.space_required = 64;
    return argo(XEN_ARGO_OP_notify, &rd, NULL, 0, 0);
}

static void sift_down(uint64_t *a, uint32_t root, uint32_t end)
{
    for (uint32_t child; (child = 2 * root + 1) < end; root = child) {
        uint64_t t;

        if (child + 1 < end && a[child] < a[child + 1])
            child++;
        if (a[root] >= a[child])
            return;
        t = a[root];
        a[root] = a[child];
        a[child] = t;
    }
}

/* Heapsort: no recursion, no allocation, n log n under emulation too. */
static void sort(uint64_t *a, uint32_t n)
{
    for (uint32_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (uint32_t end = n; end > 1;) {
        uint64_t t = a[0];

        end--;
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* ns with one decimal, from a tenth-of-ns count. */
static void tb_tenths(struct text_buf *tb, uint64_t tenths)
{
    tb_u64(tb, tenths / 10);
    tb_char(tb, '.');
    tb_u64(tb, tenths % 10);
}

/* name/arg; bytes per iteration for the throughput field (0: none). */
static void report(struct bench *b, const char *name, uint32_t arg,
                   uint32_t bytes, uint32_t n)
{
    struct text_buf tb;
    char buf[768];
    uint64_t total = 0, mean_tenths;

    for (uint32_t i = 0; i < n; i++)
        total += b->samples[i];
    sort(b->samples, n);
    mean_tenths = cycles_to_ns(total * 10) / n;

    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "{\"name\": \"");
    tb_str(&tb, name);
    tb_char(&tb, '/');
    tb_u64(&tb, arg);
    tb_str(&tb, "\", \"run_name\": \"");
    tb_str(&tb, name);
    tb_char(&tb, '/');
    tb_u64(&tb, arg);
    tb_str(&tb, "\", \"run_type\": \"iteration\", \"repetitions\": 1, "
                "\"repetition_index\": 0, \"threads\": 1, \"iterations\": ");
    tb_u64(&tb, n);
    tb_str(&tb, ", \"real_time\": ");
    tb_tenths(&tb, mean_tenths);
    tb_str(&tb, ", \"cpu_time\": ");
    tb_tenths(&tb, mean_tenths);
    tb_str(&tb, ", \"time_unit\": \"ns\"");
    if (bytes && mean_tenths) {
        tb_str(&tb, ", \"bytes_per_second\": ");
        tb_u64(&tb, (uint64_t)bytes * 10000000000ull / mean_tenths);
    }
    tb_str(&tb, ", \"min_ns\": ");
    tb_u64(&tb, cycles_to_ns(b->samples[0]));
    tb_str(&tb, ", \"median_ns\": ");
    tb_u64(&tb, cycles_to_ns(b->samples[n / 2]));
    tb_str(&tb, ", \"p99_ns\": ");
    tb_u64(&tb, cycles_to_ns(b->samples[(uint64_t)n * 99 / 100]));
    tb_str(&tb, ", \"cycles\": ");
    tb_u64(&tb, total / n);
    tb_str(&tb, ", \"label\": \"");
    tb_str(&tb, b->label);
    tb_str(&tb, "\"}");
    report_json(&tb);
    b->count++;
}

static bool budget_left(uint64_t start, uint32_t n)
{
    if (n >= BENCH_MAX_SAMPLES)
        return false;
    return n < BENCH_MIN_SAMPLES || cycles_to_ns(tsc() - start) < BENCH_BUDGET_NS;
}

static bool fail(const char *what, long rc)
{
    struct text_buf tb;
    char buf[160];

    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "end error bench: ");
    tb_str(&tb, what);
    tb_str(&tb, " returned ");
    tb_i64(&tb, rc);
    report_status(&tb);
    return false;
}

/* sendv alone (timed), then consume (not timed); or both timed. */
static bool bench_size(struct bench *b, uint32_t size, bool with_consume)
{
    uint64_t start = tsc();
    uint32_t n = 0;

    while (budget_left(start, n)) {
        uint64_t t0 = tsc(), t1;
        long rc = bench_sendv(b, size);

        if (!with_consume)
            t1 = tsc();
        if (rc != (long)size)
            return fail("sendv", rc);
        rc = bench_consume(b);
        if (with_consume)
            t1 = tsc();
        if (rc)
            return fail("consume", rc);
        live_virq_argo_take();
        b->samples[n++] = t1 - t0;
    }
    report(b, with_consume ? "live_sendv_consume" : "live_sendv", size, size, n);
    return true;
}

static bool bench_notify_one(struct bench *b)
{
    uint64_t start = tsc();
    uint32_t n = 0;

    while (budget_left(start, n)) {
        uint64_t t0 = tsc();
        long rc = bench_notify();

        b->samples[n++] = tsc() - t0;
        if (rc)
            return fail("notify", rc);
    }
    report(b, "live_notify", 1, 0, n);
    return true;
}

static void print_context(const struct bench *b)
{
    struct text_buf tb;
    char buf[512], version[64];

    live_xen_version(version, sizeof(version));
    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "{\"context\": {\"executable\": \"argolab-live\", \"xen_version\": \"");
    tb_str(&tb, version);
    tb_str(&tb, "\", \"domid\": ");
    tb_u64(&tb, live_domid());
    tb_str(&tb, ", \"tsc_khz\": ");
    tb_u64(&tb, tsc_khz());
    tb_str(&tb, ", \"ring_len\": ");
    tb_u64(&tb, BENCH_RING_LEN);
    tb_str(&tb, ", \"label\": \"");
    tb_str(&tb, b->label);
    tb_str(&tb, "\", \"library_build_type\": \"release\"}}");
    report_json(&tb);
}

void live_bench_run(bool emulated)
{
    static const uint32_t sizes[] = { 16, 64, 256, 1024, 4096, 16384, 65536 };
    struct bench b = {
        .label = emulated ? "emulated (TCG), not representative" : "live Xen",
    };
    struct text_buf tb;
    char buf[96];
    long rc;

    b.ring = pages_alloc((size_t)BENCH_RING_LEN + ARGO_RING_HEADER_SIZE);
    b.data = pages_alloc(65536);
    b.sink = pages_alloc(65536);
    b.samples = pages_alloc(BENCH_MAX_SAMPLES * sizeof(*b.samples));
    if (!b.ring || !b.data || !b.sink || !b.samples) {
        report_status_str("end error bench: out of guest pages");
        return;
    }
    for (uint32_t i = 0; i < 65536; i++)
        b.data[i] = (uint8_t)(i % 251u);
    rc = bench_register(&b);
    if (rc) {
        fail("register_ring", rc);
        return;
    }
    print_context(&b);
    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(sizes); i++)
        if (!bench_size(&b, sizes[i], false))
            return;
    for (unsigned i = 0; i < ARGO_ARRAY_SIZE(sizes); i++)
        if (!bench_size(&b, sizes[i], true))
            return;
    if (!bench_notify_one(&b))
        return;
    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "end ok benchmarks=");
    tb_u64(&tb, b.count);
    report_status(&tb);
}
