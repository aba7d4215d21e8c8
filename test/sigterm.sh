#!/usr/bin/env bash
# sigint.sh with SIGTERM: every process of the run ends, exit 130, summary printed.
SIGNAL=TERM source "$(dirname "$0")/sigint.sh"
