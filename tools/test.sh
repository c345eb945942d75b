#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the `invites` binary, runs every test.
# Unit tests per module, end-to-end tests against the built binary (including the public conformance
# sample in ../shared/conformance), and the workload generator's self-test.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh
swift build
swift test
python3 tools/test_generate.py
