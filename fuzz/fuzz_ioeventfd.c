/* SPDX-License-Identifier: MIT */
/*
 * Description: the privcmd ioeventfd model under arbitrary ioreqs in every
 * vCPU slot, interleaved with assign/deassign and file-table changes; after
 * every step the model is checked against the rules, recomputed here from
 * the slot bytes, and abort() names the broken one.
 *
 * Input layout (docs/ioeventfd.md), all integers little-endian:
 *   byte 0   bit 7: the privcmd file is restricted to dom (byte 0 & 0x0f)
 *   byte 1   number of event channels, % 65
 *   then operations, each one byte (kind = byte & 7) and a fixed record:
 *   0 assign, 1 deassign (13 bytes):
 *       [0] ioreq: &3 -> 0x10000 | 0x11000 | 0x40000 | 0x100; bit 2: +0x10000000
 *       [1] addr: &3 -> device 0x0a000000 | 0x0a000200 | 2^64-1-[2] | [2] << 12
 *       [2] addr parameter   [3] addr_len   [4] event_fd
 *       [5..6] vcpus   [7..8] vq   [9] bit 0: vq += 0x10000;
 *           bit 1: flags |= 1 << ([9] >> 2 & 31)
 *       [10] dom   [11] ports: 0xff none (copy faults), else base [11] & 0x3f
 *       [12] ports: stride [12] & 7; bit 7: ports 64 + v (no such channel)
 *   2 write slot (34 bytes): [0] page & 1, [1] slot % 128, [2..33] the 32 bytes
 *   3 write a matching notify (8 bytes): [0] kioreq, [1] registration, [2] vCPU,
 *       [3] bits 0..3: data_is_ptr, df, pad bit, count 0; [4..7] data bits 16..47
 *   4 event (1 byte): port
 *   5 one handler (3 bytes): [0] kioreq, [1..2] vCPU
 *   6 file (3 bytes): [0] fd % 16, [1] kind % 3, [2] eventfd context % 16
 *   7 fail an allocation (1 byte): the ([0] % 4)-th from now (0: none)
 * A short record ends the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioeventfd_model/ioev_model.h"

#define MAP_A 0x10000u
#define MAP_B 0x40000u
#define DEV   0x0a000000u

struct input {
    const uint8_t *p;
    size_t n;
};

static const uint8_t *take(struct input *in, size_t n)
{
    const uint8_t *p = in->p;

    if (in->n < n)
        return NULL;
    in->p += n;
    in->n -= n;
    return p;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static struct ioev_model model, before, expect;
static struct ioev_ioreq *pages[2];
static uint8_t oracle_pages[2][IOEV_PAGE_SIZE];
static uint32_t ports[IOEV_MAX_VCPUS];
static unsigned step;

#define FAIL(...)                                                       \
    do {                                                                \
        fprintf(stderr, "fuzz_ioeventfd: step %u: ", step);             \
        fprintf(stderr, __VA_ARGS__);                                   \
        fputc('\n', stderr);                                            \
        abort();                                                        \
    } while (0)

static void check_structure(void)
{
    const char *why = ioev_check(&model);

    if (why)
        FAIL("model invariant: %s", why);
}

static void check_pages_unchanged(const char *op)
{
    for (int i = 0; i < 2; i++)
        if (memcmp(pages[i], oracle_pages[i], IOEV_PAGE_SIZE))
            FAIL("%s changed ioreq page %d", op, i);
}

static void decode_args(const uint8_t *r, uint32_t deassign, struct ioev_args *a)
{
    static const uint64_t bases[4] = { MAP_A, MAP_A + 0x1000, MAP_B, 0x100 };
    uint32_t nports;

    memset(a, 0, sizeof(*a));
    a->ioreq = bases[r[0] & 3] + ((r[0] & 4) ? 0x10000000u : 0);
    switch (r[1] & 3) {
    case 0: a->addr = DEV; break;
    case 1: a->addr = DEV + 0x200; break;
    case 2: a->addr = UINT64_MAX - r[2]; break;
    default: a->addr = (uint64_t)r[2] << 12; break;
    }
    a->addr_len = r[3];
    a->event_fd = r[4];
    a->vcpus = (uint32_t)le(r + 5, 2);
    a->vq = (uint32_t)le(r + 7, 2) + ((r[9] & 1) ? 0x10000u : 0);
    a->flags = deassign | ((r[9] & 2) ? 1u << ((r[9] >> 2) & 31) : 0);
    a->dom = r[10];
    nports = a->vcpus < IOEV_MAX_VCPUS ? a->vcpus : IOEV_MAX_VCPUS;
    for (uint32_t v = 0; v < nports; v++)
        ports[v] = (r[12] & 0x80) ? 64 + v : ((r[11] & 0x3f) + v * (r[12] & 7)) & 0x3f;
    a->ports = r[11] == 0xff ? NULL : ports;
}

static int fd_ctx(const struct ioev_model *m, uint32_t fd, int *ctx)
{
    if (fd >= IOEV_MAX_FDS || m->fds[fd].kind == IOEV_FD_CLOSED)
        return -IOEV_EBADF;
    if (m->fds[fd].kind != IOEV_FD_EVENTFD)
        return -IOEV_EINVAL;
    *ctx = m->fds[fd].ctx;
    return 0;
}

/* The kioreq slot holding uioreq in m, or -1; written apart from the model's. */
static int find(const struct ioev_model *m, uint64_t uioreq)
{
    for (uint32_t k = 0; k < IOEV_MAX_KIOREQS; k++)
        if (m->kioreqs[k].in_use && m->kioreqs[k].uioreq == uioreq)
            return (int)k;
    return -1;
}

