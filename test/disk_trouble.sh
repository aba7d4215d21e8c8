#!/usr/bin/env bash
# A read-only project and a full disk, on a real small tmpfs: the sessions still run and
# report their true results (those sequential nox reports on the same disk), parnox names
# the file and the cause, and no state file is left half-written.
source "$(dirname "$0")/lib.sh"

[[ $(id -u) == 0 ]] || skip "needs root, to mount a small tmpfs"
disk=$SCRATCH/disk
mkdir -p "$disk"
mount -t tmpfs -o size=4m tmpfs "$disk" 2>"$SCRATCH/mount.err" ||
  skip "cannot mount a tmpfs here: $(cat "$SCRATCH/mount.err")"
trap 'status=$?; cd /; umount -l "$disk" 2>/dev/null; (exit $status); cleanup' EXIT

dir=$disk/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PY'
import sys

import nox


@nox.session(venv_backend="none")
def reads(session):
    session.run(sys.executable, "-B", "-c", "print(open('noxfile.py').read()[:10])")


@nox.session(venv_backend="none")
def fails(session):
    session.run(sys.executable, "-B", "-c", "import sys; sys.exit('fails on purpose')")


@nox.session(venv_backend="none")
def writes(session):
    session.run(sys.executable, "-B", "-c", "open('out.txt', 'w').write('x' * 100000)")
PY

## fallback_logs NAME: where NAME's run said its logs went instead of .parnox/logs.
fallback_logs() {
  local said
  said=$(cat "$SCRATCH/$1.out" "$SCRATCH/$1.err" | grep -o "logs go to [^ ]*/logs" | head -1) || true
  echo "${said#logs go to }"
}

## results NAME: "session result" lines from NAME's --report.
results() { json "$SCRATCH/$1.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"])'; }

say "a first run on a writable disk remembers durations"
run_in first "$dir" "$PARNOX" -j 3 --no-trace
expect_rc first 1
durations_before=$(cat "$dir/.parnox/durations.json")

say "read-only: parnox runs every session and reports what nox reports there"
mount -o remount,ro "$disk"
run_in nox "$dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
nox_rc=$RC
run_in ro "$dir" "$PARNOX" -j 3 --no-trace --report "$SCRATCH/ro.json"
expect_rc ro "$nox_rc"
same_text "results on a read-only project" "$(results nox)" "$(results ro)"
expect_output ro "Read-only file system"
expect_output ro "The sessions run all the same: this run's logs go to"
logs=$(fallback_logs ro)
[[ -f $logs/fails.log ]] || fail "fails.log" "in $logs" "none"
rm -rf "${logs%/logs}"
mount -o remount,rw "$disk"

say "a full disk: every session still runs, the lost log is named with its cause"
rm -f "$dir/out.txt"
dd if=/dev/zero of="$disk/filler" bs=64k 2>/dev/null || true
run_in full "$dir" "$PARNOX" -j 3 --no-trace
[[ $RC == 1 ]] || fail "exit status on a full disk" "1 (fails failed)" "$RC"
expect_output full "No space left on device"
logs=$(fallback_logs full)
[[ -z $logs ]] || rm -rf "${logs%/logs}"
for session in reads fails writes; do
  grep -qE "^$session +(success|failed)" "$SCRATCH/full.out" ||
    { show "$SCRATCH/full.out"; fail "$session on a full disk" "a true result in the table" "above"; }
done

say "the state files are as the last whole save left them, and the run said it saved nothing"
same_text ".parnox/durations.json after the runs that could not save" "$durations_before" \
  "$(cat "$dir/.parnox/durations.json")"
expect_output full ".parnox/durations.json not saved"

pass
