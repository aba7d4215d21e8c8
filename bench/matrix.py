#!/usr/bin/python3
"""How evenly `parnox matrix` splits sessions into CI jobs.

Generates a throw-away project of 50 and of 200 sessions whose bodies do nothing (nothing
runs: the bench only plans), and a `.parnox/durations.json` of realistic durations drawn from
a fixed seed: a few long test sessions (`tests`, python=[3.9 .. 3.13] x kinds, minutes each),
many short gates (seconds), and a fan-in `coverage` session declared
`[tool.parnox] after = { coverage = ["tests*"] }`. For N = 4 shards it compares:

  parnox matrix           `parnox matrix --shards 4 --format json`: its shards and final stage
  LPT (Python)            greedy longest-first on the same units, the same final stage: what
                          parnox's local search adds on top of it
  round-robin (nox order) the same units dealt in nox's order to the 4 shards, duration-blind
  best split (exhaustive) branch and bound over the same units, when it ends within a
                          million nodes: how far the other splits are from the best one
  one job per session     every session its own CI job; the fan-in job after the others

The figure is longest shard / (shard work / N), where shard work is the work of the sessions
in the shards: the final stage runs after them and cannot be spread, so it is left out (the
line under the table gives the figure with it counted too). Because a unit (sessions kept in
one shard) cannot be split, the best any split can do is max(shard work / N, heaviest unit):
the table shows the longest shard against that bound as well. Goal (issue 5): at most 1.05.
Nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchlib import NOX, Project, add_common_arguments, bench_env, check_parnox, print_table

GOAL = 1.05
BEST = "best split (exhaustive)"
PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
# The test kinds of each set (tests = every Python x every kind), then the median seconds of
# one test session of each kind; older Pythons run a little slower. Spreads are log-normal:
# sigma 0.3 for tests and coverage, 0.4 for the gates, 0.6 for the per-package gates.
TEST_KINDS = {50: ["unit", "integration"], 200: ["unit", "integration", "functional", "e2e"]}
TEST_MEDIAN = {"unit": 90, "integration": 240, "functional": 150, "e2e": 420}
PYTHON_FACTOR = {"3.9": 1.15, "3.10": 1.10, "3.11": 0.95, "3.12": 0.95, "3.13": 0.90}
# Gates a project has once, with their median seconds.
GATES = {"format": 4, "lint": 12, "typecheck": 45, "docs": 60, "spelling": 3, "build": 20,
         "licenses": 2}
# Per-package gates of a monorepo, which fill the set up to its size.
PACKAGE_GATES = {"package_lint": 5, "package_types": 15}
COVERAGE_MEDIAN = 15


@dataclass
class Layout:
    """The sessions of one generated set, as the noxfile declares them."""

    size: int
    kinds: list[str]
    packages: int
    readme: bool  # one more gate when the per-package pairs leave the size odd


def layout(size: int) -> Layout:
    kinds = TEST_KINDS.get(size, TEST_KINDS[50] if size < 200 else TEST_KINDS[200])
    rest = size - len(PYTHONS) * len(kinds) - len(GATES) - 1
    if rest < 0:
        sys.exit(f"bench: {size} sessions is fewer than the fixed ones; use at least "
                 f"{size - rest}")
    return Layout(size, kinds, rest // 2, rest % 2 == 1)


def noxfile(lay: Layout) -> str:
    """Sessions that do nothing. `tests` has python=[...] and a venv backend, as real projects
    do, so its signatures are `tests-3.11(kind='unit')`; discovery (nox -l) looks no
    interpreter up, and the bench never runs a session."""
    packages = [f"pkg{i:03d}" for i in range(lay.packages)]
    out = ["import nox", ""]
    for name in GATES:
        out += gate(name)
    if lay.readme:
        out += gate("readme")
    out += ["", f"@nox.session(python={PYTHONS!r})",
            f"@nox.parametrize(\"kind\", {lay.kinds!r})",
            "def tests(session, kind):", "    pass", ""]
    for name in PACKAGE_GATES:
        out += ["", '@nox.session(venv_backend="none")',
                f"@nox.parametrize(\"package\", {packages!r})",
                f"def {name}(session, package):", "    pass", ""]
    out += gate("coverage")
    return "\n".join(out) + "\n"


def gate(name: str) -> list[str]:
    return ["", '@nox.session(venv_backend="none")', f"def {name}(session):", "    pass", ""]


PYPROJECT = '[tool.parnox]\nafter = { coverage = ["tests*"] }\n'


def durations(lay: Layout, seed: int) -> dict[str, float]:
    """Seconds per signature, drawn from log-normal spreads around the medians above."""
    rng = random.Random(f"{seed}-{lay.size}")

    def draw(median: float, spread: float) -> float:
        return round(max(1.0, median * rng.lognormvariate(0, spread)), 1)

    out = {name: draw(median, 0.4) for name, median in GATES.items()}
    if lay.readme:
        out["readme"] = draw(3, 0.4)
    for python in PYTHONS:
        for kind in lay.kinds:
            out[f"tests-{python}(kind={kind!r})"] = draw(
                TEST_MEDIAN[kind] * PYTHON_FACTOR[python], 0.3)
    for name, median in PACKAGE_GATES.items():
        for i in range(lay.packages):
            out[f"{name}(package='pkg{i:03d}')"] = draw(median, 0.6)
    out["coverage"] = draw(COVERAGE_MEDIAN, 0.3)
    return out


def write_durations(project: Path, seconds: dict[str, float]) -> None:
    state = project / ".parnox"
    state.mkdir(exist_ok=True)
    sessions = {sig: {"seconds": s, "runs": 1} for sig, s in seconds.items()}
    (state / "durations.json").write_text(json.dumps({"version": 1, "sessions": sessions}))


def parnox_json(argv: list[str], cwd: Path) -> tuple[dict, float, str]:
    """Runs a parnox command that prints JSON; returns it, the wall seconds and stderr."""
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=bench_env(), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {shlex.join(argv)} exited {proc.returncode} in {cwd}:\n"
                 f"{proc.stderr[-4000:]}{proc.stdout[-2000:]}")
    try:
        return json.loads(proc.stdout), wall, proc.stderr
    except json.JSONDecodeError as error:
        sys.exit(f"bench: {shlex.join(argv)} printed no JSON ({error}):\n{proc.stdout[:2000]}")


def discover(parnox: str, project: Path, seconds: dict[str, float]):
    """nox's order and the graph's edges, from `parnox list --json`. Checks that the
    generated signatures are exactly nox's, so every session has its duration."""
    listing, _, _ = parnox_json([parnox, "list", "--json", "--nox", shlex.join(NOX)], project)
    order = listing["queue"]
    if set(order) != set(seconds) or len(order) != len(seconds):
        missing = sorted(set(order) - set(seconds))[:5]
        extra = sorted(set(seconds) - set(order))[:5]
        sys.exit(f"bench: generated signatures differ from nox's: nox has {missing}, "
                 f"the generator has {extra}")
    edges = [(e["from"], e["to"]) for e in listing["edges"]]
    return order, edges


