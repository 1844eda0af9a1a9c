/* SPDX-License-Identifier: MIT */
/* Description: the host shim's hash map: linear probing, backward-shift deletion. */
#include "xh_map.h"

#include <stdio.h>
#include <stdlib.h>

static size_t xh_map_hash(uint64_t key, size_t cap)
{
    /* A 64-bit finaliser: pointers and packed ids spread over the table. */
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    key *= UINT64_C(0xc4ceb9fe1a85ec53);
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

static void xh_map_grow(struct xh_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct xh_map_slot *old = m->slots;
    size_t old_cap = m->cap;

    m->slots = calloc(cap, sizeof(*m->slots));
    if (!m->slots) {
        fputs("argolab xenhost: out of memory for the shim's bookkeeping\n",
              stderr);
        abort();
    }
    m->cap = cap;
    m->count = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            xh_map_put(m, old[i].key, old[i].val);
    free(old);
}

void xh_map_put(struct xh_map *m, uint64_t key, uint64_t val)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap)
        xh_map_grow(m);
    for (i = xh_map_hash(key, m->cap); m->slots[i].used;
         i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].key == key) {
            m->slots[i].val = val;
            return;
        }
    }
    m->slots[i].used = true;
    m->slots[i].key = key;
    m->slots[i].val = val;
    m->count++;
}

static struct xh_map_slot *xh_map_find(const struct xh_map *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = xh_map_hash(key, m->cap); m->slots[i].used;
         i = (i + 1) & (m->cap - 1))
        if (m->slots[i].key == key)
            return &m->slots[i];
    return NULL;
}

bool xh_map_get(const struct xh_map *m, uint64_t key, uint64_t *val)
{
    const struct xh_map_slot *s = xh_map_find(m, key);

    if (s && val)
        *val = s->val;
    return s != NULL;
}

bool xh_map_del(struct xh_map *m, uint64_t key)
{
    struct xh_map_slot *s = xh_map_find(m, key);
    size_t hole, i, mask = m->cap - 1;

    if (!s)
        return false;
    hole = (size_t)(s - m->slots);
    m->slots[hole].used = false;
    m->count--;
    /* Move later members of the probe run back so lookups still find them. */
    for (i = (hole + 1) & mask; m->slots[i].used; i = (i + 1) & mask) {
        size_t home = xh_map_hash(m->slots[i].key, m->cap);

        /* Entry i may fill the hole unless its home lies in (hole, i]. */
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            m->slots[hole] = m->slots[i];
            m->slots[i].used = false;
            hole = i;
        }
    }
    return true;
}

void xh_map_clear(struct xh_map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

bool xh_map_next(const struct xh_map *m, size_t *pos, uint64_t *key,
                 uint64_t *val)
{
    while (*pos < m->cap) {
        const struct xh_map_slot *s = &m->slots[(*pos)++];

        if (s->used) {
            if (key)
                *key = s->key;
            if (val)
                *val = s->val;
            return true;
        }
    }
    return false;
}
