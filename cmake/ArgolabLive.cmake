# SPDX-License-Identifier: MIT
# Description: the live guest (src/live): a freestanding 64-bit PV kernel
# holding the model's and the trace engine's own sources, built with gcc
# into ${PROJECT_BINARY_DIR}/live/argolab-live, and the live conformance
# suite as the ctest live/suite (tests/live/*.trace under Xen in QEMU).
#
# The guest is compiled by custom commands that call gcc directly, not as
# a CMake C target: it must not inherit the host build's compiler (clang
# in fuzzing builds), sanitizer or fuzzing options, and it links with its
# own linker script and no C library. Headers are tracked through gcc's
# depfiles, so editing any source rebuilds just what it touches.
#
# Built in plain builds only (no sanitizers, no fuzzing: the guest would
# be the same, and the suite would run again for nothing), when
#   - a gcc that targets x86_64 is found (ARGOLAB_LIVE_CC, or gcc on an
#     x86_64 host, or x86_64-linux-gnu-gcc), and
#   - Xen's public headers are found, where the xenhost backend looks for
#     Xen's tree (cmake/ArgolabXenHost.cmake): -DXEN_SRC, $XEN_SRC, else
#     $ARGOLAB_CACHE or ~/.cache/argolab, xen/current.
# Otherwise live/suite is still registered and exits 77 saying why.
#
# Sets ARGOLAB_LIVE (ON when the guest target argolab-live exists) and
# ARGOLAB_LIVE_REASON (why not).

set(ARGOLAB_LIVE OFF)
set(ARGOLAB_LIVE_REASON "")
set(ARGOLAB_LIVE_CC "" CACHE FILEPATH
    "gcc targeting x86_64 for the live guest (empty: look for one)")
set(ARGOLAB_LIVE_TEST_TIMEOUT 3600 CACHE STRING
    "ctest timeout of live/suite in seconds (the first run builds Xen)")

# The Xen tree the xenhost backend uses, or the same search when that
# module has not run (yet).
function(_argolab_live_xen_tree out_tree out_from)
  if(ARGOLAB_XEN_SRC_DIR)
    set(${out_tree} "${ARGOLAB_XEN_SRC_DIR}" PARENT_SCOPE)
    set(${out_from} "the xenhost backend's tree" PARENT_SCOPE)
  elseif(XEN_SRC)
    set(${out_tree} "${XEN_SRC}" PARENT_SCOPE)
    set(${out_from} "XEN_SRC (CMake cache)" PARENT_SCOPE)
  elseif(DEFINED ENV{XEN_SRC} AND NOT "$ENV{XEN_SRC}" STREQUAL "")
    set(${out_tree} "$ENV{XEN_SRC}" PARENT_SCOPE)
    set(${out_from} "XEN_SRC (environment)" PARENT_SCOPE)
  else()
    if(DEFINED ENV{ARGOLAB_CACHE} AND NOT "$ENV{ARGOLAB_CACHE}" STREQUAL "")
      set(cache "$ENV{ARGOLAB_CACHE}")
    elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
      set(cache "$ENV{XDG_CACHE_HOME}/argolab")
    else()
      set(cache "$ENV{HOME}/.cache/argolab")
    endif()
    set(${out_tree} "${cache}/xen/current" PARENT_SCOPE)
    set(${out_from} "the argolab cache" PARENT_SCOPE)
    if(IS_DIRECTORY "${cache}/xen")
      set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
        CMAKE_CONFIGURE_DEPENDS "${cache}/xen")
    endif()
  endif()
endfunction()

