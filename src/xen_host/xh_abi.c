/* SPDX-License-Identifier: MIT */
/*
 * Description: the wire layout of Xen's public/argo.h, checked against the
 * layout argolab's own ABI (src/ring_model/argo_abi.h) pins, so that the
 * backend can hand argolab's structs to Xen's code as guest memory bytes.
 * Also checks that the error numbers argo.c returns are the ones argolab
 * names (Linux's, on x86 and Arm).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <public/argo.h>

#define XH_SIZE(type, n) _Static_assert(sizeof(type) == (n), #type " size")
#define XH_OFF(type, field, n) \
    _Static_assert(offsetof(type, field) == (n), #type "." #field " offset")

XH_SIZE(xen_argo_iov_t, 16);
XH_OFF(xen_argo_iov_t, iov_hnd, 0);
XH_OFF(xen_argo_iov_t, iov_len, 8);
XH_OFF(xen_argo_iov_t, pad, 12);
XH_SIZE(xen_argo_addr_t, 8);
XH_OFF(xen_argo_addr_t, aport, 0);
XH_OFF(xen_argo_addr_t, domain_id, 4);
XH_OFF(xen_argo_addr_t, pad, 6);
XH_SIZE(xen_argo_send_addr_t, 16);
XH_OFF(xen_argo_send_addr_t, src, 0);
XH_OFF(xen_argo_send_addr_t, dst, 8);
XH_SIZE(xen_argo_ring_t, 64);
XH_OFF(xen_argo_ring_t, rx_ptr, 0);
XH_OFF(xen_argo_ring_t, tx_ptr, 4);
XH_SIZE(xen_argo_register_ring_t, 12);
XH_OFF(xen_argo_register_ring_t, aport, 0);
XH_OFF(xen_argo_register_ring_t, partner_id, 4);
XH_OFF(xen_argo_register_ring_t, pad, 6);
XH_OFF(xen_argo_register_ring_t, len, 8);
XH_SIZE(xen_argo_unregister_ring_t, 8);
XH_OFF(xen_argo_unregister_ring_t, aport, 0);
XH_OFF(xen_argo_unregister_ring_t, partner_id, 4);
XH_OFF(xen_argo_unregister_ring_t, pad, 6);
XH_SIZE(xen_argo_ring_data_ent_t, 20);
XH_OFF(xen_argo_ring_data_ent_t, ring, 0);
XH_OFF(xen_argo_ring_data_ent_t, flags, 8);
XH_OFF(xen_argo_ring_data_ent_t, pad, 10);
XH_OFF(xen_argo_ring_data_ent_t, space_required, 12);
XH_OFF(xen_argo_ring_data_ent_t, max_message_size, 16);
XH_SIZE(xen_argo_ring_data_t, 8);
XH_OFF(xen_argo_ring_data_t, nent, 0);
XH_OFF(xen_argo_ring_data_t, data, 8);
XH_SIZE(struct xen_argo_ring_message_header, 16);
XH_OFF(struct xen_argo_ring_message_header, len, 0);
XH_OFF(struct xen_argo_ring_message_header, source, 4);
XH_OFF(struct xen_argo_ring_message_header, message_type, 12);

_Static_assert(XEN_ARGO_MAX_RING_SIZE == 0x1000000, "max ring size");
_Static_assert(XEN_ARGO_MAXIOV == 8, "max iovs");
_Static_assert(XEN_ARGO_MSG_SLOT_SIZE == 0x10, "slot size");
_Static_assert(XEN_ARGO_DOMID_ANY == 0x7ff4, "wildcard domain id");
_Static_assert(XEN_ARGO_OP_register_ring == 1 && XEN_ARGO_OP_unregister_ring == 2 &&
               XEN_ARGO_OP_sendv == 3 && XEN_ARGO_OP_notify == 4, "op numbers");
_Static_assert(XEN_ARGO_REGISTER_FLAG_FAIL_EXIST == 1, "register flag");
_Static_assert(XEN_ARGO_RING_EXISTS == 1 && XEN_ARGO_RING_SHARED == 2 &&
               XEN_ARGO_RING_EMPTY == 4 && XEN_ARGO_RING_SUFFICIENT == 8 &&
               XEN_ARGO_RING_EMSGSIZE == 16 && XEN_ARGO_RING_EBUSY == 32,
               "notify flags");

_Static_assert(EPERM == 1 && ENOENT == 2 && ESRCH == 3 && EAGAIN == 11 &&
               ENOMEM == 12 && EACCES == 13 && EFAULT == 14 && EBUSY == 16 &&
               EEXIST == 17 && ENODEV == 19 && EINVAL == 22 && ENOSPC == 28 &&
               EMSGSIZE == 90 && EOPNOTSUPP == 95 && ECONNREFUSED == 111,
               "Xen's error numbers are argolab's");
