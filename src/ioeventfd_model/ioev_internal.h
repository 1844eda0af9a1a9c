/* SPDX-License-Identifier: MIT */
/*
 * Description: helpers shared by the ioeventfd model's files; not part of
 * its interface.
 */
#ifndef ARGOLAB_IOEV_INTERNAL_H
#define ARGOLAB_IOEV_INTERNAL_H

#include "ioev_model.h"

/*
 * One kzalloc/memdup: false when the armed failure fires (consuming it) or
 * when the model's table for it is full (have_room false).
 */
bool ioev_alloc(struct ioev_model *m, bool have_room);

/* The context an fd names: 0 and *ctx set, or -EBADF / -EINVAL (eventfd_ctx_fdget). */
int ioev_fd_ctx(const struct ioev_model *m, uint32_t fd, uint8_t *ctx);

/* Unlink kioreq k from the list and free its slot (ioreq_free). */
void ioev_kioreq_free(struct ioev_model *m, uint32_t k);

#endif
