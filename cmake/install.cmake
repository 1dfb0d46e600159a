# Install rules (RAPPORT_INSTALL): the library, its headers, the CMake package, rapport.pc, the license
# and the documentation. The tool installs itself (tools/rapport/CMakeLists.txt).
install(TARGETS rapport EXPORT rapport-targets)
install(DIRECTORY include/rapport DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${rapport_generated_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rapport)

install(EXPORT rapport-targets NAMESPACE rapport:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rapport)
configure_package_config_file(cmake/rapport-config.cmake.in ${PROJECT_BINARY_DIR}/rapport-config.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rapport)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rapport-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rapport-config.cmake ${PROJECT_BINARY_DIR}/rapport-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rapport)

# pkg-config: the paths are relative to the .pc file's own place, so that the prefix given to
# `cmake --install --prefix` (or a moved tree) is right too. Boost.JSON has no .pc file of its own: its
# flags are written in, since rapport's headers use it (a directory the compiler searches anyway is left out).
file(RELATIVE_PATH rapport_pc_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" rapport_pc_to_prefix ${rapport_pc_to_prefix})
file(RELATIVE_PATH rapport_pc_includedir ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
file(RELATIVE_PATH rapport_pc_libdir ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
get_target_property(rapport_boost_json_file Boost::json LOCATION)
cmake_path(GET rapport_boost_json_file PARENT_PATH rapport_boost_libdir)
set(rapport_pc_boost_cflags "")
if(NOT Boost_INCLUDE_DIRS IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
  set(rapport_pc_boost_cflags " -I${Boost_INCLUDE_DIRS}")
endif()
set(rapport_pc_boost_libs " -lboost_json")
if(NOT rapport_boost_libdir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
  set(rapport_pc_boost_libs " -L${rapport_boost_libdir} -lboost_json")
endif()
configure_file(cmake/rapport.pc.in ${PROJECT_BINARY_DIR}/rapport.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rapport.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# docs/ stays docs/, so that the README's links hold.
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
