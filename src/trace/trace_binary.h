/* SPDX-License-Identifier: MIT */
/*
 * Description: the tables and limits of the binary form of a trace, shared
 * by its decoder (trace_decode.c) and its encoder (trace_encode.c).
 *
 * docs/trace-format.md, "Binary form", documents the same values; change
 * both together. Changing a value changes what every existing corpus input
 * decodes to.
 */
#ifndef ARGOLAB_TRACE_BINARY_H
#define ARGOLAB_TRACE_BINARY_H

#include <stdint.h>

extern const uint32_t trace_bin_len_edge[16];
extern const uint8_t trace_bin_iov_count[8];
/* Mostly the default type 0, so that most sendv lines stay short. */
extern const uint32_t trace_bin_type[16];
extern const uint32_t trace_bin_iov_edge[8];
extern const uint32_t trace_bin_space_edge[8];
/* 257 is one past Xen's limit; 256 zeroed entries is the limit itself. */
extern const uint32_t trace_bin_nent_edge[4];
extern const uint32_t trace_bin_index_edge[8];

/* Small lengths exercise the ring; the hex payload cap keeps decoding cheap. */
#define TRACE_BIN_SMALL_LEN_MOD   201u
#define TRACE_BIN_HEX_LEN_MOD     64u
/* RECENT(s) names one of the last this many registered rings. */
#define TRACE_BIN_RECENT_RINGS    4u

#endif
