# SPDX-License-Identifier: MIT
# Description: links the capacity library (cmake/ArgolabCapacity.cmake) and
# labels the test capacity.
include(ArgolabCapacity)
argolab_capacity_test()