static void op_assign(const struct ioev_args *a, int rc)
{
    bool restricted = model.restrict_domid != IOEV_DOMID_INVALID;
    const struct ioev_kioreq *kq;
    int ctx = -1, k;

    if (a->flags & ~IOEV_FLAG_DEASSIGN) {
        if (rc != -IOEV_EINVAL)
            FAIL("assign with flags %#x returned %d, not -EINVAL", a->flags, rc);
    } else if (restricted && a->dom != model.restrict_domid) {
        if (rc != -IOEV_EPERM)
            FAIL("assign for dom %u on a file restricted to %u returned %d",
                 a->dom, model.restrict_domid, rc);
    }
    if (rc) {
        if (!ioev_same_registrations(&before, &model))
            FAIL("assign failed with %d but changed the registrations", rc);
        return;
    }
    /* Success: every check must have passed... */
    if (fd_ctx(&before, a->event_fd, &ctx))
        FAIL("assign of fd %u, not an eventfd, succeeded", a->event_fd);
    if (!(a->addr_len == 1 || a->addr_len == 2 || a->addr_len == 4 || a->addr_len == 8) ||
        a->addr + a->addr_len < a->addr || !a->vcpus || a->vcpus > IOEV_MAX_VCPUS)
        FAIL("assign of addr %#llx len %u vcpus %u succeeded",
             (unsigned long long)a->addr, a->addr_len, a->vcpus);
    k = find(&before, a->ioreq);
    if (k >= 0) {
        kq = &before.kioreqs[k];
        if (kq->dom != a->dom || kq->vcpus != a->vcpus)
            FAIL("assign joined a kioreq of another dom or vcpus");
        for (uint32_t i = 0; i < kq->nregs; i++)
            if (kq->regs[i].ctx == ctx)
                FAIL("assign registered eventfd context %d twice", ctx);
    }
    /* ...and the registration is the last of its kioreq, nothing else new. */
    k = find(&model, a->ioreq);
    if (k < 0)
        FAIL("assign succeeded but no kioreq holds its ioreq address");
    kq = &model.kioreqs[k];
    if (!kq->nregs || kq->regs[kq->nregs - 1].ctx != ctx ||
        kq->regs[kq->nregs - 1].addr != a->addr ||
        kq->regs[kq->nregs - 1].addr_len != a->addr_len ||
        kq->regs[kq->nregs - 1].vq != a->vq)
        FAIL("assign succeeded but its registration is not at the tail");
    if (ioev_reg_count(&model) != ioev_reg_count(&before) + 1)
        FAIL("assign added other than one registration");
    if (model.ctxs[ctx].kernel_refs != before.ctxs[ctx].kernel_refs + 1)
        FAIL("assign did not take one reference on its eventfd");
}

