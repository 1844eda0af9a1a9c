/* SPDX-License-Identifier: MIT */
/*
 * Description: guest handles and copies to and from the guest, over the
 * shim's simulated guest address space.
 *
 * A handle's pointer is never dereferenced by the hypervisor: it is a guest
 * address. Copies go through xh_copy_from_guest / xh_copy_to_guest, which
 * serve the host buffers the backend mapped for the call and hand every
 * other address to the trace runner's reader (iov data); a copy that cannot
 * be served copies nothing and reports every byte as not copied.
 * guest_handle_okay follows an HVM guest (Xen checks nothing there; faults
 * show at the copy). Offsets are added as integers, not pointer arithmetic.
 */
#ifndef ARGOLAB_XH_GUEST_ACCESS_H
#define ARGOLAB_XH_GUEST_ACCESS_H

#include <xen/types.h>

/* Bytes not copied: 0 or len. */
unsigned long xh_copy_from_guest(void *dst, uint64_t gaddr, size_t len);
unsigned long xh_copy_to_guest(uint64_t gaddr, const void *src, size_t len);

#define xh_hnd_addr(hnd)    ((uint64_t)(uintptr_t)(hnd).p)

#define guest_handle_is_null(hnd)   ((hnd).p == NULL)
#define guest_handle_okay(hnd, nr)  ((void)(hnd), (void)(nr), 1)
#define guest_handle_subrange_okay(hnd, first, last) \
    ((void)(hnd), (void)(first), (void)(last), 1)

#define guest_handle_add_offset(hnd, nr)                                    \
    ((hnd).p = (void *)(uintptr_t)(xh_hnd_addr(hnd) +                       \
                                   (uint64_t)(nr) * sizeof(*(hnd).p)))
#define guest_handle_subtract_offset(hnd, nr)                               \
    ((hnd).p = (void *)(uintptr_t)(xh_hnd_addr(hnd) -                       \
                                   (uint64_t)(nr) * sizeof(*(hnd).p)))

#define guest_handle_cast(hnd, type) \
    ((XEN_GUEST_HANDLE_PARAM(type)){ (type *)(hnd).p })
#define guest_handle_to_param(hnd, type) \
    ((XEN_GUEST_HANDLE_PARAM(type)){ (hnd).p })
#define guest_handle_from_param(hnd, type) \
    ((XEN_GUEST_HANDLE(type)){ (hnd).p })

/* The handle of field fld of the struct at hnd (type is fld's type). */
#define guest_handle_for_field(hnd, type, fld)                              \
    ((XEN_GUEST_HANDLE(type)){                                              \
        (type *)(uintptr_t)(xh_hnd_addr(hnd) +                              \
                            offsetof(__typeof__(*(hnd).p), fld)) })

/* nr objects of *ptr's type, off objects into the guest array at hnd. */
#define copy_from_guest_offset(ptr, hnd, off, nr)                           \
    ({                                                                      \
        const __typeof__(*(ptr)) *xh_s_ = (hnd).p;                          \
        __typeof__(*(ptr)) *xh_d_ = (ptr);                                  \
        xh_copy_from_guest(xh_d_, (uint64_t)(uintptr_t)xh_s_ +              \
                                  (uint64_t)(off) * sizeof(*xh_d_),         \
                           sizeof(*xh_d_) * (size_t)(nr));                  \
    })

#define copy_to_guest_offset(hnd, off, ptr, nr)                             \
    ({                                                                      \
        const __typeof__(*(ptr)) *xh_s_ = (ptr);                            \
        (void)sizeof((hnd).p == xh_s_);                                     \
        xh_copy_to_guest(xh_hnd_addr(hnd) + (uint64_t)(off) * sizeof(*xh_s_),\
                         xh_s_, sizeof(*xh_s_) * (size_t)(nr));             \
    })

#define copy_field_to_guest(hnd, ptr, field)                                \
    ({                                                                      \
        const __typeof__((ptr)->field) *xh_s_ = &(ptr)->field;              \
        (void)sizeof(&(hnd).p->field == xh_s_);                             \
        xh_copy_to_guest(xh_hnd_addr(hnd) +                                 \
                         offsetof(__typeof__(*(hnd).p), field),             \
                         xh_s_, sizeof(*xh_s_));                            \
    })

#define copy_field_from_guest(ptr, hnd, field)                              \
    ({                                                                      \
        __typeof__((ptr)->field) *xh_d_ = &(ptr)->field;                    \
        (void)sizeof(&(hnd).p->field == xh_d_);                             \
        xh_copy_from_guest(xh_d_, xh_hnd_addr(hnd) +                        \
                           offsetof(__typeof__(*(hnd).p), field),           \
                           sizeof(*xh_d_));                                 \
    })

#define copy_from_guest(ptr, hnd, nr)   copy_from_guest_offset(ptr, hnd, 0, nr)
#define copy_to_guest(hnd, ptr, nr)     copy_to_guest_offset(hnd, 0, ptr, nr)

/* Xen's unchecked variants: the same here (nothing is checked either way). */
#define __copy_from_guest_offset    copy_from_guest_offset
#define __copy_to_guest_offset      copy_to_guest_offset
#define __copy_from_guest           copy_from_guest
#define __copy_to_guest             copy_to_guest
#define __copy_field_to_guest       copy_field_to_guest
#define __copy_field_from_guest     copy_field_from_guest

#endif
