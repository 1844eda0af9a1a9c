/* SPDX-License-Identifier: MIT */
/*
 * Description: speculation barriers. Architecturally, array_index_nospec
 * is index when index < size and 0 otherwise; that is all a host needs.
 */
#ifndef ARGOLAB_XH_NOSPEC_H
#define ARGOLAB_XH_NOSPEC_H

#define array_index_nospec(index, size)                         \
    ({                                                          \
        __typeof__(index) xh_i_ = (index);                      \
        __typeof__(size) xh_n_ = (size);                        \
        (__typeof__(index))(xh_i_ < xh_n_ ? xh_i_ : 0);         \
    })

#define block_speculation() ((void)0)
#define evaluate_nospec(cond) (cond)

#endif
