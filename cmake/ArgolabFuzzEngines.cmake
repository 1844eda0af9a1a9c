# SPDX-License-Identifier: MIT
# Description: fuzzing engines — libFuzzer (ASan+UBSan or MSan), AFL++ and
# AFL++ with CMPLOG — chosen per build directory with ARGOLAB_FUZZ_ENGINE.
#
# Included by cmake/ArgolabFlags.cmake (its fuzz section), before any target
# exists; argolab_add_fuzzer (cmake/ArgolabTargets.cmake) calls
# argolab_fuzz_engine_target for each fuzz target when an engine is active.
#
#   ARGOLAB_FUZZ_ENGINE    ""          none, or libfuzzer when ARGOLAB_FUZZ=ON
#                          libfuzzer   clang; fuzz/<t> links -fsanitize=fuzzer
#                          afl         CC=afl-clang-fast or afl-clang-lto;
#                                      fuzz/<t> links src/fuzz_driver/afl.c
#                          aflcmplog   as afl, every object built with
#                                      AFL_LLVM_CMPLOG=1 (for afl-fuzz -c)
#   ARGOLAB_FUZZ_SANITIZE  ""          the engine's default: address,undefined
#                                      for libfuzzer, none for afl*
#                          none|OFF    no sanitizer
#                          a list      -fsanitize=<list>, e.g. memory
#                                      (libFuzzer+MSan) or address,undefined
#
# One engine per build directory (scripts/lib/fuzz.sh): build-fuzz/
# (libfuzzer), build-fuzz-msan/ (libfuzzer, memory), build-afl/ (afl),
# build-afl-cmplog/ (aflcmplog). Every engine puts the fuzzer at
# <builddir>/fuzz/<target> and registers ctest fuzz/<target>, which runs it
# once over its seed corpus and crash regressions.
#
# Sets for the rest of the configure:
#   ARGOLAB_FUZZ_ENGINE_ACTIVE     the engine in use, empty for none
#   ARGOLAB_FUZZ_SANITIZE_ACTIVE   its -fsanitize list, empty for none

set(ARGOLAB_FUZZ_ENGINE "" CACHE STRING
    "Fuzzing engine: libfuzzer, afl, aflcmplog (empty: libfuzzer when ARGOLAB_FUZZ=ON, else none)")
set_property(CACHE ARGOLAB_FUZZ_ENGINE PROPERTY STRINGS "" libfuzzer afl aflcmplog)
set(ARGOLAB_FUZZ_SANITIZE "" CACHE STRING
    "Sanitizers of a fuzzing build: empty for the engine's default (libfuzzer: address,undefined; afl: none), none, or a -fsanitize= list such as memory")

set(ARGOLAB_FUZZ_ENGINE_ACTIVE "")
set(ARGOLAB_FUZZ_SANITIZE_ACTIVE "")

if(ARGOLAB_FUZZ_ENGINE)
  set(ARGOLAB_FUZZ_ENGINE_ACTIVE "${ARGOLAB_FUZZ_ENGINE}")
elseif(ARGOLAB_FUZZ)
  set(ARGOLAB_FUZZ_ENGINE_ACTIVE libfuzzer)
endif()

