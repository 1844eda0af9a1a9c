# SPDX-License-Identifier: MIT
# Description: build type, C standard, warnings and sanitizer options.

if(NOT CMAKE_CONFIGURATION_TYPES AND NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING
      "Build type: Debug, Release, RelWithDebInfo or MinSizeRel" FORCE)
endif()

set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

option(ARGOLAB_WERROR "Treat compiler warnings as errors" OFF)
set(ARGOLAB_SANITIZE "OFF" CACHE STRING
    "Sanitizers for every host target: OFF, ON (= address,undefined) or a -fsanitize= list")
option(ARGOLAB_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
option(ARGOLAB_BENCH "Build the benchmarks" OFF)
set(ARGOLAB_TEST_TIMEOUT 300 CACHE STRING "Default ctest timeout in seconds")

# Options applied to every target; targets that must not inherit them (the
# freestanding and ILP32 checks) set COMPILE_OPTIONS themselves.
add_compile_options(-Wall -Wextra)
if(ARGOLAB_WERROR)
  add_compile_options(-Werror)
endif()

if(ARGOLAB_SANITIZE STREQUAL "ON")
  set(ARGOLAB_SANITIZE_LIST "address,undefined")
elseif(ARGOLAB_SANITIZE)
  set(ARGOLAB_SANITIZE_LIST "${ARGOLAB_SANITIZE}")
else()
  set(ARGOLAB_SANITIZE_LIST "")
endif()

if(ARGOLAB_SANITIZE_LIST)
  set(_argolab_san_flags
      -fsanitize=${ARGOLAB_SANITIZE_LIST}
      -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
  add_compile_options(${_argolab_san_flags})
  add_link_options(${_argolab_san_flags})
  message(STATUS "argolab: sanitizers: ${ARGOLAB_SANITIZE_LIST}")
endif()

# Fuzzing engines (ARGOLAB_FUZZ, ARGOLAB_FUZZ_ENGINE, ARGOLAB_FUZZ_SANITIZE):
# their compilers, instrumentation and sanitizers.
include(ArgolabFuzzEngines)
