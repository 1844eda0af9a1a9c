# SPDX-License-Identifier: MIT
# Description: one call per unit — a test program, a golden trace, a fuzzer,
# a benchmark — each failing loudly at configure time when a piece is missing.

# Link the model, trace and backend objects into target and let it include
# from src/.
function(argolab_use_model target)
  target_link_libraries(${target} PRIVATE argo_model argo_trace)
  foreach(lib argo_backend argo_host argo_xenhost argo_ioreq argo_ioeventfd)
    if(TARGET ${lib})
      target_link_libraries(${target} PRIVATE ${lib})
    endif()
  endforeach()
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/src")
endfunction()

# A model of its own in dir (src/<x>_model/*.c) -> object library target,
# linked by argolab_use_model, and compiled by the freestanding and ILP32
# checks with exactly the guest's flags (their targets replace the compile
# options). Call after those checks' targets exist.
function(argolab_add_model_library target dir)
  file(GLOB srcs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/${dir}/*.c")
  if(NOT srcs)
    message(FATAL_ERROR "argolab_add_model_library(${target}): no sources in ${PROJECT_SOURCE_DIR}/${dir}")
  endif()
  add_library(${target} OBJECT ${srcs})
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  foreach(check argo_freestanding_check argo_abi_ilp32_check)
    if(TARGET ${check})
      target_sources(${check} PRIVATE ${srcs})
    endif()
  endforeach()
endfunction()

# tests/<name>/main.c -> executable test_<name>, ctest <name>.
# Exit status 0 passes, 1 fails, 77 skips. tests/<name>/test.cmake, if present,
# is included afterwards with ARGOLAB_TEST_NAME, ARGOLAB_TEST_TARGET and
# ARGOLAB_TEST_DIR set, to add sources or test properties.
function(argolab_add_test name)
  set(dir "${PROJECT_SOURCE_DIR}/tests/${name}")
  if(NOT EXISTS "${dir}/main.c")
    message(FATAL_ERROR "argolab_add_test(${name}): ${dir}/main.c is missing")
  endif()
  set(ARGOLAB_TEST_NAME "${name}")
  set(ARGOLAB_TEST_TARGET "test_${name}")
  set(ARGOLAB_TEST_DIR "${dir}")

  add_executable(test_${name} "${dir}/main.c")
  argolab_use_model(test_${name})
  target_include_directories(test_${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests/lib")
  target_compile_definitions(test_${name} PRIVATE
    ARGOLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

  add_test(NAME ${name} COMMAND test_${name} WORKING_DIRECTORY "${dir}")
  set_tests_properties(${name} PROPERTIES
    SKIP_RETURN_CODE 77
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT}
    LABELS unit)

  if(EXISTS "${dir}/test.cmake")
    include("${dir}/test.cmake")
  endif()
endfunction()

# tests/traces/<name>.trace -> ctest golden/<name>, checked by run_golden.sh
# against <name>.out (stdout, exit 0) or <name>.err (stderr, exit 2).
function(argolab_add_golden trace)
  get_filename_component(name "${trace}" NAME_WE)
  # The directory names the suite: tests/traces -> golden, tests/findings -> finding.
  set(suite golden)
  if(ARGN)
    list(GET ARGN 0 suite)
  endif()
  get_filename_component(dir "${trace}" DIRECTORY)
  if(NOT EXISTS "${dir}/${name}.out" AND NOT EXISTS "${dir}/${name}.err")
    message(STATUS "argolab: ${name}.trace has no ${name}.out or ${name}.err; not a golden test")
    return()
  endif()
  if(TARGET argolab-replay)
    set(replay "$<TARGET_FILE:argolab-replay>")
  else()
    # run_golden.sh reports the missing binary as the test's failure.
    set(replay "${PROJECT_BINARY_DIR}/argolab-replay")
  endif()
  add_test(NAME ${suite}/${name}
    COMMAND bash "${PROJECT_SOURCE_DIR}/tests/run_golden.sh" "${replay}" "${dir}" "${name}")
  set_tests_properties(${suite}/${name} PROPERTIES
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT}
    LABELS ${suite})
endfunction()

# fuzz/<name>.c defining LLVMFuzzerTestOneInput, with its seed corpus in
# corpus/<name>/ -> with a fuzzing engine (ARGOLAB_FUZZ=ON or
# ARGOLAB_FUZZ_ENGINE, cmake/ArgolabFuzzEngines.cmake) executable
# fuzz/<name> plus ctest fuzz/<name> that runs the corpus once; without one,
# executable fuzz/replay_<name> plus ctest corpus/<name>. Both run
# tests/regressions/<name>/ too when it exists.
#   argolab_add_fuzzer(name [DICT <file relative to fuzz/>])
function(argolab_add_fuzzer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DICT" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "argolab_add_fuzzer(${name}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(src "${PROJECT_SOURCE_DIR}/fuzz/${name}.c")
  set(corpus "${PROJECT_SOURCE_DIR}/corpus/${name}")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "argolab_add_fuzzer(${name}): ${src} is missing")
  endif()
  if(NOT IS_DIRECTORY "${corpus}")
    message(FATAL_ERROR
      "argolab_add_fuzzer(${name}): seed corpus directory ${corpus} is missing")
  endif()
  set(dict "")
  if(arg_DICT)
    set(dict "${PROJECT_SOURCE_DIR}/fuzz/${arg_DICT}")
    if(NOT EXISTS "${dict}")
      message(FATAL_ERROR "argolab_add_fuzzer(${name}): dictionary ${dict} is missing")
    endif()
  endif()
  set(inputs "${corpus}")
  if(IS_DIRECTORY "${PROJECT_SOURCE_DIR}/tests/regressions/${name}")
    list(APPEND inputs "${PROJECT_SOURCE_DIR}/tests/regressions/${name}")
  endif()

  if(NOT ARGOLAB_FUZZ_ENGINE_ACTIVE)
    # No engine: the plain replay driver runs the corpus and every crash
    # regression through the target as an ordinary test.
    add_executable(replay_${name} "${src}" "${PROJECT_SOURCE_DIR}/src/fuzz_driver/replay.c"
                  "${PROJECT_SOURCE_DIR}/src/fuzz_driver/fuzz_inputs.c")
    argolab_use_model(replay_${name})
    set_target_properties(replay_${name} PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/fuzz")
    add_test(NAME corpus/${name} COMMAND replay_${name} ${inputs})
    set_tests_properties(corpus/${name} PROPERTIES
      TIMEOUT ${ARGOLAB_TEST_TIMEOUT}
      LABELS corpus)
    return()
  endif()

  argolab_fuzz_engine_target(${name} "${src}" "${corpus}" "${dict}" ${inputs})
endfunction()

# The benchmark binary argolab-bench: the C shim over Google Benchmark (its
# one main) and the fixtures of bench/lib; argolab_add_bench adds the
# benchmarks. Only with ARGOLAB_BENCH=ON, where C++ is enabled.
function(argolab_add_bench_binary)
  find_package(benchmark CONFIG QUIET)
  if(NOT benchmark_FOUND)
    message(FATAL_ERROR "ARGOLAB_BENCH=ON needs Google Benchmark: apt-get install libbenchmark-dev")
  endif()
  find_path(ARGOLAB_CK_INCLUDE ck_ring.h)
  if(NOT ARGOLAB_CK_INCLUDE)
    message(FATAL_ERROR "ARGOLAB_BENCH=ON needs Concurrency Kit (the ck_spsc peer): apt-get install libck-dev")
  endif()
  file(GLOB libs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/bench/lib/*.c")
  add_executable(argolab-bench "${PROJECT_SOURCE_DIR}/bench/shim/bench_shim.cc" ${libs})
  target_link_libraries(argolab-bench PRIVATE benchmark::benchmark)
  argolab_use_model(argolab-bench)
  target_include_directories(argolab-bench PRIVATE "${PROJECT_SOURCE_DIR}/bench")
  set_target_properties(argolab-bench PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}")
endfunction()

# argolab-instructions (plain C, every build) and, in the plain gcc build
# whose counts reports/baseline/instructions.json records, the ctest that
# compares them with it.
function(argolab_add_instructions)
  file(GLOB srcs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/bench/instructions/*.c")
  add_executable(argolab-instructions ${srcs}
    "${PROJECT_SOURCE_DIR}/bench/lib/bench_argo.c"
    "${PROJECT_SOURCE_DIR}/bench/lib/bench_congest.c")
  argolab_use_model(argolab-instructions)
  target_include_directories(argolab-instructions PRIVATE "${PROJECT_SOURCE_DIR}/bench")
  set_target_properties(argolab-instructions PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}")
  # What the counts depend on; `argolab bench --instructions` reads it too.
  set(build "${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION} ${CMAKE_BUILD_TYPE}")
  file(WRITE "${PROJECT_BINARY_DIR}/instructions-build.txt" "${build}\n")
  if(ARGOLAB_SANITIZE_LIST OR ARGOLAB_FUZZ OR ARGOLAB_FUZZ_ENGINE_ACTIVE
     OR NOT CMAKE_C_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  add_test(NAME bench/instructions
    COMMAND python3 "${PROJECT_SOURCE_DIR}/scripts/lib/instructions.py" check
            --binary "$<TARGET_FILE:argolab-instructions>"
            --baseline "${PROJECT_SOURCE_DIR}/reports/baseline/instructions.json"
            --build "${build}")
  set_tests_properties(bench/instructions PROPERTIES
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT} LABELS bench SKIP_RETURN_CODE 77)
  # The gate itself: a doctored baseline must make it fail, skip or refuse.
  add_test(NAME bench/instructions_gate
    COMMAND bash "${PROJECT_SOURCE_DIR}/tests/instructions_gate/gate_detects.sh"
            "${PROJECT_SOURCE_DIR}/scripts/lib/instructions.py"
            "$<TARGET_FILE:argolab-instructions>" "${build}")
  set_tests_properties(bench/instructions_gate PROPERTIES
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT} LABELS bench SKIP_RETURN_CODE 77)
endfunction()

# bench/<name>.c joins argolab-bench when ARGOLAB_BENCH=ON; its benchmarks
# register themselves (BENCH_REGISTER in bench/shim/bench_shim.h).
function(argolab_add_bench name)
  set(src "${PROJECT_SOURCE_DIR}/bench/${name}.c")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "argolab_add_bench(${name}): ${src} is missing")
  endif()
  if(NOT ARGOLAB_BENCH)
    return()
  endif()
  target_sources(argolab-bench PRIVATE "${src}")
  cmake_parse_arguments(arg "" "" "LIBS" ${ARGN})
  if(arg_LIBS)
    target_link_libraries(argolab-bench PRIVATE ${arg_LIBS})
  endif()
endfunction()
