# SPDX-License-Identifier: MIT
# Description: one call per unit — a test program, a golden trace, a fuzzer,
# a benchmark — each failing loudly at configure time when a piece is missing.

# Link the model, trace and backend objects into target and let it include
# from src/.
function(argolab_use_model target)
  target_link_libraries(${target} PRIVATE argo_model argo_trace)
  foreach(lib argo_backend argo_host argo_xenhost)
    if(TARGET ${lib})
      target_link_libraries(${target} PRIVATE ${lib})
    endif()
  endforeach()
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/src")
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

# bench/<name>.c -> executable bench_<name> when ARGOLAB_BENCH=ON.
function(argolab_add_bench name)
  set(src "${PROJECT_SOURCE_DIR}/bench/${name}.c")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "argolab_add_bench(${name}): ${src} is missing")
  endif()
  if(NOT ARGOLAB_BENCH)
    return()
  endif()
  add_executable(bench_${name} "${src}")
  argolab_use_model(bench_${name})
endfunction()
