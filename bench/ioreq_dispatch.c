/* SPDX-License-Identifier: MIT */
/* Description: placeholder. */
