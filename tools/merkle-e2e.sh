#!/usr/bin/env bash
# Digests and proofs end to end on a ledger of 1,000,000 events (SPEC §4), in a release build.
#
#   tools/merkle-e2e.sh [EVENTS] [WORKDIR]     (default 1000000, a fresh temporary folder,
#                                               removed at the end; a WORKDIR given is kept)
#
# Takes a digest at the half, imports the rest, proves an early event against today's digest
# and the half's digest consistent with today's (checked by the binary and by
# tools/verify_proof.py), then changes one byte of an early event in a copy of data.mdb and
# shows that `verify` names it and the old digest no longer matches. Also prints the in-process
# timing of digest and prove, and the bytes the stored tree costs per event.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
HALF=$((EVENTS / 2))
if [ -n "${2:-}" ]; then
  WORK=$2
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/merkle-e2e.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
DB="$WORK/ledger"
COPY="$WORK/tampered"
rm -rf "$DB" "$COPY"

tools/ensure-deps.sh
swift build -c release >/dev/null
BIN=.build/release/invites
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

step "generate $EVENTS events"
[ -f "$WORK/events.jsonl" ] || python3 tools/generate.py --events "$EVENTS" --seed 7 --out "$WORK/events.jsonl"
head -n "$HALF" "$WORK/events.jsonl" >"$WORK/first.jsonl"
tail -n +"$((HALF + 1))" "$WORK/events.jsonl" >"$WORK/rest.jsonl"

step "import the first $HALF, publish the digest"
/usr/bin/time -f "import: %e s" "$BIN" import "$WORK/first.jsonl" --db "$DB" --format json >/dev/null
"$BIN" digest --db "$DB" | tee "$WORK/published.json"
OLD_ROOT=$(field root <"$WORK/published.json")
OLD_HASH=$(field hash <"$WORK/published.json")

step "import the rest; today's digest"
/usr/bin/time -f "import: %e s" "$BIN" import "$WORK/rest.jsonl" --db "$DB" --format json >/dev/null
"$BIN" digest --db "$DB" | tee "$WORK/today.json"
TODAY_ROOT=$(field root <"$WORK/today.json")
[ "$("$BIN" digest --db "$DB" --position "$HALF" | field root)" = "$OLD_ROOT" ] || fail "the digest at $HALF changed"
"$BIN" verify --db "$DB"

step "prove event 3 against today's digest"
"$BIN" prove --db "$DB" --position 3 >"$WORK/inclusion.json"
head -c 400 "$WORK/inclusion.json"; echo " …"
"$BIN" verify-proof "$WORK/inclusion.json" --root "$TODAY_ROOT"
python3 tools/verify_proof.py "$WORK/inclusion.json" --root "$TODAY_ROOT"

step "prove today's log extends the digest published at $HALF"
"$BIN" prove --db "$DB" --from "$HALF" --to "$EVENTS" >"$WORK/consistency.json"
[ "$(field root2 <"$WORK/consistency.json")" = "$TODAY_ROOT" ] || fail "root2 is not today's root"
"$BIN" verify-proof "$WORK/consistency.json" --root "$OLD_ROOT"
python3 tools/verify_proof.py "$WORK/consistency.json" --root "$OLD_ROOT"
echo "proof hashes: inclusion $(python3 -c "import json;print(len(json.load(open('$WORK/inclusion.json'))['proof']))"), consistency $(python3 -c "import json;print(len(json.load(open('$WORK/consistency.json'))['proof']))")"

step "change one byte of event 3 in a copy of data.mdb"
mkdir -p "$COPY"
cp "$DB/data.mdb" "$COPY/data.mdb"
python3 - "$COPY/data.mdb" "$WORK/inclusion.json" <<'PY'
import datetime, json, sys
data = bytearray(open(sys.argv[1], "rb").read())
event = json.load(open(sys.argv[2]))["event"]
rcpt = event["recipient"].encode()
# Record versions 2 and 3 store a profile recipient without its linkedin.com/in/ prefix, length-prefixed,
# a few bytes after the event's `at` (milliseconds, zig-zag varint). The same recipient may be
# invited again later, so the record is the occurrence with this event's `at` just before it.
profile = b"linkedin.com/in/"
stored = rcpt[len(profile):] if rcpt.startswith(profile) else rcpt
assert 0 < len(stored) < 128, "the recipient's stored length is not one varint byte"
anchor = bytes([len(stored)]) + stored
day, clock = event["at"].rstrip("Z").split("T")
seconds, _, fraction = clock.partition(".")
stamp = datetime.datetime.fromisoformat(f"{day}T{seconds}+00:00")
millis = int(stamp.timestamp()) * 1000 + int((fraction + "000")[:3])
value, at_bytes = millis * 2, b""
while value >= 0x80:
    at_bytes += bytes([value & 0x7F | 0x80])
    value >>= 7