def units(sessions: list[str], edges, order: list[str]) -> list[list[str]]:
    """The connected groups among `sessions` (what a split keeps in one shard), each in nox's
    order, the groups in the nox order of their first session."""
    parent = {s: s for s in sessions}

    def root(s):
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s
    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for s in sorted(sessions, key=order.index):
        groups.setdefault(root(s), []).append(s)
    return list(groups.values())


def longest_first(weights: list[float], bins: int) -> list[float]:
    """Greedy LPT: heaviest unit first (ties: nox order) into the lightest bin (ties: lower)."""
    loads = [0.0] * bins
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        lightest = min(range(bins), key=lambda b: (loads[b], b))
        loads[lightest] += weights[i]
    return loads


class _Reached(Exception):
    pass


def best_split(weights: list[float], bins: int, budget: int = 1_000_000) -> list[float] | None:
    """The split with the lightest longest shard, by exhaustive search (branch and bound from
    LPT's split; a unit goes to no two shards of equal load). None when it visits more than
    `budget` nodes: with many small units, near-even splits are too many to rule out."""
    order = sorted(weights, reverse=True)
    best = longest_first(weights, bins)
    # The search recurses once per unit; past Python's stack it gives up as on the budget.
    if len(order) >= sys.getrecursionlimit() - 100:
        return None
    # Durations are tenths of seconds, so no split beats the even share rounded up to one.
    floor = max(math.ceil(sum(order) / bins * 10 - 1e-6) / 10, order[0])
    loads = [0.0] * bins
    visits = 0

    def place(i: int) -> None:
        nonlocal best, visits
        visits += 1
        if visits > budget:
            raise TimeoutError
        if i == len(order):
            best = list(loads)
            if max(best) <= floor + 1e-6:
                raise _Reached
            return
        tried = set()
        for b in range(bins):
            if loads[b] in tried or loads[b] + order[i] >= max(best) - 1e-9:
                continue
            tried.add(loads[b])
            loads[b] += order[i]
            place(i + 1)
            loads[b] -= order[i]
    try:
        place(0)
    except TimeoutError:
        return None
    except _Reached:
        pass
    return best


def round_robin(weights: list[float], bins: int) -> list[float]:
    loads = [0.0] * bins
    for i, w in enumerate(weights):
        loads[i % bins] += w
    return loads


