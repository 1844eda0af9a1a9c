/* SPDX-License-Identifier: MIT */
/*
 * Description: the error numbers the ioreq DMOPs return, as Xen numbers
 * them (the Linux x86 values, xen/include/public/errno.h), with names.
 */
#ifndef ARGOLAB_IOREQ_ERRNO_H
#define ARGOLAB_IOREQ_ERRNO_H

#define IOREQ_EPERM         1
#define IOREQ_ENOENT        2
#define IOREQ_EBUSY         16
#define IOREQ_EINVAL        22
#define IOREQ_ENOSPC        28
#define IOREQ_ERESTART      85  /* never seen by the caller: Xen continues */
#define IOREQ_EOPNOTSUPP    95

/* Name of a positive error number ("EBUSY"), or NULL for any other. */
const char *ioreq_errno_name(long err);

#endif
