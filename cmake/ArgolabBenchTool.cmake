# SPDX-License-Identifier: MIT
# Description: ctest cases for scripts/lib/benchtool.py, the reader of argolab-bench's JSON (tests/bench_tool/).
#
# Two cases, so that a machine without gnuplot still runs the statistics:
# bench_tool (summary, the ioreq dispatch and ioeventfd tables included,
# compare, the Mann-Whitney U test, bad input; needs python3 only) and
# bench_tool/report (the gnuplot figures, the ioeventfd latency figure from
# samples or the note that there are none, and index.html; skipped, exit 77,
# without gnuplot). Neither needs a build: they read fixtures.

include_guard(GLOBAL)

find_program(ARGOLAB_PYTHON3 NAMES python3)
if(NOT ARGOLAB_PYTHON3)
  message(STATUS "argolab: python3 not found: the bench_tool tests are not registered")
  return()
endif()

set(_argolab_bench_tool "${PROJECT_SOURCE_DIR}/tests/bench_tool/bench_tool.sh")
add_test(NAME bench_tool
  COMMAND bash "${_argolab_bench_tool}" "${PROJECT_SOURCE_DIR}" stats)
add_test(NAME bench_tool/report
  COMMAND bash "${_argolab_bench_tool}" "${PROJECT_SOURCE_DIR}" report)
set_tests_properties(bench_tool bench_tool/report PROPERTIES
  TIMEOUT ${ARGOLAB_TEST_TIMEOUT}
  LABELS bench
  SKIP_RETURN_CODE 77
  ENVIRONMENT "PYTHON=${ARGOLAB_PYTHON3}")
