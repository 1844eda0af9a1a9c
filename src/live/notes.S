/* SPDX-License-Identifier: MIT */
/*
 * Description: the Xen ELF notes that make this image a 64-bit PV kernel
 * Xen's generic loader accepts (as dom0 or through xl create).
 */
#include <public/elfnote.h>
#include "layout.h"

#define XEN_NOTE(type, desc)                    \
    .pushsection .note.Xen, "a", @note;         \
    .balign 4;                                  \
    .long 2f - 1f;                              \
    .long 4f - 3f;                              \
    .long type;                                 \
1:  .asciz "Xen";                               \
2:  .balign 4;                                  \
3:  desc;                                       \
4:  .balign 4;                                  \
    .popsection

XEN_NOTE(XEN_ELFNOTE_GUEST_OS,       .asciz "argolab-live")
XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION,  .asciz "1")
XEN_NOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0")
XEN_NOTE(XEN_ELFNOTE_LOADER,         .asciz "generic")
XEN_NOTE(XEN_ELFNOTE_VIRT_BASE,      .quad LIVE_VIRT_BASE)
XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET,   .quad 0)
XEN_NOTE(XEN_ELFNOTE_ENTRY,          .quad _start)
XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

    .section .note.GNU-stack, "", @progbits
