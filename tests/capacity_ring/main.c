/* SPDX-License-Identifier: MIT */
/*
 * Description: the capacity tool's ring arithmetic against the model: what
 * a message costs, how many fit in an empty ring wherever its indices
 * stand, the largest ring Xen registers, ring lengths as the tool parses
 * them, and the default sweep.
 */
#include "check.h"
#include "test_rng.h"
#include "capacity/cap_ring.h"

static uint32_t model_fit(uint32_t len, uint32_t payload, uint32_t start)
{
    char err[256];
    uint32_t n = UINT32_MAX;

    if (cap_ring_count_fit(len, payload, start, &n, err, sizeof(err))) {
        fprintf(stderr, "count_fit(%u, %u, %u): %s\n", (unsigned)len,
                (unsigned)payload, (unsigned)start, err);
        return UINT32_MAX;
    }
    return n;
}

/* Footprint: 16-byte header plus the payload rounded up to 16. */
static void footprints(void)
{
    CHECK_EQ_U64(cap_msg_footprint(0), 16);
    CHECK_EQ_U64(cap_msg_footprint(1), 32);
    CHECK_EQ_U64(cap_msg_footprint(16), 32);
    CHECK_EQ_U64(cap_msg_footprint(17), 48);
    CHECK_EQ_U64(cap_msg_footprint(4096), 4112);
    CHECK_EQ_U64(cap_msg_overhead(4096), 16);
    CHECK_EQ_U64(cap_msg_overhead(1), 31);
    CHECK_EQ_U64(cap_msg_overhead(1500), 16 + 4);
    /* The smallest ring for a payload leaves its one spare slot. */
    CHECK_EQ_U64(cap_ring_min_len(0), 32);
    CHECK_EQ_U64(cap_ring_min_len(1), 48);
    CHECK_EQ_U64(cap_ring_min_len(4096), 4128);
    CHECK_EQ_U64(cap_ring_pages(4032), 1);
    CHECK_EQ_U64(cap_ring_pages(4048), 2);
    CHECK_EQ_U64(cap_ring_pages(CAP_RING_MAX_LEN), 4096);
    CHECK_EQ_U64(CAP_RING_MAX_LEN, 16777152);
    CHECK_EQ_U64(CAP_MAX_PAYLOAD, 16777152 - 32);
}

/* The closed form (len - 1) / footprint against the model, hand-picked. */
static void fits_known(void)
{
    /* One 4 KiB message in two pages, not two: 2 * 4112 > 8128. */
    CHECK_EQ_U64(model_fit(8128, 4096, 0), 1);
    CHECK_EQ_U64(cap_ring_fit_closed_form(8128, 4096), 1);
    /* The spare slot: exactly len / footprint messages would fill the ring. */
    CHECK_EQ_U64(model_fit(4112 * 2, 4096, 0), 1);
    CHECK_EQ_U64(model_fit(4112 * 2 + 16, 4096, 0), 2);
    CHECK_EQ_U64(model_fit(48, 16, 0), 1);
    CHECK_EQ_U64(model_fit(64, 0, 0), 3);
    /* Max payload = len - 32. */
    CHECK_EQ_U64(model_fit(4096, 4096 - 32, 0), 1);
    CHECK_EQ_U64(cap_ring_fit_closed_form(4096, 4096 - 32), 1);
}

/* Random lengths, payloads and index positions: the model agrees. */
static void fits_random(void)
{
    test_rng_seed(0xcafe);
    for (int i = 0; i < 400; i++) {
        uint32_t len = 48 + 16 * (uint32_t)(test_rng() % 600);
        uint32_t payload = (uint32_t)(test_rng() % (len - 31));
        uint32_t start = 16 * (uint32_t)(test_rng() % (len / 16));
        uint32_t want = cap_ring_fit_closed_form(len, payload);
        uint32_t got = model_fit(len, payload, start);

        if (!CHECK_EQ_U64(got, want))
            fprintf(stderr, "    len %u payload %u start %u\n", (unsigned)len,
                    (unsigned)payload, (unsigned)start);
    }
}

