/* SPDX-License-Identifier: MIT */
/*
 * Description: the only environment the ioeventfd model depends on.
 *
 * Like src/ring_model/model_compat.h: hosted or freestanding, stdint.h,
 * stddef.h and stdbool.h only; of libc, memcpy, memmove, memset and memcmp.
 */
#ifndef ARGOLAB_IOEV_COMPAT_H
#define ARGOLAB_IOEV_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the ioreq flag byte is laid out here as little-endian compilers lay out its bit-fields"
#endif

#endif
