#ifndef RAPPORT_VERSION_HPP
#define RAPPORT_VERSION_HPP

/// \file
/// rapport's version, the one place it is written: CMakeLists.txt reads it from here.

/// Major version: changes that break the API or a file format.
#define RAPPORT_VERSION_MAJOR 0
/// Minor version: additions that keep the API and the file formats.
#define RAPPORT_VERSION_MINOR 1
/// Patch version: fixes.
#define RAPPORT_VERSION_PATCH 0
/// The three as one number for `#if`: 10000 * major + 100 * minor + patch (0.1.0 is 100).
#define RAPPORT_VERSION (RAPPORT_VERSION_MAJOR * 10000 + RAPPORT_VERSION_MINOR * 100 + RAPPORT_VERSION_PATCH)

#endif  // RAPPORT_VERSION_HPP
