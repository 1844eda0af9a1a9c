/* SPDX-License-Identifier: MIT */
/*
 * Description: the Argo ABI as a 32-bit x86 guest lays it out, checked at
 * compile time. Build with -m32 -ffreestanding -c; there is nothing to run.
 *
 * A 32-bit guest declares xen_argo_iov with a pointer-sized guest handle
 * (XEN_GUEST_HANDLE(uint8) is a struct around one pointer): that is the
 * layout xen_argo_iov_ilp32_t must match, since Xen's compat_argo_op reads
 * exactly that and widens the handle. Every other struct has no pointer in
 * it and must keep the same size and offsets as in the LP64 view.
 */
#include "ring_model/argo_abi.h"

_Static_assert(sizeof(void *) == 4 && sizeof(unsigned long) == 4,
               "compile this file for an ILP32 target (-m32)");

/* The guest's own view of xen_argo_iov: handle as an unsigned long... */
struct ilp32_guest_iov {
    unsigned long iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
};

/* ...and as Xen's public header spells it, a handle struct with a pointer. */
struct ilp32_guest_handle_uint8 {
    uint8_t *p;
};

struct ilp32_guest_iov_hnd {
    struct ilp32_guest_handle_uint8 iov_hnd;
    uint32_t iov_len;
    uint32_t pad;
};

#define SAME_FIELD(a, b, field) \
    _Static_assert(offsetof(a, field) == offsetof(b, field) && \
                   sizeof(((a *)0)->field) == sizeof(((b *)0)->field), \
                   #a "." #field " matches " #b)

_Static_assert(sizeof(struct ilp32_guest_iov) ==
               sizeof(xen_argo_iov_ilp32_t), "ILP32 iov size");
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, iov_hnd);
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, iov_len);
SAME_FIELD(struct ilp32_guest_iov, xen_argo_iov_ilp32_t, pad);

_Static_assert(sizeof(struct ilp32_guest_iov_hnd) ==
               sizeof(xen_argo_iov_ilp32_t), "ILP32 handle iov size");
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, iov_hnd);
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, iov_len);
SAME_FIELD(struct ilp32_guest_iov_hnd, xen_argo_iov_ilp32_t, pad);

_Static_assert(sizeof(xen_argo_iov_ilp32_t) == 12, "ILP32 iov is 12 bytes");
_Static_assert(offsetof(xen_argo_iov_ilp32_t, iov_len) == 4, "iov_len");
_Static_assert(offsetof(xen_argo_iov_ilp32_t, pad) == 8, "pad");

/*
 * Every other struct is pointer-free: argo_abi.h's own size and offset
 * assertions, compiled here under -m32, prove its ILP32 layout is the LP64 one.
 */

/* gfn lists are arrays of 64-bit values for every guest. */
_Static_assert(sizeof(xen_argo_gfn_t) == 8, "gfn is 64-bit");
_Static_assert(sizeof(argo_domid_t) == 2, "domid_t is 16-bit");
_Static_assert(sizeof(xen_argo_port_t) == 4, "port is 32-bit");
