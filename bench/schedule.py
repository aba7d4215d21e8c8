#!/usr/bin/python3
"""How close parnox's schedule comes to the physical limit of a run.

Generates a throw-away project of 20 sessions (venv_backend="none") that sleep known
durations: 16 independent ones and a chain of 4 declared with `after` in [tool.parnox],
placed last in nox's order, so a scheduler that starts sessions in nox's order starts the
chain late. Measures in one run:

  nox (sequential)      /usr/bin/python3 -m nox, all sessions in one process
  parnox -j1            one nox child per session, one at a time
  parnox -j4 first run  no remembered durations (every estimate is the same)
  parnox -j4            the second run: scheduled on the durations the first one remembered
  xargs -P4             `nox -s NAME` for every session, 4 at a time, IGNORING the chain
  nox 2026.08 -j 4      when $NOX_MODERN names that nox (chain as requires=, --allow-parallel)

and the lower bound max(critical path, work / 4, start-up CPU / cores), where every session
costs its sleep plus one nox start-up (measured: median of `nox -s trivial`, before and after
the runs). Because the machine is shared, it also prints a measured floor: max(the chain alone
as 4 `nox -s` in a row, xargs -P4), both timed in the same run, under the same load.
Figures are ratios against baselines measured in the same run; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys

from benchlib import (NOX, Project, StartupCost, add_common_arguments, bench_env, check_parnox,
                      machine_line, measure_nox_startup, median, print_table, run_timed)

# (name, seconds). Independent sessions first, the chain last: nox's order is the noxfile's.
INDEPENDENT = [4.0, 0.5, 1.0, 2.5, 0.5, 1.5, 3.0, 0.5, 2.0, 1.0, 0.5, 3.5, 1.5, 0.5, 2.0, 1.0]
CHAIN = [3.0, 3.0, 3.0, 3.0]
GOAL = 1.10


def sessions(scale: float) -> list[tuple[str, float]]:
    work = [(f"work{i + 1:02d}", round(s * scale, 3)) for i, s in enumerate(INDEPENDENT)]
    chain = [(f"chain{i + 1}", round(s * scale, 3)) for i, s in enumerate(CHAIN)]
    return work + chain


def chain_names(spec: list[tuple[str, float]]) -> list[str]:
    return [name for name, _ in spec if name.startswith("chain")]


def noxfile(spec: list[tuple[str, float]]) -> str:
    """Sleeping sessions. The chain is also written as requires= when the nox that loads the
    file has it (2024.3+), so nox's own -j sees it; Debian's 2022.11 does not."""
    lines = [
        "import inspect",
        "import time",
        "",
        "import nox",
        "",
        '_HAS_REQUIRES = "requires" in inspect.signature(nox.session).parameters',
        "",
        "",
        "def _after(session):",
        "    return {'requires': [session]} if _HAS_REQUIRES else {}",
        "",
    ]
    previous = None
    for name, seconds in spec:
        extra = f", **_after({previous!r})" if previous else ""
        lines += ["", f'@nox.session(venv_backend="none"{extra})',
                  f"def {name}(session):", f"    time.sleep({seconds})", ""]
        previous = name if name.startswith("chain") else None
    return "\n".join(lines)


def pyproject(spec: list[tuple[str, float]]) -> str:
    chain = chain_names(spec)
    after = ", ".join(f'{b} = ["{a}"]' for a, b in zip(chain, chain[1:]))
    return f"[tool.parnox]\nafter = {{ {after} }}\n"


def start_times(output: str) -> dict[str, float]:
    """When parnox started each session, from its plain status lines `[  1.2s] started x`."""
    found = {}
    for match in re.finditer(r"^\[\s*([\d.]+)s\] started\s+(\S+)", output, re.M):
        found[match.group(2)] = float(match.group(1))
    return found


def lower_bound(spec, chain, startup_wall, startup_cpu, jobs, cores):
    critical = sum(s for n, s in spec if n in chain) + len(chain) * startup_wall
    work = sum(s for _, s in spec) + len(spec) * startup_wall
    cpu = len(spec) * startup_cpu / cores
    return max(critical, work / jobs, cpu), critical, work, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--quick", action="store_true",
                        help="sleep a quarter as long (about 10 s of work instead of 38)")
    parser.add_argument("-j", "--jobs", type=int, default=4)
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    scale = 0.25 if args.quick else 1.0
    spec = sessions(scale)
    chain = chain_names(spec)
    names = [n for n, _ in spec]
    jobs = args.jobs
    cores = len(os.sched_getaffinity(0))
    modern = os.environ.get("NOX_MODERN")

    print(f"schedule.py{' --quick' if args.quick else ''}: {len(spec)} sleeping sessions, "
          f"{sum(s for _, s in spec):.1f} s of sleep, chain {' -> '.join(chain)} "
          f"({sum(s for n, s in spec if n in chain):.1f} s) last in nox order; "
          f"-j{jobs}; {machine_line()}")
    before = measure_nox_startup()

    rows, walls = [], {}
    with Project(noxfile(spec), pyproject(spec), keep=args.keep) as project:
        def measure(label, argv, env=None):
            t = run_timed(argv, project.path, env)
            walls[label] = t.wall
            rows.append([label, t])
            print(f"  measured {label}: {t.wall:.2f} s", file=sys.stderr)
            return t

        measure("nox (sequential)", NOX)
        project.forget_state()
        cold = measure(f"parnox -j{jobs}, first run", [parnox, "-j", str(jobs)])
        warm = measure(f"parnox -j{jobs}, second run", [parnox, "-j", str(jobs)])
        measure("parnox -j1", [parnox, "-j1"])
        script = f"printf '%s\\n' {' '.join(names)} | xargs -P{jobs} -I@ {shlex.join(NOX)} -s @"
        measure(f"xargs -P{jobs} nox -s (no chain!)", ["bash", "-c", script])
        if modern:
            measure(f"nox 2026.08 -j {jobs}",
                    shlex.split(modern) + ["-j", str(jobs), "--allow-parallel"],
                    bench_env())
        fixed = run_timed([parnox, "list"], project.path)  # once-per-run: find nox, discover
        # The chain alone, one nox per session: the critical path as this machine's load
        # runs it right now, without the other sessions beside it.
        script = " && ".join(f"{shlex.join(NOX)} -s {name}" for name in chain)
        chain_alone = run_timed(["bash", "-c", script], project.path)
    after = measure_nox_startup()
    samples = before.samples + after.samples
    startup = StartupCost(median([s.wall for s in samples]), median([s.cpu for s in samples]))
    print(f"nox start-up (median of 5 `nox -s trivial` before the runs and 5 after): "
          f"{startup.wall:.3f} s wall, {startup.cpu:.3f} s CPU "
          f"(before {before.wall:.3f} s, after {after.wall:.3f} s wall); {machine_line()}")

    bound, critical, work, cpu = lower_bound(spec, chain, startup.wall, startup.cpu, jobs, cores)
    print()
    xargs = walls[f"xargs -P{jobs} nox -s (no chain!)"]
    floor = max(chain_alone.wall, xargs)
    table = [[label, f"{t.wall:.2f}", f"{t.cpu:.2f}", f"{t.wall / bound:.2f}x",
              f"{t.wall / floor:.2f}x"] for label, t in rows]
    table.append(["lower bound", f"{bound:.2f}", "", "1.00x", f"{bound / floor:.2f}x"])
    table.append(["measured floor", f"{floor:.2f}", "", f"{floor / bound:.2f}x", "1.00x"])
    print_table(["run", "wall s", "CPU s", "/ bound", "/ floor"], table)
    if not modern:
        print("(nox 2026.08 -j: skipped; set NOX_MODERN to the command that runs it)")
    print()
    print(f"lower bound = max(critical path {critical:.2f}, work/{jobs} {work / jobs:.2f}, "
          f"start-up CPU/{cores} cores {cpu:.2f}) s; each session counts its sleep plus one "
          f"nox start-up ({startup.wall:.3f} s wall, {startup.cpu:.3f} s CPU)")
    print(f"measured floor = max(chain alone as {len(chain)} `nox -s` in a row "
          f"{chain_alone.wall:.2f}, xargs -P{jobs} {xargs:.2f}) s: what this machine's load "
          f"allowed right now (not a strict bound; context for a noisy machine)")
    for label, run in [("first", cold), ("second", warm)]:
        starts = start_times(run.output)
        first = sorted(starts, key=lambda name: starts[name])[:jobs]
        print(f"parnox -j{jobs} {label} run started {chain[0]} at {starts.get(chain[0], -1):.1f} s"
              f" and {chain[-1]} at {starts.get(chain[-1], -1):.1f} s; first started: "
              + ", ".join(f"{name} ({dict(spec)[name]:g} s)" for name in first))
    print(f"parnox's once-per-run cost (`parnox list`: find nox, discovery, config), which the "
          f"bound leaves out: {fixed.wall:.2f} s of the {warm.wall - bound:.2f} s between the "
          f"second run and the bound")
    ratio = warm.wall / bound
    verdict = "within" if ratio <= GOAL else "ABOVE"
    print(f"parnox -j{jobs} (second run) / bound = {ratio:.2f}x ({verdict} the {GOAL:.2f}x goal)")


if __name__ == "__main__":
    main()
