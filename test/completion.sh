#!/usr/bin/env bash
# Shell completion: the script `parnox completion SHELL` prints, sourced in the real shell,
# offers parnox's commands, a command's options, an option's choices and the sessions of a
# real project (a signature with quotes coming back as one word nox accepts), and a second
# Tab starts no nox: the session names come from .parnox/completion.json until the noxfile
# changes. bash and fish are driven through their own completion entry points (zsh, which
# needs a terminal, in completion_zsh.sh).
source "$(dirname "$0")/lib.sh"

dir=$(fixture paramed)
completion_setup

## bash_complete WORD...: COMPREPLY, one a line, for `parnox WORD...` with the cursor at
## the end of the last WORD (as bash's COMP_WORDS holds them), from the real script in a
## real bash run in the project.
bash_complete() {
  (cd "$dir" && bash --norc --noprofile -c '
    source <(parnox completion bash) || exit 9
    [[ $(complete -p parnox) == *_parnox_complete* ]] || exit 8
    COMP_WORDS=(parnox "$@")
    COMP_CWORD=$#
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    _parnox_complete parnox "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    if ((${#COMPREPLY[@]})); then printf "%s\n" "${COMPREPLY[@]}"; fi' bash "$@")
}

## offers SHELL FILE LINE...: each LINE is a whole line of FILE, what SHELL offered for -s.
offers() {
  local shell=$1 file=$2 expected
  shift 2
  for expected in "$@"; do
    grep -qxF -- "$expected" "$file" || { show "$file"; fail "$shell: -s offers $expected" "that line" "none"; }
  done
}

## fish_complete LINE: what fish offers for LINE, one candidate a line (descriptions cut).
fish_complete() {
  (cd "$dir" && fish --no-config -c 'parnox completion fish | source; complete -C $argv[1]' \
    "$1") | cut -f1
}

say "parnox completion: errors name the shells, --help says how to install"
run completion-none "$PARNOX" completion
expect_rc completion-none 2
expect_output completion-none "bash, zsh or fish"
run completion-ksh "$PARNOX" completion ksh
expect_rc completion-ksh 2
same_text "completion ksh" "parnox: error: completion takes bash, zsh or fish, not 'ksh'" \
  "$(cat "$SCRATCH/completion-ksh.err")"
run completion-help "$PARNOX" completion --help
expect_rc completion-help 0
for install in "source <(parnox completion bash)" '"${fpath[1]}/_parnox"' \
  "~/.config/fish/completions/parnox.fish" ".parnox/completion.json"; do
  expect_output completion-help "$install"
done
run help "$PARNOX" --help
expect_output help "completion"

say "bash: commands, a run flag, an option's choices"
same_text "bash: commands" "$(printf '%s\n' audit completion list matrix merge-durations run)" \
  "$(bash_complete "")"
same_text "bash: run --fail" "--fail-fast" "$(bash_complete run --fail)"
same_text "bash: --output b" "$(printf '%s\n' blocks board)" "$(bash_complete --output b)"
# COMP_WORDBREAKS makes `--output=b` three words; bash replaces what follows the `=`.
same_text "bash: --output=b" "$(printf '%s\n' blocks board)" "$(bash_complete --output = b)"
same_text "bash: completion z" "zsh" "$(bash_complete completion z)"

say "bash: files for a FILE value and after --"
same_text "bash: --report nox" "noxfile.py" "$(bash_complete --report nox)"
same_text "bash: posargs" "noxfile.py" "$(bash_complete -s lint -- nox)"

say "bash: the real project's sessions, nox started once"
[[ ! -e $dir/.parnox/completion.json ]] || fail "cache before the first Tab" "none" "one"
bash_complete --nox "$wrapper" -s "" >"$SCRATCH/bash-sessions.out"
offers bash "$SCRATCH/bash-sessions.out" lint docs-html "build\\(x86\\)" \
  "tests\\(mode=\\'fast\\'\\,\\ db=\\'sqlite\\'\\)"
same_text "nox starts for the first Tab" 1 "$(nox_starts)"
same_text "cache's first line" '{' "$(head -1 "$dir/.parnox/completion.json")"
same_text "cache's format version first" '  "version": 1,' "$(sed -n 2p "$dir/.parnox/completion.json")"

say "bash: a second Tab asks no nox, and sessions keep coming after each one"
same_text "bash: -s lint fm" "fmt" "$(bash_complete --nox "$wrapper" -s lint fm)"
same_text "nox starts after the second Tab" 1 "$(nox_starts)"

say "bash: a completed signature is one word nox accepts"
quoted=$(bash_complete --nox "$wrapper" -s "tests\\(mode=\\'full\\'\\,\\ db=\\'p")
same_text "bash: the postgres full signature" "tests\\(mode=\\'full\\'\\,\\ db=\\'postgres\\'\\)" \
  "$quoted"
eval "set -- $quoted"
same_text "the word bash reads back" "tests(mode='full', db='postgres')" "$*"
run_in list-back "$dir" "$PARNOX" list -s "$1"
expect_rc list-back 0
grep -qF -- "* tests(mode='full', db='postgres')" "$SCRATCH/list-back.out" ||
  fail "parnox list -s <completed word>" "that session selected" "$(cat "$SCRATCH/list-back.out")"

say "a changed noxfile makes the cache stale: nox is asked again"
echo "# changed" >>"$dir/noxfile.py"
bash_complete --nox "$wrapper" -s d >/dev/null
same_text "nox starts after the noxfile changed" 2 "$(nox_starts)"

say "a noxfile that raises: no sessions, nothing on stderr"
broken=$SCRATCH/broken
mkdir -p "$broken"
printf 'import nox\nraise RuntimeError("broken noxfile")\n' >"$broken/noxfile.py"
run_in broken "$broken" "$PARNOX" __complete bash -s ""
expect_rc broken 0
same_text "broken noxfile: stdout" "words" "$(cat "$SCRATCH/broken.out")"
same_text "broken noxfile: stderr" "" "$(cat "$SCRATCH/broken.err")"

say "a noxfile that hangs: the Tab ends within the time limit, nothing of nox is left"
hanging=$SCRATCH/hanging
mkdir -p "$hanging"
printf 'import time\ntime.sleep(300)\n' >"$hanging/noxfile.py"
began=$SECONDS
run_in hanging "$hanging" "$PARNOX" __complete bash -s ""
((SECONDS - began <= 10)) || fail "a Tab on a hanging noxfile" "at most 10 s" "$((SECONDS - began)) s"
same_text "hanging noxfile: stdout" "words" "$(cat "$SCRATCH/hanging.out")"
same_text "hanging noxfile: stderr" "" "$(cat "$SCRATCH/hanging.err")"
expect_none_left "$hanging" "nox on a hanging noxfile"

say "fish: commands, a run flag, a choice, the sessions from the cache"
command -v fish >/dev/null || skip "fish is not installed (scripts/setup.sh --tests installs it)"
same_text "fish: commands" "$(printf '%s\n' audit completion list matrix merge-durations run)" \
  "$(fish_complete "parnox ")"
same_text "fish: run --fail" "--fail-fast" "$(fish_complete "parnox run --fail")"
same_text "fish: --output q" "quiet" "$(fish_complete "parnox --output q")"
fish_complete "parnox --nox $wrapper -s " >"$SCRATCH/fish-sessions.out"
offers fish "$SCRATCH/fish-sessions.out" lint docs-html "build(x86)" \
  "tests(mode='fast', db='sqlite')"
same_text "fish: nox starts (the cache answered)" 2 "$(nox_starts)"
same_text "fish: -s tests(mode='full', db='p" "tests(mode='full', db='postgres')" \
  "$(fish_complete "parnox --nox $wrapper -s tests\\(mode=\\'full\\',\\ db=\\'p")"

pass
