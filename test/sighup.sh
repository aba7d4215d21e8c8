#!/usr/bin/env bash
# sigint.sh with SIGHUP: every process of the run ends, exit 130, summary printed.
SIGNAL=HUP source "$(dirname "$0")/sigint.sh"
