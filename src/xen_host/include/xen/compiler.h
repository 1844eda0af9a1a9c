/* SPDX-License-Identifier: MIT */
/* Description: compiler annotations argo.c uses, for a host build. */
#ifndef ARGOLAB_XH_COMPILER_H
#define ARGOLAB_XH_COMPILER_H

#include <stddef.h>

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

/* Section placement and control-flow-integrity markers mean nothing here. */
#define __read_mostly
#define __ro_after_init
#define __init
#define __initdata
#define __exit
#define cf_check
#define __maybe_unused  __attribute__((__unused__))
#define __used          __attribute__((__used__))
#define noreturn        __attribute__((__noreturn__))

#define barrier()       __asm__ __volatile__("" ::: "memory")

/* The struct of type that holds member at ptr. */
#define container_of(ptr, type, member) \
    ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
