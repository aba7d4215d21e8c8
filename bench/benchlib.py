"""Shared pieces of parnox's benchmarks: finding the programs, timing a command (wall and
CPU of the whole process tree), generating throw-away nox projects, printing tables.

Standard library only; run the benchmarks with /usr/bin/python3.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PARNOX = REPO / "build-bench" / "parnox"
# Debian's nox 2022.11 lives in /usr/bin/python3's site-packages; the first python3 on PATH
# may be another interpreter without it.
NOX = ["/usr/bin/python3", "-m", "nox"]

# Progress goes to stderr and the table to stdout: keep them in order on a terminal.
sys.stdout.reconfigure(line_buffering=True)


def add_common_arguments(parser) -> None:
    parser.add_argument(
        "--parnox",
        default=os.environ.get("PARNOX_BIN", str(DEFAULT_PARNOX)),
        help="the parnox binary (default: $PARNOX_BIN, else build-bench/parnox; "
        "build it with -DCMAKE_BUILD_TYPE=Release)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated project")


def check_parnox(path: str) -> str:
    if not os.access(path, os.X_OK):
        sys.exit(
            f"bench: no parnox at {path}. Build a release binary first:\n"
            f"  cmake -S {REPO} -B {REPO}/build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release"
            f" && ninja -C {REPO}/build-bench parnox\n"
            "or pass --parnox PATH."
        )
    return os.path.abspath(path)


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """CI=true as CI runs parnox (plain output, missing interpreters are errors); no colour."""
    env = dict(os.environ)
    env.update({"CI": "true", "NO_COLOR": "1"})
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    env.pop("PARNOX_NOX", None)
    if extra:
        env.update(extra)
    return env


@dataclass
class Timing:
    """One run of a command: wall seconds, CPU seconds of it and every descendant it reaped."""

    wall: float
    cpu: float
    returncode: int
    output: str = ""
    maxrss_kb: int = 0  # the largest RSS in the reaped tree (getrusage's meaning, not its own)


def run_timed(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
              check: bool = True) -> Timing:
    """Runs argv to completion. CPU comes from wait4's rusage, which counts the children that
    the process itself waited for (parnox reaps its nox children; bash reaps xargs's)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env or bench_env(), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    timing = Timing(wall, usage.ru_utime + usage.ru_stime, proc.returncode, text,
                    usage.ru_maxrss)
    if check and timing.returncode != 0:
        sys.exit(f"bench: {shlex.join(argv)} exited {timing.returncode} in {cwd}:\n{text[-4000:]}")
    return timing


def median(values: list[float]) -> float:
    return statistics.median(values)


class Project:
    """A temporary nox project: noxfile.py and an optional pyproject.toml."""

    def __init__(self, noxfile: str, pyproject: str = "", keep: bool = False,
                 prefix: str = "parnox-bench-"):
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self.keep = keep
        (self.path / "noxfile.py").write_text(noxfile)
        if pyproject:
            (self.path / "pyproject.toml").write_text(pyproject)

    def forget_state(self) -> None:
        """Drops parnox's remembered durations and nox's report, as on a fresh checkout."""
        shutil.rmtree(self.path / ".parnox", ignore_errors=True)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        if self.keep:
            print(f"(kept the generated project in {self.path})")
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def trivial_noxfile(sessions: int = 1, parametrized: bool = False) -> str:
    """Sessions whose body does nothing, so a run costs only nox (and parnox)."""
    head = "import nox\n\n"
    if parametrized:
        # list(), not a bare range: nox 2022.11 expands only a list or tuple; a range becomes
        # one parameter (and then breaks its --report, which cannot serialise a range).
        return head + (
            '@nox.session(venv_backend="none")\n'
            f'@nox.parametrize("i", list(range({sessions})))\n'
            "def trivial(session, i):\n    pass\n"
        )
    body = "".join(
        f'@nox.session(venv_backend="none")\ndef {name}(session):\n    pass\n\n\n'
        for name in trivial_names(sessions)
    )
    return head + body


def trivial_names(sessions: int) -> list[str]:
    return ["trivial"] if sessions == 1 else [f"t{i:02d}" for i in range(sessions)]


@dataclass
class StartupCost:
    wall: float
    cpu: float
    samples: list[Timing] = field(default_factory=list)


def measure_nox_startup(runs: int = 5, keep: bool = False) -> StartupCost:
    """Median wall and CPU of `nox -s trivial`: what every session pays once when it runs in
    its own nox process (interpreter start, nox import, noxfile load, report)."""
    with Project(trivial_noxfile(), keep=keep, prefix="parnox-bench-startup-") as project:
        run_timed(NOX + ["-s", "trivial"], project.path)  # warm the page cache
        samples = [run_timed(NOX + ["-s", "trivial"], project.path) for _ in range(runs)]
    return StartupCost(median([s.wall for s in samples]), median([s.cpu for s in samples]),
                       samples)


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def machine_line() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPUs (usable: {len(os.sched_getaffinity(0))}), "
            f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
            f"{time.strftime('%Y-%m-%d %H:%M')}")
