/* SPDX-License-Identifier: MIT */
/*
 * Description: the payload sizes every copy-path benchmark and its
 * baselines run at, so that their results line up size for size.
 */
#ifndef ARGOLAB_BENCH_SIZES_H
#define ARGOLAB_BENCH_SIZES_H

#include <stdint.h>

#include "ring_model/argo_abi.h"
#include "shim/bench_shim.h"

/*
 * One run per size, name/size: powers of two from 16 B to 1 MiB, plus sizes either side of a 16-byte
 * slot boundary (1, 15, 17) and of a page once the header is counted
 * (4080 fills a page with its header; 4097 spills one byte).
 */
static inline struct bench *bench_payload_sizes(struct bench *b)
{
    static const int64_t odd[] = { 1, 15, 17, 4080, 4097 };

    for (int64_t n = 16; n <= 1 << 20; n *= 2)
        bench_arg(b, n);
    for (unsigned i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
        bench_arg(b, odd[i]);
    return b;
}

/* Bytes a message of payload len occupies in a ring: header + slots. */
static inline uint32_t bench_msg_slots(uint32_t len)
{
    return ARGO_MSG_HEADER_SIZE + argo_roundup_slot(len);
}

#endif
