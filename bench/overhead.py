#!/usr/bin/python3
"""parnox's own cost per session.

A throw-away project of K trivial sessions (venv_backend="none", the body does nothing), so a
run costs only process start-ups. Timed in the same run, R times each (default 5), interleaved so that
every variant sees the same machine load, median taken:

  loop of K `nox -s NAME`    the same work without parnox: one nox process per session
  parnox -j1                 parnox as a user runs it (it finds nox itself)
  parnox -j1 --nox CMD       nox given, as the loop runs it: no search for nox
  parnox list [--nox CMD]    parnox's fixed cost per run: find nox, discover, read config
  nox (one process)          sequential nox running all K in one process, which pays nox's
                             start-up once, not K times: context, not a baseline

Per-session overhead = (parnox -j1 - loop) / K, the brief's figure; it includes parnox's
once-per-run cost spread over K sessions. The marginal figure subtracts `parnox list` too:
what each further session costs. parnox's --report of its -j1 runs gives two in-run figures
that nox's own noise does not blur: the time between sessions (run wall minus the sum of the
sessions' durations) and the time outside the run. Goal: <= 10 ms per session.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys

from benchlib import (NOX, Project, add_common_arguments, check_parnox, machine_line, median,
                      print_table, run_timed, trivial_names, trivial_noxfile)

GOAL_MS = 10.0


def in_run_costs(report_path, process_wall: float) -> tuple[float, float]:
    """From parnox's own --report of a -j1 run: the time between sessions (run wall minus the
    sum of session durations, each measured from spawn to reaping) and the time outside the
    run (process wall minus run wall: finding nox, discovery, config, saving state)."""
    report = json.loads(report_path.read_text())
    run_wall = report["parnox"]["wall_seconds"]
    between = run_wall - sum(s.get("duration", 0) for s in report["sessions"])
    return between, process_wall - run_wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--sessions", "-K", type=int, default=20, help="K (default 20)")
    parser.add_argument("--repeat", "-R", type=int, default=5, help="R (default 5)")
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    k = args.sessions
    names = trivial_names(max(k, 2))[:k]
    nox_cmd = shlex.join(NOX)
    print(f"overhead.py: K={k} trivial sessions, R={args.repeat}; {machine_line()}")

    loop = "for s in " + " ".join(names) + f"; do {nox_cmd} -s \"$s\" || exit 1; done"
    variants = {
        f"loop of {k} nox -s": ["bash", "-c", loop],
        "parnox -j1": [parnox, "-j1", "--report", "report-a.json"],
        "parnox -j1 --nox CMD": [parnox, "-j1", "--nox", nox_cmd, "--report", "report-b.json"],
        "parnox list": [parnox, "list"],
        "parnox list --nox CMD": [parnox, "--nox", nox_cmd, "list"],
        f"nox, one process, {k} sessions": NOX,
    }
    samples = {label: [] for label in variants}
    gaps, outside = [], []
    with Project(trivial_noxfile(len(names)), keep=args.keep) as project:
        run_timed([parnox, "-j1"], project.path)  # warm caches; .parnox/ exists from now on
        for r in range(args.repeat):
            for label, argv in variants.items():
                samples[label].append(run_timed(argv, project.path))
                if "--report" in argv:
                    gap, out = in_run_costs(project.path / argv[-1], samples[label][-1].wall)
                    gaps.append(gap)
                    outside.append(out)
            print(f"  round {r + 1}/{args.repeat} done", file=sys.stderr)

    wall = {label: median([t.wall for t in ts]) for label, ts in samples.items()}
    cpu = {label: median([t.cpu for t in ts]) for label, ts in samples.items()}
    print()
    print_table(
        ["run", "wall s (median)", "all walls", "CPU s (median)", "wall / session ms"],
        [[label, f"{wall[label]:.3f}", " ".join(f"{t.wall:.2f}" for t in samples[label]),
          f"{cpu[label]:.3f}", f"{wall[label] / k * 1000:.1f}" if "list" not in label else ""]
         for label in variants])

    base = f"loop of {k} nox -s"
    best = {label: min(t.wall for t in ts) for label, ts in samples.items()}
    given, lst = "parnox -j1 --nox CMD", "parnox list --nox CMD"

    def per_session(figures, parnox_run, minus_list=False):
        extra = figures[lst] if minus_list else 0
        return (figures[parnox_run] - figures[base] - extra) / k * 1000

    per = per_session(wall, "parnox -j1")
    marginal = per_session(wall, given, True)
    print()
    print_table(["per-session overhead (ms)", "median wall", "best wall", "median CPU"], [
        ["(parnox -j1 - loop) / K", f"{per:.1f}", f"{per_session(best, 'parnox -j1'):.1f}",
         f"{per_session(cpu, 'parnox -j1'):.1f}"],
        ["(parnox -j1 --nox CMD - loop) / K", f"{per_session(wall, given):.1f}",
         f"{per_session(best, given):.1f}", f"{per_session(cpu, given):.1f}"],
        ["marginal: (parnox -j1 --nox CMD - loop - list --nox CMD) / K", f"{marginal:.1f}",
         f"{per_session(best, given, True):.1f}", f"{per_session(cpu, given, True):.1f}"],
    ])
    print(f"  from parnox's --report (median of {len(gaps)} -j1 runs): between sessions "
          f"{median(gaps) / k * 1000:.2f} ms per session (run wall - sum of session durations); "
          f"outside the run {median(outside):.3f} s per run")
    fixed = wall["parnox list"]
    print(f"\nparnox's once-per-run cost (parnox list): {fixed:.3f} s "
          f"({wall['parnox list --nox CMD']:.3f} s with --nox given; the difference is the "
          "search for nox)")
    print(f"nox's start-up per session: loop / K = {wall[base] / k * 1000:.0f} ms; "
          f"one nox running all {k}: {wall[f'nox, one process, {k} sessions']:.2f} s")
    verdict = "within" if per <= GOAL_MS else "ABOVE"
    print(f"per-session overhead {per:.1f} ms ({verdict} the {GOAL_MS:.0f} ms goal); "
          f"marginal {marginal:.1f} ms")


if __name__ == "__main__":
    main()
