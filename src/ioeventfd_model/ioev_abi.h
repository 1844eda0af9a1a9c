/* SPDX-License-Identifier: MIT */
/*
 * Description: the shared ioreq slot and the ioctl argument, as the device
 * model and the kernel see them.
 *
 * Facts from Linux include/xen/interface/hvm/ioreq.h (a copy of Xen's
 * public/hvm/ioreq.h, struct ioreq) and include/uapi/xen/privcmd.h (struct
 * privcmd_ioeventfd, PRIVCMD_IOEVENTFD_FLAG_DEASSIGN). The ioreq's
 * state/data_is_ptr/dir/df bit-fields are one byte here, with accessors, so
 * that the layout does not depend on the compiler's bit-field rules: on the
 * little-endian ABIs Xen supports, bit-fields fill a byte from bit 0 up.
 */
#ifndef ARGOLAB_IOEV_ABI_H
#define ARGOLAB_IOEV_ABI_H

#include "ioev_compat.h"

/* ioreq states: the device model's handshake with Xen, per vCPU slot. */
#define IOEV_STATE_NONE        0u
#define IOEV_STATE_READY       1u   /* Xen filled the slot; someone must take it */
#define IOEV_STATE_INPROCESS   2u   /* taken */
#define IOEV_STATE_RESP_READY  3u   /* done; Xen resumes the vCPU */

#define IOEV_DIR_WRITE 0u
#define IOEV_DIR_READ  1u

#define IOEV_TYPE_PIO        0u
#define IOEV_TYPE_COPY       1u     /* MMIO */
#define IOEV_TYPE_PCI_CONFIG 2u
#define IOEV_TYPE_TIMEOFFSET 7u
#define IOEV_TYPE_INVALIDATE 8u

/* Offset of QueueNotify in a virtio-mmio device (linux/virtio_mmio.h). */
#define IOEV_VIRTIO_MMIO_QUEUE_NOTIFY 0x050u
/* privcmd.c QUEUE_NOTIFY_VQ_MASK: the low 16 bits of the write name the queue. */
#define IOEV_QUEUE_NOTIFY_VQ_MASK 0xffffu

/* Bits of struct ioev_ioreq.bits. */
#define IOEV_BITS_STATE_MASK   0x0fu
#define IOEV_BITS_DATA_IS_PTR  0x10u
#define IOEV_BITS_DIR          0x20u
#define IOEV_BITS_DF           0x40u
#define IOEV_BITS_PAD1         0x80u

/* One vCPU's slot of the shared ioreq page: 32 bytes, as Xen lays it out. */
struct ioev_ioreq {
    uint64_t addr;      /* guest physical address of the access */
    uint64_t data;      /* the value written, or its guest address if data_is_ptr */
    uint32_t count;     /* rep count */
    uint32_t size;      /* access size in bytes */
    uint32_t vp_eport;  /* Xen's side of the vCPU's event channel */
    uint16_t pad0;
    uint8_t bits;       /* state:4 data_is_ptr:1 dir:1 df:1 pad:1 */
    uint8_t type;
};

_Static_assert(sizeof(struct ioev_ioreq) == 32, "struct ioreq is 32 bytes");

/* One page of slots; the kernel reads slot v at page + 32 * v. */
#define IOEV_PAGE_SIZE  4096u
#define IOEV_PAGE_SLOTS (IOEV_PAGE_SIZE / sizeof(struct ioev_ioreq))

static inline unsigned ioev_ioreq_state(const struct ioev_ioreq *r)
{
    return r->bits & IOEV_BITS_STATE_MASK;
}

static inline void ioev_ioreq_set_state(struct ioev_ioreq *r, unsigned state)
{
    r->bits = (uint8_t)((r->bits & ~IOEV_BITS_STATE_MASK) |
                        (state & IOEV_BITS_STATE_MASK));
}

static inline unsigned ioev_ioreq_dir(const struct ioev_ioreq *r)
{
    return (r->bits & IOEV_BITS_DIR) ? IOEV_DIR_READ : IOEV_DIR_WRITE;
}

static inline bool ioev_ioreq_data_is_ptr(const struct ioev_ioreq *r)
{
    return (r->bits & IOEV_BITS_DATA_IS_PTR) != 0;
}

/* privcmd_ioeventfd.flags: the only flag; any other bit is -EINVAL. */
#define IOEV_FLAG_DEASSIGN 1u

/* privcmd.c: "4096 vcpus limit enough ?" */
#define IOEV_MAX_VCPUS 4096u

/* Xen's DOMID_INVALID: the privcmd file is not restricted to one domain. */
#define IOEV_DOMID_INVALID 0x7ff4u

/* Linux errno values the ioctl returns (negated). */
#define IOEV_EPERM   1
#define IOEV_EBADF   9
#define IOEV_ENOMEM  12
#define IOEV_EFAULT  14
#define IOEV_EBUSY   16
#define IOEV_ENODEV  19
#define IOEV_EINVAL  22

#endif
