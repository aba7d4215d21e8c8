#!/usr/bin/env bash
# Puts a newer nox than Debian 12's into DIR (default build-nox/), for the discovery tests
# that need one: Debian testing's (forky) python3-nox, with the pure-Python packages it needs
# that Debian 12 lacks or has too old (attrs >= 24.1, dependency-groups, humanize >= 4 from
# the same suite). The packages are unpacked, not installed: Debian 12's nox stays the
# system's, and the newer one runs as
#
#   PYTHONPATH=DIR/usr/lib/python3/dist-packages /usr/bin/python3 -m nox
#
# with the rest of its dependencies (argcomplete, colorlog, packaging, virtualenv) taken
# from Debian 12, where scripts/setup.sh installs them with python3-nox. Prints that
# PYTHONPATH entry last. Needs Debian's archive (deb.debian.org) and nothing else: about
# 10 MB of package lists and 200 kB of packages, fetched again after 6 hours.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$(realpath -m "${1:-build-nox}")
suite=forky
packages=(python3-nox python3-attr python3-dependency-groups python3-humanize)
root=$dir/root
site=$root/usr/lib/python3/dist-packages

## check: nox from $site starts; prints its version.
check() {
  PYTHONPATH=$site /usr/bin/python3 -m nox --version 2>&1
}

# What this fetched in the last 6 hours is new enough.
if [[ -n $(find "$dir/fetched" -mmin -360 2>/dev/null) ]] && version=$(check); then
  echo "newer_nox: nox $version in $site (fetched $(date -r "$dir/fetched" '+%F %R'))" >&2
  echo "$site"
  exit 0
fi

apt_dir=$dir/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
  "http://deb.debian.org/debian $suite main" >"$apt_dir/sources.list"
# A private apt state: the machine's own sources, lists and installed packages stay as they
# are, and this works without root.
apt=(-q -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o Dir::State::status=/dev/null
  -o "APT::Sandbox::User=$(id -un)")

apt-get "${apt[@]}" update >"$apt_dir/update.log" 2>&1 ||
  { cat "$apt_dir/update.log" >&2; echo "newer_nox: cannot read Debian $suite's package list" >&2; exit 1; }

rm -f "$apt_dir"/archives/*.deb
(cd "$apt_dir/archives" && apt-get "${apt[@]}" download "${packages[@]}" >/dev/null)
rm -rf "$root"
for deb in "$apt_dir"/archives/*.deb; do
  dpkg-deb -x "$deb" "$root"
  echo "newer_nox: $(basename "$deb")" >&2
done

version=$(check) ||
  { echo "$version" >&2; echo "newer_nox: Debian $suite's nox does not start here" >&2; exit 1; }
touch "$dir/fetched"
echo "newer_nox: nox $version in $site" >&2
echo "$site"
