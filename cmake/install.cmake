# cmake/install.cmake - what `cmake --install` puts where, and the Debian
# package `cpack -G DEB` makes of it.  The programs install from
# daemon/ and tools/; this file owns everything else: the systemd unit,
# sysusers.d and tmpfiles.d entries, man pages, bash completion and the
# documentation with a commented example config (all from dist/).
#
# For a Debian package configure with -DCMAKE_INSTALL_PREFIX=/usr; the
# package installs under the same prefix the unit's ExecStart names.

set(SP_UNITDIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system CACHE PATH
  "Where the systemd unit goes")
set(SP_SYSUSERSDIR ${CMAKE_INSTALL_PREFIX}/lib/sysusers.d CACHE PATH
  "Where the sysusers.d entry goes")
set(SP_TMPFILESDIR ${CMAKE_INSTALL_PREFIX}/lib/tmpfiles.d CACHE PATH
  "Where the tmpfiles.d entry goes")

configure_file(${CMAKE_SOURCE_DIR}/dist/samplan-node@.service.in
  ${CMAKE_BINARY_DIR}/samplan-node@.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/samplan-node@.service
  DESTINATION ${SP_UNITDIR})
install(FILES ${CMAKE_SOURCE_DIR}/dist/sysusers.d/samplan.conf
  DESTINATION ${SP_SYSUSERSDIR})
install(FILES ${CMAKE_SOURCE_DIR}/dist/tmpfiles.d/samplan.conf
  DESTINATION ${SP_TMPFILESDIR})
install(FILES ${CMAKE_SOURCE_DIR}/conf/README.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME README.config.md)
install(FILES ${CMAKE_SOURCE_DIR}/dist/samplan.ini.example
  ${CMAKE_SOURCE_DIR}/README.md
  ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/NEWS
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
foreach(page samplan.1 samplan-node.8 samplan.ini.5)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  if(EXISTS ${CMAKE_SOURCE_DIR}/man/${page})
    install(FILES ${CMAKE_SOURCE_DIR}/man/${page}
      DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  endif()
endforeach()
if(EXISTS ${CMAKE_SOURCE_DIR}/dist/completion/samplan.bash)
  install(FILES ${CMAKE_SOURCE_DIR}/dist/completion/samplan.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME samplan)
  install(CODE "file(CREATE_LINK samplan
    \"\$ENV{DESTDIR}${CMAKE_INSTALL_FULL_DATADIR}/bash-completion/completions/samplan-node\"
    SYMBOLIC)")
endif()

# The Debian package.
set(CPACK_PACKAGE_NAME samplan)
set(CPACK_PACKAGE_VENDOR "samplan")
set(CPACK_PACKAGE_CONTACT "samplan maintainers <samplan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "keeps kommuner's action plans against domestic violence in step")
set(CPACK_PACKAGE_DESCRIPTION
  "Each kommune and its region's coordination group runs a node that keeps its plan as signed, hash-chained feeds in LMDB and exchanges them with its peers over CURVE-encrypted ZeroMQ.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser | systemd")
# The nb and nn catalogs are in the package (po/); a Norwegian locale
# for `samplan` itself comes from the locales package.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "locales")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/dist/debian/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
include(CPack)
