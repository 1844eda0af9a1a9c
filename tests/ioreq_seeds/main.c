/* SPDX-License-Identifier: MIT */
/*
 * Description: the hand-made seeds of corpus/fuzz_ioreq_claim/: each is
 * defined here as operations, must be byte for byte the encoding in the
 * corpus, must decode back to the same operations, and must end the way its
 * name says (the last operation's code or access), with no rule or
 * invariant broken on the way.
 *
 * Regenerate the files after changing a seed or the layout:
 *   IOREQ_WRITE_SEEDS=1 build/test_ioreq_seeds     (from the source root)
 */
#include <stdlib.h>

#include "check.h"
#include "ioreq_model/ioreq_invariants.h"
#include "ioreq_model/ioreq_run.h"

#define W       IOREQ_MEM_ACCESS_WRITE
#define IOSRV   IOREQ_HVMMEM_IOREQ_SERVER
#define NO_ACCESS (-1)

/* Operations by name, in the order ioreq_input.h lists them. */
#define CREATE(dom)     { .kind = IOREQ_OP_CREATE, .caller = (dom) }
#define DESTROY(dom, i) { .kind = IOREQ_OP_DESTROY, .caller = (dom), .id = (i) }
#define MAPX(dom, i, t, f, opq, pre, hpad) \
    { .kind = IOREQ_OP_MAP, .caller = (dom), .chunks_before_preempt = (pre), \
      .map = { .id = (i), .type = (t), .flags = (f), .opaque = (opq), \
               .op_pad = (hpad) } }
#define CLAIM(dom, i)    MAPX(dom, i, IOSRV, W, 0, 0, 0)
#define DISCLAIM(dom, i, pre) MAPX(dom, i, IOSRV, 0, 0, pre, 0)
#define SETX(first, n, t, p) \
    { .kind = IOREQ_OP_SET_TYPE, \
      .set_type = { .first_pfn = (first), .nr = (n), .mem_type = (t), .pad = (p) } }
#define SET(first, n, t) SETX(first, n, t, 0)
#define WRITE(g)        { .kind = IOREQ_OP_WRITE, .gfn = (g) }
#define READ(g)         { .kind = IOREQ_OP_READ, .gfn = (g) }
#define RESOLVE(g)      { .kind = IOREQ_OP_RESOLVE, .gfn = (g) }
#define CONTINUE(pre)   { .kind = IOREQ_OP_CONTINUE, .chunks_before_preempt = (pre) }

#define HVM_HAP         { .hvm = true, .hap = true, .nr_pages = 2048 }
#define NO_HAP          { .hvm = true, .hap = false, .nr_pages = 2048 }
#define NOT_HVM         { .hvm = false, .hap = true, .nr_pages = 2048 }
#define RESETTING       { .hvm = true, .hap = true, .nr_pages = 2048, \
                          .destroy_resets_pages = true }

struct seed {
    const char *name;
    struct ioreq_model_config cfg;
    long last_rc;                       /* of the last operation */
    int last_access;                    /* NO_ACCESS, or its result */
    size_t nops;
    struct ioreq_op ops[12];
};

#define SEED(n, c, rc, acc, ...) \
    { .name = n, .cfg = c, .last_rc = rc, .last_access = acc, \
      .nops = sizeof((struct ioreq_op[]){ __VA_ARGS__ }) / sizeof(struct ioreq_op), \
      .ops = { __VA_ARGS__ } }

