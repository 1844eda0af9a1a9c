# SPDX-License-Identifier: MIT
# Description: compile-only checks that are part of ALL — the model and trace
# sources build freestanding, and the Argo ABI holds for an ILP32 guest.

include(CheckCCompilerFlag)

# Every model and trace source, compiled as the live guest kernel would:
# no libc, no builtins, warnings fatal. Objects only; nothing links them.
function(argolab_freestanding_check)
  set(srcs ${ARGN})
  if(NOT srcs)
    return()
  endif()
  add_library(argo_freestanding_check OBJECT ${srcs})
  # Replaces (not extends) the directory's options, so neither sanitizers
  # nor fuzzing instrumentation reach this target.
  set_target_properties(argo_freestanding_check PROPERTIES
    COMPILE_OPTIONS "-ffreestanding;-fno-builtin;-nostdlib;-std=c11;-Wall;-Wextra;-Werror")
  target_include_directories(argo_freestanding_check PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()

# tests/abi_ilp32/layout.c holds static assertions on the 32-bit x86 guest
# layout; compiling it, and the guest sources given as arguments, with -m32
# is the check. Needs a compiler that targets -m32
# (the freestanding headers suffice, no 32-bit libc is needed).
function(argolab_ilp32_check)
  set(src "${PROJECT_SOURCE_DIR}/tests/abi_ilp32/layout.c")
  if(NOT EXISTS "${src}")
    return()
  endif()
  set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
  set(CMAKE_REQUIRED_FLAGS "-ffreestanding")
  check_c_compiler_flag(-m32 ARGOLAB_HAVE_M32)
  if(NOT ARGOLAB_HAVE_M32)
    message(STATUS "argolab: ${CMAKE_C_COMPILER_ID} does not accept -m32; ILP32 ABI check skipped")
    return()
  endif()
  set(opts -m32 -ffreestanding -fno-builtin -std=c11 -Wall -Wextra)
  if(ARGOLAB_WERROR)
    list(APPEND opts -Werror)
  endif()
  add_library(argo_abi_ilp32_check OBJECT "${src}" ${ARGN})
  set_target_properties(argo_abi_ilp32_check PROPERTIES COMPILE_OPTIONS "${opts}")
  target_include_directories(argo_abi_ilp32_check PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()
