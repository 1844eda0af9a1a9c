/* SPDX-License-Identifier: MIT */
/*
 * Description: the only environment the ring model depends on.
 *
 * The model is compiled hosted (tests, fuzzers, benchmarks) and freestanding
 * (the live guest kernel). Freestanding compilers still provide stdint.h,
 * stddef.h and stdbool.h; of libc we use memcpy, memset and memcmp only.
 */
#ifndef ARGOLAB_MODEL_COMPAT_H
#define ARGOLAB_MODEL_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "argolab models Argo rings on little-endian guests only"
#endif

#define ARGO_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
