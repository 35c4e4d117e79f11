# SPDX-License-Identifier: MIT
# Helpers shared by every project target: warnings as errors on project code only, and the
# include root so that headers are included as "net/Connection.h", "imap/ResponseFramer.h", ...

# Tests pass TEST: they keep the warnings and the cast rules but not QStringBuilder, whose lazy
# concatenations do not match QByteArray's overloads in test assertions.
function(msim_project_target target)
    cmake_parse_arguments(ARG "TEST" "" "" ${ARGN})
    target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
    target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII
                                                 QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING)
    if(NOT ARG_TEST)
        target_compile_definitions(${target} PRIVATE QT_USE_QSTRINGBUILDER)
    endif()
endfunction()

# msim_core_library(NAME folder DEPENDS libs...): one static library per core/ folder.
function(msim_core_library name)
    cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
    file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/core)
    target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
    msim_project_target(${name})
endfunction()
