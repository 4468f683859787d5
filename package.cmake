# The Debian package, through CPack: `cmake --build build --target deb`
# builds the program and writes build/smpsim_VERSION_ARCH.deb of what
# `cmake --install` installs, under /usr. Its Depends are not written here: dpkg-shlibdeps (Debian
# package dpkg-dev) derives them from the libraries the program is linked
# with, so they follow the build (tests/test-package.sh checks them against
# the binary's own).
set(SMPSIM_PACKAGE_MAINTAINER
    "smpsim maintainers <maintainers@users.noreply.h-seed-be925bd0.example>"
    CACHE STRING "The Maintainer field of the Debian package")

# cpack packages what is built: it rebuilds nothing (test-package runs it
# while other tests run the program). The target deb builds what is
# installed first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME smpsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SMPSIM_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# PortAudio and libwacom are loaded with dlopen when a command first needs
# them (rig/audio/portaudio_lib.c, rig/input/wacom_lib.c), so they are not NEEDED and
# dpkg-shlibdeps cannot see them: their packages are named here, and
# test-package checks them against the sonames below (ldconfig, dpkg -S).
# PortAudio brings ALSA and JACK through its own Depends.
set(SMPSIM_DLOPEN_SONAMES "libportaudio.so.2;libwacom.so.9")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libportaudio2, libwacom9")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"training simulator for scalp micropigmentation
A trainee stipples with a pen on a graphics tablet (or a needle stylus on a
practice-pad rig); smpsim reads it through evdev, models every pigment
deposit against a virtual scalp, sounds feedback the moment a deposit goes
wrong, scores each lesson of its curriculum and keeps a trainee record
(SQLite) with HTML reports. 'smpsim demo' runs a scored session from a
shipped recording with no tablet and no sound card.")
include(CPack)
add_custom_target(deb
  COMMAND ${CMAKE_CPACK_COMMAND} -G DEB --config ${PROJECT_BINARY_DIR}/CPackConfig.cmake
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
  COMMENT "Making the Debian package")
# What `cmake --install` installs that is built: the program and the
# compressed man page.
add_dependencies(deb smpsim man_page)
