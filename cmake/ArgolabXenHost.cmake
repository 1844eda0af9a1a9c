# SPDX-License-Identifier: MIT
# Description: the xenhost backend — Xen's own xen/common/argo.c compiled
# unmodified on the host against argolab's shim (src/xen_host), built as the
# OBJECT library argo_xenhost when Xen's source tree can be found.
#
# Where the tree is looked for, first hit wins:
#   -DXEN_SRC=<tree>        (cache; empty by default)
#   $XEN_SRC                (environment)
#   $ARGOLAB_CACHE/xen/current, else ${XDG_CACHE_HOME:-$HOME/.cache}/argolab/
#   xen/current             (where `scripts/argolab xen-source` puts it)
# A tree is usable when <tree>/xen/common/argo.c exists.
#
# Sets, for the rest of the configure:
#   ARGOLAB_XENHOST         ON when argo_xenhost exists
#   ARGOLAB_XENHOST_REASON  why it does not (empty when it does)
#   ARGOLAB_XEN_SRC_DIR     the tree used; ARGOLAB_XEN_VERSION its version
# and argo_xenhost carries ARGOLAB_HAVE_XENHOST=1 to everything linking it
# (argo_host gets it too, for the backend-by-name table).
#
# argo.c gets only -I (the shim's headers, then a directory holding nothing
# but Xen's public headers), -include xen/config.h (the shim's configuration)
# and, against the project's -Wall -Wextra, -Wno-sign-compare (its own
# int/unsigned comparisons). Sanitizer and fuzzing options apply as to
# every target.

set(XEN_SRC "" CACHE PATH
    "Xen source tree for the xenhost backend (empty: $XEN_SRC, else the argolab cache's xen/current)")

set(ARGOLAB_XENHOST OFF)
set(ARGOLAB_XENHOST_REASON "")
set(ARGOLAB_XEN_SRC_DIR "")
set(ARGOLAB_XEN_VERSION "")

# Version of a Xen tree as scripts/argolab reports it.
function(_argolab_xen_version tree out)
  set(version "unknown version")
  if(EXISTS "${tree}/debian/changelog")
    file(STRINGS "${tree}/debian/changelog" first LIMIT_COUNT 1)
    if(first MATCHES "^[^ ]+ \\(([^)]+)\\)")
      set(version "Debian xen ${CMAKE_MATCH_1}")
    endif()
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
      CMAKE_CONFIGURE_DEPENDS "${tree}/debian/changelog")
  elseif(EXISTS "${tree}/xen/Makefile")
    file(STRINGS "${tree}/xen/Makefile" lines REGEX "^export XEN_(SUB)?VERSION")
    set(major "")
    set(minor "")
    foreach(line IN LISTS lines)
      if(line MATCHES "^export XEN_VERSION *= *([0-9]+)")
        set(major "${CMAKE_MATCH_1}")
      elseif(line MATCHES "^export XEN_SUBVERSION *= *([0-9]+)")
        set(minor "${CMAKE_MATCH_1}")
      endif()
    endforeach()
    if(major AND NOT minor STREQUAL "")
      set(version "Xen ${major}.${minor}")
    endif()
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
      CMAKE_CONFIGURE_DEPENDS "${tree}/xen/Makefile")
  endif()
  set(${out} "${version}" PARENT_SCOPE)
endfunction()

# argo_host (the host tools' backend table) learns that xenhost exists.
function(_argolab_xenhost_tell_consumers)
  if(TARGET argo_host)
    target_compile_definitions(argo_host PRIVATE ARGOLAB_HAVE_XENHOST=1)
  endif()
endfunction()

