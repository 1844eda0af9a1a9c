/* SPDX-License-Identifier: MIT */
/*
 * Description: every Argo wire struct to and from its bytes, field by field
 * in little-endian order, independent of the compiler's layout; and the
 * 32-bit guest's iov widened the way Xen's compat entry does it.
 *
 * For each struct S: argo_wire_put_S writes exactly sizeof(S) bytes;
 * argo_wire_get_S reads them. Every byte belongs to a field (the structs
 * have no implicit padding), so get then put gives back the same bytes.
 */
#ifndef ARGOLAB_ARGO_WIRE_H
#define ARGOLAB_ARGO_WIRE_H

#include "argo_abi.h"

#define ARGO_WIRE_STRUCTS(X)            \
    X(xen_argo_iov_t, iov)              \
    X(xen_argo_iov_ilp32_t, iov_ilp32)  \
    X(xen_argo_addr_t, addr)            \
    X(xen_argo_send_addr_t, send_addr)  \
    X(xen_argo_ring_t, ring)            \
    X(xen_argo_register_ring_t, register_ring) \
    X(xen_argo_unregister_ring_t, unregister_ring) \
    X(xen_argo_ring_data_ent_t, ring_data_ent) \
    X(xen_argo_ring_data_t, ring_data)  \
    X(xen_argo_ring_message_header_t, message_header)

#define ARGO_WIRE_DECLARE(type, name)                               \
    void argo_wire_put_##name(uint8_t *out, const type *v);         \
    void argo_wire_get_##name(type *v, const uint8_t *in);
ARGO_WIRE_STRUCTS(ARGO_WIRE_DECLARE)
#undef ARGO_WIRE_DECLARE

/* A 32-bit guest's iov as Xen sees it after translation: handle widened. */
void argo_iov_from_ilp32(xen_argo_iov_t *out, const xen_argo_iov_ilp32_t *in);

/*
 * The reverse, for an iov a 32-bit guest could have written: returns 0, or
 * -1 (out untouched) when the handle does not fit in 32 bits.
 */
int argo_iov_to_ilp32(xen_argo_iov_ilp32_t *out, const xen_argo_iov_t *in);

#endif
