#!/usr/bin/python3
"""parnox's own cost per session.

A throw-away project of K trivial sessions (venv_backend="none", the body does nothing), so a
run costs only process start-ups. Each round (R rounds, default 5, interleaved so that every
variant sees the same machine load) times:

  loop of K `nox -s NAME`    the same work without parnox: one nox process per session, one
                             after another (each timed on its own too)
  parnox -j1                 parnox as a user runs it (it finds nox itself), with --report
  parnox -j1 --nox CMD       nox given, as the loop runs it: no search for nox
  parnox list [--nox CMD]    parnox's fixed cost per run: find nox, discover, read config
  nox, one process           sequential nox running all K in one process, which pays nox's
                             start-up once, not K times: context, not a baseline

The brief's figure is (parnox -j1 - loop) / K over the medians of whole runs. On a shared
machine its noise (whole runs vary by a second) is larger than the figure, so the cost is
also decomposed into parts that can be measured on their own:

  once per run   parnox's process wall minus its run wall (from its --report): finding nox,
                 discovery, config, saving state; divided by K
  between        the run wall minus the sum of the sessions' durations (--report): parnox's
                 time from reaping one session to spawning the next
  within         what parnox's way of running nox adds inside a session: `nox --noxfile
                 PATH --sessions NAME --report FILE` with parnox's PARNOX_* variables, timed
                 right after a plain `nox -s NAME`, K x R pairs, median of the differences
                 (pairs cancel the load's drift). Cross-check, unpaired: median session
                 duration under parnox (spawn to reaping) minus median plain `nox -s` wall.

Goal: <= 10 ms per session.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys

from benchlib import (NOX, Project, add_common_arguments, bench_env, check_parnox,
                      machine_line, median, print_table, run_timed, trivial_names, trivial_noxfile)

GOAL_MS = 10.0


def read_report(path) -> tuple[float, list[float]]:
    """parnox's --report: the run's wall and each session's duration (spawn to reaping)."""
    report = json.loads(path.read_text())
    return report["parnox"]["wall_seconds"], [s["duration"] for s in report["sessions"]]


def parnox_like_env(name: str) -> dict[str, str]:
    return bench_env({"PARNOX_JOBS": "1", "PARNOX_CPUS": "1", "PARNOX_SESSION": name,
                      "PYTEST_XDIST_AUTO_NUM_WORKERS": "1"})


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

    loop_label, one_label = f"loop of {k} nox -s", f"nox, one process, {k} sessions"
    variants = {
        "parnox -j1": [parnox, "-j1", "--report", "report-a.json"],
        "parnox -j1 --nox CMD": [parnox, "-j1", "--nox", nox_cmd, "--report", "report-b.json"],
        "parnox list": [parnox, "list"],
        "parnox list --nox CMD": [parnox, "--nox", nox_cmd, "list"],
        one_label: NOX,
    }
    labels = [loop_label, *variants]
    walls = {label: [] for label in labels}
    cpus = {label: [] for label in labels}
    plain_sessions, parnox_sessions, between, outside, pairs = [], [], [], [], []
    with Project(trivial_noxfile(len(names)), keep=args.keep) as project:
        run_timed([parnox, "-j1"], project.path)  # warm caches; .parnox/ exists from now on
        for r in range(args.repeat):
            loop = []
            for name in names:
                loop.append(run_timed(NOX + ["-s", name], project.path))
                like = run_timed(NOX + ["--noxfile", str(project.path / "noxfile.py"),
                                        "--sessions", name, "--report", "like-parnox.json"],
                                 project.path, parnox_like_env(name))
                pairs.append(like.wall - loop[-1].wall)
            plain_sessions += [t.wall for t in loop]
            walls[loop_label].append(sum(t.wall for t in loop))
            cpus[loop_label].append(sum(t.cpu for t in loop))
            for label, argv in variants.items():
                t = run_timed(argv, project.path)
                walls[label].append(t.wall)
                cpus[label].append(t.cpu)
                if "--report" in argv:
                    run_wall, durations = read_report(project.path / argv[-1])
                    parnox_sessions += durations
                    between.append((run_wall - sum(durations)) / len(durations))
                    outside.append(t.wall - run_wall)
            print(f"  round {r + 1}/{args.repeat} done", file=sys.stderr)

    wall = {label: median(v) for label, v in walls.items()}
    cpu = {label: median(v) for label, v in cpus.items()}
    print()
    print_table(["run", "wall s (median)", "every round", "CPU s (median)"],
                [[label, f"{wall[label]:.3f}", " ".join(f"{w:.2f}" for w in walls[label]),
                  f"{cpu[label]:.3f}"] for label in labels])

    def per_session(figures, run, minus=None):
        return (figures[run] - figures[loop_label] - (figures[minus] if minus else 0)) / k * 1000

    brief = per_session(wall, "parnox -j1")
    print()
    print_table(["whole runs: per-session overhead, ms", "median wall", "median CPU"], [
        ["(parnox -j1 - loop) / K", f"{brief:.1f}", f"{per_session(cpu, 'parnox -j1'):.1f}"],
        ["(parnox -j1 --nox CMD - loop) / K", f"{per_session(wall, 'parnox -j1 --nox CMD'):.1f}",
         f"{per_session(cpu, 'parnox -j1 --nox CMD'):.1f}"],
    ])

    once = median(outside) / k * 1000
    gap = median(between) * 1000
    within = median(pairs) * 1000
    plain, under = median(plain_sessions), median(parnox_sessions)
    quart = (statistics.quantiles(plain_sessions, n=4), statistics.quantiles(parnox_sessions, n=4))
    pair_quart = statistics.quantiles(pairs, n=4)
    total = once + gap + within
    print()
    print_table(["decomposed: per-session overhead, ms", "", "from"], [
        ["once per run / K", f"{once:.1f}",
         f"{median(outside):.3f} s: parnox wall - its run wall, median of {len(outside)} runs"],
        ["between sessions", f"{gap:.2f}", "run wall - sum of durations, per session"],
        ["within a session", f"{within:.1f}",
         f"median of {len(pairs)} paired differences (IQR {pair_quart[0] * 1000:.0f} to "
         f"{pair_quart[2] * 1000:.0f})"],
        ["total", f"{total:.1f}", ""],
        ["marginal (without once per run)", f"{gap + within:.1f}", ""],
        ["cross-check: within, unpaired (noisy)", f"{(under - plain) * 1000:.1f}",
         f"median {under * 1000:.0f} ms under parnox (IQR {quart[1][0] * 1000:.0f}-"
         f"{quart[1][2] * 1000:.0f}) - median {plain * 1000:.0f} ms plain "
         f"(IQR {quart[0][0] * 1000:.0f}-{quart[0][2] * 1000:.0f})"],
    ])
    print(f"\nparnox's once-per-run cost, parnox list: {wall['parnox list']:.3f} s; with --nox "
          f"given {wall['parnox list --nox CMD']:.3f} s (the difference is the search for nox)")
    print(f"nox's start-up per session: {plain * 1000:.0f} ms; one nox running all {k}: "
          f"{wall[one_label]:.2f} s")
    verdict = "within" if total <= GOAL_MS else "ABOVE"
    print(f"per-session overhead: {total:.1f} ms decomposed ({verdict} the {GOAL_MS:.0f} ms goal), "
          f"{gap + within:.1f} ms marginal; whole-run figure {brief:.1f} ms (noise-bound)")


if __name__ == "__main__":
    main()
