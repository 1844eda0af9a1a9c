/* SPDX-License-Identifier: MIT */
/*
 * Description: the ioeventfd model's environment: file table, mappings,
 * allocation failures.
 */
#include "ioev_internal.h"

void ioev_model_init(struct ioev_model *m, uint16_t restrict_domid,
                     uint32_t nr_ports)
{
    memset(m, 0, sizeof(*m));
    m->restrict_domid = restrict_domid;
    m->nr_ports = nr_ports < IOEV_MAX_PORTS ? nr_ports : IOEV_MAX_PORTS;
}

int ioev_fd_set(struct ioev_model *m, uint32_t fd, enum ioev_fd_kind kind,
                uint32_t ctx)
{
    if (fd >= IOEV_MAX_FDS || ctx >= IOEV_MAX_CTXS || kind > IOEV_FD_OTHER)
        return -1;
    m->fds[fd].kind = (uint8_t)kind;
    m->fds[fd].ctx = kind == IOEV_FD_EVENTFD ? (uint8_t)ctx : 0;
    return 0;
}

int ioev_vma_map(struct ioev_model *m, uint64_t start, uint64_t end,
                 struct ioev_ioreq *page)
{
    struct ioev_vma *free_slot = NULL;

    if (start >= end || !page)
        return -1;
    for (uint32_t i = 0; i < IOEV_MAX_VMAS; i++) {
        struct ioev_vma *v = &m->vmas[i];

        if (!v->in_use) {
            if (!free_slot)
                free_slot = v;
            continue;
        }
        if (start < v->end && v->start < end)
            return -1;
    }
    if (!free_slot)
        return -1;
    free_slot->in_use = true;
    free_slot->start = start;
    free_slot->end = end;
    free_slot->page = page;
    return 0;
}

/*
 * find_vma's contract, which alloc_ioreq relies on: the first mapping ending
 * above addr, even when it starts above addr too.
 */
const struct ioev_vma *ioev_find_vma(const struct ioev_model *m, uint64_t addr)
{
    const struct ioev_vma *best = NULL;

    for (uint32_t i = 0; i < IOEV_MAX_VMAS; i++) {
        const struct ioev_vma *v = &m->vmas[i];

        if (v->in_use && v->end > addr && (!best || v->start < best->start))
            best = v;
    }
    return best;
}

void ioev_fail_alloc(struct ioev_model *m, uint32_t n)
{
    m->fail_alloc_in = n;
}

bool ioev_alloc(struct ioev_model *m, bool have_room)
{
    if (m->fail_alloc_in) {
        if (--m->fail_alloc_in == 0)
            return false;
    }
    return have_room;
}

int ioev_fd_ctx(const struct ioev_model *m, uint32_t fd, uint8_t *ctx)
{
    if (fd >= IOEV_MAX_FDS || m->fds[fd].kind == IOEV_FD_CLOSED)
        return -IOEV_EBADF;
    if (m->fds[fd].kind != IOEV_FD_EVENTFD)
        return -IOEV_EINVAL;
    *ctx = m->fds[fd].ctx;
    return 0;
}