@dataclass
class Plan:
    """One way to split a set: its shard loads, then the fan-in after them."""

    label: str
    jobs: int
    loads: list[float]      # work of each job that runs side by side
    final_wall: float       # the fan-in stage's wall after them (0: none)
    final_work: float       # the fan-in stage's work, all of its jobs
    overhead: float
    sharded: bool = True    # N shards (False: one job per session, no N to compare with)

    @property
    def longest(self) -> float:
        return max(self.loads)

    @property
    def wall(self) -> float:
        final = self.overhead + self.final_wall if self.final_work else 0.0
        return self.overhead + self.longest + final

    @property
    def runner_time(self) -> float:
        """What the CI provider bills: every job's start-up plus all the work."""
        return self.jobs * self.overhead + sum(self.loads) + self.final_work


@dataclass
class Result:
    """One set planned every way, with what the bound needs."""

    size: int
    shards: int
    plans: list[Plan]
    shard_work: float
    final_work: float
    heaviest_unit: float
    unit_count: int
    matrix: dict
    matrix_wall: float
    auto: dict

    @property
    def bound(self) -> float:
        """No split of these units into N shards has a lighter longest shard."""
        return max(self.shard_work / self.shards, self.heaviest_unit)


def check_matrix(matrix: dict, order: list[str], seconds: dict[str, float]) -> None:
    """Every session once, in a shard or the final stage; estimates equal the durations."""
    stages = [s["sessions"] for s in matrix["shards"]] + [matrix["final"]["sessions"]]
    placed = [sig for stage in stages for sig in stage]
    if sorted(placed) != sorted(order):
        sys.exit(f"bench: the matrix does not place every session exactly once: {placed}")
    for shard in matrix["shards"]:
        work = sum(seconds[sig] for sig in shard["sessions"])
        if abs(work - shard["estimate_s"]) > 0.01 * len(shard["sessions"]) + 0.01:
            sys.exit(f"bench: a shard's estimate_s {shard['estimate_s']} is not the sum of its "
                     f"sessions' durations {work:.1f}")
    if matrix.get("assumed", {}).get("sessions"):
        sys.exit(f"bench: parnox assumed durations for {matrix['assumed']['sessions'][:5]}")


def measure(parnox: str, project: Path, lay: Layout, seed: int, shards: int,
            overhead: float, order=None, edges=None) -> Result:
    seconds = durations(lay, seed)
    write_durations(project, seconds)
    if order is None:
        order, edges = discover(parnox, project, seconds)
    # One core per runner: every figure here counts a job's time as its work, as the goal
    # does; on more cores `auto` would pick fewer jobs (docs/ci.md).
    base = [parnox, "matrix", "--format", "json", "--job-overhead", f"{overhead:g}s",
            "--runner-cpus", "1", "--nox", shlex.join(NOX)]
    matrix, wall, _ = parnox_json(base + ["--shards", str(shards)], project)
    check_matrix(matrix, order, seconds)
    auto, _, _ = parnox_json(base + ["--shards", "auto"], project)
    final = matrix["final"]["sessions"]
    in_shards = [s for s in order if s not in final]
    groups = units(in_shards, edges, order)
    weights = [sum(seconds[s] for s in g) for g in groups]
    final_work = sum(seconds[s] for s in final)
    stages = shards + bool(final)
    plans = [
        Plan("parnox matrix", stages, [s["estimate_s"] for s in matrix["shards"]],
             final_work, final_work, overhead),
        Plan("LPT (Python)", stages, longest_first(weights, shards), final_work, final_work,
             overhead),
        Plan("round-robin (nox order)", stages, round_robin(weights, shards), final_work,
             final_work, overhead),
        # Every session its own job; the fan-in sessions (parnox's final stage) after the rest.
        Plan("one job per session", len(order), [seconds[s] for s in in_shards],
             max((seconds[s] for s in final), default=0.0), final_work, overhead,
             sharded=False),
    ]
    best = best_split(weights, shards)
    if best:
        plans.insert(3, Plan(BEST, stages, best, final_work, final_work, overhead))
    return Result(lay.size, shards, plans, sum(weights), final_work, max(weights),
                  len(groups), matrix, wall, auto)


