"""Builds the parnox wheel: CMake compiles the executable, the wheel carries it.

The executable goes into the wheel as its script (parnox-V.data/scripts/parnox), so that
installing the wheel puts the ELF binary itself on PATH: no Python starts when parnox runs
(nor on every Tab of shell completion). `python -m parnox` finds that same binary and
execs it (python/parnox/__main__.py). The wheel is tagged for the platform the binary
really needs, read off it by python/wheel_tag.py; the metadata's version is VERSION's, as
the binary's.

Needs what `bash scripts/setup.sh` installs (g++, cmake, the C++ libraries), setuptools
and wheel; no network. The CMake build stays in build-wheel/ between builds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from setuptools import setup
from distutils.command.build_scripts import build_scripts  # setuptools' own distutils
from wheel.bdist_wheel import bdist_wheel

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "python"))
import wheel_tag  # noqa: E402  (beside the package, not part of it)

CMAKE_BUILD = os.path.join(ROOT, "build-wheel", "cmake")
BINARY = os.path.join(CMAKE_BUILD, "parnox")


def compile_parnox() -> str:
    """Configures and builds the parnox target, Release and stripped; returns the binary."""
    if not shutil.which("cmake") or not shutil.which("c++"):
        raise SystemExit(
            "building the parnox wheel needs cmake and a C++ compiler, and the C++ libraries "
            "parnox uses: `bash scripts/setup.sh` installs them on Debian 12"
        )
    configure = ["cmake", "-S", ROOT, "-B", CMAKE_BUILD, "-DCMAKE_BUILD_TYPE=Release",
                 "-DPARNOX_BUILD_TESTS=OFF", "-DCMAKE_EXE_LINKER_FLAGS=-s"]
    if shutil.which("ninja") and not os.path.exists(os.path.join(CMAKE_BUILD, "Makefile")):
        configure += ["-G", "Ninja"]
    subprocess.run(configure, check=True)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    subprocess.run(["cmake", "--build", CMAKE_BUILD, "--target", "parnox", "--parallel", jobs],
                   check=True)
    return BINARY


class CompileParnox(build_scripts):
    """The scripts step: compiles the executable and copies it as it is. (The stock step reads
    each script as Python source, for its #! line, and fails on an ELF file.)"""

    def run(self) -> None:
        binary = compile_parnox()
        self.mkpath(self.build_dir)
        self.copy_file(binary, os.path.join(self.build_dir, "parnox"))

    def get_source_files(self) -> list[str]:
        return []  # an sdist takes the sources MANIFEST.in names, not the binary


class PlatformWheel(bdist_wheel):
    """A wheel for the platform the executable needs, not a pure-Python one."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> tuple[str, str, str]:
        # Any Python 3 runs `python -m parnox`; the binary decides the platform.
        return "py3", "none", wheel_tag.platform_tag(BINARY)


setup(
    # The executable, which CompileParnox compiles as the scripts step.
    scripts=[os.path.relpath(BINARY, ROOT)],
    cmdclass={"build_scripts": CompileParnox, "bdist_wheel": PlatformWheel},
    options={"build": {"build_base": "build-wheel"}},
)
