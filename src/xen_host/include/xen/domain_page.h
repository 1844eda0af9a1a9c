/* SPDX-License-Identifier: MIT */
/*
 * Description: mapping frames into the hypervisor: a frame's host memory
 * is already addressable, so a mapping is its address plus a count that
 * must return to zero (unmapping what is not mapped aborts).
 */
#ifndef ARGOLAB_XH_DOMAIN_PAGE_H
#define ARGOLAB_XH_DOMAIN_PAGE_H

#include <xen/mm.h>

void *map_domain_page_global(mfn_t mfn);
void unmap_domain_page_global(const void *va);
void *map_domain_page(mfn_t mfn);
void unmap_domain_page(const void *va);

#endif
