#!/usr/bin/env bash
# output: sessions print 50 MiB, every byte value without a final newline, 100 KiB without
# any newline, slow half lines, ANSI escapes. Every session's log holds its exact payload,
# contiguous, byte for byte (expected.py regenerates it), and parnox's peak memory stays far
# below the 50 MiB it passed through (it streams, it does not hold a session's output).
source "$(dirname "$0")/lib.sh"

MAX_RSS_KIB=$((40 * 1024))

dir=$(fixture output)

say "parnox -j2 on output/, sampling its peak RSS (VmHWM)"
(cd "$dir" && exec "$PARNOX" -j2 --report "$SCRATCH/parnox.json" \
  >"$SCRATCH/parnox.out" 2>"$SCRATCH/parnox.err" </dev/null) &
pid=$!
peak_kib=0
while hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n $hwm ]]; do
  peak_kib=$hwm
  sleep 0.05
done
set +e
wait "$pid"
RC=$?
set -e
expect_rc parnox 0
echo "peak RSS of parnox: $peak_kib KiB"

say "every session's log holds its payload byte for byte"
"$PY" - "$dir" "$SCRATCH/parnox.json" <<'PYEOF' || fail "session logs" "each payload, contiguous" "see above"
import json, subprocess, sys
project, report = sys.argv[1], sys.argv[2]
with open(report) as f:
    logs = {s["name"]: s["log"] for s in json.load(f)["sessions"]}
ok = True
for name in ("big", "binary", "nonl", "drip", "ansi"):
    expected = subprocess.run([sys.executable, "expected.py", name], cwd=project,
                              check=True, capture_output=True).stdout
    path = logs.get(name)
    if path and not path.startswith("/"):
        path = f"{project}/{path}"
    try:
        with open(path, "rb") as f:
            log = f.read()
    except (OSError, TypeError) as e:
        print(f"  {name}: no log ({path}): {e}")
        ok = False
        continue
    found = expected in log
    print(f"  {name}: payload {len(expected)} bytes, log {len(log)} bytes, payload found: {found}")
    ok = ok and found
sys.exit(0 if ok else 1)
PYEOF

((peak_kib > 0)) || fail "the peak RSS sample" "a number from /proc/PID/status" "none"
# A sanitizer build keeps shadow memory and a quarantine of freed blocks: its RSS says
# nothing about parnox's own. scripts/test.sh --sanitize says when that is the build.
if [[ -z ${PARNOX_TEST_SANITIZED:-} ]]; then
  say "parnox's peak RSS stays under $MAX_RSS_KIB KiB"
  ((peak_kib < MAX_RSS_KIB)) || fail "parnox's peak RSS" "under $MAX_RSS_KIB KiB" "$peak_kib KiB"
fi

pass
