# SPDX-License-Identifier: MIT
# Description: xenhost_smoke links Xen's argo.c when the build has it
# (argolab_use_model links argo_xenhost); otherwise it is built as a stub
# that reports why and exits 77 (skipped), so the test always exists.
if(NOT TARGET argo_xenhost)
  set(_reason "${ARGOLAB_XENHOST_REASON}")
  if(NOT _reason)
    set(_reason "the xenhost backend was not built (cmake/ArgolabXenHost.cmake was not included)")
  endif()
  # A C string on a shell command line and a single CMake list item: no
  # quotes, backquotes, $, \ or ;.
  string(REPLACE ";" "," _reason "${_reason}")
  string(REGEX REPLACE "[\"`]" "'" _reason "${_reason}")
  string(REGEX REPLACE "[$\\]" "" _reason "${_reason}")
  target_compile_definitions(${ARGOLAB_TEST_TARGET} PRIVATE
    "ARGOLAB_XENHOST_SKIP_REASON=\"${_reason}\"")
endif()
