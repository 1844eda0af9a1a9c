/* SPDX-License-Identifier: MIT */
/* Description: next-fit page allocator over the arena in .bss. */
#include "pages.h"

#include <stdint.h>

#include "layout.h"
#include "../ring_model/model_compat.h"

#define WORD_BITS   64u

static uint8_t arena[(size_t)LIVE_ARENA_PAGES * LIVE_PAGE_SIZE]
    __attribute__((aligned(LIVE_PAGE_SIZE)));
static uint64_t used[LIVE_ARENA_PAGES / WORD_BITS];
static size_t cursor;
static size_t nfree = LIVE_ARENA_PAGES;

_Static_assert(LIVE_ARENA_PAGES % WORD_BITS == 0, "whole bitmap words");

static bool page_used(size_t i)
{
    return (used[i / WORD_BITS] >> (i % WORD_BITS)) & 1u;
}

static void mark(size_t first, size_t count, bool on)
{
    for (size_t i = first; i < first + count; i++) {
        if (on)
            used[i / WORD_BITS] |= UINT64_C(1) << (i % WORD_BITS);
        else
            used[i / WORD_BITS] &= ~(UINT64_C(1) << (i % WORD_BITS));
    }
}

/* First free run of count pages at or after from, below limit. */
static bool find_run(size_t from, size_t limit, size_t count, size_t *at)
{
    size_t run = 0;

    for (size_t i = from; i < limit; i++) {
        run = page_used(i) ? 0 : run + 1;
        if (run == count) {
            *at = i + 1 - count;
            return true;
        }
    }
    return false;
}

void *pages_alloc(size_t n)
{
    size_t count = (n + LIVE_PAGE_SIZE - 1) / LIVE_PAGE_SIZE, at;
    uint8_t *p;

    if (!count || count > nfree)
        return NULL;
    if (!find_run(cursor, LIVE_ARENA_PAGES, count, &at) &&
        !find_run(0, LIVE_ARENA_PAGES, count, &at))
        return NULL;
    mark(at, count, true);
    nfree -= count;
    cursor = at + count;
    p = arena + at * LIVE_PAGE_SIZE;
    memset(p, 0, count * LIVE_PAGE_SIZE);
    return p;
}

void pages_free(void *p, size_t n)
{
    size_t count = (n + LIVE_PAGE_SIZE - 1) / LIVE_PAGE_SIZE;
    size_t first = (size_t)((uint8_t *)p - arena) / LIVE_PAGE_SIZE;

    if (!p || !count)
        return;
    mark(first, count, false);
    nfree += count;
}

size_t pages_free_count(void)
{
    return nfree;
}
