#!/usr/bin/env bash
# The wheel, as a user gets it: built offline from a clean clone, installed into a fresh
# virtualenv, it runs the example as build/parnox does, both as `parnox` and as `python -m
# parnox` (arguments, exit codes and Ctrl-C passed through). Its platform tag is what the
# binary needs, read here with other tools than the build reads it with (objdump's symbol
# versions, ldd); the version is one fact. Compiles parnox once more, Release (minutes).
source "$(dirname "$0")/lib.sh"

if [[ ${PARNOX_TEST_SANITIZED:-} ]]; then
  skip "the wheel holds a Release build, nothing of it sanitized: the plain pass tests it"
fi
for module in pip setuptools wheel venv; do
  "$PY" -c "import $module" 2>/dev/null ||
    skip "Debian's python3-$module is missing (bash scripts/setup.sh --tests installs it)"
done
command -v git >/dev/null || skip "git is missing: the wheel is built from a clean clone"
git -C "$PARNOX_SOURCE_DIR" rev-parse HEAD >/dev/null 2>&1 ||
  skip "$PARNOX_SOURCE_DIR is not a git checkout: no clean clone to build from"

say "the wheel, built from a clean clone of HEAD with no network"
git clone -q "$PARNOX_SOURCE_DIR" "$SCRATCH/src"
offline=()
# A network namespace of its own has no network at all; where one cannot be made, pip's
# --no-index still keeps the build off any index.
if unshare -n true 2>/dev/null; then offline=(unshare -n); fi
started=$SECONDS
run_in build "$SCRATCH/src" "${offline[@]}" "$PY" -m pip wheel --no-build-isolation --no-deps \
  --no-index -w "$SCRATCH/dist" .
expect_rc build 0
wheels=("$SCRATCH"/dist/parnox-*.whl)
[[ ${#wheels[@]} == 1 && -f ${wheels[0]} ]] || fail "one wheel in dist/" "1" "$(ls "$SCRATCH/dist")"
wheel=${wheels[0]}
say "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB) in $((SECONDS - started)) s"

say "its tag names the glibc its executable needs, and nothing else"
"$PY" - "$wheel" "$SCRATCH/unpacked" <<'PY' || exit 1
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
binary=$(echo "$SCRATCH"/unpacked/parnox-*.data/scripts/parnox)
[[ -f $binary ]] || fail "the executable in the wheel's scripts" "parnox-V.data/scripts/parnox" \
  "$(cd "$SCRATCH/unpacked" && find . -type f)"
tag=$(basename "$wheel" .whl)
tag=${tag##*-}
newest=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
IFS=. read -r major minor _ <<<"$newest"
same_text "the platform tag" "manylinux_${major}_${minor}_$(uname -m)" "$tag"
others=$(objdump -T "$binary" | grep -o '(GLIBCXX_[^)]*)\|(CXXABI_[^)]*)\|(GCC_[^)]*)' | sort -u ||
  true)
[[ -z $others ]] || fail "no symbol version outside glibc" "none" "$others"
chmod +x "$binary"
libraries=$(ldd "$binary" | awk '{print $1}' | sort)
for library in $libraries; do
  case $library in
    linux-vdso.so.1 | libc.so.6 | libm.so.6 | /lib*/ld-linux*) ;;
    *) fail "ldd: glibc's libraries only" "libc, libm, the loader" "$libraries" ;;
  esac
done

say "installed into a fresh virtualenv"
"$PY" -m venv "$SCRATCH/venv"
run install "${offline[@]}" "$SCRATCH/venv/bin/pip" install --no-index "$wheel"
expect_rc install 0
installed=$SCRATCH/venv/bin/parnox
[[ -x $installed && ! -L $installed ]] || fail "parnox on the virtualenv's PATH" "an executable" \
  "$(ls -l "$SCRATCH/venv/bin")"
cmp -s "$binary" "$installed" || fail "the installed parnox" "the wheel's executable" "another file"

say "one version: VERSION, --version, the wheel's metadata, the report"
version=$(head -n 1 "$SCRATCH/src/VERSION")
same_text "parnox --version" "$version" "$("$installed" --version)"
same_text "python -m parnox --version" "$version" "$("$SCRATCH/venv/bin/python" -m parnox --version)"
same_text "build/parnox --version" "$version" "$("$PARNOX" --version)"
metadata=$("$SCRATCH/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("parnox"))')
same_text "the wheel's metadata" "$version" "$metadata"

say "the example runs alike under build/parnox, parnox and python -m parnox"
declare -A how=(
  [build]="$PARNOX"
  [installed]="$installed"
  [module]="$SCRATCH/venv/bin/python -m parnox"
)
for name in build installed module; do
  dir=$(example "$SCRATCH/example-$name")
  # shellcheck disable=SC2086  # the module's command is three words
  run_in "example-$name" "$dir" ${how[$name]} -j 2 --report "$SCRATCH/$name.json"
  expect_rc "example-$name" 0
done
expected=$(report_results "$SCRATCH/build.json")
same_text "the installed parnox's sessions" "$expected" "$(report_results "$SCRATCH/installed.json")"
same_text "python -m parnox's sessions" "$expected" "$(report_results "$SCRATCH/module.json")"
same_text "the report's parnox.version" "$version" "$(json "$SCRATCH/module.json" 'd["parnox"]["version"]')"

say "python -m parnox: an unknown session is nox's exit 3, as parnox's"
dir=$(example "$SCRATCH/example-unknown")
run_in unknown "$dir" "$SCRATCH/venv/bin/python" -m parnox -s no_such_session
expect_rc unknown 3

say "python -m parnox: Ctrl-C reaches parnox, which ends the sessions and exits 130"
dir=$(fixture signals)
(cd "$dir" && exec setsid "$SCRATCH/venv/bin/python" -m parnox --no-trace -s sleeper \
  >"$SCRATCH/interrupt.out" 2>&1 </dev/null) &
pid=$!
wait_for_file "$dir/sleeper.pid" 60 ||
  fail "the session started" "$dir/sleeper.pid" "$(cat "$SCRATCH/interrupt.out")"
same_text "the process python -m parnox became" "$installed" "$(readlink "/proc/$pid/exe")"
kill -INT "$pid"
status=0
wait "$pid" || status=$?
same_text "the exit status after Ctrl-C" 130 "$status"
expect_none_left "$dir" "python -m parnox, interrupted"

pass
