/* SPDX-License-Identifier: MIT */
/*
 * Description: where the live guest lives in its address space; shared by
 * the assembly, the linker script's users and the C code.
 */
#ifndef ARGOLAB_LIVE_LAYOUT_H
#define ARGOLAB_LIVE_LAYOUT_H

/* Must match VIRT_BASE in live.lds. */
#define LIVE_VIRT_BASE          0xffffffff80000000

#define LIVE_PAGE_SHIFT         12
#define LIVE_PAGE_SIZE          4096

/*
 * Guest pages for ring memory, trace storage and sendv buffers. A 16 MiB
 * ring (4097 pages) and a maximal message staged for sendv (16 MiB) fit
 * side by side with room for everything else. The arena lives in .bss, so
 * Xen maps all of it in the initial address space: no page-table work.
 */
#define LIVE_ARENA_PAGES        12288u     /* 48 MiB */

#define LIVE_STACK_SIZE         65536

/*
 * A canonical guest address nothing is mapped at: what a fault: iov
 * points to, so Xen's copy from it fails as a real guest's bad pointer would.
 */
#define LIVE_UNMAPPED_VA        0x0000400000000000

#endif