if(ARGOLAB_FUZZ_ENGINE_ACTIVE)
  if(NOT ARGOLAB_FUZZ_ENGINE_ACTIVE MATCHES "^(libfuzzer|afl|aflcmplog)$")
    message(FATAL_ERROR
      "ARGOLAB_FUZZ_ENGINE=${ARGOLAB_FUZZ_ENGINE_ACTIVE}: not an engine; "
      "use libfuzzer, afl or aflcmplog (or leave it empty)")
  endif()

  # Which sanitizers.
  string(TOLOWER "${ARGOLAB_FUZZ_SANITIZE}" _argolab_fuzz_san)
  if(_argolab_fuzz_san STREQUAL "")
    if(ARGOLAB_FUZZ_ENGINE_ACTIVE STREQUAL "libfuzzer")
      set(ARGOLAB_FUZZ_SANITIZE_ACTIVE "address,undefined")
    endif()
  elseif(NOT _argolab_fuzz_san MATCHES "^(none|off|no|false|0)$")
    set(ARGOLAB_FUZZ_SANITIZE_ACTIVE "${_argolab_fuzz_san}")
  endif()
  if(ARGOLAB_SANITIZE_LIST AND ARGOLAB_FUZZ_SANITIZE_ACTIVE)
    message(FATAL_ERROR
      "ARGOLAB_SANITIZE=${ARGOLAB_SANITIZE} and a fuzzing engine with its own "
      "sanitizers (${ARGOLAB_FUZZ_SANITIZE_ACTIVE}): set ARGOLAB_FUZZ_SANITIZE "
      "instead, and ARGOLAB_SANITIZE=OFF")
  endif()
  if(ARGOLAB_FUZZ_SANITIZE_ACTIVE MATCHES "memory" AND
     ARGOLAB_FUZZ_SANITIZE_ACTIVE MATCHES "address")
    message(FATAL_ERROR
      "ARGOLAB_FUZZ_SANITIZE=${ARGOLAB_FUZZ_SANITIZE_ACTIVE}: MemorySanitizer "
      "cannot be combined with AddressSanitizer")
  endif()

  # Which compiler.
  get_filename_component(_argolab_cc_name "${CMAKE_C_COMPILER}" NAME)
  if(ARGOLAB_FUZZ_ENGINE_ACTIVE STREQUAL "libfuzzer")
    if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
      message(FATAL_ERROR
        "ARGOLAB_FUZZ_ENGINE=libfuzzer (or ARGOLAB_FUZZ=ON) needs clang, but "
        "the C compiler is ${CMAKE_C_COMPILER_ID}: configure a separate build "
        "directory with -DCMAKE_C_COMPILER=clang")
    endif()
  elseif(NOT _argolab_cc_name MATCHES "^afl-(clang-fast|clang-lto|cc)")
    message(FATAL_ERROR
      "ARGOLAB_FUZZ_ENGINE=${ARGOLAB_FUZZ_ENGINE_ACTIVE} needs AFL++'s compiler, "
      "but the C compiler is ${CMAKE_C_COMPILER}: configure a separate build "
      "directory with -DCMAKE_C_COMPILER=afl-clang-fast (or afl-clang-lto); "
      "Debian package afl++")
  endif()

  # Every object a fuzzer links carries the engine's instrumentation and the
  # same sanitizers; fuzzer executables add the engine's runtime at link.
  set(_argolab_fuzz_cflags -fno-omit-frame-pointer)
  if(ARGOLAB_FUZZ_ENGINE_ACTIVE STREQUAL "libfuzzer")
    set(_argolab_fuzz_cflags -fsanitize=fuzzer-no-link -fno-omit-frame-pointer)
  endif()
  if(ARGOLAB_FUZZ_SANITIZE_ACTIVE)
    list(APPEND _argolab_fuzz_cflags
         -fsanitize=${ARGOLAB_FUZZ_SANITIZE_ACTIVE} -fno-sanitize-recover=all)
    set(_argolab_fuzz_lflags -fsanitize=${ARGOLAB_FUZZ_SANITIZE_ACTIVE})
    if(ARGOLAB_FUZZ_SANITIZE_ACTIVE MATCHES "memory")
      # Where an uninitialised value came from, in every report.
      list(APPEND _argolab_fuzz_cflags -fsanitize-memory-track-origins)
      list(APPEND _argolab_fuzz_lflags -fsanitize-memory-track-origins)
    endif()
    add_link_options(${_argolab_fuzz_lflags})
  endif()
  add_compile_options(${_argolab_fuzz_cflags})

  # AFL++'s compiler reads its options from the environment, at compile
  # time and (afl-clang-lto instruments there) at link time: a launcher
  # sets them for every rule, so a plain `cmake --build` is enough.
  if(ARGOLAB_FUZZ_ENGINE_ACTIVE MATCHES "^afl")
    set(_argolab_afl_env "${CMAKE_COMMAND}" -E env AFL_QUIET=1)
    if(ARGOLAB_FUZZ_ENGINE_ACTIVE STREQUAL "aflcmplog")
      list(APPEND _argolab_afl_env AFL_LLVM_CMPLOG=1)
    endif()
    set(CMAKE_C_COMPILER_LAUNCHER ${_argolab_afl_env} ${CMAKE_C_COMPILER_LAUNCHER})
    set(CMAKE_C_LINKER_LAUNCHER ${_argolab_afl_env} ${CMAKE_C_LINKER_LAUNCHER})
  endif()

  if(ARGOLAB_FUZZ_SANITIZE_ACTIVE)
    message(STATUS "argolab: fuzzing engine: ${ARGOLAB_FUZZ_ENGINE_ACTIVE} "
                   "(${_argolab_cc_name}; sanitizers: ${ARGOLAB_FUZZ_SANITIZE_ACTIVE})")
  else()
    message(STATUS "argolab: fuzzing engine: ${ARGOLAB_FUZZ_ENGINE_ACTIVE} "
                   "(${_argolab_cc_name}; no sanitizers)")
  endif()
endif()

# The engine's executable fuzz/<name> from src (the target's
# LLVMFuzzerTestOneInput), and ctest fuzz/<name> running it once over
# inputs (directories of files: the seed corpus, crash regressions).
#   argolab_fuzz_engine_target(name src corpus dict input...)
function(argolab_fuzz_engine_target name src corpus dict)
  set(inputs ${ARGN})
  if(ARGOLAB_FUZZ_ENGINE_ACTIVE STREQUAL "libfuzzer")
    add_executable(${name} "${src}")
    set(san "")
    if(ARGOLAB_FUZZ_SANITIZE_ACTIVE)
      set(san ",${ARGOLAB_FUZZ_SANITIZE_ACTIVE}")
    endif()
    target_link_options(${name} PRIVATE -fsanitize=fuzzer${san})
    set(args -runs=0 ${inputs})
    set(labels fuzz libfuzzer)
  elseif(ARGOLAB_FUZZ_ENGINE_ACTIVE MATCHES "^afl")
    # The driver's own main() replays files when not under afl-fuzz.
    add_executable(${name} "${src}" "${PROJECT_SOURCE_DIR}/src/fuzz_driver/afl.c"
                          "${PROJECT_SOURCE_DIR}/src/fuzz_driver/fuzz_inputs.c")
    set(args ${inputs})
    set(labels fuzz afl)
  else()
    message(FATAL_ERROR "argolab_fuzz_engine_target(${name}): no fuzzing engine is active")
  endif()
  argolab_use_model(${name})
  set_target_properties(${name} PROPERTIES
    ARGOLAB_CORPUS "${corpus}"
    ARGOLAB_DICT "${dict}"
    ARGOLAB_FUZZ_ENGINE "${ARGOLAB_FUZZ_ENGINE_ACTIVE}"
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/fuzz")

  add_test(NAME fuzz/${name} COMMAND ${name} ${args})
  set_tests_properties(fuzz/${name} PROPERTIES
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT}
    LABELS "${labels}")
endfunction()