/* Deassign recomputed in full: the expected code and the model it leaves. */
static void op_deassign(const struct ioev_args *a, int rc)
{
    int want = -IOEV_ENODEV, ctx = -1;

    expect = before;
    if (a->flags & ~IOEV_FLAG_DEASSIGN)
        want = -IOEV_EINVAL;
    else if (before.restrict_domid != IOEV_DOMID_INVALID &&
             a->dom != before.restrict_domid)
        want = -IOEV_EPERM;
    else if ((want = fd_ctx(&before, a->event_fd, &ctx)) == 0) {
        int k = find(&before, a->ioreq);
        struct ioev_kioreq *kq = k >= 0 ? &expect.kioreqs[k] : NULL;

        want = -IOEV_ENODEV;
        if (kq && kq->dom == a->dom && kq->vcpus == a->vcpus) {
            for (uint32_t i = 0; i < kq->nregs; i++) {
                if (kq->regs[i].ctx != ctx)
                    continue;
                for (uint32_t j = i + 1; j < kq->nregs; j++)
                    kq->regs[j - 1] = kq->regs[j];
                kq->nregs--;
                expect.ctxs[ctx].kernel_refs--;
                if (!kq->nregs) {
                    uint32_t o = 0;

                    while (expect.order[o] != (uint8_t)k)
                        o++;
                    for (; o + 1 < expect.nkioreqs; o++)
                        expect.order[o] = expect.order[o + 1];
                    expect.nkioreqs--;
                    kq->in_use = false;
                }
                want = 0;
                break;
            }
        }
    }
    if (rc != want)
        FAIL("deassign of fd %u (dom %u, ioreq %#llx, vcpus %u) returned %d, not %d",
             a->event_fd, a->dom, (unsigned long long)a->ioreq, a->vcpus, rc, want);
    if (!ioev_same_registrations(&expect, &model))
        FAIL("deassign returned %d but left registrations other than expected", rc);
    if (rc == 0 && find(&model, a->ioreq) >= 0) {
        const struct ioev_kioreq *kq = &model.kioreqs[find(&model, a->ioreq)];

        for (uint32_t i = 0; i < kq->nregs; i++)
            if (kq->regs[i].ctx == ctx)
                FAIL("deassign left eventfd context %d registered", ctx);
    }
}

/* One handler, recomputed on the oracle's copy of the pages from raw bytes. */
static bool oracle_handler(const struct ioev_kioreq *kq, uint32_t v,
                           uint64_t sig[IOEV_MAX_CTXS], uint64_t note[IOEV_MAX_PORTS])
{
    uint8_t *b;
    uint64_t addr, data;
    uint32_t size;

    if (v >= IOEV_PAGE_SLOTS)
        return false;
    b = oracle_pages[kq->page == pages[1]] + 32 * v;
    if ((b[30] & 0x0f) != IOEV_STATE_READY || b[31] != IOEV_TYPE_COPY || (b[30] & 0x20))
        return false;
    addr = le(b, 8);
    data = le(b + 8, 8);
    size = (uint32_t)le(b + 20, 4);
    for (uint32_t i = 0; i < kq->nregs; i++) {
        const struct ioev_reg *r = &kq->regs[i];

        if (addr - 0x50 == r->addr && size == r->addr_len && (data & 0xffff) == r->vq) {
            b[30] = (uint8_t)((b[30] & 0xf0) | IOEV_STATE_RESP_READY);
            sig[r->ctx]++;
            note[kq->ports[v]]++;
            return true;
        }
    }
    return false;
}

static void check_signals(const char *op, const uint64_t sig[IOEV_MAX_CTXS],
                          const uint64_t note[IOEV_MAX_PORTS])
{
    for (int i = 0; i < 2; i++)
        for (uint32_t s = 0; s < IOEV_PAGE_SLOTS; s++)
            if (memcmp((uint8_t *)pages[i] + 32 * s, oracle_pages[i] + 32 * s, 32))
                FAIL("%s: page %d slot %u differs from the rule's result", op, i, s);
    for (uint32_t c = 0; c < IOEV_MAX_CTXS; c++)
        if (model.ctxs[c].signals != before.ctxs[c].signals + sig[c])
            FAIL("%s: eventfd context %u signalled %llu times, expected %llu", op, c,
                 (unsigned long long)(model.ctxs[c].signals - before.ctxs[c].signals),
                 (unsigned long long)sig[c]);
    for (uint32_t p = 0; p < IOEV_MAX_PORTS; p++)
        if (model.notified[p] != before.notified[p] + note[p])
            FAIL("%s: port %u notified %llu times, expected %llu", op, p,
                 (unsigned long long)(model.notified[p] - before.notified[p]),
                 (unsigned long long)note[p]);
    if (!ioev_same_registrations(&before, &model))
        FAIL("%s changed the registrations", op);
}

static void op_event(uint32_t port)
{
    uint64_t sig[IOEV_MAX_CTXS] = { 0 }, note[IOEV_MAX_PORTS] = { 0 };
    uint32_t handled = ioev_event(&model, port), want = 0;

    for (uint32_t o = 0; o < before.nkioreqs; o++) {
        const struct ioev_kioreq *kq = &before.kioreqs[before.order[o]];

        for (uint32_t v = 0; v < kq->vcpus; v++)
            if (kq->ports[v] == port)
                want += oracle_handler(kq, v, sig, note);
    }
    if (handled != want)
        FAIL("event on port %u: %u handlers matched, expected %u", port, handled, want);
    check_signals("event", sig, note);
}

