#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the `invites` binary, runs every test.
# Unit tests per module, end-to-end tests against the built binary (including the public conformance
# sample in ../shared/conformance), and the workload generator's self-test.
set -euo pipefail
cd "$(dirname "$0")/.."
# The conformance sample and the Merkle test vectors live in the project's shared folder.
shared="${INVITES_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -f "$shared/conformance/check.py" ] || [ ! -d "$shared/vectors/merkle" ]; then
  echo "tools/test.sh: the tests read the project's shared folder (conformance/, vectors/merkle/)," >&2
  echo "  expected at ../shared beside this repository or at \$INVITES_SHARED; not found at $shared" >&2
  exit 1
fi
tools/ensure-deps.sh
swift build
swift test
python3 tools/test_generate.py
