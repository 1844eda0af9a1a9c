/* SPDX-License-Identifier: MIT */
/* Description: read/write locks live with spinlocks in the shim. */
#include <xen/spinlock.h>
