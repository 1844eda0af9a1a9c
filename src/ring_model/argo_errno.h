/* SPDX-License-Identifier: MIT */
/*
 * Description: the error numbers Argo returns, as Xen (and Linux on x86 and
 * Arm) number them, with their names for trace output.
 */
#ifndef ARGOLAB_ARGO_ERRNO_H
#define ARGOLAB_ARGO_ERRNO_H

#define ARGO_EPERM          1
#define ARGO_ENOENT         2
#define ARGO_ESRCH          3
#define ARGO_EAGAIN         11
#define ARGO_ENOMEM         12
#define ARGO_EACCES         13
#define ARGO_EFAULT         14
#define ARGO_EBUSY          16
#define ARGO_EEXIST         17
#define ARGO_ENODEV         19
#define ARGO_EINVAL         22
#define ARGO_ENOSPC         28
#define ARGO_ENOMSG         42
#define ARGO_EBADMSG        74
#define ARGO_EMSGSIZE       90
#define ARGO_EOPNOTSUPP     95
#define ARGO_ENOBUFS        105     /* V4V: larger than the ring can hold */
#define ARGO_ENOTCONN       107     /* V4V: no such ring */
#define ARGO_ECONNREFUSED   111

/*
 * Name of a positive error number ("EAGAIN"), or NULL when it is not one
 * Argo or argolab produces; callers print unknown ones numerically.
 */
const char *argo_errno_name(long err);

#endif