at_bytes += bytes([value])
found, start = [], data.find(anchor)
while start >= 0:
    if at_bytes in data[max(0, start - 48):start]:
        found.append(start)
    start = data.find(anchor, start + 1)
assert len(found) == 1, f"the record is found {len(found)} times, not once"
offset = found[0] + 1
old = data[offset]
data[offset] = ord("x") if old != ord("x") else ord("y")
open(sys.argv[1], "wb").write(data)
print(f"byte {offset}: {chr(old)!r} -> {chr(data[offset])!r} in {rcpt.decode()}")
PY

step "verify on the copy names the position"
if "$BIN" verify --db "$COPY" 2>"$WORK/verify.err"; then fail "verify passed on the tampered copy"; fi
cat "$WORK/verify.err"
grep -q "position 3:" "$WORK/verify.err" || fail "verify did not name position 3"

step "the old digest no longer matches the copy"
if "$BIN" verify --db "$COPY" --expect "$OLD_HASH@$HALF" 2>/dev/null; then fail "the chain still matches"; fi
echo "verify --expect $OLD_HASH@$HALF: fails"

step "prove and export of the copy stop at the altered event"
if "$BIN" prove --db "$COPY" --position 3 --size "$HALF" >"$WORK/tampered-inclusion.json" 2>"$WORK/prove.err"; then
  fail "prove of the tampered event succeeded"
fi
cat "$WORK/prove.err"
grep -q "verification_failed: position 3:" "$WORK/prove.err" || fail "prove did not name position 3"
[ ! -s "$WORK/tampered-inclusion.json" ] || fail "prove printed a proof of the tampered event"
if "$BIN" export --db "$COPY" >"$WORK/tampered.jsonl" 2>"$WORK/export.err"; then fail "export of the tampered copy succeeded"; fi
cat "$WORK/export.err"
grep -q "verification_failed: position 3:" "$WORK/export.err" || fail "export did not name position 3"
# Events are handed out once the next stored hash (the checkpoint at 64) vouches for them: none of that stretch.
[ ! -s "$WORK/tampered.jsonl" ] || fail "export printed events the next checkpoint does not vouch for"
echo "export: nothing, then exit 1"

step "in-process timing (INVITES_TIME_CALLS=1000)"
for args in "digest" "digest --position $HALF" "digest --position $((EVENTS - 1))" "prove --position 3" \
            "prove --position $((EVENTS * 7 / 9)) --size $((EVENTS - 1))" "prove --from $HALF --to $EVENTS" \
            "prove --from $((EVENTS / 3)) --to $((EVENTS - 1))"; do
  printf '%-48s ' "$args"
  INVITES_TIME_CALLS=1000 "$BIN" $args --db "$DB" 2>&1 >/dev/null
done

step "bytes the stored tree costs"
python3 - "$DB" "$EVENTS" <<'PY'
import subprocess, sys
out = subprocess.run(["mdb_stat", "-e", "-s", "merkle-nodes", sys.argv[1]], capture_output=True, text=True).stdout
stat = {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in out.splitlines() if ":" in l)}
pages = sum(int(stat[k]) for k in ("Branch pages", "Leaf pages", "Overflow pages"))
size = int(stat["Page size"]); entries = int(stat["Entries"]); events = int(sys.argv[2])
print(f"merkle-nodes db: {entries} nodes, {pages} pages of {size} B = {pages * size} B, {pages * size / events:.2f} B per event "
      f"(payload {entries * (32 + 8) / events:.2f} B per event)")
PY
echo; echo "all checks passed"
