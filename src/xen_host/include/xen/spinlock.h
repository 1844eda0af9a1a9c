/* SPDX-License-Identifier: MIT */
/*
 * Description: spinlocks and read/write locks with real state, so argo.c's
 * ASSERT(LOCKING_...) checks test what is actually held.
 *
 * One thread runs one hypercall at a time, so a lock that would spin
 * forever is a deadlock: taking a spinlock that is held, write-locking a
 * held rwlock or read-locking a write-locked one aborts, as does releasing
 * a lock that is not held. Each report names the call and its location.
 */
#ifndef ARGOLAB_XH_SPINLOCK_H
#define ARGOLAB_XH_SPINLOCK_H

#include <stdbool.h>

typedef struct {
    unsigned int held;          /* 0 or 1 */
} spinlock_t;

typedef struct {
    unsigned int readers;
    bool writer;
} rwlock_t;

#define SPIN_LOCK_UNLOCKED      { 0 }
#define DEFINE_SPINLOCK(l)      spinlock_t l = SPIN_LOCK_UNLOCKED
#define RW_LOCK_UNLOCKED        { 0, false }
#define DEFINE_RWLOCK(l)        rwlock_t l = RW_LOCK_UNLOCKED

struct xh_lock_site {
    const char *call;           /* "spin_lock(&d->argo->send_L2_lock)" */
    const char *file;
    int line;
};

#define XH_LOCK_SITE(call) \
    (&(const struct xh_lock_site){ call, __FILE__, __LINE__ })

void xh_spin_lock(spinlock_t *l, const struct xh_lock_site *site);
void xh_spin_unlock(spinlock_t *l, const struct xh_lock_site *site);
void xh_read_lock(rwlock_t *l, const struct xh_lock_site *site);
void xh_read_unlock(rwlock_t *l, const struct xh_lock_site *site);
void xh_write_lock(rwlock_t *l, const struct xh_lock_site *site);
void xh_write_unlock(rwlock_t *l, const struct xh_lock_site *site);

#define spin_lock_init(l)   ((void)((l)->held = 0))
#define spin_lock(l)        xh_spin_lock((l), XH_LOCK_SITE("spin_lock(" #l ")"))
#define spin_unlock(l)      xh_spin_unlock((l), XH_LOCK_SITE("spin_unlock(" #l ")"))
#define spin_is_locked(l)   ((l)->held != 0)

#define rwlock_init(l)      ((void)((l)->readers = 0, (l)->writer = false))
#define read_lock(l)        xh_read_lock((l), XH_LOCK_SITE("read_lock(" #l ")"))
#define read_unlock(l)      xh_read_unlock((l), XH_LOCK_SITE("read_unlock(" #l ")"))
#define write_lock(l)       xh_write_lock((l), XH_LOCK_SITE("write_lock(" #l ")"))
#define write_unlock(l)     xh_write_unlock((l), XH_LOCK_SITE("write_unlock(" #l ")"))
/* Held for reading or writing. */
#define rw_is_locked(l)         ((l)->readers != 0 || (l)->writer)
#define rw_is_write_locked(l)   ((l)->writer)

#endif
