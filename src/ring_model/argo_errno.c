/* SPDX-License-Identifier: MIT */
/* Description: names for the error numbers in argo_errno.h. */
#include "argo_errno.h"
#include "model_compat.h"

static const struct {
    long err;
    const char *name;
} errno_names[] = {
    { ARGO_EPERM, "EPERM" },
    { ARGO_ENOENT, "ENOENT" },
    { ARGO_ESRCH, "ESRCH" },
    { ARGO_EAGAIN, "EAGAIN" },
    { ARGO_ENOMEM, "ENOMEM" },
    { ARGO_EACCES, "EACCES" },
    { ARGO_EFAULT, "EFAULT" },
    { ARGO_EBUSY, "EBUSY" },
    { ARGO_EEXIST, "EEXIST" },
    { ARGO_ENODEV, "ENODEV" },
    { ARGO_EINVAL, "EINVAL" },
    { ARGO_ENOSPC, "ENOSPC" },
    { ARGO_ENOMSG, "ENOMSG" },
    { ARGO_EBADMSG, "EBADMSG" },
    { ARGO_EMSGSIZE, "EMSGSIZE" },
    { ARGO_EOPNOTSUPP, "EOPNOTSUPP" },
    { ARGO_ENOBUFS, "ENOBUFS" },
    { ARGO_ENOTCONN, "ENOTCONN" },
    { ARGO_ECONNREFUSED, "ECONNREFUSED" },
};

const char *argo_errno_name(long err)
{
    for (size_t i = 0; i < ARGO_ARRAY_SIZE(errno_names); i++)
        if (errno_names[i].err == err)
            return errno_names[i].name;
    return NULL;
}
