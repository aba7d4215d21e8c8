#!/usr/bin/env bash
# Shell completion in a real interactive zsh (in tmux, as it needs a terminal; bash and fish
# are in completion.sh): `parnox completion zsh` completes a command, a choice and a quoted
# signature of a real project that the completed line then selects, nox asked once.
source "$(dirname "$0")/lib.sh"

command -v zsh >/dev/null || skip "zsh is not installed (scripts/setup.sh --tests installs it)"
need_terminal
dir=$(fixture paramed)
completion_setup

say "zsh: a real interactive zsh completes a command, a choice and a signature"
# zsh -f: no user configuration; compinit as a user's ~/.zshrc runs it.
tmx -f /dev/null new-session -d -x 200 -y 50 -s zsh \
  "cd $(printf %q "$dir") && PATH=$(printf %q "$PATH") PROMPT='zsh%% ' zsh -f -i"
zsh_type() { tmx send-keys -t zsh "$@"; }
## zsh_wait TEXT: waits (20 s at most) until the pane shows TEXT.
zsh_wait() {
  local deadline=$((SECONDS + 20))
  until tmx capture-pane -p -t zsh | grep -qF -- "$1"; do
    ((SECONDS < deadline)) || fail "zsh's screen" "a line with $1" "$(tmx capture-pane -p -t zsh)"
    sleep 0.2
  done
}
zsh_wait "zsh%"
zsh_type 'autoload -U compinit && compinit -u && eval "$(parnox completion zsh)" && echo LOADED' Enter
zsh_wait "LOADED"
zsh_type 'parnox matr' Tab
zsh_wait "zsh% parnox matrix"
zsh_type ' --format gith' Tab
zsh_wait "zsh% parnox matrix --format github"
zsh_type C-u
zsh_type 'parnox --output q' Tab
zsh_wait "zsh% parnox --output quiet"
zsh_type C-u
zsh_type "parnox list --nox $wrapper -s tests\\(mode=\\'full\\',\\ db=\\'p" Tab
zsh_wait "postgres"
same_text "zsh: nox starts (asked once, for the cache)" 1 "$(nox_starts)"
zsh_type ' && echo ZSH-$?' Enter
zsh_wait "ZSH-0"
tmx capture-pane -p -t zsh >"$SCRATCH/zsh.screen"
grep -qF -- "* tests(mode='full', db='postgres')" "$SCRATCH/zsh.screen" || {
  show "$SCRATCH/zsh.screen"
  fail "zsh: the completed signature selects its session" "that session selected" "none"
}

pass
