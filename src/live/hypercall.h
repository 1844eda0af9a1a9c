/* SPDX-License-Identifier: MIT */
/*
 * Description: hypercalls through the page Xen filled at hypercall_page:
 * stub nr sits at nr * 32. 64-bit PV ABI: arguments in rdi, rsi, rdx,
 * r10, r8; result in rax; rcx and r11 clobbered (Xen returns with sysret),
 * the argument registers treated as clobbered too (debug hypervisors
 * poison them).
 *
 * Each wrapper returns exactly the 64-bit rax the guest receives.
 */
#ifndef ARGOLAB_LIVE_HYPERCALL_H
#define ARGOLAB_LIVE_HYPERCALL_H

#include <stdint.h>

extern char hypercall_page[];

static inline long live_hypercall5(unsigned int nr, uint64_t a1, uint64_t a2,
                                   uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t rdi __asm__("rdi") = a1;
    register uint64_t rsi __asm__("rsi") = a2;
    register uint64_t rdx __asm__("rdx") = a3;
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long rax;

    __asm__ volatile("call *%[stub]"
                     : "=a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10),
                       "+r"(r8)
                     : [stub] "r"(hypercall_page + nr * 32)
                     : "memory", "rcx", "r11");
    return rax;
}

#define live_hypercall1(nr, a1)             live_hypercall5(nr, a1, 0, 0, 0, 0)
#define live_hypercall2(nr, a1, a2)         live_hypercall5(nr, a1, a2, 0, 0, 0)
#define live_hypercall3(nr, a1, a2, a3)     live_hypercall5(nr, a1, a2, a3, 0, 0)

#endif
