/* SPDX-License-Identifier: MIT */
/*
 * Description: the guest's first instructions, its stack, the page Xen
 * fills with hypercall stubs, and the exception entry points.
 *
 * Xen enters at _start in 64-bit mode with %rsi = start_info; everything
 * else is set up in C (live_main, which never returns).
 */
#include "layout.h"

    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    lea     live_stack_top(%rip), %rsp
    mov     %rsi, %rdi
    call    live_main
1:  jmp     1b

/*
 * Xen writes one 32-byte stub per hypercall here at domain build (the
 * HYPERCALL_PAGE note names it).
 */
    .balign LIVE_PAGE_SIZE
    .globl hypercall_page
hypercall_page:
    .skip   LIVE_PAGE_SIZE

/*
 * Exceptions: Xen bounces them here with %rcx and %r11 (and an error code
 * for some vectors) pushed before the return frame. Nothing is resumed:
 * live_trap reports and shuts down, so a guest bug ends QEMU at once
 * instead of a timeout.
 */
#define TRAP(n)                 \
    .globl live_trap_##n;       \
live_trap_##n:                  \
    mov     $n, %edi;           \
    jmp     trap_common

    .text
TRAP(0)
TRAP(1)
TRAP(2)
TRAP(3)
TRAP(4)
TRAP(5)
TRAP(6)
TRAP(7)
TRAP(8)
TRAP(10)
TRAP(11)
TRAP(12)
TRAP(13)
TRAP(14)
TRAP(16)
TRAP(17)
TRAP(18)
TRAP(19)

trap_common:
    mov     %rsp, %rsi
    and     $-16, %rsp
    call    live_trap
2:  jmp     2b

    .bss
    .balign 16
live_stack:
    .skip   LIVE_STACK_SIZE
live_stack_top:

    .section .note.GNU-stack, "", @progbits