/* The extremes: the largest ring Xen registers, and one slot more. */
static void largest_ring(void)
{
    char err[256];
    uint32_t n;

    CHECK_EQ_U64(model_fit(CAP_RING_MAX_LEN, CAP_MAX_PAYLOAD, 0), 1);
    CHECK_EQ_U64(model_fit(CAP_RING_MAX_LEN, 65536, 0),
                 cap_ring_fit_closed_form(CAP_RING_MAX_LEN, 65536));
    /* 16 MiB needs 4097 pages: Xen refuses it (docs/findings.md, finding 4). */
    CHECK(cap_ring_count_fit(XEN_ARGO_MAX_RING_SIZE, 16, 0, &n, err, sizeof(err)) == -1);
    CHECK(strstr(err, "register_ring") != NULL);
    /* A payload the ring cannot carry is -EMSGSIZE, not a count of 0. */
    CHECK(cap_ring_count_fit(4032, 4032 - 31, 0, &n, err, sizeof(err)) == -1);
    CHECK(strstr(err, "-EMSGSIZE") != NULL);
    CHECK(cap_ring_count_fit(48, 17, 0, &n, err, sizeof(err)) == -1);
    CHECK(strstr(err, "-EMSGSIZE") != NULL);
}

static void parse_lens(void)
{
    uint32_t len = 0;

    CHECK(cap_ring_parse_len("65472", &len) == NULL);
    CHECK_EQ_U64(len, 65472);
    CHECK(cap_ring_parse_len("64KiB", &len) == NULL);
    CHECK_EQ_U64(len, 65536);
    CHECK(cap_ring_parse_len("16p", &len) == NULL);
    CHECK_EQ_U64(len, 16 * 4096 - 64);
    CHECK(cap_ring_parse_len("4096p", &len) == NULL);
    CHECK_EQ_U64(len, CAP_RING_MAX_LEN);
    CHECK(cap_ring_parse_len("48", &len) == NULL);
    CHECK_EQ_U64(len, 48);
    len = 7;
    CHECK(cap_ring_parse_len("4097p", &len) != NULL);
    CHECK(cap_ring_parse_len("0p", &len) != NULL);
    CHECK(cap_ring_parse_len("p", &len) != NULL);
    CHECK(cap_ring_parse_len("1000", &len) != NULL);        /* not whole slots */
    CHECK(cap_ring_parse_len("32", &len) != NULL);          /* below the minimum */
    CHECK(cap_ring_parse_len("16MiB", &len) != NULL);       /* 4097 pages */
    CHECK(cap_ring_parse_len("-64", &len) != NULL);
    CHECK(cap_ring_parse_len("", &len) != NULL);
    CHECK_EQ_U64(len, 7);
}

static void sweep(void)
{
    uint32_t lens[64];
    unsigned n = cap_ring_default_sweep(4096, lens, 64);

    /* 4 KiB messages need two pages; the sweep ends at the largest ring. */
    CHECK(n > 10);
    CHECK_EQ_U64(lens[0], 2 * 4096 - 64);
    CHECK_EQ_U64(lens[n - 1], CAP_RING_MAX_LEN);
    for (unsigned i = 0; i < n; i++) {
        CHECK_EQ_U64(lens[i] % 16, 0);
        CHECK_EQ_U64((lens[i] + 64) % 4096, 0);
        if (i)
            CHECK(lens[i] > lens[i - 1]);
    }
    n = cap_ring_default_sweep(16, lens, 64);
    CHECK_EQ_U64(lens[0], 4032);
    CHECK_EQ_U64(cap_ring_default_sweep(CAP_MAX_PAYLOAD, lens, 64), 1);
    CHECK_EQ_U64(cap_ring_default_sweep(CAP_MAX_PAYLOAD + 1, lens, 64), 0);
}

int main(void)
{
    footprints();
    fits_known();
    fits_random();
    largest_ring();
    parse_lens();
    sweep();
    return CHECK_DONE();
}
