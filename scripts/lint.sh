#!/usr/bin/env bash
# Checks the C++ sources against the repository's .clang-format and .clang-tidy.
#
#   bash scripts/lint.sh            # every src/*.cc and src/*.h
#   bash scripts/lint.sh main       # clang-tidy only on those changed since this branch left
#                                   # main (committed or not), and its findings in them
#   bash scripts/lint.sh --skip-tests   # clang-tidy leaves out the *_test.cc units
#   BUILD=build-sanitize bash scripts/lint.sh   # another build's compile_commands.json
#
# clang-tidy is the slow part: on all of src/ it takes about 22 CPU-minutes (11 minutes on 2
# cores), over half of it in the *_test.cc units, which include GoogleTest; the rest about
# 10 CPU-minutes. So CI runs it with --skip-tests, on what changed since .ci/lint-base.
# clang-format takes a second: it always checks every file.
#
# clang-format runs as a dry run with -Werror, so no file is touched; clang-tidy runs on each
# translation unit with the flags of $BUILD/compile_commands.json (configured here if the
# build has none yet). Prints every file and line that fails, with the command that fixes it,
# and exits 1 if anything does, 2 if it cannot check. Needs Debian's clang-format and
# clang-tidy (scripts/setup.sh does not install them; .ci/run does).
set -eEuo pipefail
trap 'exit 2' ERR  # 1 is for findings: any other failure is the lint's own
cd "$(dirname "$0")/.."

build=${BUILD:-build}
skip_tests=false
if [[ ${1:-} == --skip-tests ]]; then
  skip_tests=true
  shift
fi
base=${1:-}

for tool in clang-format clang-tidy; do
  command -v "$tool" >/dev/null ||
    { echo "lint: $tool is not installed (Debian: apt-get install $tool)" >&2; exit 2; }
done

## The files in scope.

if [[ -z $base ]]; then
  files=(src/*.cc src/*.h)
  scope="src/"
else
  since=$(git merge-base "$base" HEAD) ||
    { echo "lint: '$base' is no git ref with a common ancestor of HEAD" >&2; exit 2; }
  # Changed against that commit in the work tree, new files included; deleted ones are gone.
  mapfile -t files < <({
    git diff --name-only --diff-filter=d "$since" -- 'src/*.cc' 'src/*.h'
    git ls-files --others --exclude-standard -- 'src/*.cc' 'src/*.h'
  } | LC_ALL=C sort -u)
  scope="src/ files changed since $base (${since:0:12})"
fi
echo "lint: clang-tidy: ${#files[@]} files in scope: $scope"

failed=0

## clang-format: which files, which lines.

format_out=$(mktemp)
tidy_dir=$(mktemp -d)
trap 'rm -rf "$format_out" "$tidy_dir"' EXIT

unformatted=()
all_files=(src/*.cc src/*.h)
for file in "${all_files[@]}"; do
  if ! clang-format --dry-run -Werror "$file" 2>"$format_out" >/dev/null; then
    unformatted+=("$file")
    # "FILE:LINE:COL: error: code should be clang-formatted": one per place, with the code.
    lines=$(sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: error: code should be clang-formatted.*/\1/p' \
      "$format_out" | uniq | paste -sd, -)
    if [[ -n $lines ]]; then
      echo "lint: $file: not formatted at lines $lines"
    else
      sed "s|^|lint: $file: |" "$format_out"
    fi
  fi
done
if ((${#unformatted[@]})); then
  failed=1
  echo "lint: clang-format: ${#unformatted[@]} of ${#all_files[@]} files need formatting. See the"
  echo "      changes with 'clang-format FILE | diff -u FILE -'; make them with:"
  echo "  clang-format -i ${unformatted[*]}"
else
  echo "lint: clang-format: all ${#all_files[@]} files formatted"
fi

## clang-tidy: each translation unit on its own, in parallel; a header through the units that
## include it (.clang-tidy's HeaderFilterRegex reports src/*.h findings).

if [[ ! -f $build/compile_commands.json ]]; then
  echo "lint: configuring $build for its compile_commands.json"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi

units=()
for file in "${files[@]}"; do
  if [[ $file == *.cc ]]; then
    units+=("$file")
  else
    while read -r unit; do units+=("$unit"); done \
      < <(grep -l "#include \"$(basename "$file")\"" src/*.cc || true)
  fi
done
# The fuzz targets are built in build-fuzz/ alone (scripts/fuzz.sh): $build has no compile
# command for them.
mapfile -t units < <(printf "%s\n" "${units[@]}" | sed "/^$/d" | grep -v '_fuzz\.cc$' |
  LC_ALL=C sort -u)
if $skip_tests; then
  mapfile -t units < <(printf '%s\n' "${units[@]}" | sed "/^$/d" | grep -v '_test\.cc$' || true)
  echo "lint: clang-tidy leaves out the *_test.cc units (--skip-tests)"
fi

if ((${#units[@]} == 0)); then
  echo "lint: clang-tidy: no translation unit to check"
  exit "$failed"
fi
echo "lint: clang-tidy on ${#units[@]} translation units ($(nproc) at a time)"
start=$SECONDS
# A unit's log is named after it; -Wno-error keeps the build's -Werror from turning clang's
# own warnings into errors that stop the analysis.
printf '%s\n' "${units[@]}" | xargs -P "$(nproc)" -I{} sh -c \
  'clang-tidy -p "$1" --quiet --extra-arg=-Wno-error "$2" >"$3/$(echo "$2" | tr / _).log" 2>&1 || true' \
  sh "$build" {} "$tidy_dir"
echo "lint: clang-tidy took $((SECONDS - start)) s"

# One finding per place: a header's is reported by every unit that includes it. Only the
# files in scope count.
in_scope=$(printf '%s\n' "${files[@]}" | sed "s|^|$PWD/|")
findings=$tidy_dir/findings
cat "$tidy_dir"/*.log | grep -E '^/[^:]+:[0-9]+:[0-9]+: (warning|error): .* \[[^]]+\]$' |
  LC_ALL=C sort -u -t: -k1,1 -k2,2n -k3,3n -k4 | grep -F -f <(sed 's/$/:/' <<<"$in_scope") \
  >"$findings" || true

if [[ -s $findings ]]; then
  failed=1
  sed "s|^$PWD/||" "$findings"
  echo "lint: clang-tidy: $(wc -l <"$findings") findings, by check:"
  sed 's/.*\[\([^]]*\)\]$/\1/' "$findings" | LC_ALL=C sort | uniq -c | sort -rn | sed 's/^/  /'
  echo "      See one with its context: clang-tidy -p $build FILE. Fix the code, or where a"
  echo "      check is wrong, say why beside a // NOLINT(check) on the line."
else
  echo "lint: clang-tidy: no findings"
fi
# A unit clang could not compile was not analysed: show why.
for log in "$tidy_dir"/*.log; do
  if grep -q '^Error while processing' "$log"; then
    failed=1
    echo "lint: clang-tidy could not compile a unit:"
    sed 's/^/  /' "$log"
  fi
done

exit "$failed"