def report(result: Result, overhead: float) -> None:
    n = result.shards
    even = result.shard_work / n
    rows = []
    for plan in result.plans:
        ratio = f"{plan.longest / even:.4f}" if plan.sharded else "-"
        to_bound = f"{plan.longest / result.bound:.4f}" if plan.sharded else "-"
        rows.append([plan.label, plan.jobs, f"{plan.longest:.1f}", ratio, to_bound,
                     f"{plan.wall:.1f}", f"{plan.runner_time / 60:.1f}"])
    print_table(["plan", "jobs", "longest job s", f"/ (shard work/{n})", "/ bound",
                 "est. wall s", "runner min"], rows)
    if all(plan.label != BEST for plan in result.plans):
        print("best split: the exhaustive search gave up (over a million nodes: too many "
              "near-even splits to rule out)")
    parnox = result.plans[0]
    all_work = result.shard_work + result.final_work
    final = result.matrix["final"]
    print(f"shard work {result.shard_work:.1f} s in {result.unit_count} units "
          f"(shard work/{n} = {even:.1f} s, heaviest unit {result.heaviest_unit:.1f} s, "
          f"bound = max of the two = {result.bound:.1f} s); final stage "
          f"{final['sessions']} {result.final_work:.1f} s; job overhead {overhead:g} s")
    print(f"parnox's own estimate_s: wall {result.matrix['estimate_s']:.1f} s "
          f"(shards {', '.join(f'{s:.1f}' for s in parnox.loads)}; final "
          f"{final.get('estimate_s', 0):.1f}); `parnox matrix` took {result.matrix_wall:.2f} s "
          f"(discovery included)")
    print(f"with the final stage's work counted in total: parnox longest shard / "
          f"(all work/{n}) = {parnox.longest / (all_work / n):.4f}")
    auto = result.auto
    auto_jobs = len(auto["shards"]) + bool(auto["final"]["sessions"])
    auto_runner = auto_jobs * overhead + result.shard_work + result.final_work
    print(f"--shards auto picks {len(auto['shards'])} shards: estimated wall "
          f"{auto['estimate_s']:.1f} s, {auto_jobs} jobs, runner {auto_runner / 60:.1f} min")
    ratio = parnox.longest / even
    verdict = "within" if ratio <= GOAL else "ABOVE"
    print(f"parnox matrix, {result.size} sessions, N = {n}: longest shard / (shard work/{n}) = "
          f"{ratio:.4f} ({verdict} the {GOAL:.2f} goal); / bound = "
          f"{parnox.longest / result.bound:.4f}")


def sweep(parnox: str, project: Path, lay: Layout, seeds: list[int], shards: int,
          overhead: float) -> None:
    """The figure over many seeds, so that one lucky draw cannot stand for the rest."""
    seconds = durations(lay, seeds[0])
    write_durations(project, seconds)
    order, edges = discover(parnox, project, seconds)
    by_plan: dict[str, list[float]] = {}
    to_bound = []
    for seed in seeds:
        result = measure(parnox, project, lay, seed, shards, overhead, order, edges)
        for plan in (p for p in result.plans if p.sharded):
            by_plan.setdefault(plan.label, []).append(plan.longest / (result.shard_work / shards))
        to_bound.append(result.plans[0].longest / result.bound)
        print(f"  {lay.size} sessions, seed {seed}: parnox "
              f"{by_plan['parnox matrix'][-1]:.3f}", file=sys.stderr)
    rows = [[label if len(v) == len(seeds) else f"{label}, {len(v)} found",
             f"{min(v):.4f}", f"{statistics.median(v):.4f}", f"{max(v):.4f}",
             sum(r <= GOAL for r in v)] for label, v in by_plan.items()]
    rows.append(["parnox matrix / bound", f"{min(to_bound):.4f}",
                 f"{statistics.median(to_bound):.4f}", f"{max(to_bound):.4f}",
                 sum(r <= GOAL for r in to_bound)])
    print(f"\n{lay.size} sessions over seeds {seeds[0]}..{seeds[-1]}: longest shard / "
          f"(shard work/{shards})")
    print_table(["plan", "min", "median", "max", f"<= {GOAL} (of {len(seeds)})"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--seed", type=int, default=1, help="the durations' seed (default 1)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200],
                        help="session counts of the generated sets (default 50 200)")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--job-overhead", type=float, default=30.0, metavar="SECONDS")
    parser.add_argument("--seeds", type=int, default=0, metavar="K",
                        help="also sweep seeds SEED..SEED+K-1 and print min/median/max")
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    print(f"matrix.py --seed {args.seed}: sets of {', '.join(map(str, args.sizes))} sessions, "
          f"N = {args.shards}, job overhead {args.job_overhead:g} s; durations drawn from "
          f"seed {args.seed}; the ratio's total is the shards' work (the final stage left out)")
    for size in args.sizes:
        lay = layout(size)
        with Project(noxfile(lay), PYPROJECT, keep=args.keep,
                     prefix=f"parnox-bench-matrix-{size}-") as project:
            print(f"\n{size} sessions: {len(PYTHONS) * len(lay.kinds)} tests "
                  f"({len(PYTHONS)} pythons x {', '.join(lay.kinds)}), "
                  f"{len(GATES) + lay.readme + 2 * lay.packages} gates, coverage after tests*")
            report(measure(parnox, project.path, lay, args.seed, args.shards,
                           args.job_overhead), args.job_overhead)
            if args.seeds:
                sweep(parnox, project.path, lay,
                      list(range(args.seed, args.seed + args.seeds)), args.shards,
                      args.job_overhead)


if __name__ == "__main__":
    main()
