#!/usr/bin/env bash
# html_report: `--html FILE` writes a page that a real browser renders: headless Chromium
# runs its script, draws one bar per session that ran, and every session's log is on the
# page under its row, with the failure's output among them. Skips only without chromium.
source "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[[ -n $CHROMIUM ]] || skip "chromium is not installed (Debian: apt-get install chromium)"

dir=$(fixture failing)

say "parnox -j2 --html writes the page, and exits 1 for bad"
run_in parnox "$dir" "$PARNOX" -j2 --html "$SCRATCH/report.html" --report "$SCRATCH/report.json"
expect_rc parnox 1
[[ -s $SCRATCH/report.html ]] || fail "the HTML report" "a file $SCRATCH/report.html" "none"

say "headless Chromium renders it (no network: the page needs none)"
set +e
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$SCRATCH/chromium-profile" --virtual-time-budget=5000 \
  --dump-dom "file://$SCRATCH/report.html" >"$SCRATCH/dom.html" 2>"$SCRATCH/chromium.err"
status=$?
set -e
if [[ $status -ne 0 || ! -s $SCRATCH/dom.html ]]; then
  show "$SCRATCH/chromium.err"
  fail "chromium --dump-dom" "exit 0 and the DOM" "exit $status"
fi

say "the script ran, a bar is drawn per session, each bar's row has its session's log"
"$PY" - "$SCRATCH/dom.html" "$SCRATCH/report.json" "$dir" <<'PYEOF' || fail "the rendered page" "as described above" "the problems above"
import json, os, sys
from html.parser import HTMLParser

dom_path, report_path, project = sys.argv[1:]

class Page(HTMLParser):
    """Collects the body's attributes, the chart's bars, and each session row's name and text."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body, self.bars, self.rows, self.names = {}, [], {}, {}
        self.row = None  # the id of the session row being read
        self.open = []   # the classes of the elements open inside it
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "body":
            self.body = a
        if tag == "g" and "bar" in classes:
            self.bars.append(a)
        if self.row is not None:
            self.open.append(classes)
        elif tag == "tbody" and "session" in classes:
            self.row, self.open = a["id"], []
            self.rows[self.row], self.names[self.row] = "", ""
    def handle_endtag(self, tag):
        if self.row is None:
            return
        if self.open:
            self.open.pop()
        else:
            self.row = None
    def handle_data(self, data):
        if self.row is None:
            return
        self.rows[self.row] += data
        if any("name" in classes for classes in self.open):
            self.names[self.row] += data

page = Page()
with open(dom_path, encoding="utf-8") as f:
    page.feed(f.read())
with open(report_path) as f:
    report = json.load(f)

problems = []
if page.body.get("data-js") != "ready":
    problems.append(f"the page's script did not finish: body {page.body}")
ran = [s for s in report["sessions"] if "worker" in s and "notified_by" not in s]
if len(page.bars) != len(ran) or len(ran) != 3:
    problems.append(f"{len(page.bars)} bars for {len(ran)} sessions that ran (expected 3)")
if page.body.get("data-bars-drawn") != str(len(ran)):
    problems.append(f"bars laid out by the browser: {page.body.get('data-bars-drawn')}")
bar_results = sorted(next(c for c in b["class"].split() if c.startswith("r-")) for b in page.bars)
if bar_results != ["r-failed", "r-success", "r-success"]:
    problems.append(f"bar colours by result: {bar_results}")

for bar in page.bars:
    text = page.rows.get(bar.get("data-session"))
    if text is None:
        problems.append(f"bar {bar} links to no session row")
        continue
    name = page.names[bar["data-session"]]
    session = next((s for s in ran if name in s["signatures"]), None)
    if session is None:
        problems.append(f"bar's row {name!r} is no session of the report")
        continue
    log = session["log"] if os.path.isabs(session["log"]) else os.path.join(project, session["log"])
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = [l.strip() for l in f if l.strip()]
    missing = [l for l in lines if l not in text]
    if missing:
        problems.append(f"{name}: log lines not under its row: {missing[:3]}")
if not any("bad: stderr line" in t for t in page.rows.values()):
    problems.append("the failure's stderr line is not on the page")

for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

pass
