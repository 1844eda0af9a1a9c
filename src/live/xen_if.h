/* SPDX-License-Identifier: MIT */
/*
 * Description: Xen's public interface as the live guest sees it: the
 * headers of the Xen tree found at build time (xen/include/public), at the
 * newest interface version that tree offers.
 *
 * Only the platform files include this. Files that speak Argo use the
 * model's ABI (ring_model/argo_abi.h) instead: public/argo.h defines the
 * same names, and the model's static assertions pin the same layout.
 */
#ifndef ARGOLAB_LIVE_XEN_IF_H
#define ARGOLAB_LIVE_XEN_IF_H

#include <stdint.h>

#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__

#include <public/xen.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/io/console.h>

#endif
