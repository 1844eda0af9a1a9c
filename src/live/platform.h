/* SPDX-License-Identifier: MIT */
/*
 * Description: what the live guest knows of its domain: the start_info Xen
 * handed it, its domain id, its frames, exception reporting and shutdown.
 */
#ifndef ARGOLAB_LIVE_PLATFORM_H
#define ARGOLAB_LIVE_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct start_info;

/*
 * First thing at boot: remember si, install the exception handlers, learn
 * the domain id. Nothing else may be called before it.
 */
void live_platform_init(struct start_info *si);

const struct start_info *live_start_info(void);

/* This domain's id, as Xen resolves DOMID_SELF. */
uint16_t live_domid(void);

/* Whether this is the initial domain (dom0 under QEMU). */
bool live_is_initial_domain(void);

/*
 * The machine frame behind a page of the guest image (text, data, bss and
 * so the arena). For a PV guest this is also the frame number Xen expects
 * wherever an interface asks for a gfn.
 */
uint64_t live_frame_of(const void *va);

/*
 * Map machine frame mfn, writable, at va, a page of the image set aside for
 * it (the frame that was there stays this domain's, unused). 0 or Xen's
 * error.
 */
long live_map_frame(void *va, uint64_t mfn);

/* The Xen version as "major.minor<extra>" into buf (at least 32 bytes). */
void live_xen_version(char *buf, size_t cap);

/* The guest's command line (the text after " -- " on Xen's), or "". */
const char *live_cmdline(void);

/*
 * End the domain: dom0 asks for a reboot (QEMU's -no-reboot then exits),
 * a domU powers off. Console output is flushed first.
 */
_Noreturn void live_shutdown(void);

#endif
