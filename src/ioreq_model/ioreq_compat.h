/* SPDX-License-Identifier: MIT */
/*
 * Description: the only environment the ioreq model depends on.
 *
 * Like src/ring_model, the model is built hosted (tests, fuzzers, the
 * benchmark) and freestanding: it needs the freestanding headers and nothing
 * from libc.
 */
#ifndef ARGOLAB_IOREQ_COMPAT_H
#define ARGOLAB_IOREQ_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOREQ_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
