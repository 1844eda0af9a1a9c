/* SPDX-License-Identifier: MIT */
/*
 * Description: the live guest's console: Xen's own console (console_io)
 * as dom0, the PV console ring as a domU (what `xl console` shows).
 */
#ifndef ARGOLAB_LIVE_CONSOLE_H
#define ARGOLAB_LIVE_CONSOLE_H

#include <stddef.h>

/* After live_platform_init; maps the domU console page when there is one. */
void console_init(void);

/* Write n bytes; waits while a domU's ring is full. Never fails silently:
 * bytes that cannot be written after a long wait are dropped, and the
 * result lines' checksum then tells the host. */
void console_write(const char *s, size_t n);

/* Wait (boundedly) until the console has taken everything written. */
void console_flush(void);

#endif
