#!/usr/bin/env bash
# --nox takes any command that runs nox (a wrapper script, `python3 path/to/nox`), and the
# sessions' list comes through that very command: a wrapper that sets up its nox's world
# shows the same sessions to `parnox list` as to the sessions it runs.
source "$(dirname "$0")/lib.sh"

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PY'
import os

import nox


@nox.session(venv_backend="none")
def always(session):
    print("always sees WRAPPED=" + os.environ.get("WRAPPED", "unset"))


# Only under the wrapper: a list taken outside it would not have this session.
if os.environ.get("WRAPPED"):

    @nox.session(venv_backend="none")
    def wrapped(session):
        print("wrapped ran")
PY

wrapper=$SCRATCH/nox-wrapper
printf '#!/bin/sh\nWRAPPED=yes exec %s -m nox "$@"\n' "$PY" >"$wrapper"
chmod +x "$wrapper"

say "a wrapper script: parnox list shows the sessions its nox sees"
run_in list "$dir" "$PARNOX" list --nox "$wrapper"
expect_rc list 0
expect_output list "wrapped"

say "a wrapper script: every session runs through it"
run_in run "$dir" "$PARNOX" --nox "$wrapper" --no-trace -j 2
expect_rc run 0
expect_output run "always sees WRAPPED=yes"
expect_output run "wrapped ran"

say "PARNOX_NOX names the wrapper as well"
run_in env "$dir" env PARNOX_NOX="$wrapper" "$PARNOX" list
expect_rc env 0
expect_output env "wrapped"

say "python3 path/to/a-nox-script"
printf 'import sys\nfrom nox.__main__ import main\nsys.exit(main())\n' >"$SCRATCH/nox-script"
run_in script "$dir" "$PARNOX" --nox "$PY $SCRATCH/nox-script" --no-trace
expect_rc script 0
expect_output script "always sees WRAPPED=unset"

pass
