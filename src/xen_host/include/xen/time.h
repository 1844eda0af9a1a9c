/* SPDX-License-Identifier: MIT */
/* Description: system time; argo.c includes it and needs nothing from it. */
#ifndef ARGOLAB_XH_TIME_H
#define ARGOLAB_XH_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;

#endif
