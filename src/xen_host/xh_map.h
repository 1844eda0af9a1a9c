/* SPDX-License-Identifier: MIT */
/*
 * Description: a small open-addressing hash map from 64-bit keys to 64-bit
 * values, for the host shim's bookkeeping (live allocations, frames by host
 * address) and the xenhost backend's ring records. Plain C, no Xen types.
 *
 * Its own memory comes from malloc and is never counted as an allocation of
 * Xen's code. Out of memory aborts: the harness cannot continue without it.
 */
#ifndef ARGOLAB_XH_MAP_H
#define ARGOLAB_XH_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xh_map_slot {
    uint64_t key;
    uint64_t val;
    bool used;
};

struct xh_map {
    struct xh_map_slot *slots;
    size_t cap;                 /* a power of two, or 0 before first use */
    size_t count;
};

/* Insert or replace. */
void xh_map_put(struct xh_map *m, uint64_t key, uint64_t val);
/* The value for key into *val (if val is not NULL); false when absent. */
bool xh_map_get(const struct xh_map *m, uint64_t key, uint64_t *val);
/* Remove key; false when it was absent. */
bool xh_map_del(struct xh_map *m, uint64_t key);
/* Drop every entry and the table itself. */
void xh_map_clear(struct xh_map *m);

/*
 * Iterate: start with *pos = 0; each call yields the next entry and returns
 * true, or returns false at the end. The map must not change meanwhile
 * (collect keys first when entries are to be deleted).
 */
bool xh_map_next(const struct xh_map *m, size_t *pos, uint64_t *key,
                 uint64_t *val);

#endif
