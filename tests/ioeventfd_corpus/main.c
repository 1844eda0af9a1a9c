/* SPDX-License-Identifier: MIT */
/*
 * Description: the hand-made seeds of corpus/fuzz_ioeventfd, written out
 * here operation by operation (layout in fuzz/fuzz_ioeventfd.c), and
 * checked to be the files in the corpus byte for byte.
 *
 * Run with --write DIR to (re)write the seeds into DIR after changing them:
 *   build/test_ioeventfd_corpus --write corpus/fuzz_ioeventfd
 */
#include <errno.h>
#include <stdlib.h>

#include "check.h"

struct seed {
    const char *name;
    uint8_t b[512];
    size_t n;
};

static void put(struct seed *s, const uint8_t *p, size_t n)
{
    if (s->n + n > sizeof(s->b))
        abort();
    memcpy(s->b + s->n, p, n);
    s->n += n;
}

#define PUT(s, ...) put((s), (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* Header: restriction byte (0: none; 0x80 | dom) and event channel count. */
static void header(struct seed *s, const char *name, uint8_t restrict_byte)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    PUT(s, restrict_byte, 64);
}

/*
 * An assign (op 0) or deassign (op 1) record. ioreq selector, addr selector
 * and parameter, addr_len, fd, vcpus, vq, byte 9 (vq + 0x10000, extra flag),
 * dom, ports base/none, ports stride/no-channel.
 */
static void ioctl_op(struct seed *s, uint8_t op, uint8_t ioreq, uint8_t addr,
                     uint8_t addr_len, uint8_t fd, uint16_t vcpus, uint16_t vq,
                     uint8_t b9, uint8_t dom, uint8_t p11, uint8_t p12)
{
    PUT(s, op, ioreq, addr, 0, addr_len, fd, (uint8_t)vcpus, (uint8_t)(vcpus >> 8),
        (uint8_t)vq, (uint8_t)(vq >> 8), b9, dom, p11, p12);
}

/* The usual registration: fd on page A, device 0x0a000000, 4 bytes, 2 vCPUs, dom 1, ports 10, 11. */
static void assign(struct seed *s, uint8_t fd, uint16_t vq)
{
    ioctl_op(s, 0, 0, 0, 4, fd, 2, vq, 0, 1, 10, 1);
}

static void deassign(struct seed *s, uint8_t fd)
{
    ioctl_op(s, 1, 0, 0, 4, fd, 2, 0, 0, 1, 10, 1);
}

static void write_match(struct seed *s, uint8_t kioreq, uint8_t reg, uint8_t vcpu, uint8_t bits)
{
    PUT(s, 3, kioreq, reg, vcpu, bits, 0xef, 0xbe, 0xad, 0xde);
}

static void event(struct seed *s, uint8_t port) { PUT(s, 4, port); }

static void handler(struct seed *s, uint8_t kioreq, uint16_t vcpu)
{
    PUT(s, 5, kioreq, (uint8_t)vcpu, (uint8_t)(vcpu >> 8));
}

/* A raw slot: addr, data, size, state/flag byte, type; count 1, vp_eport 0. */
static void write_slot(struct seed *s, uint8_t page, uint8_t slot, uint32_t addr,
                       uint16_t data, uint8_t size, uint8_t bits, uint8_t type)
{
    PUT(s, 2, page, slot,
        (uint8_t)addr, (uint8_t)(addr >> 8), (uint8_t)(addr >> 16), (uint8_t)(addr >> 24), 0, 0, 0, 0,
        (uint8_t)data, (uint8_t)(data >> 8), 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, size, 0, 0, 0, 0, 0, 0, 0, 0, 0, bits, type);
}

#define NSEEDS 10
static struct seed seeds[NSEEDS];

