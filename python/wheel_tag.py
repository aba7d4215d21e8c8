"""The wheel's platform tag, from what the parnox executable really needs.

PEP 600: a `manylinux_X_Y_ARCH` wheel runs on any Linux whose glibc is X.Y or newer, provided
it needs no shared library but glibc's own. Both are read off the binary with binutils'
readelf (there wherever the compiler that built it is): the libraries it names (DT_NEEDED)
and the symbol versions it asks of them (.gnu.version_r). A library outside glibc, or a
version glibc does not give, stops the build with what to change, rather than a wheel that
says it runs where it does not.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess

# glibc's own libraries, which every glibc system has (the dynamic loader's name varies by
# architecture: ld-linux-x86-64.so.2, ld-linux-aarch64.so.1, ...).
GLIBC_LIBRARIES = re.compile(
    r"(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1"
    r"|libresolv\.so\.2|ld-linux[-\w.]*\.so\.\d)$"
)


def readelf(binary: str, *flags: str) -> str:
    env = dict(os.environ, LC_ALL="C")
    return subprocess.run(
        ["readelf", "--wide", *flags, binary], check=True, capture_output=True, text=True, env=env
    ).stdout


def needed_libraries(binary: str) -> list[str]:
    """The shared libraries the binary names (readelf -d: "(NEEDED) Shared library: [X]")."""
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf(binary, "-d"))


def needed_versions(binary: str) -> dict[str, set[str]]:
    """Per library, the symbol versions the binary asks of it (readelf -V's version needs)."""
    versions: dict[str, set[str]] = {}
    library = None
    for line in readelf(binary, "-V").splitlines():
        if match := re.search(r"File: (\S+)", line):
            library = match.group(1)
            versions.setdefault(library, set())
        elif (match := re.search(r"Name: (\S+)", line)) and library:
            versions[library].add(match.group(1))
    return versions


def glibc_floor(binary: str) -> tuple[int, int]:
    """The oldest glibc the binary runs on; SystemExit when it needs more than glibc."""
    outside = [name for name in needed_libraries(binary) if not GLIBC_LIBRARIES.match(name)]
    if outside:
        raise SystemExit(
            f"{binary} needs {', '.join(outside)}, which not every Linux has: link them "
            "statically (CMakeLists.txt, the parnox target's link options)"
        )
    floor = (2, 5)  # the oldest glibc a manylinux tag names (manylinux1)
    for library, versions in needed_versions(binary).items():
        for version in versions:
            match = re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", version)
            if not match:
                raise SystemExit(
                    f"{binary} asks {library} for symbol version {version}, which is not a "
                    "glibc release: the wheel could not say where it runs"
                )
            floor = max(floor, (int(match.group(1)), int(match.group(2))))
    return floor


def platform_tag(binary: str) -> str:
    """e.g. "manylinux_2_35_x86_64"."""
    major, minor = glibc_floor(binary)
    return f"manylinux_{major}_{minor}_{platform.machine()}"


if __name__ == "__main__":
    import sys

    print(platform_tag(sys.argv[1]))
