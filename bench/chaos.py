#!/usr/bin/python3
"""Chaos: parnox and its sessions killed at random moments with random signals.

Each trial runs parnox on a small project (four sessions that print known lines, one of
which leaves a background job and a setsid daemon running while it works), traced or not,
on 1 to 4 workers, and at a random moment does one of:

  nothing            the run ends by itself
  kill parnox        with SIGKILL, SIGTERM, SIGINT, SIGHUP or SIGABRT
  kill a session     one of the sessions' processes, with SIGKILL, SIGTERM or SIGINT

and then checks:

  - no process of the project is left 2 s after parnox ended;
  - parnox's exit status is the documented one: 0 or 1 when it ended by itself (1 only
    when a session was killed), 130 for SIGINT, SIGTERM and SIGHUP, death by the signal
    for SIGKILL and SIGABRT;
  - the state files (.parnox/durations.json, .parnox/edges.json) are whole JSON; the
    project keeps its .parnox/ from one trial to the next, as a developer's checkout does;
  - the log of every session the run's report calls a success holds the session's lines,
    complete and in order.

  bench/chaos.py [--parnox build/parnox] [--trials 100] [--seed N]

Prints one line per failed trial and the figures at the end; exits 1 if any trial failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchlib import add_common_arguments, bench_env, check_parnox

LINES = 300  # lines each session prints

NOXFILE = f'''
import sys

import nox

PRINT = """
import sys, time
name = sys.argv[1]
for i in range({LINES}):
    print(f"{{name}} line {{i}} of {LINES}", flush=True)
    if i % 50 == 0:
        time.sleep(0.05)
"""


def lines(session):
    session.run(sys.executable, "-c", PRINT, session.name)


@nox.session(venv_backend="none")
def one(session):
    lines(session)


@nox.session(venv_backend="none")
def two(session):
    lines(session)


@nox.session(venv_backend="none")
def three(session):
    # A background job and a daemon, both alive while the session works.
    session.run("sh", "-c", 'sleep 30 & setsid sleep 30 & "$1" -c "$0" three; status=$?; '
                'kill %1 %2 2>/dev/null; wait; exit $status', PRINT, sys.executable)


@nox.session(venv_backend="none")
def four(session):
    lines(session)
'''

PYPROJECT = """
[tool.parnox]
independent = ["one", "two", "three", "four"]
"""

PARNOX_SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGABRT]
SESSION_SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]


def processes_of(project: Path, exclude: set[int]) -> list[tuple[int, str]]:
    """Live processes whose working directory or command line names the project."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            stat = (entry / "stat").read_text()
            if stat[stat.rindex(")") + 2] in "ZX":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except (OSError, ValueError):
            continue
        if cwd.startswith(str(project)) or str(project) in cmdline:
            found.append((int(entry.name), cmdline.strip()))
    return found


def log_is_whole(log: Path, name: str) -> bool:
    """The session's lines, every one, in order (nox's own lines around them)."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return False
    mine = [line for line in text.splitlines() if line.startswith(f"{name} line ")]
    return mine == [f"{name} line {i} of {LINES}" for i in range(LINES)]


def trial(parnox: str, project: Path, rng: random.Random, env: dict[str, str]) -> tuple[str, list[str]]:
    traced = rng.random() < 0.5
    jobs = rng.randint(1, 4)
    action = rng.choice(["nothing", "parnox", "parnox", "session", "session"])
    report = project / "report.json"
    report.unlink(missing_ok=True)
    argv = [parnox, "-j", str(jobs), "--report", str(report), "--output", "stream"]
    if not traced:
        argv.append("--no-trace")
    proc = subprocess.Popen(argv, cwd=project, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sent = None
    time.sleep(rng.uniform(0.05, 2.0))
    if proc.poll() is not None:
        action = "nothing"  # the run had ended already
    elif action == "parnox":
        sent = rng.choice(PARNOX_SIGNALS)
        proc.send_signal(sent)
    elif action == "session":
        # The sessions' own processes: not parnox, its tracers and reapers, nor the nox that
        # lists the sessions before any starts (parnox's helper).
        sessions = [(pid, cmd) for pid, cmd in processes_of(project, {os.getpid(), proc.pid})
                    if "parnox" not in cmd.split(" ")[0] and "parnox_helper.py" not in cmd]
        if sessions:
            sent = rng.choice(SESSION_SIGNALS)
            os.kill(rng.choice(sessions)[0], sent)
        else:
            action = "nothing"  # the run had ended already
    try:
        code = proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = None
    label = f"{action}{'/' + signal.Signals(sent).name if sent else ''}, " \
            f"{'traced' if traced else 'untraced'}, -j {jobs}"
    problems = []
    if code is None:
        problems.append("parnox did not end within 120 s")
    # Nothing of the run left, 2 s after parnox ended.
    deadline = time.monotonic() + 2
    left = processes_of(project, {os.getpid()})
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = processes_of(project, {os.getpid()})
    if left:
        problems.append(f"{len(left)} processes left: {left[:3]}")
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    # The documented exit status.
    if code is not None:
        if action == "parnox" and sent in (signal.SIGKILL, signal.SIGABRT):
            expected = {-sent, 0, 1}  # 0 or 1: it ended as the signal was sent
        elif action == "parnox":
            expected = {130, 0, 1}  # the run may have ended just before the signal
        elif action == "session":
            expected = {0, 1}
        else:
            expected = {0}
        if code not in expected:
            problems.append(f"exit status {code}, expected one of {sorted(expected)}")
    # Whole state files.
    for name in ("durations.json", "edges.json"):
        path = project / ".parnox" / name
        if path.exists():
            try:
                json.loads(path.read_text())
            except ValueError as error:
                problems.append(f".parnox/{name} is not whole JSON: {error}")
    # Whole logs of the sessions the report calls a success.
    if report.exists():
        for session in json.loads(report.read_text())["sessions"]:
            if session["result"] == "success":
                log = project / ".parnox" / "logs" / f"{session['name']}.log"
                if not log_is_whole(log, session["name"]):
                    problems.append(f"{session['name']} passed but its log is not whole")
    return label, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    env = bench_env()
    figures: Counter[str] = Counter()
    failed = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="parnox-chaos-") as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        (project / "noxfile.py").write_text(NOXFILE)
        (project / "pyproject.toml").write_text(PYPROJECT)
        for number in range(1, args.trials + 1):
            label, problems = trial(parnox, project, rng, env)
            figures[label.split(",")[0]] += 1
            if problems:
                failed += 1
                print(f"trial {number} ({label}): " + "; ".join(problems))
        if args.keep:
            kept = Path(tempfile.mkdtemp(prefix="parnox-chaos-kept-"))
            subprocess.run(["cp", "-a", str(project), str(kept)], check=False)
            print(f"project kept in {kept}")
    print(f"chaos: {args.trials} trials (seed {seed}) in {time.monotonic() - started:.0f}s, "
          f"{failed} failed")
    for label, count in sorted(figures.items()):
        print(f"  {count:4d}  {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
