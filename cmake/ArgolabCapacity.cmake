# SPDX-License-Identifier: MIT
# Description: argolab capacity — the capacity-planning library
# (src/capacity/), the argolab-capacity binary (src/capacity_cli/) and the
# tests of both (LABELS capacity).
#
# Top level: include(ArgolabCapacity) and argolab_add_capacity(). The unit
# tests tests/capacity_<name>/main.c are found by the top level's glob; each
# one's test.cmake calls argolab_capacity_library() itself, so they link
# whichever of the two runs first. The benchmark links the library with
# argolab_add_bench(capacity LIBS argo_capacity).
include_guard(GLOBAL)

# The object library argo_capacity: defined once, whoever asks first.
function(argolab_capacity_library)
  if(TARGET argo_capacity)
    return()
  endif()
  file(GLOB srcs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/capacity/*.c")
  if(NOT srcs)
    message(FATAL_ERROR "argolab_capacity_library: no sources in ${PROJECT_SOURCE_DIR}/src/capacity")
  endif()
  add_library(argo_capacity OBJECT ${srcs})
  target_include_directories(argo_capacity PUBLIC "${PROJECT_SOURCE_DIR}/src")
  # libm for log/exp/lgamma; consumers inherit it.
  target_link_libraries(argo_capacity INTERFACE m)
endfunction()

# The argolab-capacity binary and its command-line tests.
function(argolab_add_capacity)
  argolab_capacity_library()
  file(GLOB cli CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/capacity_cli/*.c")
  add_executable(argolab-capacity ${cli})
  target_link_libraries(argolab-capacity PRIVATE argo_capacity)
  argolab_use_model(argolab-capacity)
  set_target_properties(argolab-capacity PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}")

  # Exit statuses, messages naming file and line, determinism, the outputs,
  # the README's question and the figure.
  add_test(NAME capacity_cli
    COMMAND bash "${PROJECT_SOURCE_DIR}/tests/capacity_cli/capacity_cli.sh"
            "$<TARGET_FILE:argolab-capacity>" "${PROJECT_SOURCE_DIR}")
  set_tests_properties(capacity_cli PROPERTIES
    TIMEOUT ${ARGOLAB_TEST_TIMEOUT} LABELS capacity SKIP_RETURN_CODE 77)
endfunction()

# For tests/capacity_<name>/test.cmake: link the library, label the test.
macro(argolab_capacity_test)
  argolab_capacity_library()
  target_link_libraries(${ARGOLAB_TEST_TARGET} PRIVATE argo_capacity)
  set_tests_properties(${ARGOLAB_TEST_NAME} PROPERTIES LABELS "unit;capacity")
endmacro()