function(_argolab_live_find_cc out)
  if(ARGOLAB_LIVE_CC)
    set(${out} "${ARGOLAB_LIVE_CC}" PARENT_SCOPE)
    return()
  endif()
  if(CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    find_program(_argolab_live_gcc NAMES gcc x86_64-linux-gnu-gcc)
  else()
    find_program(_argolab_live_gcc NAMES x86_64-linux-gnu-gcc)
  endif()
  set(${out} "${_argolab_live_gcc}" PARENT_SCOPE)
endfunction()

# The suite when the guest cannot be built: a test that says why.
function(_argolab_live_unavailable_test reason)
  add_test(NAME live/suite
    COMMAND bash -c "printf 'live/suite: skipped: %s\\n' \"$1\"; exit 77" live "${reason}")
  set_tests_properties(live/suite PROPERTIES LABELS live SKIP_RETURN_CODE 77)
endfunction()

function(_argolab_live_setup)
  if(ARGOLAB_SANITIZE_LIST OR ARGOLAB_FUZZ OR ARGOLAB_FUZZ_ENGINE)
    set(ARGOLAB_LIVE_REASON "not in sanitizer or fuzzing builds (see build/)" PARENT_SCOPE)
    return()
  endif()

  _argolab_live_xen_tree(tree from)
  _argolab_live_find_cc(cc)
  set(reason "")
  if(NOT cc)
    set(reason "no gcc targeting x86_64 (set ARGOLAB_LIVE_CC)")
  elseif(NOT EXISTS "${tree}/xen/include/public/xen.h")
    set(reason "no Xen public headers: ${tree}/xen/include/public/xen.h (from ${from}) does not exist (run scripts/argolab xen-source, or set XEN_SRC, then configure again)")
  endif()
  if(reason)
    message(STATUS "argolab: live guest not built: ${reason}")
    _argolab_live_unavailable_test("${reason}")
    set(ARGOLAB_LIVE_REASON "${reason}" PARENT_SCOPE)
    return()
  endif()
  get_filename_component(tree "${tree}" REALPATH)

  set(out "${PROJECT_BINARY_DIR}/live")
  set(guest "${out}/argolab-live")
  # Xen's public headers alone, as <public/...>, as for the xenhost backend.
  set(pub "${out}/include")
  file(MAKE_DIRECTORY "${pub}" "${out}/obj")
  file(REMOVE "${pub}/public")
  file(CREATE_LINK "${tree}/xen/include/public" "${pub}/public" SYMBOLIC)

  file(GLOB live_sources CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/src/live/*.c" "${PROJECT_SOURCE_DIR}/src/live/*.S")
  file(GLOB engine_sources CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/src/ring_model/*.c" "${PROJECT_SOURCE_DIR}/src/trace/*.c")
  set(lds "${PROJECT_SOURCE_DIR}/src/live/live.lds")

  # What the freestanding check promises (cmake/ArgolabChecks.cmake), plus
  # what a PV kernel needs: no red zone (Xen may push on the stack), no
  # SSE (no FPU state is set up), the kernel code model at VIRT_BASE.
  set(cflags -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib
      -mno-red-zone -mgeneral-regs-only -mcmodel=kernel -fno-pic -fno-pie
      -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables
      -Wall -Wextra -I${PROJECT_SOURCE_DIR}/src -I${pub})
  if(ARGOLAB_WERROR)
    list(APPEND cflags -Werror)
  endif()

  set(objects "")
  foreach(src IN LISTS live_sources engine_sources)
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}/src" "${src}")
    string(REPLACE "/" "__" name "${rel}")
    set(obj "${out}/obj/${name}.o")
    add_custom_command(OUTPUT "${obj}"
      COMMAND "${cc}" ${cflags} -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
      DEPENDS "${src}"
      DEPFILE "${obj}.d"
      COMMENT "live guest: ${rel}"
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()

  add_custom_command(OUTPUT "${guest}"
    COMMAND "${cc}" -nostdlib -static -no-pie "-Wl,-T,${lds}" -Wl,--gc-sections
            -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
            -o "${guest}" ${objects}
    DEPENDS ${objects} "${lds}"
    COMMENT "live guest: linking live/argolab-live"
    VERBATIM)
  add_custom_target(argolab-live ALL DEPENDS "${guest}")

  # The live conformance suite, through the same script `argolab live` is.
  if(TARGET argolab-replay OR ARGOLAB_REPLAY_SOURCES)
    add_test(NAME live/suite
      COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/lib/live.sh" --ctest
              --guest "${guest}" --replay "$<TARGET_FILE:argolab-replay>")
    set_tests_properties(live/suite PROPERTIES
      LABELS live SKIP_RETURN_CODE 77 TIMEOUT ${ARGOLAB_LIVE_TEST_TIMEOUT}
      RUN_SERIAL ON)
  endif()

  message(STATUS "argolab: live guest: ${guest} (Xen headers from ${tree}, ${cc})")
  set(ARGOLAB_LIVE ON PARENT_SCOPE)
endfunction()

_argolab_live_setup()
