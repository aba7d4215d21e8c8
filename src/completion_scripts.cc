#include "completion_scripts.h"

namespace {

/// Asks with the command's own first word, so the parnox completed is the parnox asked.
/// bash's COMP_WORDS keep the quotes as typed, and COMP_WORDBREAKS makes `=` a word of its
/// own: parnox unquotes and joins them (UnquoteBashWords), bash replaces only what follows
/// an `=`, and `printf %q` quotes a candidate into one word (`tests\(kind=\'unit\'\)`).
constexpr const char* kBash = R"SH(# bash completion for parnox.
# Install: source <(parnox completion bash)   (e.g. in ~/.bashrc)
_parnox_complete() {
  local line current=${COMP_WORDS[COMP_CWORD]}
  local -a reply
  COMPREPLY=()
  mapfile -t reply < <("${COMP_WORDS[0]}" __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  [[ $current == = ]] && current=
  case ${reply[0]-} in
    files)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$current")
      ;;
    words)
      for line in "${reply[@]:1}"; do
        if [[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD-1]} == = ]]; then
          line=${line#*=}
        fi
        printf -v line '%q' "$line"
        COMPREPLY+=("$line")
      done
      ;;
  esac
  return 0
}
complete -F _parnox_complete parnox
)SH";

/// zsh unquotes the words itself (${(Q)...}), and compadd quotes each candidate as it
/// inserts it.
constexpr const char* kZsh = R"SH(#compdef parnox
# zsh completion for parnox.
# Install: parnox completion zsh > "${fpath[1]}/_parnox"   (then restart zsh)
#      or: eval "$(parnox completion zsh)"   (in ~/.zshrc, after compinit)
_parnox() {
  local -a reply
  reply=("${(@f)$(${words[1]} __complete zsh "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
  case ${reply[1]} in
    files)
      [[ $PREFIX == -*=* ]] && compset -P '*='
      _files
      ;;
    words)
      compadd -- "${(@)reply[2,-1]}"
      ;;
  esac
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
  _parnox "$@"
else
  compdef _parnox parnox
fi
)SH";

/// `commandline -opc` gives the words before the cursor unquoted; the word being typed is
/// unquoted with `string unescape`; fish quotes each candidate as it inserts it.
constexpr const char* kFish = R"SH(# fish completion for parnox.
# Install: parnox completion fish > ~/.config/fish/completions/parnox.fish
#      or: parnox completion fish | source
function __parnox_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct | string unescape)
    set -l reply (command $words[1] __complete fish $words[2..-1] "$current" 2>/dev/null)
    switch "$reply[1]"
        case files
            __fish_complete_path (string replace -r -- '^-[^=]*=' '' "$current")
        case words
            printf '%s\n' $reply[2..-1]
    end
end
complete -c parnox -e
complete -c parnox -f -a '(__parnox_complete)'
)SH";

}  // namespace

std::string CompletionScript(Shell shell) {
  switch (shell) {
    case Shell::kBash: return kBash;
    case Shell::kZsh: return kZsh;
    case Shell::kFish: return kFish;
  }
  return "";
}