function(_argolab_xenhost_setup)
  # Which tree.
  set(from "")
  if(XEN_SRC)
    set(tree "${XEN_SRC}")
    set(from "XEN_SRC (CMake cache)")
  elseif(DEFINED ENV{XEN_SRC} AND NOT "$ENV{XEN_SRC}" STREQUAL "")
    set(tree "$ENV{XEN_SRC}")
    set(from "XEN_SRC (environment)")
  else()
    if(DEFINED ENV{ARGOLAB_CACHE} AND NOT "$ENV{ARGOLAB_CACHE}" STREQUAL "")
      set(cache "$ENV{ARGOLAB_CACHE}")
    elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
      set(cache "$ENV{XDG_CACHE_HOME}/argolab")
    else()
      set(cache "$ENV{HOME}/.cache/argolab")
    endif()
    set(tree "${cache}/xen/current")
    set(from "the argolab cache")
  endif()

  # Whether it can be used.
  set(reason "")
  if(NOT EXISTS "${tree}/xen/common/argo.c")
    set(reason "no Xen source: ${tree}/xen/common/argo.c (from ${from}) does not exist (run scripts/argolab xen-source, or set XEN_SRC, then configure again)")
  elseif(NOT EXISTS "${tree}/xen/include/public/argo.h")
    set(reason "${tree} has xen/common/argo.c but not xen/include/public/argo.h")
  elseif(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    set(reason "the host shim builds argo.c for x86_64 hosts only (this is ${CMAKE_SYSTEM_PROCESSOR})")
  elseif(NOT CMAKE_C_COMPILER_ID MATCHES "^(GNU|Clang)$")
    set(reason "argo.c is GNU C: it needs gcc or clang (not ${CMAKE_C_COMPILER_ID})")
  endif()
  if(reason)
    # Configure again once `scripts/argolab xen-source` has put a tree in
    # the cache (it creates xen/current there).
    if(from STREQUAL "the argolab cache" AND IS_DIRECTORY "${cache}/xen")
      set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
        CMAKE_CONFIGURE_DEPENDS "${cache}/xen")
    endif()
    message(STATUS "argolab: xenhost backend not built: ${reason}")
    set(ARGOLAB_XENHOST_REASON "${reason}" PARENT_SCOPE)
    return()
  endif()

  get_filename_component(tree "${tree}" REALPATH)
  _argolab_xen_version("${tree}" version)
  message(STATUS "argolab: Xen source: ${tree} (${version})")

  # Xen's public headers alone, under the name argo.c includes them by
  # (<public/argo.h>): none of Xen's internal headers can stand in for a
  # missing shim header.
  set(pub "${PROJECT_BINARY_DIR}/xen_host/include")
  file(MAKE_DIRECTORY "${pub}")
  file(REMOVE "${pub}/public")
  file(CREATE_LINK "${tree}/xen/include/public" "${pub}/public" SYMBOLIC)

  set(shim "${PROJECT_SOURCE_DIR}/src/xen_host")
  file(GLOB shim_sources CONFIGURE_DEPENDS "${shim}/*.c")
  set(argo_c "${tree}/xen/common/argo.c")
  set(backend_c "${PROJECT_SOURCE_DIR}/src/backend/backend_xenhost.c")

  add_library(argo_xenhost OBJECT "${argo_c}" ${shim_sources} "${backend_c}")
  # Xen is GNU C (statement expressions, typeof): gnu11 for the target.
  set_target_properties(argo_xenhost PROPERTIES C_EXTENSIONS ON)
  target_include_directories(argo_xenhost PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_definitions(argo_xenhost PUBLIC ARGOLAB_HAVE_XENHOST=1)

  # What Xen's code and the shim are compiled against.
  set_source_files_properties("${argo_c}" ${shim_sources} PROPERTIES
    INCLUDE_DIRECTORIES "${shim}/include;${pub}"
    COMPILE_OPTIONS "-include;${shim}/include/xen/config.h;-fno-strict-aliasing")
  set_property(SOURCE "${argo_c}" APPEND PROPERTY COMPILE_OPTIONS -Wno-sign-compare)
  set_property(SOURCE "${backend_c}" APPEND PROPERTY COMPILE_DEFINITIONS
    "ARGOLAB_XEN_VERSION=\"${version}\"")

  set(ARGOLAB_XENHOST ON PARENT_SCOPE)
  set(ARGOLAB_XEN_SRC_DIR "${tree}" PARENT_SCOPE)
  set(ARGOLAB_XEN_VERSION "${version}" PARENT_SCOPE)

  if(TARGET argo_host)
    _argolab_xenhost_tell_consumers()
  else()
    cmake_language(DEFER DIRECTORY "${PROJECT_SOURCE_DIR}"
      CALL _argolab_xenhost_tell_consumers)
  endif()
endfunction()

_argolab_xenhost_setup()
