#!/usr/bin/python3
"""Peak memory of parnox itself over many sessions.

A throw-away project of N trivial parametrized sessions (`@nox.parametrize("i", list(range(N)))`,
venv_backend="none", the body does nothing), run with `parnox -j2` (default N=1000).

parnox's own peak is its VmHWM, read from /proc/PID/status at the last moment the process
still has its memory: the script attaches with ptrace (PTRACE_SEIZE + PTRACE_O_TRACEEXIT,
through ctypes) and reads VmHWM when parnox stops at its exit. Every other ptrace stop (a
signal on its way to parnox, e.g. SIGCHLD when a child ends) is passed straight on; at those
stops VmRSS is sampled too, to show whether memory grows with the sessions done. Where ptrace
is not allowed it falls back to polling VmHWM every 10 ms (and says so).

Also printed, for context: wait4's ru_maxrss, which is what `/usr/bin/time -f %M` reports. It
is the largest RSS among parnox AND every child it reaped (each nox is ~22 MB), so it does not
measure parnox. Goal: parnox's own peak <= 30 MB at N=1000.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import time

from benchlib import (Project, add_common_arguments, bench_env, check_parnox, machine_line,
                      print_table, trivial_noxfile)

GOAL_MB = 30.0
PTRACE_CONT = 7
PTRACE_SEIZE = 0x4206
PTRACE_O_TRACEEXIT = 0x40
PTRACE_EVENT_EXIT = 6
PTRACE_EVENT_STOP = 0x80


def status_kb(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Watch:
    """parnox's own memory over its life: final VmHWM, VmRSS samples, and wait4's rusage."""

    def __init__(self):
        self.peak_kb: int | None = None
        self.samples: list[tuple[float, int]] = []  # (seconds since start, VmRSS kB)
        self.method = ""
        self.wall = 0.0
        self.returncode = 0
        self.tree_maxrss_kb = 0

    def sample(self, pid: int, start: float) -> None:
        rss = status_kb(pid, "VmRSS")
        if rss is not None:
            self.samples.append((time.perf_counter() - start, rss))


def ptrace_api():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    return libc


def watch(argv: list[str], cwd, log) -> Watch:
    w = Watch()
    libc = ptrace_api()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=bench_env(), stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)
    pid = proc.pid
    traced = libc.ptrace(PTRACE_SEIZE, pid, None, ctypes.c_void_p(PTRACE_O_TRACEEXIT)) == 0
    w.method = "ptrace exit-stop" if traced else (
        f"polling every 10 ms (ptrace refused: {os.strerror(ctypes.get_errno())})")
    last_sample = 0.0
    while True:
        waited, status, usage = os.wait4(pid, 0 if traced else os.WNOHANG)
        if waited == 0:  # not traced and still running: poll
            w.peak_kb = status_kb(pid, "VmHWM") or w.peak_kb
            if time.perf_counter() - last_sample > 0.5:
                w.sample(pid, start)
                last_sample = time.perf_counter()
            time.sleep(0.01)
            continue
        if os.WIFSTOPPED(status):
            event, signal = status >> 16, os.WSTOPSIG(status)
            if event == PTRACE_EVENT_EXIT:
                w.peak_kb = status_kb(pid, "VmHWM")
                w.sample(pid, start)
                signal = 0
            elif event == PTRACE_EVENT_STOP:
                signal = 0
            elif time.perf_counter() - last_sample > 0.5:
                w.sample(pid, start)
                last_sample = time.perf_counter()
            libc.ptrace(PTRACE_CONT, pid, None, ctypes.c_void_p(signal))
            continue
        w.wall = time.perf_counter() - start
        w.returncode = os.waitstatus_to_exitcode(status)
        w.tree_maxrss_kb = usage.ru_maxrss
        proc.returncode = w.returncode
        return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--sessions", "-N", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("-j", "--jobs", default="2", help="parnox -j (default 2)")
    args = parser.parse_args()
    parnox = check_parnox(args.parnox)
    n = args.sessions
    print(f"memory.py: N={n} trivial parametrized sessions, parnox -j{args.jobs}; "
          f"{machine_line()}")

    with Project(trivial_noxfile(n, parametrized=True), keep=args.keep) as project:
        log_path = project.path / "parnox-output.txt"
        rows = []
        for label, argv in [("parnox list", [parnox, "list"]),
                            (f"parnox -j{args.jobs}", [parnox, "-j", args.jobs])]:
            print(f"  running {label} ...", file=sys.stderr)
            with open(log_path, "wb") as log:
                w = watch(argv, project.path, log)
            if w.returncode != 0:
                sys.exit(f"bench: {label} exited {w.returncode}:\n"
                         f"{log_path.read_text(errors='replace')[-4000:]}")
            rows.append((label, w))
        summary = log_path.read_text(errors="replace").strip().splitlines()[-1]

    print()
    print_table(["run", "wall s", "parnox VmHWM MB", "VmRSS first/mid/last MB",
                 "ru_maxrss (time -f %M) MB"], [
        [label, f"{w.wall:.1f}", f"{(w.peak_kb or 0) / 1024:.1f}",
         "/".join(f"{w.samples[i][1] / 1024:.1f}" for i in (0, len(w.samples) // 2, -1))
         if w.samples else "-", f"{w.tree_maxrss_kb / 1024:.1f}"]
        for label, w in rows])
    run = rows[-1][1]
    print(f"\nmethod: {run.method}; {len(run.samples)} VmRSS samples; parnox said: {summary}")
    peak_mb = (run.peak_kb or 0) / 1024
    verdict = "within" if peak_mb <= GOAL_MB else "ABOVE"
    print(f"parnox's own peak over {n} sessions: {peak_mb:.1f} MB ({verdict} the {GOAL_MB:.0f} MB "
          f"goal)")


if __name__ == "__main__":
    main()
