/* SPDX-License-Identifier: MIT */
/* Description: CRC-32 (IEEE 802.3, as zlib's crc32) for trace output. */
#ifndef ARGOLAB_CRC32_H
#define ARGOLAB_CRC32_H

#include "../ring_model/model_compat.h"

/* Extend crc (0 to start) over n bytes; chunked calls equal one call. */
uint32_t crc32_update(uint32_t crc, const void *data, size_t n);

#endif
