/* SPDX-License-Identifier: MIT */
/*
 * Description: the numbers of Xen 4.17's device-model interface that the
 * ioreq model speaks, and the limits it enforces.
 *
 * Values are those of xen/include/public/hvm/dm_op.h and hvm_op.h (the
 * public, MIT-licensed ABI) and of the hypervisor constants named beside
 * each; the layouts of the DMOP arguments are in ioreq_model.h.
 */
#ifndef ARGOLAB_IOREQ_ABI_H
#define ARGOLAB_IOREQ_ABI_H

#include "ioreq_compat.h"

/* dm_op.h: the DMOP numbers this model implements. */
#define IOREQ_DMOP_CREATE_IOREQ_SERVER          1
#define IOREQ_DMOP_DESTROY_IOREQ_SERVER         6
#define IOREQ_DMOP_SET_MEM_TYPE                 12
#define IOREQ_DMOP_MAP_MEM_TYPE_TO_IOREQ_SERVER 15

/* dm_op.h: the accesses a claim forwards. Only WRITE is accepted. */
#define IOREQ_MEM_ACCESS_READ   (1u << 0)
#define IOREQ_MEM_ACCESS_WRITE  (1u << 1)

/* hvm_op.h: hvmmem_type_t as a 4.7+ interface version numbers it. */
#define IOREQ_HVMMEM_RAM_RW         0
#define IOREQ_HVMMEM_RAM_RO         1
#define IOREQ_HVMMEM_MMIO_DM        2
#define IOREQ_HVMMEM_UNUSED         3   /* set_mem_type refuses it */
#define IOREQ_HVMMEM_IOREQ_SERVER   4
#define IOREQ_HVMMEM_COUNT          5

/* xen/include/xen/sched.h: server ids are 0 .. MAX_NR_IOREQ_SERVERS - 1. */
#define IOREQ_MAX_SERVERS           8

/* xen/include/xen/ioreq.h: each rangeset of a server holds at most this. */
#define IOREQ_MAX_NR_IO_RANGES      256

/* dm.c, map_mem_type_to_ioreq_server: gfns reset per preemption check. */
#define IOREQ_RESET_CHUNK_GFNS      256

/*
 * p2m-ept.c, resolve_misconfig: a pending recalculation is resolved for a
 * whole leaf table (512 entries) at once.
 */
#define IOREQ_EPT_LEAF_GFNS         512

typedef uint16_t ioreq_servid_t;
typedef uint16_t ioreq_domid_t;

#endif
