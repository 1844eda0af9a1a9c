/* SPDX-License-Identifier: MIT */
/* Description: the binary form's tables (trace_binary.h). */
#include "trace_binary.h"

const uint32_t trace_bin_len_edge[16] = {
    47, 48, 49, 0, 16, 56, 4032, 4048, 4049, 8128, 8144, 0xffff0,
    0x1000000, 0x1000010, 0xfffffff0u, 0xffffffffu,
};
const uint8_t trace_bin_iov_count[8] = { 1, 1, 2, 2, 3, 4, 0, 1 };
const uint32_t trace_bin_type[16] = {
    0, 0, 0, 0, 0, 0, 1, 0xffffffffu, 0, 0, 0, 0, 0, 2, 0x7fffffff,
    0x80000000u,
};
const uint32_t trace_bin_iov_edge[8] = {
    4032, 4033, 0xffff, 0x10000, 0xffffe0, 0xffffe1, 0x1000000, 0xffffffffu,
};
const uint32_t trace_bin_space_edge[8] = {
    0, 1, 4000, 4001, 0xffffe0, 0xffffe1, 0x1000000, 0xffffffffu,
};
const uint32_t trace_bin_nent_edge[4] = { 257, 256, 0, 1 };
const uint32_t trace_bin_index_edge[8] = {
    0xffffffffu, 0x1000000, 0xfffffff0u, 0x1000010, 4032, 4048, 8,
    0x80000000u,
};
