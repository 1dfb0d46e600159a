from conan import ConanFile
from conan.tools.cmake import CMake, CMakeToolchain, CMakeDeps, cmake_layout
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy
import os
import re


class RapportConan(ConanFile):
    name = "rapport"
    license = "MIT"
    description = "Scores promotion requests against a relationship graph, explains why, reports overload"
    topics = ("creators", "relationships", "triage", "scoring")
    settings = "os", "compiler", "build_type", "arch"
    options = {"shared": [True, False], "fPIC": [True, False]}
    default_options = {"shared": False, "fPIC": True}

    def set_version(self):
        # The version is written once, in rapport/version.hpp, as CMake reads it too.
        header = os.path.join(self.recipe_folder, "..", "include", "rapport", "version.hpp")
        with open(header) as f:
            text = f.read()
        parts = [re.search(rf"#define RAPPORT_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
        self.version = ".".join(parts)

    def export_sources(self):
        root = os.path.join(self.recipe_folder, "..")
        for pattern in ("CMakeLists.txt", "cmake/*", "include/*", "src/*", "LICENSE"):
            copy(self, pattern, root, self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def validate(self):
        check_min_cppstd(self, 20)

    def requirements(self):
        self.requires("boost/1.83.0", transitive_headers=True)

    def layout(self):
        cmake_layout(self)

    def generate(self):
        CMakeDeps(self).generate()
        tc = CMakeToolchain(self)
        tc.cache_variables["RAPPORT_BUILD_TESTS"] = False
        tc.cache_variables["RAPPORT_BUILD_EXAMPLES"] = False
        tc.cache_variables["RAPPORT_BUILD_BENCHMARKS"] = False
        tc.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        CMake(self).install()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "rapport")
        self.cpp_info.set_property("cmake_target_name", "rapport::rapport")
        self.cpp_info.libs = ["rapport"]
        self.cpp_info.requires = ["boost::headers", "boost::json"]
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread"]
