/* SPDX-License-Identifier: MIT */
/*
 * Description: basic types, from the host's C library, and Xen's public
 * interface types (public/xen.h from the Xen tree: domid_t, guest handles).
 */
#ifndef ARGOLAB_XH_TYPES_H
#define ARGOLAB_XH_TYPES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef unsigned long paddr_t;

#include <public/xen.h>

#endif
