/* SPDX-License-Identifier: MIT */
/* Description: names for the error numbers in ioreq_errno.h. */
#include "ioreq_errno.h"
#include "ioreq_compat.h"

static const struct {
    long err;
    const char *name;
} errno_names[] = {
    { IOREQ_EPERM, "EPERM" },
    { IOREQ_ENOENT, "ENOENT" },
    { IOREQ_EBUSY, "EBUSY" },
    { IOREQ_EINVAL, "EINVAL" },
    { IOREQ_ENOSPC, "ENOSPC" },
    { IOREQ_ERESTART, "ERESTART" },
    { IOREQ_EOPNOTSUPP, "EOPNOTSUPP" },
};

const char *ioreq_errno_name(long err)
{
    for (size_t i = 0; i < IOREQ_ARRAY_SIZE(errno_names); i++)
        if (errno_names[i].err == err)
            return errno_names[i].name;
    return NULL;
}
