#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# Description: ClusterFuzzLite/OSS-Fuzz entry point ($SRC/build.sh in the image): runs the repository's top-level build.sh.
#
# The image's compile step provides CC, CXX, CFLAGS, CXXFLAGS,
# LIB_FUZZING_ENGINE, OUT, WORK and SRC; the Dockerfile puts the repository
# in $SRC/argolab and Xen's source (for fuzz_diff) in $SRC/xen.
exec bash "$SRC/argolab/build.sh"
