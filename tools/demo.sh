#!/usr/bin/env bash
# The main job: build invites, generate a realistic sample ledger, and show what a user looks at first —
# the pending list, the stale invitations to review, the cooldown table and the metrics by source.
#
# usage: tools/demo.sh [EVENTS] [LEDGER_DIR]     (defaults: 20000 events, a fresh temporary directory)
#   INVITES_DEMO_CONFIG=debug tools/demo.sh       builds in debug mode (faster to compile)
#   INVITES_BIN=path/to/invites tools/demo.sh     uses that binary, no build
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-20000}"
if [ -n "${2:-}" ] && [ -e "$2" ] && [ -n "$(ls -A "$2" 2>/dev/null)" ]; then
  echo "tools/demo.sh: $2 exists and is not empty; give a new directory for the demo ledger" >&2
  exit 2
fi
config="${INVITES_DEMO_CONFIG:-release}"
work="$(mktemp -d "${TMPDIR:-/tmp}/invites-demo.XXXXXX")"
ledger="${2:-$work/ledger}"
trap 'rm -rf "$work"' EXIT

tools/ensure-deps.sh
if [ -n "${INVITES_BIN:-}" ]; then
  bin="$INVITES_BIN"                      # a binary already built (the test suite uses this)
else
  echo "== building invites ($config) ==" >&2
  swift build -c "$config" --product invites >&2
  bin="$(swift build -c "$config" --show-bin-path)/invites"
fi

echo "== generating $events events ==" >&2
python3 tools/generate.py --events "$events" --seed 42 --out "$work/sample.jsonl" --now-file "$work/now"
now="$(cat "$work/now")"
"$bin" import "$work/sample.jsonl" --db "$ledger"
"$bin" expire --due --now "$now" --db "$ledger"

heading() { printf '\n## %s\n\n' "$1"; }

heading "Pending invitations of acct-sales-1 (oldest 15, as of $now)"
"$bin" pending --db "$ledger" --now "$now" --account acct-sales-1 --limit 15

heading "Stale: pending for 3 weeks or more, every account — to review; withdraw what is months old (oldest 15)"
"$bin" pending --db "$ledger" --now "$now" --older-than 3w --limit 15

heading "Cooldown: pairs that may not be invited again yet (first 15 rows; --state connected lists the connected ones)"
"$bin" cooldown --db "$ledger" --now "$now" --state cooldown | tail -1
"$bin" cooldown --db "$ledger" --now "$now" --state cooldown | { head -17; echo "…"; } || true

heading "Acceptance by source"
"$bin" metrics --db "$ledger" --now "$now" --by source

heading "Projections"
"$bin" status --db "$ledger" | grep -E "projection|events" || true
if [ -n "${2:-}" ]; then
  printf '\nThe demo ledger stays in %s: try  %s pending --db %s --now %s\n' "$2" "$bin" "$2" "$now"
fi
