"""Prints why each skipped test skipped, from ctest's --output-junit file.

ctest marks a test skipped (a GTEST_SKIP, an end-to-end script's exit 77) but never shows
its output, even with --output-on-failure; scripts/test.sh runs this after ctest so every
skip names its reason:

  skipped: DiscoveryTest.RequiresChainsAndDefaultFalse: nox 2022.11.21 has no requires= ...
  skipped: e2e.html_report: chromium is not installed (Debian: apt-get install chromium)
"""

import re
import sys
import xml.etree.ElementTree as ElementTree


def reason(output, ctest_says):
    """The skip's own words: GoogleTest's message after "FILE:LINE: Skipped", or the
    end-to-end helper's "SKIP: NAME: REASON" line; else the output's last line, else
    ctest's own word (DISABLED_, a missing fixture)."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if re.search(r":\d+: Skipped$", line):
            message = []
            for text in lines[i + 1 :]:
                if text.startswith("[  SKIPPED ]"):
                    break
                if text.strip():
                    message.append(text.strip())
            return " ".join(message) or "(GTEST_SKIP without a message)"
        match = re.match(r"SKIP: (?:[\w.-]+: )?(.*)", line)
        if match:
            return match.group(1)
    last = [line for line in lines if line.strip()]
    if last:
        return f"(no reason given; last line: {last[-1]})"
    return f"(no output; ctest: {ctest_says})"


def main(path):
    try:
        suite = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        print(f"skip_reasons: cannot read {path}: {error}")
        return 0
    skipped = [case for case in suite.iter("testcase") if case.find("skipped") is not None]
    if skipped:
        print(f"{len(skipped)} test{'s' if len(skipped) > 1 else ''} skipped:")
    for case in skipped:
        why = reason(case.findtext("system-out") or "", case.find("skipped").get("message"))
        print(f"  skipped: {case.get('name')}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
