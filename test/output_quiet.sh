#!/usr/bin/env bash
# --output quiet prints the final table and nothing else: no start or finish lines, no
# session output (not even the failed one's), nothing on stderr; the table still names each
# session's result and the failure's log, and the exit status is the run's.
source "$(dirname "$0")/lib.sh"

dir=$(fixture failing)

say "parnox -j3 --output quiet on failing/"
run_in quiet "$dir" "$PARNOX" -j3 --output quiet
expect_rc quiet 1

say "stdout is the table alone, stderr is empty"
sed 's/^/  | /' "$SCRATCH/quiet.out"
pattern='^(|Session +Result +Duration|ok[12] +success +[0-9.]+s|bad +failed +[0-9.]+s  nox exited with status 1; log: \.parnox/logs/bad\.log|Wall time .*; sequential nox .*; lower bound .*)$'
if grep -nvE "$pattern" "$SCRATCH/quiet.out"; then
  fail "quiet output" "the table's lines only" "the lines above"
fi
for row in "Session " "ok1 " "bad " "ok2 " "Wall time "; do
  grep -q "^$row" "$SCRATCH/quiet.out" || fail "the table" "a line starting '$row'" "none"
done
[[ ! -s $SCRATCH/quiet.err ]] || { show "$SCRATCH/quiet.err"; fail "stderr" "empty" "the text above"; }

say "the session's output is still kept in its log"
grep -q "bad: stderr line" "$dir/.parnox/logs/bad.log" ||
  fail "bad's log" "its output, 'bad: stderr line'" "$(head -c 300 "$dir/.parnox/logs/bad.log")"

pass
