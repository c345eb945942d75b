#!/usr/bin/env python3
"""Self-test of tools/generate.py: run it, then check its output against a small model.

usage: python3 tools/test_generate.py

The model below is written from SPEC.md §1–§2 alone (it shares no code with the
generator): per invitation pending/accepted/withdrawn/expired, per normalised
(account, recipient) pair its latest invitation and latest `at`. Every rule the ledger
enforces on append must hold for every line, and the default policy (weekly cap, pending
cap, cooldown) is checked too. Ends with 'N passed, M failed'; exits 1 on any failure.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict, deque
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATE = os.path.join(HERE, "generate.py")

AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
PROFILE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:www\.)?linkedin\.com/in/([^/?#\s]+)(?:[/?#].*)?$",
                     re.IGNORECASE)
FIELDS = {
    "sent": {"type", "id", "at", "invitation", "account", "recipient", "source", "note", "template"},
    "reminded": {"type", "id", "at", "invitation", "account", "recipient"},
    "withdrawn": {"type", "id", "at", "invitation", "account", "recipient", "reason"},
    "expired": {"type", "id", "at", "invitation", "account", "recipient", "by"},
    "accepted": {"type", "id", "at", "invitation", "account", "recipient"},
}
WEEK = timedelta(days=7)
COOLDOWN = timedelta(days=21)
EXPIRE_AFTER = timedelta(days=182)


def normalise(recipient):
    text = recipient.strip()
    m = PROFILE.match(text)
    return "linkedin.com/in/" + m.group(1).lower() if m else text


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def form_of(recipient):
    """A coarse label of how a recipient is written, to check variety."""
    r = recipient
    if r != r.strip():
        return "padded"
    if r.startswith("urn:li:person:"):
        return "urn"
    if "?" in r:
        return "query"
    if "#" in r:
        return "fragment"
    if r.startswith("linkedin.com/in/"):
        return "bare"
    if r.endswith("/"):
        return "trailing-slash"
    if r.startswith("http://") or r.startswith("https://"):
        return "scheme"
    return "other"


def generate(*args):
    out = subprocess.run([sys.executable, GENERATE, *map(str, args)], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return out.stdout


class Model:
    """The lifecycle rules of SPEC.md §2, plus the default policy as advice."""

    def __init__(self):
        self.ids = set()
        self.invitations = {}        # id -> {"state", "pair", "sent_at", "source", ...}
        self.pairs = {}              # pair -> {"latest": invitation id, "last_at", "connected"}
        self.violations = []         # lifecycle rule broken: must stay empty
        self.advice = Counter()      # policy advice not followed
        self.sends = defaultdict(deque)   # account -> send times within the last 7 days
        self.pending = Counter()     # account -> pending invitations
        self.kinds = Counter()
        self.naming = Counter()
        self.forms = Counter()
        self.notes = []
        self.reinvites = 0
        self.last_at = None

    def fail(self, n, code, text):
        if len(self.violations) < 20:
            self.violations.append(f"line {n}: {code}: {text}")
        else:
            self.violations.append(code)

    def apply(self, n, e):
        kind = e.get("type")
        if kind not in FIELDS:
            return self.fail(n, "invalid_event", f"type {kind!r}")
        extra = set(e) - FIELDS[kind]
        if extra:
            return self.fail(n, "invalid_event", f"fields {sorted(extra)} on {kind}")
        for k, v in e.items():
            if not isinstance(v, str) or not v.strip():
                return self.fail(n, "invalid_event", f"field {k} empty or not a string")
        if not AT.match(e["at"]):
            return self.fail(n, "invalid_event", f"at {e['at']!r} is not UTC with milliseconds")
        at = instant(e["at"])
        if self.last_at is not None and at < self.last_at:
            self.advice["global_order"] += 1
        self.last_at = at
        if "id" not in e:
            return self.fail(n, "invalid_event", "no id")
        if e["id"] in self.ids:
            return self.fail(n, "id_conflict", e["id"])
        self.ids.add(e["id"])
        self.kinds[kind] += 1
        if "recipient" in e:
            self.forms[form_of(e["recipient"])] += 1
        if kind == "sent":
            return self.sent(n, e, at)
        return self.follow_up(n, kind, e, at)

    def sent(self, n, e, at):
        for k in ("invitation", "account", "recipient"):
            if k not in e:
                return self.fail(n, "invalid_event", f"sent without {k}")
        note = e.get("note")
        if note is not None:
            if len(note) > 300:
                return self.fail(n, "invalid_event", f"note of {len(note)} characters")
            self.notes.append(note)
        inv = e["invitation"]
        if inv in self.invitations:
            return self.fail(n, "duplicate_invitation", inv)
        pair = (e["account"].strip(), normalise(e["recipient"]))
        p = self.pairs.get(pair)
        if p is not None:
            if self.invitations[p["latest"]]["state"] == "pending":
                return self.fail(n, "already_pending", f"{pair} ({p['latest']})")
            if p["connected"]:
                return self.fail(n, "already_connected", str(pair))
            if at < p["last_at"]:
                return self.fail(n, "out_of_order", str(pair))
            if at < p["closed_at"] + COOLDOWN:
                self.advice["cooldown"] += 1
            self.reinvites += 1
        else:
            p = self.pairs[pair] = {"connected": False}
        p["latest"], p["last_at"] = inv, at
        account = pair[0]
        window = self.sends[account]
        while window and window[0] <= at - WEEK:
            window.popleft()
        window.append(at)
        if len(window) > 100:
            self.advice["weekly_cap"] += 1
        if self.pending[account] >= 500:
            self.advice["pending_cap"] += 1
        self.pending[account] += 1
        self.invitations[inv] = {"state": "pending", "pair": pair, "sent_at": at,
                                 "source": e.get("source"), "note": "note" in e,
                                 "template": e.get("template")}

    def follow_up(self, n, kind, e, at):
        inv = e.get("invitation")
        by_pair = "account" in e or "recipient" in e
        if by_pair and not ("account" in e and "recipient" in e):
            return self.fail(n, "invalid_event", "half a pair")
        if inv is None and not by_pair:
            return self.fail(n, "invalid_event", "names no invitation")
        self.naming["both" if inv and by_pair else ("pair" if by_pair else "invitation")] += 1
        if by_pair:
            pair = (e["account"].strip(), normalise(e["recipient"]))
            p = self.pairs.get(pair)
            if inv is not None:
                if inv not in self.invitations:
                    return self.fail(n, "unknown_invitation", inv)
                if self.invitations[inv]["pair"] != pair:
                    return self.fail(n, "invalid_event", f"{inv} is not {pair}'s")
            elif p is None:
                return self.fail(n, "unknown_invitation", str(pair))
            else:
                inv = p["latest"]
        if inv not in self.invitations:
            return self.fail(n, "unknown_invitation", inv)
        i = self.invitations[inv]
        if i["state"] != "pending":
            return self.fail(n, "already_closed", f"{inv} is {i['state']}")
        p = self.pairs[i["pair"]]
        if at < p["last_at"]:
            return self.fail(n, "out_of_order", inv)
        p["last_at"] = at
        if kind == "reminded":
            i["reminders"] = i.get("reminders", 0) + 1
            return
        i["state"], i["closed_at"] = kind, at
        p["closed_at"] = at
        self.pending[i["pair"][0]] -= 1
        if kind == "accepted":
            p["connected"] = True
        if kind == "expired":
            if e.get("by") != "policy":
                self.advice["expired_not_by_policy"] += 1
            if at - i["sent_at"] != EXPIRE_AFTER:
                self.advice["expired_not_at_182d"] += 1
        if kind == "withdrawn" and not COOLDOWN <= at - i["sent_at"] <= 9 * WEEK:
            self.advice["withdraw_not_3_to_8_weeks"] += 1

    def acceptance_by(self, key):
        sent, accepted = Counter(), Counter()
        for i in self.invitations.values():
            sent[i[key]] += 1
            accepted[i[key]] += i["state"] == "accepted"
        return {k: accepted[k] / sent[k] for k in sent}


def check_stream(data):
    lines = data.split(b"\n")
    assert lines[-1] == b"", "output does not end with a newline"
    model = Model()
    for n, raw in enumerate(lines[:-1], 1):
        e = json.loads(raw.decode("utf-8"))
        if not isinstance(e, dict):
            model.fail(n, "invalid_event", "not an object")
            continue
        model.apply(n, e)
    return len(lines) - 1, model


# ---- the tests ----------------------------------------------------------------------------

RESULTS = []


def test(name):
    def wrap(fn):
        RESULTS.append((name, fn))
        return fn
    return wrap


CACHE = {}


def run(events, seed, *extra):
    key = (events, seed, extra)
    if key not in CACHE:
        data = generate("--events", events, "--seed", seed, *extra)
        CACHE[key] = (data, *check_stream(data))
    return CACHE[key]


SIZES = [(2_000, 1), (2_000, 42), (50_000, 3), (20_000, 5, "--accounts", 12)]


for size in SIZES:
    @test(f"{size}: exact count, no lifecycle violation, policy followed")
    def _(size=size):
        data, count, model = run(*size)
        assert count == size[0], f"{count} lines, expected {size[0]}"
        assert not model.violations, f"{len(model.violations)} violations: {model.violations[:5]}"
        assert not model.advice, f"advice not followed: {dict(model.advice)}"

    @test(f"{size}: variety of kinds, sources, naming and recipient forms")
    def _(size=size):
        _, _, model = run(*size)
        assert set(model.kinds) == {"sent", "reminded", "withdrawn", "expired", "accepted"}, model.kinds
        sources = {i["source"] for i in model.invitations.values()}
        assert len(sources - {None}) >= 5 and None in sources, sources
        assert model.naming["invitation"] and model.naming["pair"], model.naming
        for form in ("bare", "trailing-slash", "query", "urn"):
            assert model.forms[form], f"no {form} recipient: {model.forms}"
        assert model.reinvites > 0, "no re-invite"
        accounts = {i["pair"][0] for i in model.invitations.values()}
        assert len(accounts) == (12 if "--accounts" in size else 4), accounts
        assert all(a.startswith("acct-") for a in accounts), accounts


@test("50,000: realism of the mix")
def _():
    _, count, model = run(50_000, 3)
    invitations = list(model.invitations.values())
    note_share = sum(i["note"] for i in invitations) / len(invitations)
    assert 0.3 <= note_share <= 0.5, f"notes on {note_share:.0%} of sends"
    text = "".join(model.notes)
    assert '"' in text and any(ord(c) > 0xFFFF for c in text) and any(128 < ord(c) < 0x3000 for c in text), \
        "notes lack quotes, emoji or non-ASCII"
    assert {i["template"] for i in invitations} == {None, "v1", "v2"}
    assert model.naming["both"] > 0, model.naming
    assert 0.1 <= model.naming["pair"] / sum(model.naming.values()) <= 0.4, model.naming
    shares = {k: v / count for k, v in model.kinds.items()}
    assert 0.3 <= shares["sent"] <= 0.55 and shares["accepted"] >= 0.08, shares
    reminders = Counter(i.get("reminders", 0) for i in invitations)
    assert set(reminders) == {0, 1, 2}, reminders


@test("50,000: acceptance differs by source, note and template")
def _():
    _, _, model = run(50_000, 3)
    by_source = model.acceptance_by("source")
    assert by_source["referral"] > by_source["search:cto-berlin"] + 0.15, by_source
    assert by_source["event:websummit"] > by_source["import:crm"] + 0.05, by_source
    by_note = model.acceptance_by("note")
    assert by_note[True] > by_note[False] + 0.05, by_note
    by_template = model.acceptance_by("template")
    assert by_template["v2"] > by_template["v1"], by_template


@test("50,000: sends cluster in working hours and on weekdays")
def _():
    _, _, model = run(50_000, 3)
    hours = Counter(i["sent_at"].hour for i in model.invitations.values())
    night = sum(hours[h] for h in range(0, 5))        # no account works 01:00–06:00 local then
    assert night / sum(hours.values()) < 0.03, hours
    days = Counter(i["sent_at"].weekday() for i in model.invitations.values())
    assert days[1] > 5 * days[6], days


@test("determinism: same seed same bytes, other seed other bytes")
def _():
    a = generate("--events", 5000, "--seed", 9)
    b = generate("--events", 5000, "--seed", 9)
    c = generate("--events", 5000, "--seed", 10)
    assert a == b, "same seed gave different output"
    assert a != c, "different seeds gave the same output"


@test("--out and --now-file; --start moves the stream")
def _():
    with tempfile.TemporaryDirectory() as tmp:
        out, now = os.path.join(tmp, "e.jsonl"), os.path.join(tmp, "now")
        subprocess.run([sys.executable, GENERATE, "--events", "777", "--seed", "2", "--out", out,
                        "--now-file", now, "--start", "2026-03-02T00:00:00Z"], check=True)
        with open(out, "rb") as f:
            data = f.read()
        assert data == generate("--events", 777, "--seed", 2, "--start", "2026-03-02T00:00:00Z")
        last = json.loads(data.split(b"\n")[-2])
        with open(now) as f:
            assert f.read().strip() == last["at"]
        first = json.loads(data.split(b"\n")[0])
        assert first["at"] >= "2026-03-02T00:00:00.000Z", first
        count, model = check_stream(data)
        assert count == 777 and not model.violations


@test("the model itself catches broken streams")
def _():
    def codes(lines):
        _, model = check_stream("".join(json.dumps(l) + "\n" for l in lines).encode())
        return [v.split(": ")[1] if ": " in v else v for v in model.violations]
    s = {"type": "sent", "id": "e-1", "at": "2026-01-01T10:00:00.000Z", "invitation": "i-1",
         "account": "a", "recipient": "https://www.linkedin.com/in/Jane-Doe/?trk=x"}
    again = dict(s, id="e-2", invitation="i-2", recipient="linkedin.com/in/jane-doe")
    assert codes([s, again]) == ["already_pending"]
    acc = {"type": "accepted", "id": "e-3", "at": "2026-01-02T10:00:00.000Z", "account": "a",
           "recipient": " linkedin.com/in/JANE-DOE/ "}
    assert codes([s, acc, dict(again, at="2026-01-03T10:00:00.000Z")]) == ["already_connected"]
    assert codes([s, acc, dict(acc, id="e-4")]) == ["already_closed"]
    assert codes([s, dict(acc, at="2025-12-31T10:00:00.000Z")]) == ["out_of_order"]
    assert codes([s, dict(again, invitation="i-1", account="b")]) == ["duplicate_invitation"]
    assert codes([s, {"type": "reminded", "id": "e-5", "at": "2026-01-02T10:00:00.000Z",
                      "invitation": "i-9"}]) == ["unknown_invitation"]
    assert codes([s, dict(s, type="reminded", id="e-6")]) == []
    assert codes([s, dict(s, type="reminded", id="e-6", note="hi")]) == ["invalid_event"]
    assert codes([s, dict(s, type="reminded", id="e-6", account="b")]) == ["invalid_event"]
    assert normalise("https://www.linkedin.com/in/Jane-Doe-1234/?trk=x") == "linkedin.com/in/jane-doe-1234"
    assert normalise("linkedin.com/in/jane-doe-1234") == "linkedin.com/in/jane-doe-1234"
    assert normalise(" urn:li:person:AbC ") == "urn:li:person:AbC"


def main():
    passed = failed = 0
    for name, fn in RESULTS:
        try:
            fn()
        except Exception as exc:   # report every failure, not only the first
            failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
