import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir


class RapportConan(ConanFile):
    name = "rapport"
    license = "MIT"
    description = "Scores promotion requests against a relationship graph, explains why, reports overload"
    topics = ("creators", "relationships", "triage", "scoring")
    package_type = "library"
    settings = "os", "compiler", "build_type", "arch"
    options = {"shared": [True, False], "fPIC": [True, False]}
    default_options = {"shared": False, "fPIC": True}

    def set_version(self):
        # The version is written once, in project(VERSION) of CMakeLists.txt.
        cmakelists = load(self, os.path.join(self.recipe_folder, "..", "CMakeLists.txt"))
        self.version = re.search(r"project\(rapport VERSION (\d+\.\d+\.\d+)", cmakelists).group(1)

    def export_sources(self):
        root = os.path.join(self.recipe_folder, "..")
        patterns = ("CMakeLists.txt", "cmake/*", "include/*", "src/*", "docs/*.md", "README.md", "LICENSE")
        for pattern in patterns:
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
        # rapport's headers include Boost.JSON's, and consumers link it.
        self.requires("boost/1.83.0", transitive_headers=True, transitive_libs=True)

    def layout(self):
        cmake_layout(self)

    def generate(self):
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        # The package is the library; the tool, tests, examples, benchmarks and API reference are not built.
        for part in ("TOOL", "TESTS", "EXAMPLES", "BENCHMARKS", "DOCS"):
            toolchain.cache_variables[f"RAPPORT_BUILD_{part}"] = False
        toolchain.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # Consumers get the CMake config and the .pc file that Conan generates from package_info, not
        # the ones CMake installs; the documentation is the source's.
        rmdir(self, os.path.join(self.package_folder, "lib", "cmake"))
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "rapport")
        self.cpp_info.set_property("cmake_target_name", "rapport::rapport")
        self.cpp_info.set_property("pkg_config_name", "rapport")
        self.cpp_info.libs = ["rapport"]
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread"]
        # Consumers compile rapport's headers, which include Boost.JSON's, and link Boost.JSON; the rest
        # of Boost that rapport uses (Graph, Unordered) is headers only.
        self.cpp_info.requires = ["boost::headers", "boost::json"]
        # A Boost from the system ([platform_requires]) has no package folder, and Conan generates nothing
        # for it (nor does self.dependencies["boost"] find it): the library is named here, or consumers
        # would not link it.
        boost = next(dep for require, dep in self.dependencies.items() if require.ref.name == "boost")
        if boost.package_folder is None:
            self.cpp_info.system_libs.append("boost_json")