static void op_interrupt(uint32_t sel, uint32_t v)
{
    uint64_t sig[IOEV_MAX_CTXS] = { 0 }, note[IOEV_MAX_PORTS] = { 0 };
    uint32_t k = model.nkioreqs ? model.order[sel % model.nkioreqs] : 0;
    struct ioev_outcome o = ioev_interrupt(&model, k, v);
    bool want = false;

    if (before.kioreqs[k].in_use && v < before.kioreqs[k].vcpus)
        want = oracle_handler(&before.kioreqs[k], v, sig, note);
    if (o.handled != want)
        FAIL("handler for vCPU %u: handled %d, expected %d", v, o.handled, want);
    if (o.handled != (o.reg >= 0))
        FAIL("handler for vCPU %u: handled %d but registration %d", v, o.handled, o.reg);
    check_signals("handler", sig, note);
}

static void op_write_match(const uint8_t *r)
{
    const struct ioev_kioreq *kq;
    const struct ioev_reg *reg;
    struct ioev_ioreq *slot;

    if (!model.nkioreqs)
        return;
    kq = &model.kioreqs[model.order[r[0] % model.nkioreqs]];
    reg = &kq->regs[r[1] % kq->nregs];
    if (r[2] >= IOEV_PAGE_SLOTS)
        return;
    slot = &kq->page[r[2]];
    slot->addr = reg->addr + IOEV_VIRTIO_MMIO_QUEUE_NOTIFY;
    slot->data = (reg->vq & 0xffff) | (le(r + 4, 4) << 16);
    slot->size = reg->addr_len;
    slot->count = (r[3] & 8) ? 0 : 1;
    slot->vp_eport = r[4];
    slot->bits = (uint8_t)(IOEV_STATE_READY | ((r[3] & 1) ? IOEV_BITS_DATA_IS_PTR : 0) |
                           ((r[3] & 2) ? IOEV_BITS_DF : 0) | ((r[3] & 4) ? IOEV_BITS_PAD1 : 0));
    slot->type = IOEV_TYPE_COPY;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };
    const uint8_t *h = take(&in, 2), *r;

    if (!h)
        return 0;
    for (int i = 0; i < 2; i++) {
        /* Exactly one page each, so a read past the page is a sanitizer report. */
        pages[i] = calloc(IOEV_PAGE_SLOTS, sizeof(struct ioev_ioreq));
        if (!pages[i])
            abort();
    }
    ioev_model_init(&model, (h[0] & 0x80) ? (h[0] & 0x0f) : IOEV_DOMID_INVALID,
                    h[1] % 65u);
    for (uint32_t c = 0; c < 4; c++)
        ioev_fd_set(&model, 3 + c, IOEV_FD_EVENTFD, c);
    ioev_fd_set(&model, 7, IOEV_FD_OTHER, 0);
    ioev_fd_set(&model, 8, IOEV_FD_EVENTFD, 0);
    if (ioev_vma_map(&model, MAP_A, MAP_A + 0x2000, pages[0]) ||
        ioev_vma_map(&model, MAP_B, MAP_B + 0x1000, pages[1]))
        abort();

    for (step = 0; (r = take(&in, 1)) != NULL; step++) {
        static const size_t record[8] = { 13, 13, 34, 8, 1, 3, 3, 1 };
        unsigned kind = r[0] & 7;
        struct ioev_args a;
        int rc;

        if (!(r = take(&in, record[kind])))
            break;
        before = model;
        memcpy(oracle_pages[0], pages[0], IOEV_PAGE_SIZE);
        memcpy(oracle_pages[1], pages[1], IOEV_PAGE_SIZE);
        switch (kind) {
        case 0:
        case 1:
            decode_args(r, kind, &a);
            rc = ioev_ioctl(&model, &a);
            check_pages_unchanged(kind ? "deassign" : "assign");
            /* The flag decides, as in the kernel: an assign record may set it. */
            if (a.flags & IOEV_FLAG_DEASSIGN)
                op_deassign(&a, rc);
            else
                op_assign(&a, rc);
            break;
        case 2:
            memcpy((uint8_t *)pages[r[0] & 1] + 32 * (r[1] % IOEV_PAGE_SLOTS), r + 2, 32);
            break;
        case 3:
            op_write_match(r);
            break;
        case 4:
            op_event(r[0]);
            break;
        case 5:
            op_interrupt(r[0], (uint32_t)le(r + 1, 2));
            break;
        case 6:
            ioev_fd_set(&model, r[0] % 16u, (enum ioev_fd_kind)(r[1] % 3u), r[2] % 16u);
            break;
        default:
            ioev_fail_alloc(&model, r[0] % 4u);
            break;
        }
        check_structure();
    }
    free(pages[0]);
    free(pages[1]);
    return 0;
}