static const struct seed seeds[] = {
    SEED("claim-ok", HVM_HAP, 0, NO_ACCESS, CREATE(1), CLAIM(1, 0)),
    SEED("claim-second-ebusy", HVM_HAP, -IOREQ_EBUSY, NO_ACCESS,
         CREATE(1), CREATE(2), CLAIM(1, 0), CLAIM(2, 1)),
    SEED("claim-again-ebusy", HVM_HAP, -IOREQ_EBUSY, NO_ACCESS,
         CREATE(1), CLAIM(1, 0), CLAIM(1, 0)),
    SEED("claim-type-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), MAPX(1, 0, IOREQ_HVMMEM_RAM_RW, W, 0, 0, 0)),
    SEED("claim-read-flag-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), MAPX(1, 0, IOSRV, IOREQ_MEM_ACCESS_READ | W, 0, 0, 0)),
    SEED("claim-no-server-enoent", HVM_HAP, -IOREQ_ENOENT, NO_ACCESS,
         CREATE(1), CLAIM(1, 5)),
    SEED("claim-other-emulator-eperm", HVM_HAP, -IOREQ_EPERM, NO_ACCESS,
         CREATE(1), CLAIM(2, 0)),
    SEED("claim-no-hap-eopnotsupp", NO_HAP, -IOREQ_EOPNOTSUPP, NO_ACCESS,
         CREATE(1), CLAIM(1, 0)),
    SEED("claim-not-hvm-einval", NOT_HVM, -IOREQ_EINVAL, NO_ACCESS,
         CLAIM(1, 0)),
    SEED("claim-header-pad-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), MAPX(1, 0, IOSRV, W, 0, 0, 1)),
    SEED("claim-opaque-skipped", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), MAPX(1, 0, IOSRV, W, 256, 0, 0), SET(16, 1, IOSRV)),
    SEED("disclaim-not-owner-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), CREATE(2), CLAIM(1, 0), DISCLAIM(2, 1, 0)),
    SEED("disclaim-resets-pages", HVM_HAP, 0, IOREQ_ACCESS_DIRECT,
         CREATE(1), CLAIM(1, 0), SET(16, 4, IOSRV), WRITE(17),
         DISCLAIM(1, 0, 0), WRITE(17)),
    SEED("disclaim-preempted-continued", HVM_HAP, 0, NO_ACCESS,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV), SET(1500, 2, IOSRV),
         DISCLAIM(1, 0, 1), WRITE(1501), CONTINUE(0)),
    SEED("claim-during-reset-ebusy", HVM_HAP, -IOREQ_EBUSY, NO_ACCESS,
         CREATE(1), CREATE(2), CLAIM(1, 0), SET(1500, 1, IOSRV),
         DISCLAIM(1, 0, 1), CLAIM(2, 1)),
    SEED("claim-after-lazy-resolve", HVM_HAP, 0, NO_ACCESS,
         CREATE(1), CREATE(2), CLAIM(1, 0), SET(1500, 1, IOSRV),
         DISCLAIM(1, 0, 1), RESOLVE(1024), CLAIM(2, 1), CONTINUE(0)),
    SEED("set-type-unowned-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         SET(16, 1, IOSRV)),
    SEED("set-type-no-hap-eopnotsupp", NO_HAP, -IOREQ_EOPNOTSUPP, NO_ACCESS,
         SET(16, 1, IOSRV)),
    SEED("set-type-from-ram-ro-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOREQ_HVMMEM_RAM_RO),
         SET(15, 3, IOSRV)),
    SEED("set-type-to-ram-ro-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV),
         SET(16, 1, IOREQ_HVMMEM_RAM_RO)),
    SEED("set-type-pad-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         SETX(16, 1, IOREQ_HVMMEM_RAM_RO, 1)),
    SEED("set-type-past-end-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         SET(2047, 2, IOREQ_HVMMEM_RAM_RO)),
    SEED("set-type-wraps-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         SET(0xffffffffffffffffull, 2, IOREQ_HVMMEM_RAM_RW)),
    SEED("set-type-unused-einval", HVM_HAP, -IOREQ_EINVAL, NO_ACCESS,
         SET(16, 1, IOREQ_HVMMEM_UNUSED)),
    SEED("write-to-owner", HVM_HAP, 0, IOREQ_ACCESS_TO_SERVER,
         CREATE(1), CREATE(2), CLAIM(2, 1), SET(16, 1, IOSRV), WRITE(16)),
    SEED("read-is-direct", HVM_HAP, 0, IOREQ_ACCESS_DIRECT,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV), READ(16)),
    SEED("write-ram-ro-discarded", HVM_HAP, 0, IOREQ_ACCESS_DISCARDED,
         SET(16, 1, IOREQ_HVMMEM_RAM_RO), WRITE(16)),
    SEED("write-mmio-by-range", HVM_HAP, 0, IOREQ_ACCESS_BY_RANGE,
         SET(16, 1, IOREQ_HVMMEM_MMIO_DM), WRITE(16)),
    SEED("destroy-owner-write-retries", HVM_HAP, 0, IOREQ_ACCESS_RETRY,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV), DESTROY(1, 0), WRITE(16)),
    SEED("destroy-owner-then-claim-ebusy", HVM_HAP, -IOREQ_EBUSY, NO_ACCESS,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV), DESTROY(1, 0), CREATE(2),
         CLAIM(2, 0)),
    SEED("destroy-owner-resetting", RESETTING, 0, IOREQ_ACCESS_DIRECT,
         CREATE(1), CLAIM(1, 0), SET(16, 1, IOSRV), DESTROY(1, 0), WRITE(16)),
    SEED("destroy-eperm", HVM_HAP, -IOREQ_EPERM, NO_ACCESS,
         CREATE(1), DESTROY(2, 0)),
    SEED("destroy-enoent", HVM_HAP, -IOREQ_ENOENT, NO_ACCESS,
         CREATE(1), DESTROY(1, 9)),
    SEED("create-enospc", HVM_HAP, -IOREQ_ENOSPC, NO_ACCESS,
         CREATE(1), CREATE(1), CREATE(1), CREATE(1), CREATE(1), CREATE(1),
         CREATE(1), CREATE(1), CREATE(1)),
};

static struct ioreq_input input, decoded;
static struct ioreq_runner runner;
static uint8_t bytes[1024], file_bytes[1024];

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static bool write_file(const char *path, const uint8_t *buf, size_t n)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(buf, 1, n, f) == n;

    if (f)
        ok = fclose(f) == 0 && ok;
    return ok;
}

/* Field by field: padding bytes of decoded operations are unspecified. */
static bool same_op(const struct ioreq_op *a, const struct ioreq_op *b)
{
    return a->kind == b->kind && a->caller == b->caller && a->id == b->id &&
           a->map.op_pad == b->map.op_pad && a->map.id == b->map.id &&
           a->map.type == b->map.type && a->map.flags == b->map.flags &&
           a->map.opaque == b->map.opaque &&
           a->chunks_before_preempt == b->chunks_before_preempt &&
           a->set_type.op_pad == b->set_type.op_pad &&
           a->set_type.nr == b->set_type.nr &&
           a->set_type.mem_type == b->set_type.mem_type &&
           a->set_type.pad == b->set_type.pad &&
           a->set_type.first_pfn == b->set_type.first_pfn && a->gfn == b->gfn;
}

static void run_seed(const struct seed *s, const uint8_t *data, size_t n)
{
    struct ioreq_outcome out = { .rc = 0 };
    struct ioreq_violation v;

    ioreq_decode(data, n, &decoded);
    CHECK_EQ_U64(decoded.nops, s->nops);
    CHECK(decoded.cfg.hvm == input.cfg.hvm && decoded.cfg.hap == input.cfg.hap &&
          decoded.cfg.destroy_resets_pages == input.cfg.destroy_resets_pages);
    CHECK_EQ_U64(decoded.cfg.nr_pages, input.cfg.nr_pages);
    for (size_t i = 0; i < s->nops && i < decoded.nops; i++)
        if (!CHECK(same_op(&decoded.ops[i], &input.ops[i])))
            fprintf(stderr, "    %s op %zu decodes differently\n", s->name, i);
    ioreq_runner_init(&runner, &decoded.cfg);
    for (size_t i = 0; i < decoded.nops; i++) {
        ioreq_run_op(&runner, &decoded.ops[i], &out);
        if (!CHECK(out.broken == NULL))
            fprintf(stderr, "    %s op %zu: %s\n", s->name, i, out.broken);
        if (!CHECK(ioreq_check_invariants(&runner.m, &v) == 0))
            fprintf(stderr, "    %s op %zu: %s\n", s->name, i, v.what);
    }
    if (!CHECK_EQ_I64(out.rc, s->last_rc) ||
        (s->last_access != NO_ACCESS &&
         !CHECK_EQ_I64(out.access, s->last_access)))
        fprintf(stderr, "    in seed %s\n", s->name);
}

int main(void)
{
    bool write_seeds = getenv("IOREQ_WRITE_SEEDS") != NULL;
    char path[512];

    for (size_t i = 0; i < IOREQ_ARRAY_SIZE(seeds); i++) {
        const struct seed *s = &seeds[i];
        size_t n, have;

        input.cfg = s->cfg;
        input.nops = s->nops;
        memcpy(input.ops, s->ops, s->nops * sizeof(s->ops[0]));
        n = ioreq_encode(&input, bytes, sizeof(bytes));
        if (!CHECK(n > 0)) {
            fprintf(stderr, "    seed %s has no byte form\n", s->name);
            continue;
        }
        snprintf(path, sizeof(path), "%s/corpus/fuzz_ioreq_claim/%s",
                 ARGOLAB_SOURCE_DIR, s->name);
        if (write_seeds && !CHECK(write_file(path, bytes, n)))
            fprintf(stderr, "    cannot write %s\n", path);
        have = read_file(path, file_bytes, sizeof(file_bytes));
        if (!CHECK_EQ_U64(have, n) || !CHECK_EQ_MEM(file_bytes, bytes, n))
            fprintf(stderr, "    %s differs from its definition\n", path);
        run_seed(s, bytes, n);
    }
    return CHECK_DONE();
}
