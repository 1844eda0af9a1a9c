# SPDX-License-Identifier: MIT
# Description: ARGOLAB_COVERAGE=ON — clang source-based coverage instrumentation on every host target.
#
# -fprofile-instr-generate -fcoverage-mapping at compile and link, for
# `scripts/argolab fuzz --coverage` (scripts/lib/coverage.sh).
#
# Include after ArgolabFlags and before any target is defined. The
# freestanding and ILP32 check targets set their own COMPILE_OPTIONS and so
# stay uninstrumented, as they stay unsanitized.

include_guard(GLOBAL)

option(ARGOLAB_COVERAGE
       "Instrument host targets for clang source-based coverage (needs clang)" OFF)

if(ARGOLAB_COVERAGE)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR
      "ARGOLAB_COVERAGE=ON needs clang (source-based coverage: "
      "-fprofile-instr-generate -fcoverage-mapping), but the C compiler is "
      "${CMAKE_C_COMPILER_ID}: configure a separate build directory with "
      "-DCMAKE_C_COMPILER=clang")
  endif()
  set(_argolab_cov_flags -fprofile-instr-generate -fcoverage-mapping)
  add_compile_options(${_argolab_cov_flags})
  add_link_options(${_argolab_cov_flags})
  message(STATUS "argolab: coverage instrumentation: ${_argolab_cov_flags}")
endif()
