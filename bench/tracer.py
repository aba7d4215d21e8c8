#!/usr/bin/env python3
"""The tracer's cost on real sessions: the example project's sessions run by parnox traced
(the default) and with --no-trace, and, beside them in the same rounds, under
`strace -f -e trace=%file`. The three modes alternate round by round so that load on a shared
machine falls on all of them; the table gives each mode's median and its ratio to untraced.

    /usr/bin/python3 bench/tracer.py [--rounds 5] [--jobs 1] [--session NAME ...]

Goal (issue 4): traced at most 1.15x --no-trace.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchlib import (REPO, add_common_arguments, bench_env, check_parnox, machine_line,
                      median, print_table, run_timed)

EXAMPLE = REPO / "examples" / "quality-gates"


def copy_example() -> Path:
    """A fresh copy of the example, without anything a run left in the tree."""
    dest = Path(tempfile.mkdtemp(prefix="parnox-bench-tracer-")) / "quality-gates"
    ignore = shutil.ignore_patterns(".nox", ".parnox", ".coverage*", "__pycache__",
                                    ".mypy_cache", ".pytest_cache")
    shutil.copytree(EXAMPLE, dest, ignore=ignore)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", default="1", help="parnox -j (default 1: one session at a "
                        "time, so the ratio is the tracer's and not the scheduler's)")
    parser.add_argument("--session", action="append", default=[],
                        help="only these sessions (default: all of the example's)")
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    if not shutil.which("strace"):
        raise SystemExit("bench: strace is not installed (apt-get install strace)")

    project = copy_example()
    base = [parnox, "-j", args.jobs, "--output", "quiet"]
    if args.session:
        base += ["-s", *args.session]
    modes = {
        "parnox --no-trace": base + ["--no-trace"],
        "parnox (traced)": base,
        "strace -f -e trace=%file": ["strace", "-f", "-e", "trace=%file", "-o", "/dev/null",
                                     *base, "--no-trace"],
    }
    env = bench_env()
    print(f"# tracer overhead, {args.rounds} rounds; {machine_line()}")
    run_timed(base + ["--no-trace"], project, env)  # warm caches (.mypy_cache, page cache)
    times: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
    for round_number in range(args.rounds):
        for mode, argv in modes.items():
            timing = run_timed(argv, project, env)
            times[mode].append((timing.wall, timing.cpu))
        print(f"  round {round_number + 1}/{args.rounds} done", flush=True)

    base_wall = median([w for w, _ in times["parnox --no-trace"]])
    base_cpu = median([c for _, c in times["parnox --no-trace"]])
    rows = []
    for mode, samples in times.items():
        wall = median([w for w, _ in samples])
        cpu = median([c for _, c in samples])
        rows.append([mode, f"{wall:.2f}", f"{wall / base_wall:.2f}x", f"{cpu:.2f}",
                     f"{cpu / base_cpu:.2f}x"])
    print_table(["mode", "wall s", "/ untraced", "CPU s", "/ untraced"], rows)
    if not args.keep:
        shutil.rmtree(project.parent, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"bench: {error}")
