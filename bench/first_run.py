#!/usr/bin/python3
"""A first run against sequential nox: the run a fresh CI checkout makes, with no `.parnox/`.

The project is test/fixtures/first-run: three suites, two of which (`unit`, `integration`)
share one state file and fail when raced, four independent gates (lint, format, typecheck,
docs) and a combine (`report`) that needs the suites' results. Each suite's work lasts
--seconds.
Every round copies the fixture afresh for each variant and runs, in turn:

  nox (sequential)        /usr/bin/python3 -m nox: the baseline
  parnox first run        parnox -j N in a fresh copy: nothing learned, no durations
  parnox second run       parnox -j N in another fresh copy holding only the .parnox/
                          (edges.json, durations.json) the first run left, as a CI cache
                          restores it
  nox 2026 -j N           when $NOX_MODERN names that nox: -j N --allow-parallel, the
                          project as it is (no opt-ins written for it)

A run is right when it exits as sequential nox did and leaves the same report.txt. The
ratios are each round's wall time over that round's sequential nox, their median over the
rounds. With --example, the same for README's first command on examples/quality-gates
(first run only). Goals on 2 workers: first run <= 0.75, second run <= 0.70, the example's
first run < 1. Nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from benchlib import (NOX, REPO, add_common_arguments, bench_env, check_parnox, machine_line,
                      median, print_table, run_timed)

FIXTURE = REPO / "test" / "fixtures" / "first-run"
EXAMPLE = REPO / "examples" / "quality-gates"
GOALS = {"parnox first run": 0.75, "parnox second run": 0.70}


def fresh_copy(source: Path, root: Path, name: str) -> Path:
    target = root / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".parnox", ".nox"))
    return target


def report_text(project: Path) -> str:
    path = project / "report.txt"
    # The suites count their rounds, which depend on the machine's speed.
    return re.sub(r" \d+ rounds", "", path.read_text()) if path.exists() else "(none)"


def measure(source: Path, variants: dict[str, list[str]], rounds: int, env: dict[str, str],
            carry: bool) -> dict[str, list[tuple[float, float, bool]]]:
    """Per variant, per round: (wall, wall / sequential's wall, right)."""
    results: dict[str, list[tuple[float, float, bool]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="parnox-bench-first-") as tmp:
        root = Path(tmp)
        for round_ in range(rounds):
            print(f"round {round_ + 1} of {rounds}", file=sys.stderr)
            baseline = None
            first_state = None
            for name, argv in variants.items():
                project = fresh_copy(source, root, name.replace(" ", "-"))
                if name == "parnox second run" and carry:
                    (project / ".parnox").mkdir()
                    for file in ("edges.json", "durations.json"):
                        if (first_state / file).exists():
                            shutil.copy(first_state / file, project / ".parnox" / file)
                timing = run_timed(argv, project, env, check=False)
                if name == "parnox first run":
                    first_state = root / "state"
                    shutil.rmtree(first_state, ignore_errors=True)
                    shutil.copytree(project / ".parnox", first_state)
                outcome = (timing.returncode, report_text(project))
                if baseline is None:
                    baseline = (timing.wall, outcome)
                    if timing.returncode != 0:
                        sys.exit(f"bench: sequential nox failed in {project}:\n"
                                 f"{timing.output[-3000:]}")
                right = outcome == baseline[1]
                if not right:
                    print(f"  {name}: exit {timing.returncode}, not as sequential nox",
                          file=sys.stderr)
                results[name].append((timing.wall, timing.wall / baseline[0], right))
                print(f"  {name}: {timing.wall:.1f}s", file=sys.stderr)
    return results


def table(results: dict[str, list[tuple[float, float, bool]]], rounds: int,
          goals: dict[str, float]) -> None:
    rows = []
    for name, runs in results.items():
        goal = goals.get(name)
        rows.append([
            name,
            f"{median([r[0] for r in runs]):.1f}s",
            f"{min(r[0] for r in runs):.1f}-{max(r[0] for r in runs):.1f}s",
            "1.00" if name.startswith("nox (") else f"{median([r[1] for r in runs]):.2f}x",
            f"{sum(r[2] for r in runs)} of {rounds}",
            (f"< {goal:.2f}" if goal == 1.0 else f"<= {goal:.2f}") if goal else "",
        ])
    print_table(["variant", "median", "range", "vs nox", "right", "goal"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser)
    parser.add_argument("-j", "--jobs", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--seconds", type=float, default=4,
                        help="each suite's work in seconds (default 4)")
    parser.add_argument("--example", action="store_true",
                        help="also README's first command's project, examples/quality-gates")
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    jobs = str(args.jobs)

    variants = {
        "nox (sequential)": NOX,
        "parnox first run": [parnox, "-j", jobs],
        "parnox second run": [parnox, "-j", jobs],
    }
    modern = os.environ.get("NOX_MODERN")
    if modern:
        variants[f"nox 2026 -j {jobs}"] = shlex.split(modern) + ["-j", jobs, "--allow-parallel"]
    env = bench_env({"FIRST_RUN_SECONDS": str(args.seconds)})
    print(f"# first run: {machine_line()}")
    print(f"# test/fixtures/first-run, suites of {args.seconds:g}s, {jobs} workers, "
          f"{args.rounds} rounds")
    table(measure(FIXTURE, variants, args.rounds, env, carry=True), args.rounds, GOALS)
    if not modern:
        print("(nox 2026 -j: skipped; set NOX_MODERN to the command that runs it)")

    if args.example:
        print(f"\n# examples/quality-gates (README's first command), {jobs} workers")
        example = {"nox (sequential)": NOX, "parnox first run": [parnox, "-j", jobs]}
        table(measure(EXAMPLE, example, args.rounds, bench_env(), carry=False), args.rounds,
              {"parnox first run": 1.0})


if __name__ == "__main__":
    main()
