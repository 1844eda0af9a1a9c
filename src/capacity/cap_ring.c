/* SPDX-License-Identifier: MIT */
/* Description: counting messages in a model ring; ring lengths and sweeps. */
#include "cap_ring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_units.h"
#include "ring_model/argo_model.h"
#include "ring_model/argo_reader.h"

int cap_copy_nothing(void *ctx, void *dst, uint64_t hnd, uint32_t len)
{
    (void)ctx;
    (void)dst;
    (void)hnd;
    (void)len;
    return 0;
}

const char *cap_errno_text(long rc, char *buf, size_t len)
{
    const char *name = argo_errno_name(-rc);

    if (name)
        snprintf(buf, len, "-%s", name);
    else
        snprintf(buf, len, "error %ld", rc);
    return buf;
}

int cap_ring_count_fit(uint32_t len, uint32_t payload, uint32_t start,
                       uint32_t *count, char *err, size_t errlen)
{
    struct argo_model *m = malloc(sizeof(*m));
    uint32_t npages = argo_ring_npages(len);
    uint8_t *mem = calloc(npages, ARGO_PAGE_SIZE);
    const xen_argo_register_ring_t reg = { .aport = 1, .partner_id = 1, .len = len };
    const xen_argo_send_addr_t addr = {
        .src = { .aport = 2, .domain_id = 1 },
        .dst = { .aport = 1, .domain_id = 0 },
    };
    const struct argo_guest_reader guest = { .copy = cap_copy_nothing };
    xen_argo_iov_t iov = { .iov_hnd = 1, .iov_len = 0 };
    struct argo_ring_msg msg;
    uint32_t n = 0;
    long rc;
    int ret = -1;
    char e[32];

    if (!m || !mem) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    argo_model_init(m);
    if (argo_domain_create(m, 0, true) || argo_domain_create(m, 1, true)) {
        snprintf(err, errlen, "cannot create the model's domains");
        goto out;
    }
    rc = argo_register_ring(m, 0, &reg, mem, false, npages, 0);
    if (rc) {
        snprintf(err, errlen, "register_ring of %u bytes: %s", (unsigned)len,
                 cap_errno_text(rc, e, sizeof(e)));
        goto out;
    }
    /* Walk the indices to start: one-slot messages, each consumed at once. */
    while (start) {
        uint32_t tx;

        rc = argo_sendv(m, 1, &addr, &iov, 1, 0, &guest);
        if (rc < 0 || argo_ring_peek(mem, len, &msg)) {
            snprintf(err, errlen, "sendv while moving the indices: %s",
                     rc < 0 ? cap_errno_text(rc, e, sizeof(e)) : "no message");
            goto out;
        }
        argo_ring_consume(mem, &msg);
        memcpy(&tx, mem + offsetof(xen_argo_ring_t, tx_ptr), sizeof(tx));
        if (tx == start % len)
            break;
        if (tx == 0) {
            snprintf(err, errlen, "start %u is not a slot offset below %u",
                     (unsigned)start, (unsigned)len);
            goto out;
        }
    }
    iov.iov_len = payload;
    for (;;) {
        rc = argo_sendv(m, 1, &addr, &iov, 1, 0, &guest);
        if (rc == -ARGO_EAGAIN)
            break;
        if (rc < 0) {
            snprintf(err, errlen, "sendv of %u bytes into a %u-byte ring: %s",
                     (unsigned)payload, (unsigned)len, cap_errno_text(rc, e, sizeof(e)));
            goto out;
        }
        n++;
    }
    *count = n;
    ret = 0;
out:
    free(mem);
    free(m);
    return ret;
}

const char *cap_ring_parse_len(const char *tok, uint32_t *len)
{
    static const char what[] =
        "a ring length: a multiple of 16 bytes from 48 to 16777152 (16 MiB - 64) such as 65472 or 64KiB, or whole pages such as 16p (1p to 4096p)";
    size_t n = strlen(tok);
    uint64_t v;

    if (n > 1 && tok[n - 1] == 'p') {
        char digits[32];

        if (n >= sizeof(digits))
            return what;
        memcpy(digits, tok, n - 1);
        digits[n - 1] = '\0';
        if (cap_parse_count(digits, XEN_ARGO_MAX_RING_SIZE / ARGO_PAGE_SIZE, &v) || !v)
            return what;
        *len = (uint32_t)v * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE;
        return NULL;
    }
    if (cap_parse_bytes(tok, CAP_RING_MAX_LEN, &v) || v < ARGO_MIN_RING_LEN ||
        v % XEN_ARGO_MSG_SLOT_SIZE)
        return what;
    *len = (uint32_t)v;
    return NULL;
}

unsigned cap_ring_default_sweep(uint32_t max_payload, uint32_t *out,
                                unsigned cap)
{
    static const uint16_t pages[] = {
        1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256,
        362, 512, 724, 1024, 1448, 2048, 2896, 4096,
    };
    uint32_t need = cap_ring_min_len(max_payload);
    unsigned n = 0;

    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]) && n < cap; i++) {
        uint32_t len = pages[i] * ARGO_PAGE_SIZE - ARGO_RING_HEADER_SIZE;

        if (len >= need)
            out[n++] = len;
    }
    return n;
}
