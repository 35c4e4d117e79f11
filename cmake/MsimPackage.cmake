# SPDX-License-Identifier: MIT
# The Debian package (CPack's DEB generator), made by scripts/package; docs/PACKAGING.md.
# Depends comes from the programs' shared libraries (dpkg-shlibdeps) plus what they load at run
# time without linking it: Qt's platform plugins (xcb) for the window.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME msim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The msim authors")
set(CPACK_PACKAGE_CONTACT "The msim authors <msim@msim.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "reproduce what Netscape Messenger 4.5 did to an IMAP server")
# Lines under 80 columns with the leading space dpkg adds (lintian:
# extended-description-line-too-long).
set(CPACK_PACKAGE_DESCRIPTION
    "msim emulates the IMAP client of Netscape Messenger 4.5 so that a mail-server
support engineer can reproduce a customer's bug report against a real server,
or against a built-in server that misbehaves the way real servers did, and see
exactly what went wrong: which partial FETCH chunk, how, on which transport,
what Messenger 4.5 displayed, what the true message is, and what to do about
it (Microsoft KB Q194998 and its kin).
.
The package holds the desktop app (msim), the command-line tool (msim-cli),
the bundled scenario library, manual pages and bash completion.")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "tshark | wireshark, dovecot-imapd")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# Files and folders as Debian expects them, whatever the umask of the machine that packs.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
