# SPDX-License-Identifier: MIT
# Install rules (GNUInstallDirs): the two programs, the data they find relative to themselves
# (DESIGN.md §5), the desktop entry, icons and AppStream metadata, the manual pages and bash
# completion written by the programs from their own option tables, and the licence.
# docs/PACKAGING.md describes the layout; scripts/package makes a .deb of it (MsimPackage.cmake).
include(GNUInstallDirs)

set(MSIM_APP_ID invalid.msim.msim) # the AppStream id (resources/msim.metainfo.xml.in)

# The scenario library: installed as share/msim/scenarios, and copied to the same place in the
# build tree so that the programs in app/cli and app/gui find it the same way there.
file(GLOB msim_scenarios CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/scenarios/*.json)
foreach(file IN LISTS msim_scenarios)
    get_filename_component(name ${file} NAME)
    configure_file(${file} ${PROJECT_BINARY_DIR}/share/msim/scenarios/${name} COPYONLY)
endforeach()

install(TARGETS msim msim-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${msim_scenarios} DESTINATION ${CMAKE_INSTALL_DATADIR}/msim/scenarios)

install(FILES ${PROJECT_SOURCE_DIR}/resources/msim.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications RENAME ${MSIM_APP_ID}.desktop)
configure_file(${PROJECT_SOURCE_DIR}/resources/msim.metainfo.xml.in
               ${PROJECT_BINARY_DIR}/share/metainfo/${MSIM_APP_ID}.metainfo.xml @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/share/metainfo/${MSIM_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/msim.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
file(GLOB msim_icons CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/icons/msim-*.png)
foreach(png IN LISTS msim_icons)
    string(REGEX REPLACE ".*/msim-([0-9]+)\\.png$" "\\1" size ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME msim.png)
endforeach()

# Written by the programs themselves (msim-cli --man-page, --bash-completion; msim --man-page),
# from the tables that print --help; manual pages compressed as Debian policy asks (gzip -9n).
set(ref ${PROJECT_BINARY_DIR}/reference)
find_program(GZIP_EXECUTABLE gzip REQUIRED)
# Under MSIM_SANITIZE the programs are instrumented; what Qt keeps until exit is not a leak here.
set(run ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)
add_custom_command(
    OUTPUT ${ref}/msim-cli.1 ${ref}/msim-cli.1.gz ${ref}/msim.1 ${ref}/msim.1.gz ${ref}/msim-cli.bash
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ref}
    COMMAND ${run} $<TARGET_FILE:msim-cli> --man-page > ${ref}/msim-cli.1
    COMMAND ${GZIP_EXECUTABLE} -9n -c ${ref}/msim-cli.1 > ${ref}/msim-cli.1.gz
    COMMAND ${run} $<TARGET_FILE:msim> --man-page > ${ref}/msim.1
    COMMAND ${GZIP_EXECUTABLE} -9n -c ${ref}/msim.1 > ${ref}/msim.1.gz
    COMMAND ${run} $<TARGET_FILE:msim-cli> --bash-completion > ${ref}/msim-cli.bash
    DEPENDS msim-cli msim ${msim_scenarios}
    COMMENT "Writing the manual pages and bash completion from the programs' option tables")
add_custom_target(msim_reference ALL DEPENDS ${ref}/msim-cli.1.gz ${ref}/msim.1.gz ${ref}/msim-cli.bash)
install(FILES ${ref}/msim-cli.1.gz ${ref}/msim.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${ref}/msim-cli.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME msim-cli)

# The licence, in Debian's machine-readable copyright format (its text taken from LICENSE,
# indented as the format asks), and the package's changelog.
file(STRINGS ${PROJECT_SOURCE_DIR}/LICENSE licence_lines)
list(FIND licence_lines "Permission is hereby granted, free of charge, to any person obtaining a copy"
     first)
list(SUBLIST licence_lines ${first} -1 licence_lines)
set(MSIM_LICENSE_TEXT "")
foreach(line IN LISTS licence_lines)
    if(line STREQUAL "")
        string(APPEND MSIM_LICENSE_TEXT " .\n")
    else()
        string(APPEND MSIM_LICENSE_TEXT " ${line}\n")
    endif()
endforeach()
string(REGEX REPLACE "\n$" "" MSIM_LICENSE_TEXT "${MSIM_LICENSE_TEXT}")
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/copyright.in ${ref}/copyright @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/changelog.in ${ref}/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${ref}/changelog.Debian.gz
    COMMAND ${GZIP_EXECUTABLE} -9n -c ${ref}/changelog.Debian > ${ref}/changelog.Debian.gz
    DEPENDS ${ref}/changelog.Debian)
add_custom_target(msim_changelog ALL DEPENDS ${ref}/changelog.Debian.gz)
install(FILES ${ref}/copyright ${ref}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The scenario format, which `msim-cli reproduce --help` points to.
install(FILES ${PROJECT_SOURCE_DIR}/docs/SCENARIOS.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