static void build(void)
{
    struct seed *s = seeds;

    /* No operation at all. */
    header(s, "empty", 0);
    s++;

    /* Assign, a guest notify, the event, deassign: the whole path. */
    header(s, "match_event", 0);
    assign(s, 3, 0);
    write_match(s, 0, 0, 0, 0);
    event(s, 10);
    event(s, 10);                           /* completed: not again */
    deassign(s, 3);
    s++;

    /* Each refusal of the assign path. */
    header(s, "assign_errors", 0);
    ioctl_op(s, 0, 0, 0, 4, 3, 2, 0, 0x02 | (1 << 2), 1, 10, 1);  /* flags bit 1 */
    ioctl_op(s, 0, 0, 2, 4, 3, 2, 0, 0, 1, 10, 1);     /* addr + len wraps */
    ioctl_op(s, 0, 0, 0, 3, 3, 2, 0, 0, 1, 10, 1);     /* addr_len 3 */
    ioctl_op(s, 0, 0, 0, 4, 3, 0, 0, 0, 1, 10, 1);     /* vcpus 0 */
    ioctl_op(s, 0, 0, 0, 4, 3, 4097, 0, 0, 1, 10, 1);  /* vcpus 4097 */
    ioctl_op(s, 0, 0, 0, 4, 0, 2, 0, 0, 1, 10, 1);     /* fd closed */
    ioctl_op(s, 0, 0, 0, 4, 7, 2, 0, 0, 1, 10, 1);     /* not an eventfd */
    ioctl_op(s, 0, 4, 0, 4, 3, 2, 0, 0, 1, 10, 1);     /* nothing mapped */
    ioctl_op(s, 0, 0, 0, 4, 3, 2, 0, 0, 1, 0xff, 1);   /* ports fault */
    ioctl_op(s, 0, 0, 0, 4, 3, 2, 0, 0, 1, 10, 0x80);  /* no such channel */
    for (uint8_t n = 1; n <= 3; n++) {
        PUT(s, 7, n);
        assign(s, 3, 0);
    }
    s++;

    /* Duplicates: -EBUSY by eventfd context; same queue, other eventfd, shadowed. */
    header(s, "duplicates", 0);
    assign(s, 3, 0);
    assign(s, 8, 1);                        /* fd 8 is context 0 again */
    assign(s, 3, 2);
    assign(s, 4, 0);                        /* accepted, never signalled */
    ioctl_op(s, 0, 0, 0, 4, 5, 2, 0, 0, 2, 10, 1);     /* other dom */
    ioctl_op(s, 0, 0, 0, 4, 5, 3, 0, 0, 1, 10, 1);     /* other vcpus */
    write_match(s, 0, 1, 1, 0);
    event(s, 11);
    s++;

    /* Deassign: unknown, mismatched, not an eventfd, then for real, twice. */
    header(s, "deassign_paths", 0);
    deassign(s, 3);
    assign(s, 3, 0);
    assign(s, 4, 1);
    ioctl_op(s, 1, 0, 0, 4, 3, 2, 0, 0, 2, 10, 1);
    ioctl_op(s, 1, 0, 0, 4, 3, 3, 0, 0, 1, 10, 1);
    ioctl_op(s, 1, 1, 0, 4, 3, 2, 0, 0, 1, 10, 1);
    deassign(s, 7);
    deassign(s, 5);
    ioctl_op(s, 1, 0, 3, 3, 3, 2, 9, 0, 1, 10, 1);     /* addr, len, vq ignored */
    deassign(s, 3);
    deassign(s, 4);                         /* the last: the kioreq goes */
    assign(s, 3, 0);
    s++;

    /* A file restricted to dom 1. */
    header(s, "restricted", 0x81);
    ioctl_op(s, 0, 0, 0, 4, 3, 2, 0, 0, 2, 10, 1);
    assign(s, 3, 0);
    ioctl_op(s, 1, 0, 0, 4, 3, 2, 0, 0, 2, 10, 1);
    deassign(s, 3);
    s++;

    /* Slots the kernel must leave alone, next to one it takes. */
    header(s, "slots_untouched", 0);
    assign(s, 3, 0);
    write_slot(s, 0, 0, 0x0a000050, 0, 4, 0x21, 1);   /* a read */
    event(s, 10);
    write_slot(s, 0, 0, 0x0a000050, 0, 4, 0x01, 0);   /* PIO */
    event(s, 10);
    write_slot(s, 0, 0, 0x0a000050, 0, 2, 0x01, 1);   /* other size */
    event(s, 10);
    write_slot(s, 0, 0, 0x0a000054, 0, 4, 0x01, 1);   /* other register */
    event(s, 10);
    write_slot(s, 0, 0, 0x0a000050, 1, 4, 0x02, 1);   /* INPROCESS */
    event(s, 10);
    write_slot(s, 0, 1, 0x0a000050, 0, 4, 0x11, 1);   /* data_is_ptr: taken */
    handler(s, 0, 1);
    s++;

    /* 200 vCPUs accepted; the kernel holds one page of 128 slots. */
    header(s, "past_the_page", 0);
    ioctl_op(s, 0, 0, 0, 4, 3, 200, 0, 0, 1, 10, 1);
    handler(s, 0, 127);
    handler(s, 0, 128);
    handler(s, 0, 199);
    s++;

    /* find_vma: below mapping A, and A's second page: both get page A. */
    header(s, "shared_page", 0);
    ioctl_op(s, 0, 3, 0, 4, 3, 2, 0, 0, 1, 20, 0);     /* ports 20, 20 */
    ioctl_op(s, 0, 1, 0, 4, 4, 2, 0, 0, 1, 20, 0);
    write_match(s, 0, 0, 0, 0);
    write_match(s, 1, 0, 1, 0x0f);
    event(s, 20);
    s++;

    /* An fd closed after assign; the dup'd fd still deassigns. */
    header(s, "fd_changes", 0);
    assign(s, 3, 0);
    PUT(s, 6, 3, 0, 0);
    deassign(s, 3);
    deassign(s, 8);
    PUT(s, 6, 3, 1, 5);
    assign(s, 3, 0);
    s++;

    if (s != seeds + NSEEDS)
        abort();
}

static int write_seeds(const char *dir)
{
    for (int i = 0; i < NSEEDS; i++) {
        char path[4096];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", dir, seeds[i].name);
        f = fopen(path, "wb");
        if (!f || fwrite(seeds[i].b, 1, seeds[i].n, f) != seeds[i].n || fclose(f)) {
            fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    build();
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_seeds(argv[2]);
    for (int i = 0; i < NSEEDS; i++) {
        char path[4096];
        uint8_t buf[1024];
        size_t n = 0;
        FILE *f;

        snprintf(path, sizeof(path), "%s/corpus/fuzz_ioeventfd/%s", ARGOLAB_SOURCE_DIR,
                 seeds[i].name);
        f = fopen(path, "rb");
        if (!CHECK(f != NULL)) {
            fprintf(stderr, "    missing %s: run with --write\n", path);
            continue;
        }
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        CHECK_EQ_U64(n, seeds[i].n);
        if (n == seeds[i].n)
            CHECK_EQ_MEM(buf, seeds[i].b, n);
    }
    return CHECK_DONE();
}
