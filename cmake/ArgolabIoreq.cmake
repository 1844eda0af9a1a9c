# SPDX-License-Identifier: MIT
# Description: the ioreq server memory-type model (src/ioreq_model/) as the
# object library argo_ioreq, linked wherever the Argo model is, and held to
# the same freestanding and ILP32 compile checks.
#
# Top level: include(ArgolabIoreq), then argolab_add_ioreq_model() after the
# checks' targets exist and before the unit tests are added. Its tests are
# tests/ioreq_<name>/, its fuzzer fuzz/fuzz_ioreq_claim.c, its benchmark
# bench/ioreq_dispatch.c.
include_guard(GLOBAL)

function(argolab_add_ioreq_model)
  file(GLOB srcs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/ioreq_model/*.c")
  if(NOT srcs)
    message(FATAL_ERROR "argolab_add_ioreq_model: no sources in ${PROJECT_SOURCE_DIR}/src/ioreq_model")
  endif()
  add_library(argo_ioreq OBJECT ${srcs})
  target_include_directories(argo_ioreq PUBLIC "${PROJECT_SOURCE_DIR}/src")
  # The checks' targets replace their compile options, so these sources get
  # exactly the guest's flags there.
  foreach(check argo_freestanding_check argo_abi_ilp32_check)
    if(TARGET ${check})
      target_sources(${check} PRIVATE ${srcs})
    endif()
  endforeach()
endfunction()
