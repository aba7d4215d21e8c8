#!/usr/bin/env bash
# notify: build writes dist/artifact.txt and calls session.notify("publish"); publish reads
# it. As under nox, publish runs once, after build, and sees the artifact and the posargs
# build gave it; every selection ends with nox's results, including `-s publish build`,
# where nox runs publish first (it fails: nothing built) and build's notify does nothing.
source "$(dirname "$0")/lib.sh"

case_number=0

## same_as_nox ARGS...: on a fresh copy each, nox and parnox given ARGS end with the same
## exit status and per-session results. Leaves the parnox copy in $dir.
same_as_nox() {
  case_number=$((case_number + 1))
  local n=$case_number expected got nox_dir
  say "selection: ${*:-(default)}"
  nox_dir=$(fixture notify "$SCRATCH/nox-$n")
  dir=$(fixture notify "$SCRATCH/parnox-$n")
  run_in "nox-$n" "$nox_dir" "${NOX[@]}" --report "$SCRATCH/nox-$n.json" "$@"
  run_in "parnox-$n" "$dir" "$PARNOX" -j2 --report "$SCRATCH/parnox-$n.json" "$@"
  local parnox_rc=$RC
  expected=$(report_results "$SCRATCH/nox-$n.json")
  got=$(report_results "$SCRATCH/parnox-$n.json")
  same_text "sessions and results, nox vs parnox, for: ${*:-(default)}" "$expected" "$got"
  RC=$parnox_rc
  expect_rc "parnox-$n" "$(json "$SCRATCH/nox-$n.json" '0 if d["result"] == 1 else 1')"
}

## publish_runs: how many times publish ran, over all of the parnox run's logs.
publish_runs() { cat "$dir"/.parnox/logs/*.log | grep -c "Running session publish" || true; }

same_as_nox
say "publish ran once, after build, with the artifact and its notify posargs"
[[ $(publish_runs) == 1 ]] || fail "runs of publish" 1 "$(publish_runs)"
grep -rqF "publishing artifact with --dry-run" "$dir/.parnox/logs/" ||
  fail "publish's output" "'publishing artifact with --dry-run'" "$(grep -rh "publish" "$dir/.parnox/logs/")"
log=$(json "$SCRATCH/parnox-$case_number.json" '[s["log"] for s in d["sessions"] if s["name"] == "publish"][0]')
[[ $log == /* ]] || log=$dir/$log
if [[ -f $dir/.parnox/logs/publish.log && $log == */publish.log ]]; then
  # publish ran as its own child: it must have started after build ended.
  later=$(json "$SCRATCH/parnox-$case_number.json" '[s["start"] for s in d["sessions"] if s["name"] == "publish"][0] >=
    [s["end"] for s in d["sessions"] if s["name"] == "build"][0]')
  [[ $later == true ]] || fail "publish's start" "after build's end" "before it"
else
  # publish ran inside build's nox (nox runs a notified session in the notifier's process).
  order=$(grep -hE "Running session (build|publish)" "$log" | tr '\n' ' ')
  [[ $order == "nox > Running session build nox > Running session publish " ]] ||
    fail "order in build's log" "build, then publish" "$order"
fi

same_as_nox -s lint
[[ $(publish_runs) == 0 ]] || fail "runs of publish under -s lint" 0 "$(publish_runs)"

same_as_nox -s publish
same_as_nox -s build publish
[[ $(publish_runs) == 1 ]] || fail "runs of publish under -s build publish" 1 "$(publish_runs)"

same_as_nox -s publish build
[[ $(publish_runs) == 1 ]] || fail "runs of publish under -s publish build" 1 "$(publish_runs)"

pass
