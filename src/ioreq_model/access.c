/* SPDX-License-Identifier: MIT */
/*
 * Description: where a guest's read or write of a page goes, by the page's
 * p2m type and the owner of p2m_ioreq_server.
 */
#include "ioreq_internal.h"

enum ioreq_access_result ioreq_guest_access(struct ioreq_model *m,
                                            uint64_t gfn, bool write,
                                            uint16_t *server)
{
    *server = IOREQ_NO_OWNER;
    /* A marked leaf faults first and is resolved before the access. */
    ioreq_p2m_resolve(m, gfn);
    switch (ioreq_p2m_type_of(m, gfn)) {
    case IOREQ_P2M_RAM_RW:
        return IOREQ_ACCESS_DIRECT;
    case IOREQ_P2M_RAM_RO:
        return write ? IOREQ_ACCESS_DISCARDED : IOREQ_ACCESS_DIRECT;
    case IOREQ_P2M_INVALID:
    case IOREQ_P2M_MMIO_DM:
        /* emulate.c: hvmemul_do_io -> ioreq_server_select. */
        return IOREQ_ACCESS_BY_RANGE;
    case IOREQ_P2M_IOREQ_SERVER:
        break;
    }
    /*
     * p2m-ept.c: ept_p2m_type_to_flags maps the page readable, so reads
     * never exit (the read half of a read-modify-write is done on RAM by
     * emulate.c's ioreq_server_handler); writable unless the owner's flags
     * claim writes.
     */
    if (!write)
        return IOREQ_ACCESS_DIRECT;
    /* emulate.c: hvmemul_do_io, p2m_get_ioreq_server() == NULL: retry. */
    if (m->owner == IOREQ_NO_OWNER)
        return IOREQ_ACCESS_RETRY;
    if (!(m->owner_flags & IOREQ_MEM_ACCESS_WRITE))
        return IOREQ_ACCESS_DIRECT;
    *server = m->owner;
    return IOREQ_ACCESS_TO_SERVER;
}

const char *ioreq_access_name(enum ioreq_access_result r)
{
    switch (r) {
    case IOREQ_ACCESS_DIRECT: return "direct";
    case IOREQ_ACCESS_TO_SERVER: return "to_server";
    case IOREQ_ACCESS_RETRY: return "retry";
    case IOREQ_ACCESS_DISCARDED: return "discarded";
    case IOREQ_ACCESS_BY_RANGE: return "by_range";
    }
    return "?";
}
