/* SPDX-License-Identifier: MIT */
/*
 * Description: single-copy atomic accesses and barriers. The shim runs one
 * hypercall at a time on one thread, so volatile accesses and compiler
 * barriers keep what matters: every access happens, once, as written.
 */
#ifndef ARGOLAB_XH_ATOMIC_H
#define ARGOLAB_XH_ATOMIC_H

#include <xen/compiler.h>

#define read_atomic(p)      (*(const volatile __typeof__(*(p)) *)(p))
#define write_atomic(p, x)  ((void)(*(volatile __typeof__(*(p)) *)(p) = (x)))

#define smp_mb()    __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()   barrier()
#define smp_wmb()   barrier()

#endif
