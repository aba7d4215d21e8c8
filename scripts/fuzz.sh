#!/usr/bin/env bash
# Builds the libFuzzer targets (src/*_fuzz.cc) with Debian's clang, under AddressSanitizer
# and UndefinedBehaviorSanitizer, into build-fuzz/, and runs each for SECONDS (default 60):
#
#   bash scripts/fuzz.sh [--cpu] [SECONDS] [TARGET...]
#
# With --cpu, SECONDS is CPU time rather than wall time: each target runs until it has used
# that much CPU, however long a busy machine makes that take (the figures in a closing note
# are CPU-minutes), and is then stopped with SIGINT, which libFuzzer ends with its stats.
#
# Each target starts from its seed corpus in fuzz/corpus/TARGET/ and from the inputs that
# once crashed it, kept in fuzz/regressions/TARGET/ (each must pass before fuzzing starts).
# New inputs go to build-fuzz/corpus/TARGET/, not into the repository. A crash stops the
# script with the input saved under build-fuzz/crashes/; once fixed, keep that input in
# fuzz/regressions/TARGET/. Needs clang and libclang-rt-14-dev (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

cpu=false
if [ "${1:-}" = --cpu ]; then
  cpu=true
  shift
fi
seconds=${1:-60}
shift || true

packages=()
command -v clang++ >/dev/null || packages+=(clang)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  packages+=(libclang-rt-14-dev)
if ((${#packages[@]})); then
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "fuzz: installing ${packages[*]}"
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DPARNOX_FUZZ=ON -DPARNOX_BUILD_TESTS=OFF >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in src/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
fi
cmake --build build-fuzz --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-fuzz/crashes
for target in "${targets[@]}"; do
  work=build-fuzz/corpus/$target
  mkdir -p "$work"
  if compgen -G "fuzz/regressions/$target/*" >/dev/null; then
    echo "fuzz: $target: the inputs that once crashed it"
    "build-fuzz/$target" fuzz/regressions/"$target"/* >/dev/null 2>build-fuzz/regressions.log ||
      { cat build-fuzz/regressions.log; echo "fuzz: $target fails a regression input" >&2; exit 1; }
  fi
  limit=(-max_total_time="$seconds")
  if $cpu; then limit=(); fi
  echo "fuzz: $target for ${seconds}s$($cpu && echo " of CPU")"
  "build-fuzz/$target" "${limit[@]}" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="build-fuzz/crashes/$target-" \
    "$work" "fuzz/corpus/$target" 2>"build-fuzz/$target.log" &
  pid=$!
  used=0
  while $cpu && kill -0 "$pid" 2>/dev/null; do
    sleep 2
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || break
    read -ra fields <<<"${stat##*) }" # fields from the state on: utime and stime are 12th, 13th
    used=$(((fields[11] + fields[12]) / $(getconf CLK_TCK)))
    if ((used >= seconds)); then kill -INT "$pid"; fi
  done
  status=0
  wait "$pid" || status=$?
  # 72 is libFuzzer's exit status after the SIGINT above.
  if ((status != 0)) && ! { $cpu && ((status == 72)); }; then
    tail -n 60 "build-fuzz/$target.log"
    echo "fuzz: $target crashed; the input is in build-fuzz/crashes/ (fix, then keep it in fuzz/regressions/$target/)" >&2
    exit 1
  fi
  if $cpu; then echo "fuzz: $target: ${used}s of CPU"; fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$target.log" |
    sed "s/^/fuzz: $target: /"
done
echo "fuzz: ${#targets[@]} targets, ${seconds}s$($cpu && echo " of CPU") each, no crash"
