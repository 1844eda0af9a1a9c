/* SPDX-License-Identifier: MIT */
/*
 * Description: lock state for spinlocks and read/write locks. One thread
 * runs one hypercall at a time, so every wait would be a deadlock: each
 * misuse aborts with the call and where it was made.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>

#include "xh_internal.h"

unsigned long xh_locks_held;

static void xh_lock_fatal(const struct xh_lock_site *site, const char *why)
{
    xh_fatal("%s at %s:%d: %s", site->call, site->file, site->line, why);
}

void xh_spin_lock(spinlock_t *l, const struct xh_lock_site *site)
{
    if (l->held)
        xh_lock_fatal(site, "already held: deadlock");
    l->held = 1;
    xh_locks_held++;
}

void xh_spin_unlock(spinlock_t *l, const struct xh_lock_site *site)
{
    if (!l->held)
        xh_lock_fatal(site, "not held");
    l->held = 0;
    xh_locks_held--;
}

void xh_read_lock(rwlock_t *l, const struct xh_lock_site *site)
{
    if (l->writer)
        xh_lock_fatal(site, "write-locked: deadlock");
    l->readers++;
    xh_locks_held++;
}

void xh_read_unlock(rwlock_t *l, const struct xh_lock_site *site)
{
    if (!l->readers)
        xh_lock_fatal(site, "not read-locked");
    l->readers--;
    xh_locks_held--;
}

void xh_write_lock(rwlock_t *l, const struct xh_lock_site *site)
{
    if (l->writer)
        xh_lock_fatal(site, "already write-locked: deadlock");
    if (l->readers)
        xh_lock_fatal(site, "read-locked: deadlock");
    l->writer = true;
    xh_locks_held++;
}

void xh_write_unlock(rwlock_t *l, const struct xh_lock_site *site)
{
    if (!l->writer)
        xh_lock_fatal(site, "not write-locked");
    l->writer = false;
    xh_locks_held--;
}
