#!/usr/bin/env python3
"""Black-box acceptance tests for `invites`, written from SPEC.md only (audit 112, a second tester).

A tester who read SPEC.md and nothing else of the project wrote these cases, apart from
tools/acceptance.py (audit 96), for fresh eyes. Where SPEC reads two ways, three cases pin the
README's documented choice and say so: a known id is checked before the note limit and the
invitation/pair agreement (README "note_limit comes after the duplicate check"), and a
source is kept as written (SPEC trims only account and recipient).

usage: acceptance2.py --bin PATH [--shared DIR] [--keep] [-k SUBSTR]
"""
import argparse, base64, glob, hashlib, json, math, os, re, shutil, subprocess, sys, tempfile
from datetime import datetime, timedelta, timezone

BIN = None
SHARED = None
ROOT = None
RESULTS = []
FILTER = None
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


# ---------------------------------------------------------------- helpers
def run(args, db=None, inp=None, fmt="json", cwd=None):
    cmd = [BIN, *args]
    if db is not None:
        cmd += ["--db", db]
    if fmt:
        cmd += ["--format", fmt]
    p = subprocess.run(cmd, input=inp, capture_output=True, timeout=120, cwd=cwd or ROOT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def jrun(args, db=None, inp=None, fmt="json"):
    rc, out, err = run(args, db, inp, fmt)
    try:
        j = json.loads(out)
    except Exception:
        j = None
    return rc, j, out, err


def jl(out):
    res = []
    for line in out.split("\n"):
        line = line[:-1] if line.endswith("\r") else line
        if line.strip():
            try:
                res.append(json.loads(line))
            except Exception:
                res.append({"__unparsable__": line})
    return res


def new_db(name):
    d = os.path.join(ROOT, "db-" + name)
    shutil.rmtree(d, ignore_errors=True)
    return d


def wfile(name, lines, raw=False):
    p = os.path.join(ROOT, name)
    with open(p, "wb") as f:
        if raw:
            f.write(lines if isinstance(lines, bytes) else lines.encode())
        else:
            f.write("".join((l if isinstance(l, str) else json.dumps(l, ensure_ascii=False)) + "\n" for l in lines).encode())
    return p


def imp(db, lines, extra=(), name="in.jsonl", raw=False):
    p = wfile(name, lines, raw)
    return jrun(["import", p, *extra], db)


def check(name, cond, detail=""):
    if FILTER and FILTER not in name:
        return cond
    RESULTS.append((name, bool(cond), detail))
    if not cond:
        print(f"FAIL {name}: {detail}"[:1500])
    return cond


def eq(name, got, want, extra=""):
    return check(name, got == want, f"got {json.dumps(got, ensure_ascii=False)[:600]} want {json.dumps(want, ensure_ascii=False)[:600]} {extra}")


def inst(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def ts(dt):
    dt = dt.astimezone(timezone.utc)
    ms = dt.microsecond // 1000
    base = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return base + (f".{ms:03d}Z" if ms else "Z")


def approx(a, b):
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or not isinstance(a, (int, float)):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def has_err(err, code, line=None):
    if line is None:
        return re.search(r"^invites: " + re.escape(code) + r": \S", err, re.M) is not None
    return re.search(r"(^|: )line " + str(line) + ": " + re.escape(code) + r": \S", err, re.M) is not None


def jcs(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain(events):
    h = bytes(32)
    out = []
    for e in events:
        o = {k: v for k, v in e.items() if k != "hash"}
        h = hashlib.sha256(h + jcs(o)).digest()
        out.append(h.hex())
    return out


def leaf(e):
    o = {k: v for k, v in e.items() if k != "hash"}
    return hashlib.sha256(b"\x00" + jcs(o)).digest()


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def mth(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    n = len(leaves)
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, b):
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def cproof(m, leaves):
    return subproof(m, leaves, True)


EXPORT_KEYS_REQ = {"type", "id", "at", "invitation", "account", "recipient", "position", "recorded_at", "hash"}
APPEND_KEYS = {"appended", "duplicates", "rejected", "first_position", "last_position", "invitations"}


# ---------------------------------------------------------------- scenarios
def t_chain_example():
    a = {"account": "acct-alice", "at": "2026-01-05T09:30:00Z", "id": "e-1", "invitation": "inv-1", "note": "Hi Jane — \"quoted\"\n", "position": 1, "recipient": "linkedin.com/in/jane-doe", "recorded_at": "2026-01-05T09:31:02.117Z", "source": "search:cto-berlin", "type": "sent"}
    b = {"account": "acct-alice", "at": "2026-01-06T10:00:00Z", "id": "e-2", "invitation": "inv-1", "position": 2, "recipient": "linkedin.com/in/jane-doe", "recorded_at": "2026-01-06T10:00:05Z", "type": "accepted"}
    eq("chain: SPEC worked example (python reference)", chain([a, b]), ["94d1e4bbc26f2c2f6d0a95dcf52aa0c02b3a0115c3d12bbae6cc9da7eb399e9a", "f4d7df8d70cacf9ddec8fddb8a37ecce953e2933327c9c7ab788d054e8795891"])
    # import the worked example (with its position/recorded_at/hash) into a fresh ledger
    db = new_db("example")
    a2 = dict(a, hash="94d1e4bbc26f2c2f6d0a95dcf52aa0c02b3a0115c3d12bbae6cc9da7eb399e9a", recipient="https://www.linkedin.com/in/Jane-Doe/?trk=x")
    b2 = dict(b, hash="f4d7", position=99)
    rc, j, out, err = imp(db, [a2, b2])
    eq("import: position/recorded_at/hash ignored on input (exit)", rc, 0, err)
    if j:
        eq("import: append object keys", sorted(j), sorted(APPEND_KEYS))
        eq("import: append values", [j.get(k) for k in ["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"]], [2, 0, 0, 1, 2, ["inv-1"]])
    rc, out, err = run(["export"], db, fmt=None)
    ev = jl(out)
    eq("export: 2 lines", len(ev), 2)
    if len(ev) == 2:
        eq("export: positions", [e.get("position") for e in ev], [1, 2])
        check("export: recorded_at is real clock not input", ev[0].get("recorded_at") != "2026-01-05T09:31:02.117Z" and TS_RE.match(ev[0].get("recorded_at", "")) is not None, ev[0].get("recorded_at"))
        eq("export: chain hashes recomputed", [e.get("hash") for e in ev], chain(ev))
        eq("export: note preserved exactly", ev[0].get("note"), "Hi Jane — \"quoted\"\n")
        eq("export: recipient normalised", ev[0].get("recipient"), "linkedin.com/in/jane-doe")
        # same content except recorded_at: JCS of the first with SPEC's recorded_at gives SPEC's hash
        e0 = {k: v for k, v in ev[0].items() if k != "hash"}
        e0["recorded_at"] = "2026-01-05T09:31:02.117Z"
        eq("export: event fields exactly as SPEC example", e0, a)
        e1 = {k: v for k, v in ev[1].items() if k != "hash"}
        e1["recorded_at"] = "2026-01-06T10:00:05Z"
        eq("export: follow-up completed with account/recipient (SPEC example 2)", e1, b)
        # re-import export into a fresh ledger
        db2 = new_db("example2")
        rc, j, _, err = imp(db2, out, raw=True, name="exp.jsonl")
        eq("import of an export into fresh ledger", (rc, j and j.get("appended")), (0, 2), err)
        rc, j, _, err = imp(db, out, raw=True, name="exp.jsonl")
        eq("import of an export into same ledger = all duplicates", (rc, j and j.get("appended"), j and j.get("duplicates"), j and j.get("first_position"), j and j.get("last_position"), j and j.get("invitations")), (0, 0, 2, None, None, []), err)
    # verify / status
    rc, j, out, err = jrun(["verify"], db)
    if check("verify ok: exit 0 and object", rc == 0 and isinstance(j, dict), out + err):
        eq("verify ok shape", j, {"ok": True, "events": 2, "position": 2, "hash": ev[1]["hash"] if len(ev) == 2 else None})
    if len(ev) == 2:
        rc, j, out, err = jrun(["verify", "--expect", ev[0]["hash"] + "@1"], db)
        eq("verify --expect correct hash@1 exit 0", (rc, j and j.get("ok")), (0, True), out + err)
        rc, j, out, err = jrun(["verify", "--expect", ev[1]["hash"] + "@1"], db)
        check("verify --expect wrong hash exits 1, ok false", rc == 1 and isinstance(j, dict) and j.get("ok") is False and "error" in j and j.get("position") is not None, f"rc={rc} {out} {err}")
    rc, j, out, err = jrun(["status"], db)
    if check("status: object", rc == 0 and isinstance(j, dict), out + err):
        check("status: keys", {"events", "position", "hash", "projections", "policy", "bytes"} <= set(j), list(j))
        eq("status: events/position/hash", (j.get("events"), j.get("position"), j.get("hash")), (2, 2, ev[1]["hash"] if len(ev) == 2 else None))
        pr = j.get("projections") or []
        check("status: projections have name/position/lag", len(pr) > 0 and all({"name", "position", "lag"} <= set(p) for p in pr), pr)
        check("status: bytes is int", isinstance(j.get("bytes"), int), j.get("bytes"))
        check("status: policy has six keys", isinstance(j.get("policy"), dict) and {"expire_after", "cooldown_after_withdraw", "cooldown_after_expire", "pending_cap", "weekly_cap", "note_limit"} <= set(j["policy"]), j.get("policy"))
    # digest of empty
    db3 = new_db("empty")
    rc, j, out, err = jrun(["digest", "--position", "0"], db)
    eq("digest --position 0", j, {"size": 0, "root": hashlib.sha256(b"").hexdigest(), "hash": "0" * 64}, out + err)
    rc, j, out, err = jrun(["status"], db3)
    check("status on empty ledger: events 0, position 0, hash zeros", isinstance(j, dict) and j.get("events") == 0 and j.get("position") == 0 and j.get("hash") == "0" * 64, out + err)
    rc, j, out, err = jrun(["verify"], db3)
    check("verify on empty ledger ok", rc == 0 and isinstance(j, dict) and j.get("ok") is True and j.get("events") == 0, out + err)


S = lambda acct, rcpt, at, **kw: dict({"type": "sent", "account": acct, "recipient": rcpt, "at": at}, **kw)
F = lambda typ, at, **kw: dict({"type": typ, "at": at}, **kw)


def t_rejections():
    base = [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="i1", id="e1"),
            S("a", "urn:2", "2026-01-02T00:00:00Z", invitation="i2", id="e2"),
            F("accepted", "2026-01-03T00:00:00Z", invitation="i2", id="e3"),
            S("a", "urn:3", "2026-01-02T00:00:00Z", invitation="i3", id="e4"),
            F("withdrawn", "2026-01-04T00:00:00Z", invitation="i3", id="e5")]
    db = new_db("rej")
    rc, j, out, err = imp(db, base)
    eq("rej: base import", rc, 0, err)
    ok = S("a", "urn:9", "2026-02-01T00:00:00Z")
    cases = [
        ("array line", ["[1,2]"], "invalid_event"),
        ("not json", ["{not json"], "invalid_event"),
        ("string json", ['"sent"'], "invalid_event"),
        ("unknown type", [F("rejected", "2026-02-01T00:00:00Z", invitation="i1")], "invalid_event"),
        ("missing type", [{"at": "2026-02-01T00:00:00Z", "invitation": "i1"}], "invalid_event"),
        ("missing at", [{"type": "reminded", "invitation": "i1"}], "invalid_event"),
        ("sent missing account", [{"type": "sent", "recipient": "urn:x", "at": "2026-02-01T00:00:00Z"}], "invalid_event"),
        ("sent missing recipient", [{"type": "sent", "account": "a", "at": "2026-02-01T00:00:00Z"}], "invalid_event"),
        ("sent empty recipient", [S("a", "   ", "2026-02-01T00:00:00Z")], "invalid_event"),
        ("sent empty account", [S("", "urn:x", "2026-02-01T00:00:00Z")], "invalid_event"),
        ("empty invitation", [F("reminded", "2026-02-01T00:00:00Z", invitation="")], "invalid_event"),
        ("follow-up naming nothing", [F("reminded", "2026-02-01T00:00:00Z")], "invalid_event"),
        ("follow-up with account only", [F("reminded", "2026-02-01T00:00:00Z", account="a")], "invalid_event"),
        ("bad timestamp", [S("a", "urn:x", "2026-02-30T00:00:00Z")], "invalid_event"),
        ("timestamp without zone", [S("a", "urn:x", "2026-02-01T00:00:00")], "invalid_event"),
        ("date only", [S("a", "urn:x", "2026-02-01")], "invalid_event"),
        ("at as number", [S("a", "urn:x", 1767225600)], "invalid_event"),
        ("type as number", [{"type": 1, "at": "2026-02-01T00:00:00Z", "invitation": "i1"}], "invalid_event"),
        ("note 301 chars", [S("a", "urn:x", "2026-02-01T00:00:00Z", note="x" * 301)], "invalid_event"),
        ("unknown field", [S("a", "urn:x", "2026-02-01T00:00:00Z", recipent="x")], "invalid_event"),
        ("reason on sent", [S("a", "urn:x", "2026-02-01T00:00:00Z", reason="x")], "invalid_event"),
        ("by on withdrawn", [F("withdrawn", "2026-02-01T00:00:00Z", invitation="i1", by="policy")], "invalid_event"),
        ("source on accepted", [F("accepted", "2026-02-01T00:00:00Z", invitation="i1", source="x")], "invalid_event"),
        ("note on reminded", [F("reminded", "2026-02-01T00:00:00Z", invitation="i1", note="x")], "invalid_event"),
        ("template on expired", [F("expired", "2026-02-01T00:00:00Z", invitation="i1", template="x")], "invalid_event"),
        ("invitation and pair disagree", [F("reminded", "2026-02-01T00:00:00Z", invitation="i1", account="a", recipient="urn:3")], "invalid_event"),
        ("invitation and other account disagree", [F("reminded", "2026-02-01T00:00:00Z", invitation="i1", account="b", recipient="urn:1")], "invalid_event"),
        ("id conflict", [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="i1", id="e1", note="changed")], "id_conflict"),
        ("id conflict with other type", [F("reminded", "2026-02-01T00:00:00Z", invitation="i1", id="e1")], "id_conflict"),
        ("id conflict beats duplicate_invitation", [S("b", "urn:77", "2026-02-01T00:00:00Z", invitation="i1", id="e2")], "id_conflict"),
        ("id conflict beats out_of_order", [F("reminded", "2025-01-01T00:00:00Z", invitation="i1", id="e3")], "id_conflict"),
        # SPEC: "Once an event parses ..., this check comes before every other rule"; the note limit and the
        # invitation/pair agreement need the ledger, so the README counts them after it (a retry stays safe).
        ("known id beats the note limit (README's choice)", [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="i1", id="e1", note="y" * 400)], "id_conflict"),
        ("known id + disagreeing pair -> id_conflict (README's choice)", [F("reminded", "2026-02-01T00:00:00Z", invitation="i1", account="b", recipient="urn:1", id="e1")], "id_conflict"),
        ("known id + unknown field -> invalid_event", [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="i1", id="e1", bogus=1)], "invalid_event"),
        ("duplicate_invitation", [S("b", "urn:50", "2026-02-01T00:00:00Z", invitation="i1")], "duplicate_invitation"),
        ("duplicate_invitation beats already_pending", [S("a", "urn:1", "2026-02-01T00:00:00Z", invitation="i3")], "duplicate_invitation"),
        ("duplicate_invitation beats out_of_order", [S("a", "urn:1", "2025-02-01T00:00:00Z", invitation="i2")], "duplicate_invitation"),
        ("unknown_invitation by id", [F("accepted", "2026-02-01T00:00:00Z", invitation="nope")], "unknown_invitation"),
        ("unknown_invitation by pair", [F("accepted", "2026-02-01T00:00:00Z", account="a", recipient="urn:never")], "unknown_invitation"),
        ("unknown pair for other account", [F("accepted", "2026-02-01T00:00:00Z", account="zz", recipient="urn:1")], "unknown_invitation"),
        ("already_closed accepted", [F("withdrawn", "2026-02-01T00:00:00Z", invitation="i2")], "already_closed"),
        ("already_closed withdrawn", [F("accepted", "2026-02-01T00:00:00Z", invitation="i3")], "already_closed"),
        ("already_closed by pair", [F("reminded", "2026-02-01T00:00:00Z", account="a", recipient="urn:3")], "already_closed"),
        ("already_closed beats out_of_order", [F("reminded", "2025-02-01T00:00:00Z", invitation="i2")], "already_closed"),
        ("already_pending", [S("a", "urn:1", "2026-02-01T00:00:00Z")], "already_pending"),
        ("already_pending beats out_of_order", [S("a", "urn:1", "2025-02-01T00:00:00Z")], "already_pending"),
        ("already_connected", [S("a", "urn:2", "2026-02-01T00:00:00Z")], "already_connected"),
        ("already_connected beats out_of_order", [S("a", "urn:2", "2025-02-01T00:00:00Z")], "already_connected"),
        ("out_of_order follow-up", [F("reminded", "2025-12-31T23:59:59.999Z", invitation="i1")], "out_of_order"),
        ("out_of_order re-send after withdraw", [S("a", "urn:3", "2026-01-03T23:59:59Z")], "out_of_order"),
        ("out_of_order after offset", [F("reminded", "2026-01-01T00:30:00+01:00", invitation="i1")], "out_of_order"),
    ]
    for name, lines, code in cases:
        rc, j, out, err = imp(db, [ok] + lines, name="rej.jsonl")
        check(f"rej[{name}]: exit 1", rc == 1, f"rc={rc} out={out[:200]} err={err[:300]}")
        check(f"rej[{name}]: stderr 'line 2: {code}: ...'", has_err(err, code, 2), err[:400])
    rc, j, _, _ = jrun(["status"], db)
    eq("rej: nothing of refused batches written", j and j.get("events"), 5)
    # message names the invitation or pair
    rc, j, out, err = imp(db, [F("accepted", "2026-02-01T00:00:00Z", invitation="i3")])
    check("rej: already_closed message names invitation", "i3" in err, err)
    rc, j, out, err = imp(db, [F("accepted", "2026-02-01T00:00:00Z", account="a", recipient="urn:never")])
    check("rej: unknown pair message names recipient", "urn:never" in err, err)
    # accepted at the same instant as sent is not out of order
    rc, j, out, err = imp(db, [F("reminded", "2026-01-01T00:00:00Z", invitation="i1")])
    eq("rej: follow-up at same instant as latest is accepted", rc, 0, err)
    # note of exactly 300 scalar values, emoji (non-BMP) counts as one
    rc, j, out, err = imp(db, [S("a", "urn:n1", "2026-02-01T00:00:00Z", note="😀" * 300)])
    eq("note: 300 emoji (300 scalars, 600 UTF-16 units) accepted", rc, 0, err)
    rc, j, out, err = imp(db, [S("a", "urn:n2", "2026-02-01T00:00:00Z", note="é" * 300)])
    eq("note: 300 'é' accepted", rc, 0, err)
    rc, j, out, err = imp(db, [S("a", "urn:n3", "2026-02-01T00:00:00Z", note="e\u0301" * 151)])
    eq("note: 151 e+combining = 302 scalars rejected", (rc, has_err(err, "invalid_event", 1)), (1, True), err)
    # multiple bad lines reported, each with its own line number, then a summary
    rc, j, out, err = imp(db, [ok, "[]", F("accepted", "2026-02-01T00:00:00Z", invitation="nope")])
    check("import: every bad line reported", has_err(err, "invalid_event", 2) and has_err(err, "unknown_invitation", 3), err)
    # crlf line endings, line numbers
    raw = (json.dumps(S("a", "urn:c1", "2026-02-02T00:00:00Z")) + "\r\n" + json.dumps(S("a", "urn:c2", "2026-02-02T00:00:00Z")) + "\r\n").encode()
    rc, j, out, err = imp(db, raw, raw=True)
    eq("import: CRLF lines accepted", (rc, j and j.get("appended")), (0, 2), err)
    # U+2028 inside string is text
    raw = (json.dumps(S("a", "urn:c3", "2026-02-02T00:00:00Z", note="a\u2028b\u0085c"), ensure_ascii=False) + "\n").encode()
    rc, j, out, err = imp(db, raw, raw=True)
    eq("import: U+2028/U+0085 inside string is text", (rc, j and j.get("appended")), (0, 1), err)
    rc, out, err = run(["history", "--to", "urn:c3", "--account", "a"], db)
    try:
        h = json.loads(out)
        eq("import: U+2028 note kept verbatim", h[0].get("note"), "a\u2028b\u0085c")
    except Exception:
        check("import: history parse", False, out + err)


def t_skip_invalid():
    db = new_db("skip")
    good1 = json.dumps(S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="i1"))
    bad1 = '  {"type": "sent", "account": "a", "recipient": "urn:2", "at": "nope"}   '
    good2 = json.dumps(F("accepted", "2026-01-02T00:00:00Z", invitation="i1"))
    bad2 = json.dumps(F("accepted", "2026-01-03T00:00:00Z", invitation="i1"))  # already closed (after good2)
    rejp = os.path.join(ROOT, "rejects.jsonl")
    if os.path.exists(rejp):
        os.remove(rejp)
    p = wfile("skip.jsonl", (good1 + "\n" + bad1 + "\n" + good2 + "\n" + bad2 + "\n").encode(), raw=True)
    rc, j, out, err = jrun(["import", p, "--skip-invalid", "--rejects", rejp], db)
    eq("skip-invalid: exit 0", rc, 0, err)
    if j:
        eq("skip-invalid: counts", [j.get(k) for k in ["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"]], [2, 0, 2, 1, 2, ["i1"]])
    try:
        got = open(rejp, "rb").read()
    except Exception as e:
        got = repr(e).encode()
    eq("skip-invalid: rejects file holds the lines verbatim", got.decode("utf-8", "replace"), bad1 + "\n" + bad2 + "\n")
    check("skip-invalid: stderr still reports line 2", has_err(err, "invalid_event", 2) and has_err(err, "already_closed", 4), err)
    # stdin import
    rc, j, out, err = jrun(["import", "-"], db, inp=(json.dumps(S("a", "urn:5", "2026-01-05T00:00:00Z")) + "\n").encode())
    eq("import from stdin '-'", (rc, j and j.get("appended"), j and j.get("first_position")), (0, 1, 3), err)
    check("import: assigned invitation id returned", j and len(j.get("invitations") or []) == 1 and isinstance(j["invitations"][0], str) and j["invitations"][0], j)
    # import with no file argument reads stdin
    rc, j, out, err = jrun(["import"], db, inp=(json.dumps(S("a", "urn:6", "2026-01-05T00:00:00Z")) + "\n").encode())
    eq("import without FILE reads stdin", (rc, j and j.get("appended")), (0, 1), err)
    # ids assigned are unique and events carry id
    rc, out, err = run(["export"], db, fmt=None)
    ev = jl(out)
    check("export: every event carries id/invitation/account/recipient", all(EXPORT_KEYS_REQ <= set(e) for e in ev), [sorted(e) for e in ev])
    ids = [e.get("id") for e in ev]
    eq("export: ids unique", len(set(ids)), len(ids))
    check("export: every sent carries source", all(e.get("source") == "unknown" for e in ev if e.get("type") == "sent"), ev)
    # within-batch duplicate: same event (same id) twice in one batch
    db2 = new_db("skip2")
    e = S("a", "urn:1", "2026-01-01T00:00:00Z", id="x1")
    rc, j, out, err = imp(db2, [e, e])
    eq("import: same id twice in one batch = 1 appended, 1 duplicate", (rc, j and j.get("appended"), j and j.get("duplicates")), (0, 1, 1), err)
    rc, j, out, err = imp(db2, [S("a", "urn:77", "2026-01-01T00:00:00Z", id="x2"), S("a", "urn:78", "2026-01-01T00:00:00Z", id="x2", note="n")])
    check("import: same id different content in one batch = id_conflict line 2", rc == 1 and has_err(err, "id_conflict", 2), err)
    # retry with recipient in another form = duplicate
    rc, j, out, err = imp(db2, [S(" a ", "urn:1 ", "2026-01-01T00:00:00.000Z", id="x1", source="unknown")])
    eq("import: retry with unnormalised form / explicit default source is duplicate", (rc, j and j.get("duplicates")), (0, 1), err + out)
    rc, j, out, err = imp(db2, [S("a", "urn:1", "2026-01-01T01:00:00+01:00", id="x1")])
    eq("import: retry with same instant in other offset is duplicate", (rc, j and j.get("duplicates")), (0, 1), err + out)


def t_normalise_fields():
    db = new_db("norm")
    lines = [
        S(" acct-a ", "https://www.linkedin.com/in/Jane-Doe/?trk=x", "2026-01-05T10:30:00+01:00", invitation="n1", source="  ", note=" \t ", template=""),
        S("acct-a", "http://linkedin.com/in/Bob-S#frag", "2026-01-05T09:30:00.123456Z", invitation="n2", source="src", note="hi", template="t"),
        S("acct-a", "  urn:li:person:ABC  ", "2026-01-05T09:30:00.9999Z", invitation="n3"),
        S("acct-a", "www.linkedin.com/in/carol/", "2026-01-05T09:30:00.000Z", invitation="n4"),
        S("acct-a", "LinkedIn.com/in/Dan", "2026-01-05T09:30:00.1Z", invitation="n5"),
        F("withdrawn", "2026-01-06T00:00:00Z", account="acct-a", recipient="linkedin.com/in/jane-doe/", reason="   "),
        F("expired", "2026-01-06T00:00:00Z", account=" acct-a", recipient="HTTPS://WWW.LINKEDIN.COM/IN/BOB-S", by=""),
        F("reminded", "2026-01-06T00:00:00Z", account="acct-a", recipient="urn:li:person:ABC"),
    ]
    rc, j, out, err = imp(db, lines)
    eq("norm: import", rc, 0, err)
    rc, out, err = run(["export"], db, fmt=None)
    ev = jl(out)
    if not check("norm: 8 events exported", len(ev) == 8, out + err):
        return
    eq("norm: account trimmed", ev[0].get("account"), "acct-a")
    eq("norm: full URL normalised", ev[0].get("recipient"), "linkedin.com/in/jane-doe")
    eq("norm: http + fragment normalised", ev[1].get("recipient"), "linkedin.com/in/bob-s")
    eq("norm: URN only trimmed (case kept)", ev[2].get("recipient"), "urn:li:person:ABC")
    eq("norm: www + trailing slash", ev[3].get("recipient"), "linkedin.com/in/carol")
    eq("norm: upper-case host", ev[4].get("recipient"), "linkedin.com/in/dan")
    eq("norm: offset converted to UTC", ev[0].get("at"), "2026-01-05T09:30:00Z")
    eq("norm: fraction truncated to ms", ev[1].get("at"), "2026-01-05T09:30:00.123Z")
    eq("norm: .9999 truncated (not rounded)", ev[2].get("at"), "2026-01-05T09:30:00.999Z")
    eq("norm: .000 printed without fraction", ev[3].get("at"), "2026-01-05T09:30:00Z")
    eq("norm: .1 printed as .100", ev[4].get("at"), "2026-01-05T09:30:00.100Z")
    eq("norm: whitespace source -> unknown", ev[0].get("source"), "unknown")
    check("norm: whitespace note absent (not exported, not null)", "note" not in ev[0], ev[0])
    check("norm: empty template absent", "template" not in ev[0], ev[0])
    check("norm: whitespace reason absent", "reason" not in ev[5], ev[5])
    check("norm: empty by absent", "by" not in ev[6], ev[6])
    eq("norm: follow-up by pair (URL form) resolved to invitation", (ev[5].get("invitation"), ev[6].get("invitation"), ev[7].get("invitation")), ("n1", "n2", "n3"))
    eq("norm: follow-up completed recipient", ev[6].get("recipient"), "linkedin.com/in/bob-s")
    check("norm: no null values in export", all(v is not None for e in ev for v in e.values()), ev)
    eq("norm: exported chain", [e.get("hash") for e in ev], chain(ev))
    rc, j, out, err = jrun(["pending", "--now", "2026-01-07T00:00:00Z"], db)
    if check("norm: pending list", isinstance(j, list), out + err):
        eq("norm: pending invitations", [r.get("invitation") for r in j], ["n4", "n5", "n3"])
        r3 = [r for r in j if r.get("invitation") == "n3"]
        if r3:
            eq("norm: pending reminders/last_reminded_at", (r3[0].get("reminders"), r3[0].get("last_reminded_at")), (1, "2026-01-06T00:00:00Z"))
    # non-string optional field
    rc, j, out, err = imp(db, [S("acct-a", "urn:q", "2026-02-01T00:00:00Z", note=5)])
    eq("norm: non-string note is invalid_event", (rc, has_err(err, "invalid_event", 1)), (1, True), err)


def t_verbs():
    db = new_db("verbs")
    N = "2026-03-01T00:00:00Z"
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "https://www.linkedin.com/in/Zed/", "--at", "2026-02-01T00:00:00Z", "--note", "hello", "--template", "t1", "--source", "s1"], db)
    eq("send: exit 0", rc, 0, err)
    inv = None
    if j:
        check("send: append shape", set(j) == APPEND_KEYS and j.get("appended") == 1 and j.get("first_position") == 1 and j.get("last_position") == 1 and len(j.get("invitations") or []) == 1, j)
        inv = (j.get("invitations") or [None])[0]
    rc, j, out, err = jrun(["remind", "--invitation", inv or "x", "--at", "2026-02-02T00:00:00Z"], db)
    eq("remind by --invitation: exit 0 + invitations []", (rc, j and j.get("appended"), j and j.get("invitations")), (0, 1, []), err)
    rc, j, out, err = jrun(["remind", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-03T00:00:00.5Z"], db)
    eq("remind by pair: exit 0", (rc, j and j.get("last_position")), (0, 3), err)
    rc, j, out, err = jrun(["withdraw", "--invitation", inv or "x", "--account", "acct-v", "--to", "urn:other", "--at", "2026-02-04T00:00:00Z"], db)
    check("withdraw with disagreeing invitation + pair: exit 1 invalid_event", rc == 1 and has_err(err, "invalid_event"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["withdraw", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--reason", "no reply", "--at", "2026-02-04T00:00:00Z"], db)
    eq("withdraw by pair: exit 0", rc, 0, err)
    rc, j, out, err = jrun(["accept", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-05T00:00:00Z"], db)
    check("accept after withdraw: exit 1 already_closed", rc == 1 and has_err(err, "already_closed"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["accept", "--invitation", "nope", "--at", "2026-02-05T00:00:00Z"], db)
    check("accept unknown: exit 1 unknown_invitation", rc == 1 and has_err(err, "unknown_invitation"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["history", "--invitation", inv or "x"], db)
    if check("history: array of 4", isinstance(j, list) and len(j) == 4, out + err):
        eq("history: types in order", [e.get("type") for e in j], ["sent", "reminded", "reminded", "withdrawn"])
        eq("history: positions", [e.get("position") for e in j], [1, 2, 3, 4])
        check("history: each has recorded_at/hash", all(TS_RE.match(e.get("recorded_at", "")) and HEX64.match(e.get("hash", "")) for e in j), j)
        eq("history: sent fields", {k: j[0].get(k) for k in ["account", "recipient", "note", "template", "source", "at"]}, {"account": "acct-v", "recipient": "linkedin.com/in/zed", "note": "hello", "template": "t1", "source": "s1", "at": "2026-02-01T00:00:00Z"})
        eq("history: reason recorded", j[3].get("reason"), "no reply")
        eq("history: ms timestamp", j[2].get("at"), "2026-02-03T00:00:00.500Z")
        rc2, out2, _ = run(["export"], db, fmt=None)
        eq("history events equal export lines", j, jl(out2))
    # send policy refusal: cooldown (withdrawn 2026-02-04 + 3w = 2026-02-25)
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-10T00:00:00Z"], db)
    check("send in cooldown: exit 3, stderr names cooldown", rc == 3 and "cooldown" in err, f"rc={rc} {out} {err}")
    rc, j, _, _ = jrun(["status"], db)
    eq("send refused: nothing recorded", j and j.get("events"), 4)
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-10T00:00:00Z", "--note", "x" * 301], db)
    check("send invalid event (long note) in cooldown: exit 1 first", rc == 1 and has_err(err, "invalid_event"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-10T00:00:00Z", "--force", "--invitation", "forced-1"], db)
    eq("send --force in cooldown: exit 0, invitation id", (rc, j and j.get("invitations")), (0, ["forced-1"]), err)
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-11T00:00:00Z", "--force"], db)
    check("send --force while pending: exit 1 already_pending", rc == 1 and has_err(err, "already_pending"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-11T00:00:00Z"], db)
    check("send while pending (no force): exit 3 pending", rc == 3 and "pending" in err, f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/new", "--at", "2026-02-11T00:00:00Z", "--invitation", "forced-1", "--force"], db)
    check("send --force with used invitation id: exit 1 duplicate_invitation", rc == 1 and has_err(err, "duplicate_invitation"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["accept", "--invitation", "forced-1", "--at", "2026-02-12T00:00:00Z"], db)
    eq("accept: exit 0", rc, 0, err)
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-13T00:00:00Z", "--force"], db)
    check("send --force to connected: exit 1 already_connected", rc == 1 and has_err(err, "already_connected"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "linkedin.com/in/zed", "--at", "2026-02-13T00:00:00Z"], db)
    check("send to connected (no force): exit 3 connected", rc == 3 and "connected" in err, f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "   ", "--at", "2026-02-13T00:00:00Z"], db)
    check("send empty --to: exit 1 invalid_event", rc == 1 and has_err(err, "invalid_event"), f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "urn:t", "--at", "garbage"], db)
    check("send bad --at: exit 1 invalid_event (or 64)", rc in (1, 64), f"rc={rc} {err}")
    rc, j, out, err = jrun(["expire", "--invitation", "forced-1", "--at", "2026-02-14T00:00:00Z"], db)
    check("expire after accepted: exit 1 already_closed", rc == 1 and has_err(err, "already_closed"), f"rc={rc} {err}")
    # manual expire
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "urn:m", "--at", "2026-02-13T00:00:00Z", "--invitation", "m1"], db)
    eq("send urn:m", rc, 0, err)
    rc, j, out, err = jrun(["expire", "--invitation", "m1", "--at", "2026-02-14T00:00:00Z"], db)
    eq("manual expire: exit 0", rc, 0, err)
    rc, j, out, err = jrun(["history", "--to", "urn:m", "--account", "acct-v"], db)
    if check("history --to --account", isinstance(j, list) and len(j) == 2, out + err):
        check("manual expire has no by", "by" not in j[1], j[1])
    rc, j, out, err = jrun(["history", "--to", "linkedin.com/in/ZED"], db)
    check("history --to (all accounts, URL form) lists both invitations", isinstance(j, list) and len(j) == 6, out + err)
    # follow-up at defaults to now (the clock)
    rc, j, out, err = jrun(["send", "--account", "acct-v", "--to", "urn:clock", "--force"], db)
    rc, j, out, err = jrun(["history", "--to", "urn:clock", "--account", "acct-v"], db)
    if isinstance(j, list) and j:
        d = abs((inst(j[0]["at"]) - datetime.now(timezone.utc)).total_seconds())
        check("send without --at uses the clock", d < 120, j[0])


def t_check_cooldown():
    db = new_db("check")
    ev = [
        S("a", "urn:w", "2026-01-01T00:00:00Z", invitation="w1"),
        F("withdrawn", "2026-01-10T00:00:00Z", invitation="w1"),
        S("a", "urn:e", "2026-01-01T00:00:00Z", invitation="e1"),
        F("expired", "2026-01-20T12:00:00.250Z", invitation="e1"),
        S("a", "urn:c", "2026-01-01T00:00:00Z", invitation="c1"),
        F("accepted", "2026-01-02T00:00:00Z", invitation="c1"),
        S("a", "urn:p", "2026-01-03T00:00:00Z", invitation="p1"),
        S("b", "urn:w", "2026-01-01T00:00:00Z", invitation="bw1"),
        F("withdrawn", "2026-01-05T00:00:00Z", invitation="bw1"),
        S("a", "urn:old", "2025-11-01T00:00:00Z", invitation="o1"),
        F("withdrawn", "2025-11-02T00:00:00Z", invitation="o1"),
    ]
    rc, j, out, err = imp(db, ev)
    eq("check: import", rc, 0, err)
    N = "2026-01-15T00:00:00Z"

    def chk(acct, to, now=N, extra=()):
        rc, j, out, err = jrun(["check", "--account", acct, "--to", to, "--now", now, *extra], db)
        return rc, j, out + err

    rc, j, o = chk("a", "urn:w")
    eq("check cooldown after withdraw", (rc, j), (3, {"account": "a", "recipient": "urn:w", "allowed": False, "reason": "cooldown", "until": "2026-01-31T00:00:00Z", "invitation": "w1"}), o)
    rc, j, o = chk("a", "urn:e", "2026-01-21T00:00:00Z")
    eq("check cooldown after expire (ms until)", (rc, j), (3, {"account": "a", "recipient": "urn:e", "allowed": False, "reason": "cooldown", "until": "2026-02-10T12:00:00.250Z", "invitation": "e1"}), o)
    rc, j, o = chk("a", "urn:c")
    eq("check connected", (rc, j), (3, {"account": "a", "recipient": "urn:c", "allowed": False, "reason": "connected", "until": None, "invitation": "c1"}), o)
    rc, j, o = chk("a", "urn:p")
    eq("check pending", (rc, j), (3, {"account": "a", "recipient": "urn:p", "allowed": False, "reason": "pending", "until": None, "invitation": "p1"}), o)
    rc, j, o = chk("a", "urn:w", "2026-01-31T00:00:00Z")
    eq("check at exactly until: ok, invitation still named", (rc, j), (0, {"account": "a", "recipient": "urn:w", "allowed": True, "reason": "ok", "until": None, "invitation": "w1"}), o)
    rc, j, o = chk("a", "urn:w", "2026-01-30T23:59:59.999Z")
    eq("check 1ms before until: cooldown", (rc, j and j.get("reason")), (3, "cooldown"), o)
    rc, j, o = chk("a", "urn:never")
    eq("check never invited", (rc, j), (0, {"account": "a", "recipient": "urn:never", "allowed": True, "reason": "ok", "until": None, "invitation": None}), o)
    rc, j, o = chk(" a ", "urn:w ")
    eq("check normalises account/recipient", (j or {}).get("account"), "a", o)
    rc, j, o = chk("a", "urn:w", extra=("--as-of", "2026-01-05T00:00:00Z"))
    check("check --as-of + --now: malformed command line (64)", rc == 64, o)
    rc, j, o = chk("a", "urn:w", "2026-01-15T00:00:00Z")
    rc2, j2, out2, err2 = jrun(["check", "--account", "a", "--to", "urn:w", "--as-of", "2026-01-05T00:00:00Z"], db)
    eq("check --as-of before withdraw: pending", (rc2, j2 and j2.get("reason"), j2 and j2.get("invitation")), (3, "pending", "w1"), out2 + err2)
    rc2, j2, out2, err2 = jrun(["check", "--account", "a", "--to", "urn:w", "--position", "1", "--now", "2026-01-15T00:00:00Z"], db)
    eq("check --position 1: pending", (rc2, j2 and j2.get("reason")), (3, "pending"), out2 + err2)
    rc2, j2, out2, err2 = jrun(["check", "--account", "a", "--to", "urn:w", "--as-of", "yesterday"], db)
    check("check malformed --as-of: non-zero exit (1 or 64)", rc2 in (1, 64), f"rc={rc2} {err2}")
    rc2, j2, out2, err2 = jrun(["check", "--account", "a", "--to", "urn:w", "--as-of", "yesterday", "--now", N], db)
    eq("check malformed --as-of with --now: 64", rc2, 64, err2)
    # cooldown list
    rc, j, out, err = jrun(["cooldown", "--now", N], db)
    want = [
        {"account": "a", "recipient": "urn:c", "state": "connected", "reason": "accepted", "since": "2026-01-02T00:00:00Z", "until": None},
        {"account": "a", "recipient": "urn:e", "state": "cooldown", "reason": "expired", "since": "2026-01-20T12:00:00.250Z", "until": "2026-02-10T12:00:00.250Z"},
        {"account": "a", "recipient": "urn:w", "state": "cooldown", "reason": "withdrawn", "since": "2026-01-10T00:00:00Z", "until": "2026-01-31T00:00:00Z"},
        {"account": "b", "recipient": "urn:w", "state": "cooldown", "reason": "withdrawn", "since": "2026-01-05T00:00:00Z", "until": "2026-01-26T00:00:00Z"},
    ]
    eq("cooldown list (sorted, excludes pending and old cooldowns; --now does not limit events)", j, want, err)
    rc, j, out, err = jrun(["cooldown", "--now", "2026-01-21T00:00:00Z", "--account", "a"], db)
    eq("cooldown --account a at 01-21 (expire cooldown included, sorted by recipient)", [(r.get("recipient"), r.get("reason")) for r in (j or [])], [("urn:c", "accepted"), ("urn:e", "expired"), ("urn:w", "withdrawn")], err)
    rc, j, out, err = jrun(["cooldown", "--now", "2026-01-26T00:00:00Z", "--account", "b"], db)
    eq("cooldown: pair drops out when now == until", j, [], err)
    # policy change affects cooldown until
    rc, j, out, err = jrun(["policy", "--set", "cooldown_after_withdraw=1w2d", "--set", "cooldown_after_expire=36h"], db)
    eq("policy --set twice: exit 0", rc, 0, err)
    rc, j, o = chk("a", "urn:w")
    eq("check with cooldown_after_withdraw=1w2d", (rc, j and j.get("until")), (3, "2026-01-19T00:00:00Z"), o)
    rc, j, o = chk("a", "urn:e", "2026-01-21T00:00:00Z")
    eq("check with cooldown_after_expire=36h", (rc, j and j.get("until")), (3, "2026-01-22T00:00:00.250Z"), o)
    rc, j, out, err = jrun(["policy"], db)
    check("policy show: json object with six keys", isinstance(j, dict) and {"expire_after", "cooldown_after_withdraw", "cooldown_after_expire", "pending_cap", "weekly_cap", "note_limit"} <= set(j or {}), out + err)
    if isinstance(j, dict):
        eq("policy show: caps are numbers", (j.get("pending_cap"), j.get("weekly_cap"), j.get("note_limit")), (500, 100, 300))
    rc, j, out, err = jrun(["policy", "--set", "bogus_key=3"], db)
    check("policy --set unknown key: fails (1 or 64)", rc in (1, 64), f"rc={rc} {err}")
    rc, j, out, err = jrun(["policy", "--set", "expire_after=3x"], db)
    check("policy --set bad duration: fails", rc in (1, 64), f"rc={rc} {err}")
    rc, j, out, err = jrun(["policy", "--set", "pending_cap=abc"], db)
    check("policy --set bad number: fails", rc in (1, 64), f"rc={rc} {err}")


def t_caps():
    db = new_db("caps")
    rc, j, out, err = jrun(["policy", "--set", "weekly_cap=2", "--set", "pending_cap=3"], db)
    eq("caps: policy set", rc, 0, err)
    ev = [S("w", "urn:1", "2026-03-01T00:00:00Z", invitation="x1"),
          S("w", "urn:2", "2026-03-03T00:00:00Z", invitation="x2"),
          F("accepted", "2026-03-03T01:00:00Z", invitation="x1"),
          F("accepted", "2026-03-03T01:00:00Z", invitation="x2"),
          S("p", "urn:1", "2026-01-01T00:00:00Z", invitation="y1"),
          S("p", "urn:2", "2026-01-02T00:00:00Z", invitation="y2"),
          S("p", "urn:3", "2026-01-03T00:00:00Z", invitation="y3"),
          S("p", "urn:4", "2026-01-01T00:00:00Z", invitation="y4"),
          F("withdrawn", "2026-01-05T00:00:00Z", invitation="y4")]
    rc, j, out, err = imp(db, ev)
    eq("caps: import", rc, 0, err)
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-05T00:00:00Z"], db)
    eq("check weekly_cap with until = first send + 7d", (rc, j), (3, {"account": "w", "recipient": "urn:9", "allowed": False, "reason": "weekly_cap", "until": "2026-03-08T00:00:00Z", "invitation": None}), out + err)
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-08T00:00:00Z"], db)
    eq("check weekly_cap window (now-7d, now] excludes send at now-7d", (rc, j and j.get("reason")), (0, "ok"), out + err)
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-01T00:00:00Z"], db)
    eq("check: send in future is not in window at now", (rc, j and j.get("reason")), (0, "ok"), out + err)
    rc, j, out, err = jrun(["check", "--account", "p", "--to", "urn:9", "--now", "2026-01-10T00:00:00Z"], db)
    eq("check pending_cap", (rc, j and j.get("reason"), j and j.get("until")), (3, "pending_cap", None), out + err)
    rc, j, out, err = jrun(["check", "--account", "p", "--to", "urn:4", "--now", "2026-01-10T00:00:00Z"], db)
    eq("check cooldown beats pending_cap", (rc, j and j.get("reason")), (3, "cooldown"), out + err)
    rc, j, out, err = jrun(["check", "--account", "p", "--to", "urn:1", "--now", "2026-01-10T00:00:00Z"], db)
    eq("check pending beats pending_cap", (rc, j and j.get("reason")), (3, "pending"), out + err)
    rc, j, out, err = jrun(["send", "--account", "p", "--to", "urn:9", "--at", "2026-01-10T00:00:00Z"], db)
    check("send at pending_cap: exit 3 pending_cap", rc == 3 and "pending_cap" in err, f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "w", "--to", "urn:9", "--at", "2026-03-05T00:00:00Z"], db)
    check("send at weekly_cap: exit 3 weekly_cap", rc == 3 and "weekly_cap" in err, f"rc={rc} {err}")
    rc, j, out, err = jrun(["send", "--account", "w", "--to", "urn:9", "--at", "2026-03-08T00:00:00Z"], db)
    eq("send policy judged at --at", rc, 0, err)
    # check is judged at now: pending_cap counts invitations pending at now
    rc, j, out, err = jrun(["check", "--account", "p", "--to", "urn:9", "--as-of", "2026-01-01T12:00:00Z"], db)
    eq("check --as-of: 2 sends on 01-01 with weekly_cap=2 -> weekly_cap until 01-08", (rc, j and j.get("reason"), j and j.get("until")), (3, "weekly_cap", "2026-01-08T00:00:00Z"), out + err)


def t_pending_expire():
    db = new_db("pend")
    ev = [S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="b", source="s1", template="t", note="n"),
          S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="a", source="s2"),
          S("z", "urn:3", "2025-12-01T12:00:00.500Z", invitation="c"),
          F("reminded", "2026-01-05T00:00:00Z", invitation="b"),
          F("reminded", "2026-01-07T06:00:00Z", invitation="b"),
          S("a", "urn:4", "2026-02-01T00:00:00Z", invitation="d", source="s1"),
          F("accepted", "2026-02-02T00:00:00Z", invitation="d"),
          S("z", "urn:5", "2026-01-01T00:00:00Z", invitation="e"),
          F("reminded", "2026-07-10T00:00:00Z", invitation="e")]
    rc, j, out, err = imp(db, ev)
    eq("pend: import", rc, 0, err)
    N = "2026-02-01T06:00:00Z"
    rc, j, out, err = jrun(["pending", "--now", N], db)
    if not check("pending: list", isinstance(j, list), out + err):
        return
    eq("pending: sort by sent_at then invitation", [r.get("invitation") for r in j], ["c", "a", "b", "e"])
    rb = [r for r in j if r.get("invitation") == "b"]
    n = inst(N)
    if rb:
        eq("pending: full row", rb[0], {"invitation": "b", "account": "a", "recipient": "urn:2", "source": "s1", "template": "t", "has_note": True,
                                         "sent_at": "2026-01-01T00:00:00Z", "age_days": rb[0].get("age_days"), "reminders": 2, "last_reminded_at": "2026-01-07T06:00:00Z",
                                         "expires_at": "2026-07-02T00:00:00Z", "overdue": False})
        check("pending: age_days unrounded", approx(rb[0].get("age_days"), 31.25), rb[0].get("age_days"))
    rc_ = [r for r in j if r.get("invitation") == "c"]
    if rc_:
        check("pending: age_days with ms", approx(rc_[0].get("age_days"), (n - inst("2025-12-01T12:00:00.500Z")).total_seconds() / 86400), rc_[0].get("age_days"))
        eq("pending: expires_at with ms / null template / has_note false / source unknown", (rc_[0].get("expires_at"), rc_[0].get("template"), rc_[0].get("has_note"), rc_[0].get("source"), rc_[0].get("last_reminded_at"), rc_[0].get("reminders")),
           ("2026-06-01T12:00:00.500Z", None, False, "unknown", None, 0))
    rc, j, out, err = jrun(["pending", "--now", "2026-06-01T12:00:00.500Z"], db)
    eq("pending: overdue when now == expires_at", [(r.get("invitation"), r.get("overdue")) for r in (j or [])], [("c", True), ("a", False), ("b", False), ("e", False)], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--account", "a"], db)
    eq("pending --account", [r.get("invitation") for r in (j or [])], ["a", "b"], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--source", "s1"], db)
    eq("pending --source", [r.get("invitation") for r in (j or [])], ["b"], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--source", "unknown"], db)
    eq("pending --source unknown", [r.get("invitation") for r in (j or [])], ["c", "e"], err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-22T00:00:00Z", "--older-than", "3w"], db)
    eq("pending --older-than 3w keeps age >= 3w (boundary inclusive)", [r.get("invitation") for r in (j or [])], ["c", "a", "b", "e"], err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-21T23:59:00Z", "--older-than", "3w"], db)
    eq("pending --older-than 3w just before", [r.get("invitation") for r in (j or [])], ["c"], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--expiring-within", "17w"], db)
    # c expires 06-01 12:00:00.5; now + 17w = 2026-05-31T06:00 -> none; 18w -> 06-07T06:00 -> c
    eq("pending --expiring-within 17w", [r.get("invitation") for r in (j or [])], [], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--expiring-within", "18w"], db)
    eq("pending --expiring-within 18w", [r.get("invitation") for r in (j or [])], ["c"], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--limit", "2"], db)
    eq("pending --limit 2", [r.get("invitation") for r in (j or [])], ["c", "a"], err)
    rc, j, out, err = jrun(["pending", "--now", N, "--older-than", "1x"], db)
    check("pending --older-than bad duration fails", rc in (1, 64), f"rc={rc}")
    rc, j, out, err = jrun(["pending", "--as-of", "2026-01-01T00:00:00Z"], db)
    eq("pending --as-of (at <= TIME counts; now = TIME)", [(r.get("invitation"), approx(r.get("age_days"), 0.0)) for r in (j or [])], [("c", False), ("a", True), ("b", True), ("e", True)], err)
    rc, j, out, err = jrun(["pending", "--position", "2", "--now", N], db)
    eq("pending --position 2", [r.get("invitation") for r in (j or [])], ["a", "b"], err)
    rc, j, out, err = jrun(["pending", "--as-of", "2026-01-01T00:00:00Z", "--now", N], db)
    eq("pending --as-of + --now: 64", rc, 64, err)
    # policy expire_after
    rc, j, out, err = jrun(["policy", "--set", "expire_after=4w"], db)
    rc, j, out, err = jrun(["pending", "--now", N], db)
    rb = [r for r in (j or []) if r.get("invitation") == "b"]
    eq("pending expires_at follows policy expire_after=4w", rb and (rb[0].get("expires_at"), rb[0].get("overdue")), ("2026-01-29T00:00:00Z", True), err)
    # expire --due
    rc, j, out, err = jrun(["expire", "--due", "--now", N], db)
    eq("expire --due: exit 0", rc, 0, err)
    if j:
        eq("expire --due: append shape", [j.get(k) for k in ["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"]], [4, 0, 0, 10, 13, []])
    rc, out, err = run(["export", "--from", "10"], db, fmt=None)
    ex = jl(out)
    # order by sent positions: b (pos1), a (pos2), c (pos3), e (pos8)
    eq("expire --due: order by sent position, ids", [(e.get("id"), e.get("invitation"), e.get("type"), e.get("by")) for e in ex],
       [("expire:b", "b", "expired", "policy"), ("expire:a", "a", "expired", "policy"), ("expire:c", "c", "expired", "policy"), ("expire:e", "e", "expired", "policy")])
    eq("expire --due: at = max(sent+expire_after, latest pair event)", [e.get("at") for e in ex],
       ["2026-01-29T00:00:00Z", "2026-01-29T00:00:00Z", "2025-12-29T12:00:00.500Z", "2026-07-10T00:00:00Z"])
    eq("export --from 10: positions", [e.get("position") for e in ex], [10, 11, 12, 13])
    rc, j, out, err = jrun(["expire", "--due", "--now", N], db)
    eq("expire --due again: nothing", (rc, j and j.get("appended"), j and j.get("first_position")), (0, 0, None), err)
    rc, j, out, err = jrun(["cooldown", "--now", N, "--account", "z"], db)
    eq("cooldown after policy expiry: since = expired at, until = +3w", [(r.get("recipient"), r.get("reason"), r.get("since"), r.get("until")) for r in (j or [])],
       [("urn:3", "expired", "2025-12-29T12:00:00.500Z", "2026-01-19T12:00:00.500Z")][0:0] + [("urn:5", "expired", "2026-07-10T00:00:00Z", "2026-07-31T00:00:00Z")], err)
    rc, out, err = run(["log", "--from", "2", "--limit", "3"], db, fmt=None)
    eq("log --from 2 --limit 3 positions", [e.get("position") for e in jl(out)], [2, 3, 4], err)
    rc, out, err = run(["log"], db, fmt="json")
    lg = jl(out)
    eq("log writes JSON Lines with chain", [e.get("hash") for e in lg], chain(lg))
    # retry of a policy expiry with identical content is duplicate
    rc, j, out, err = imp(db, [ex[0]] if ex else [])
    eq("re-import of an expire:<inv> line is a duplicate", (rc, j and j.get("duplicates")), (0, 1), err)


def t_expire_due_default():
    db = new_db("exp2")
    ev = [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="q1"), S("a", "urn:2", "2026-01-02T00:00:00Z", invitation="q2")]
    imp(db, ev)
    # 26w = 182 days: q1 due exactly at 2026-07-02T00:00:00Z
    rc, j, out, err = jrun(["expire", "--due", "--now", "2026-07-02T00:00:00Z"], db)
    eq("expire --due default 26w boundary inclusive", (rc, j and j.get("appended")), (0, 1), err)
    rc, j, out, err = jrun(["history", "--invitation", "q1"], db)
    eq("expire --due at = sent+182d", j and j[-1].get("at"), "2026-07-02T00:00:00Z")
    rc, j, out, err = jrun(["check", "--account", "a", "--to", "urn:1", "--now", "2026-07-05T00:00:00Z"], db)
    eq("check after policy expiry -> cooldown until +3w", (rc, j and j.get("reason"), j and j.get("until"), j and j.get("invitation")), (3, "cooldown", "2026-07-23T00:00:00Z", "q1"), out + err)


def t_metrics():
    db = new_db("metrics")
    ev = [
        S("x", "urn:1", "2026-01-01T00:00:00Z", invitation="i1", source="a", template="t1", note="hi"),
        F("reminded", "2026-01-02T00:00:00Z", invitation="i1"),
        F("accepted", "2026-01-03T00:00:00Z", invitation="i1"),
        S("x", "urn:2", "2026-01-02T12:00:00Z", invitation="i2", source="a", template="  ", note="   "),
        F("accepted", "2026-01-12T12:00:00Z", invitation="i2"),
        S("x", "urn:3", "2026-01-05T00:00:00Z", invitation="i3", source="a"),
        F("withdrawn", "2026-01-20T00:00:00Z", invitation="i3"),
        S("x", "urn:4", "2026-02-25T00:00:00Z", invitation="i4", source="a"),
        F("reminded", "2026-02-26T00:00:00Z", invitation="i4"),
        S("x", "urn:5", "2026-01-06T00:00:00Z", invitation="i5", source="a"),
        F("accepted", "2026-01-06T06:00:00Z", invitation="i5"),
        S("x", "urn:6", "2026-01-07T00:00:00Z", invitation="i6", source="a"),
        F("accepted", "2026-02-16T00:00:00Z", invitation="i6"),
        S("y", "urn:7", "2026-02-27T00:00:00Z", invitation="i7", source="b"),
        S("y", "urn:8", "2026-01-10T00:00:00Z", invitation="i8"),
        F("expired", "2026-02-01T00:00:00Z", invitation="i8"),
    ]
    rc, j, out, err = imp(db, ev)
    eq("metrics: import", rc, 0, err)
    N = "2026-03-01T00:00:00Z"
    rc, j, out, err = jrun(["metrics", "--now", N], db)
    want = [
        {"group": "a", "sent": 6, "pending": 1, "accepted": 4, "withdrawn": 1, "expired": 0, "reminded": 2, "acceptance_rate": 4 / 6, "resolved_acceptance_rate": 0.8,
         "accepted_7d_rate": 0.4, "accepted_30d_rate": 0.6, "median_days_to_accept": 6.0, "p90_days_to_accept": 40.0},
        {"group": "b", "sent": 1, "pending": 1, "accepted": 0, "withdrawn": 0, "expired": 0, "reminded": 0, "acceptance_rate": 0.0, "resolved_acceptance_rate": None,
         "accepted_7d_rate": None, "accepted_30d_rate": None, "median_days_to_accept": None, "p90_days_to_accept": None},
        {"group": "unknown", "sent": 1, "pending": 0, "accepted": 0, "withdrawn": 0, "expired": 1, "reminded": 0, "acceptance_rate": 0.0, "resolved_acceptance_rate": 0.0,
         "accepted_7d_rate": 0.0, "accepted_30d_rate": 0.0, "median_days_to_accept": None, "p90_days_to_accept": None},
    ]
    mcmp("metrics by source (default)", j, want, out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "source", "--sent-until", "2026-01-06T00:00:00Z"], db)
    sub = [r for r in (j or []) if r.get("group") == "a"]
    eq("metrics --sent-until inclusive: groups", [r.get("group") for r in (j or [])], ["a"], out + err)
    if sub:
        r = sub[0]
        check("metrics odd median / p90 nearest rank", (r.get("sent"), r.get("accepted")) == (4, 3) and approx(r.get("median_days_to_accept"), 2.0) and approx(r.get("p90_days_to_accept"), 10.0), r)
    rc, j, out, err = jrun(["metrics", "--now", N, "--sent-since", "2026-01-06T00:00:00Z", "--sent-until", "2026-01-07T00:00:00Z"], db)
    eq("metrics --sent-since/--sent-until both inclusive", [(r.get("group"), r.get("sent")) for r in (j or [])], [("a", 2)], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "account"], db)
    eq("metrics by account groups/sent", [(r.get("group"), r.get("sent"), r.get("accepted")) for r in (j or [])], [("x", 6, 4), ("y", 2, 0)], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--account", "y"], db)
    eq("metrics --account y", [(r.get("group"), r.get("sent")) for r in (j or [])], [("b", 1), ("unknown", 1)], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "template"], db)
    eq("metrics by template: null group first, whitespace template = none", [(r.get("group"), r.get("sent")) for r in (j or [])], [(None, 7), ("t1", 1)], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "note"], db)
    eq("metrics by note", [(r.get("group"), r.get("sent")) for r in (j or [])], [("with-note", 1), ("without-note", 7)], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "weekday"], db)
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    cnt = {}
    for e in ev:
        if e["type"] == "sent":
            d = names[inst(e["at"]).weekday()]
            cnt[d] = cnt.get(d, 0) + 1
    eq("metrics by weekday order mon..sun", [(r.get("group"), r.get("sent")) for r in (j or [])], [(d, cnt[d]) for d in names if d in cnt], out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "hour", "--tz", "Asia/Kolkata"], db)
    hc = {}
    for e in ev:
        if e["type"] == "sent":
            h = f"{(inst(e['at']) + timedelta(hours=5, minutes=30)).hour:02d}"
            hc[h] = hc.get(h, 0) + 1
    eq("metrics by hour --tz Asia/Kolkata", [(r.get("group"), r.get("sent")) for r in (j or [])], sorted(hc.items()), out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "weekday", "--tz", "Pacific/Kiritimati"], db)
    wc = {}
    for e in ev:
        if e["type"] == "sent":
            d = names[(inst(e["at"]) + timedelta(hours=14)).weekday()]
            wc[d] = wc.get(d, 0) + 1
    eq("metrics by weekday --tz +14", [(r.get("group"), r.get("sent")) for r in (j or [])], [(d, wc[d]) for d in names if d in wc], out + err)
    rc, j, out, err = jrun(["metrics", "--as-of", "2026-01-11T00:00:00Z"], db)
    # as of 01-11: a: i1 acc, i2 pending, i3 pending, i5 acc, i6 pending; unknown: i8 pending
    ra = [r for r in (j or []) if r.get("group") == "a"]
    eq("metrics --as-of: state as it stood", ra and (ra[0].get("sent"), ra[0].get("pending"), ra[0].get("accepted")), (5, 3, 2), out + err)
    check("metrics --as-of: 7d eligibility judged at TIME (0.5), median 1.125", ra and approx(ra[0].get("accepted_7d_rate"), 0.5) and approx(ra[0].get("median_days_to_accept"), 1.125) and ra[0].get("accepted_30d_rate") is None, ra)
    rc, j, out, err = jrun(["metrics", "--now", "2026-01-02T00:00:00Z"], db)
    ra = [r for r in (j or []) if r.get("group") == "a"]
    # --now does not limit events: all events still count, but 7d eligibility judged at now
    eq("metrics --now early: all events counted, 7d rate null (none sent 7d before)", ra and (ra[0].get("sent"), ra[0].get("accepted_7d_rate")), (6, None), out + err)
    rc, j, out, err = jrun(["metrics", "--now", N, "--by", "bogus"], db)
    check("metrics --by bogus fails", rc in (1, 64), f"rc={rc}")
    # empty ledger metrics -> []
    rc, j, out, err = jrun(["metrics", "--now", N], new_db("emptym"))
    eq("metrics on empty ledger -> []", j, [], out + err)
    rc, j, out, err = jrun(["pending", "--now", N], new_db("emptyp"))
    eq("pending on empty ledger -> []", j, [], out + err)
    # 7d boundary: accepted exactly 7 days after
    db2 = new_db("m7")
    imp(db2, [S("x", "urn:1", "2026-01-01T00:00:00Z", invitation="k1"), F("accepted", "2026-01-08T00:00:00Z", invitation="k1"),
              S("x", "urn:2", "2026-01-01T00:00:00Z", invitation="k2"), F("accepted", "2026-01-08T00:00:00.001Z", invitation="k2"),
              S("x", "urn:3", "2026-01-01T00:00:00Z", invitation="k3"), F("accepted", "2026-01-01T12:00:00Z", invitation="k3")])
    rc, j, out, err = jrun(["metrics", "--now", "2026-01-08T00:00:00Z"], db2)
    r = (j or [{}])[0]
    check("metrics 7d: sent_at <= now-7d eligible, accepted within 7d inclusive", approx(r.get("accepted_7d_rate"), 2 / 3) and approx(r.get("median_days_to_accept"), 7.0) and r.get("accepted_30d_rate") is None and approx(r.get("p90_days_to_accept"), 7.0 + 0.001 / 86400), r)


def mcmp(name, got, want, ctx):
    if not isinstance(got, list) or len(got) != len(want):
        return check(name, False, f"got {json.dumps(got)[:500]} {ctx[:200]}")
    for g, w in zip(got, want):
        if set(g) != set(w):
            return check(name + " (keys)", False, f"{sorted(g)} vs {sorted(w)}")
        for k, v in w.items():
            if isinstance(v, float) or v is None or (isinstance(v, int) and not isinstance(v, bool) and k not in ("sent",)):
                ok = approx(g.get(k), v) if v is not None else g.get(k) is None
            else:
                ok = g.get(k) == v
            if not ok:
                return check(name, False, f"group {w['group']} {k}: got {g.get(k)} want {v}")
    return check(name, True)


def t_merkle():
    db = new_db("merkle")
    ev = [S("a", f"urn:{i}", f"2026-01-{i+1:02d}T00:00:00Z", invitation=f"m{i}", id=f"id-{i}") for i in range(7)]
    rc, j, out, err = imp(db, ev)
    eq("merkle: import 7", rc, 0, err)
    rc, out, err = run(["export"], db, fmt=None)
    ex = jl(out)
    leaves = [leaf(e) for e in ex]
    n = len(leaves)
    rc, j, out, err = jrun(["digest"], db)
    eq("digest (all) root/size/hash", j, {"size": n, "root": mth(leaves).hex(), "hash": ex[-1]["hash"] if ex else None}, err)
    rc, j, out, err = jrun(["digest", "--position", "5"], db, fmt="table")
    okj = None
    try:
        okj = json.loads(out)
    except Exception:
        pass
    for m in range(1, n + 1):
        rc, j, out, err = jrun(["digest", "--position", str(m)], db)
        if not eq(f"digest --position {m}", j, {"size": m, "root": mth(leaves[:m]).hex(), "hash": ex[m - 1]["hash"]}, err):
            break
    allok = True
    for m in range(n):
        for size in range(m + 1, n + 1):
            rc, j, out, err = jrun(["prove", "--position", str(m + 1), "--size", str(size)], db, fmt="table")
            want = {"kind": "inclusion", "position": m + 1, "size": size, "leaf_hash": leaves[m].hex(), "root": mth(leaves[:size]).hex(), "proof": [h.hex() for h in path(m, leaves[:size])], "event": ex[m]}
            if j != want:
                allok = False
                check(f"prove --position {m+1} --size {size} (json even with --format table)", False, f"rc={rc} got {out[:400]} want {json.dumps(want)[:400]} {err}")
                break
            if m == 2 and size == 7:
                p = wfile("proof.json", [json.dumps(j)])
                rc2, j2, o2, e2 = jrun(["verify-proof", p], None)
                eq("verify-proof good inclusion", (rc2, j2), (0, {"ok": True}), o2 + e2)
                rc2, j2, o2, e2 = jrun(["verify-proof", "-"], None, inp=json.dumps(j).encode())
                eq("verify-proof from stdin", (rc2, j2), (0, {"ok": True}), o2 + e2)
                rc2, j2, o2, e2 = jrun(["verify-proof", p, "--root", j["root"]], None)
                eq("verify-proof --root right", (rc2, j2), (0, {"ok": True}), o2 + e2)
                rc2, j2, o2, e2 = jrun(["verify-proof", p, "--root", "00" * 32], None)
                check("verify-proof --root wrong: exit 1 ok false + error", rc2 == 1 and isinstance(j2, dict) and j2.get("ok") is False and isinstance(j2.get("error"), str), o2 + e2)
                t = json.loads(json.dumps(j)); t["event"]["note"] = "tampered"
                rc2, j2, o2, e2 = jrun(["verify-proof", wfile("p2.json", [json.dumps(t)])], None)
                check("verify-proof tampered event: exit 1", rc2 == 1 and j2 and j2.get("ok") is False, o2 + e2)
                t = json.loads(json.dumps(j)); t["event"]["hash"] = "ab" * 32
                rc2, j2, o2, e2 = jrun(["verify-proof", wfile("p3.json", [json.dumps(t)])], None)
                eq("verify-proof: event hash not covered by leaf", (rc2, j2), (0, {"ok": True}), o2 + e2)
                t = json.loads(json.dumps(j)); t["proof"][0] = "cd" * 32
                rc2, j2, o2, e2 = jrun(["verify-proof", wfile("p4.json", [json.dumps(t)])], None)
                check("verify-proof tampered path: exit 1", rc2 == 1 and j2 and j2.get("ok") is False, o2 + e2)
                t = json.loads(json.dumps(j)); t["leaf_hash"] = "ef" * 32
                rc2, j2, o2, e2 = jrun(["verify-proof", wfile("p5.json", [json.dumps(t)])], None)
                check("verify-proof leaf_hash differs from recomputed: exit 1", rc2 == 1 and j2 and j2.get("ok") is False, o2 + e2)
                t = json.loads(json.dumps(j)); t["proof"][0] = "cd" * 31
                rc2, j2, o2, e2 = jrun(["verify-proof", wfile("p6.json", [json.dumps(t)])], None)
                check("verify-proof 31-byte hash: exit 1", rc2 == 1 and j2 and j2.get("ok") is False, o2 + e2)
        if not allok:
            break
    check("prove inclusion: all (position,size) pairs match python RFC 9162 PATH", allok)
    rc, j, out, err = jrun(["prove", "--id", "id-3"], db)
    eq("prove --id", j and (j.get("position"), j.get("size"), j.get("root")), (4, n, mth(leaves).hex()), err)
    call = True
    for m in range(1, n + 1):
        for size in range(m, n + 1):
            rc, j, out, err = jrun(["prove", "--from", str(m), "--to", str(size)], db)
            want = {"kind": "consistency", "size1": m, "size2": size, "root1": mth(leaves[:m]).hex(), "root2": mth(leaves[:size]).hex(), "proof": [h.hex() for h in (cproof(m, leaves[:size]) if m < size else [])]}
            if j != want:
                call = False
                check(f"prove --from {m} --to {size}", False, f"rc={rc} got {out[:400]} want {json.dumps(want)[:400]} {err}")
                break
            rc2, j2, o2, e2 = jrun(["verify-proof", "-", "--root", want["root1"]], None, inp=json.dumps(j).encode())
            if (rc2, j2) != (0, {"ok": True}):
                call = False
                check(f"verify-proof consistency {m}->{size}", False, o2 + e2)
                break
        if not call:
            break
    check("prove consistency: all (m,n) match python RFC 9162 PROOF and verify", call)
    for args, nm in [(["prove", "--position", "0"], "position 0"), (["prove", "--position", str(n + 1)], "position > size"), (["prove", "--position", "5", "--size", "4"], "position > --size"),
                     (["prove", "--position", "1", "--size", str(n + 1)], "--size > log"), (["prove", "--from", "0", "--to", "3"], "--from 0"), (["prove", "--from", "4", "--to", "3"], "--from > --to"),
                     (["prove", "--from", "1", "--to", str(n + 1)], "--to > log"), (["prove", "--id", "nope"], "--id unknown"), (["digest", "--position", str(n + 1)], "digest beyond log")]:
        rc, j, out, err = jrun(args, db)
        eq(f"exit 1: {nm}", rc, 1, out + err)
    # verify-proof against the public consistency vectors
    vdir = os.path.join(SHARED, "vectors/merkle/consistency")
    bad = []
    cnt = 0
    for f in sorted(glob.glob(vdir + "/**/*.json", recursive=True)):
        v = json.load(open(f))
        h = lambda b: base64.b64decode(b).hex() if b is not None else None
        doc = {"kind": "consistency", "size1": v["size1"], "size2": v["size2"], "root1": h(v["root1"]), "root2": h(v["root2"]), "proof": [h(x) for x in (v.get("proof") or [])]}
        rc, j, out, err = jrun(["verify-proof", "-"], None, inp=json.dumps(doc).encode())
        cnt += 1
        want = 1 if v["wantErr"] else 0
        if rc != want or not isinstance(j, dict) or j.get("ok") != (want == 0):
            bad.append(f"{os.path.relpath(f, vdir)} rc={rc} want={want} {out.strip()[:80]}")
    check(f"verify-proof on {cnt} public consistency vectors", not bad and cnt > 0, "; ".join(bad[:10]))


def t_misc():
    db = new_db("misc")
    imp(db, [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="z1")])
    rc, j, out, err = jrun(["history", "--invitation", "nope"], db)
    check("history of unknown invitation: exit 1 or empty array", (rc == 1 and has_err(err, "unknown_invitation")) or (rc == 0 and j == []), f"rc={rc} {out} {err}")
    rc, out, err = run(["pending", "--bogus-flag"], db)
    eq("unknown option: exit 64", rc, 64, err)
    rc, out, err = run(["frobnicate"], db)
    eq("unknown command: exit 64", rc, 64, err)
    rc, out, err = run(["check", "--account", "a"], db)
    eq("check without --to: exit 64", rc, 64, err)
    rc, out, err = run(["history"], db)
    check("history with neither --invitation nor --to: 64 (or 1)", rc in (64, 1), f"rc={rc}")
    rc, out, err = run(["pending", "--format", "xml"], db, fmt=None)
    check("--format xml: 64 (or 1)", rc in (64, 1), f"rc={rc}")
    # INVITES_DB env
    env = dict(os.environ, INVITES_DB=db)
    p = subprocess.run([BIN, "status", "--format", "json"], capture_output=True, env=env, cwd=ROOT, timeout=120)
    try:
        eq("INVITES_DB default", json.loads(p.stdout).get("events"), 1)
    except Exception:
        check("INVITES_DB default", False, p.stdout[:200] + p.stderr[:200])
    # import nonexistent file
    rc, j, out, err = jrun(["import", os.path.join(ROOT, "does-not-exist.jsonl")], db)
    check("import missing file: exit 1 with 'invites: ' error", rc == 1 and err.startswith("invites: "), f"rc={rc} {err}")
    # blank lines in import
    raw = (json.dumps(S("a", "urn:b1", "2026-02-01T00:00:00Z")) + "\n\n" + "[]\n").encode()
    rc, j, out, err = imp(db, raw, raw=True)
    check("import: line numbers count blank lines (bad line is line 3)", rc == 1 and has_err(err, "invalid_event", 3), f"rc={rc} {err}")
    # --position on log queries
    rc, j, out, err = jrun(["pending", "--position", "0", "--now", "2026-02-01T00:00:00Z"], db)
    eq("pending --position 0 -> []", (rc, j), (0, []), err)
    # status after import; position equals events
    rc, j, out, err = jrun(["status"], db)
    check("status position == events", j and j.get("position") == j.get("events") == 1 and HEX64.match(j.get("hash") or ""), j)
    # rebuild
    rc, out, err = run(["rebuild"], db)
    eq("rebuild: exit 0", rc, 0, err)
    rc, j, out, err = jrun(["pending", "--now", "2026-02-01T00:00:00Z"], db)
    eq("pending after rebuild", [r.get("invitation") for r in (j or [])], ["z1"], err)
    # as-of with offset timestamp
    rc, j, out, err = jrun(["pending", "--as-of", "2026-01-01T01:00:00+01:00"], db)
    eq("--as-of accepts offset timestamps (at <= TIME inclusive)", [r.get("invitation") for r in (j or [])], ["z1"], err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-02T01:00:00+01:00"], db)
    eq("--now with offset: age_days", [approx(r.get("age_days"), 1.0) for r in (j or [])], [True], err)


def t_more():
    db = new_db("more")
    ev = [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="r1", id="s1"),
          F("accepted", "2026-01-02T00:00:00.123Z", account="a", recipient="urn:1", id="f1"),
          S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="r2", id="s2", source="src"),
          F("withdrawn", "2026-01-03T00:00:00Z", invitation="r2", id="f2", reason="why")]
    rc, j, out, err = imp(db, ev)
    eq("more: import", rc, 0, err)
    # retries of follow-ups named by pair or by invitation are duplicates even though the pair is no longer pending
    retry = [F("accepted", "2026-01-02T00:00:00.123999Z", account="a", recipient="urn:1", id="f1"),
             F("accepted", "2026-01-02T00:00:00.123Z", invitation="r1", id="f1"),
             F("accepted", "2026-01-02T01:00:00.123+01:00", invitation="r1", account=" a", recipient="urn:1 ", id="f1"),
             F("withdrawn", "2026-01-03T00:00:00Z", invitation="r2", id="f2", reason="why")]
    for k, l in enumerate(retry):
        rc, j, out, err = imp(db, [l])
        eq(f"retry form {k}: duplicate", (rc, j and j.get("appended"), j and j.get("duplicates")), (0, 0, 1), err)
    # SPEC trims account and recipient only: a source with spaces around it is another source (README's choice).
    rc, j, out, err = imp(db, [S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="r2", id="s2", source=" src ")])
    check("retry with a padded source -> id_conflict (README's choice)", rc == 1 and has_err(err, "id_conflict", 1), f"rc={rc} {err}")
    rc, j, out, err = imp(db, [F("withdrawn", "2026-01-03T00:00:00Z", invitation="r2", id="f2")])
    check("retry missing optional reason -> id_conflict", rc == 1 and has_err(err, "id_conflict", 1), f"rc={rc} {err}")
    rc, j, out, err = imp(db, [F("withdrawn", "2026-01-03T00:00:00Z", invitation="r2", id="f2", reason="other")])
    check("retry with different reason -> id_conflict", rc == 1 and has_err(err, "id_conflict", 1), f"rc={rc} {err}")
    rc, j, out, err = imp(db, [F("withdrawn", "2026-01-03T00:00:00.001Z", invitation="r2", id="f2", reason="why")])
    check("retry with different at (1ms) -> id_conflict", rc == 1 and has_err(err, "id_conflict", 1), f"rc={rc} {err}")
    # mixed batch: duplicates + new; positions of appended
    rc, j, out, err = imp(db, [ev[0], S("a", "urn:3", "2026-01-04T00:00:00Z", invitation="r3"), ev[1], S("a", "urn:4", "2026-01-04T00:00:00Z")])
    if j:
        eq("mixed batch counts", [j.get(k) for k in ["appended", "duplicates", "rejected", "first_position", "last_position"]], [2, 2, 0, 5, 6], err)
        check("mixed batch invitations: r3 + one assigned", len(j.get("invitations") or []) == 2 and j["invitations"][0] == "r3", j)
    # follow-up naming invitation + agreeing pair (URL form) is fine
    imp(db, [S("b", "https://linkedin.com/in/Kim", "2026-01-05T00:00:00Z", invitation="k1")])
    rc, j, out, err = imp(db, [F("reminded", "2026-01-06T00:00:00Z", invitation="k1", account="b", recipient="www.linkedin.com/in/KIM/")])
    eq("follow-up with invitation + agreeing pair (other URL form)", rc, 0, err)
    # invitation + pair where the pair has no pending invitation but the invitation exists
    rc, j, out, err = imp(db, [F("reminded", "2026-01-06T00:00:00Z", invitation="k1", account="a", recipient="urn:1")])
    check("invitation + pair of another invitation -> invalid_event naming both", rc == 1 and has_err(err, "invalid_event", 1) and "k1" in err, err)
    # pair re-invited after cooldown: follow-up by pair resolves to the new one
    imp(db, [S("a", "urn:2", "2026-02-01T00:00:00Z", invitation="r2b")])
    rc, j, out, err = imp(db, [F("accepted", "2026-02-02T00:00:00Z", account="a", recipient="urn:2", id="acc-r2b")])
    rc, j, out, err = jrun(["history", "--invitation", "r2b"], db)
    eq("follow-up by pair resolves to latest (pending) invitation", [e.get("type") for e in (j or [])], ["sent", "accepted"], err)
    rc, j, out, err = jrun(["check", "--account", "a", "--to", "urn:2", "--now", "2026-03-01T00:00:00Z"], db)
    eq("check after re-invite accepted: connected, invitation = latest", (rc, j and j.get("reason"), j and j.get("invitation")), (3, "connected", "r2b"), out + err)
    rc, j, out, err = jrun(["history", "--to", "urn:2", "--account", "a"], db)
    eq("history by pair: both invitations' events in order", [(e.get("invitation"), e.get("type")) for e in (j or [])], [("r2", "sent"), ("r2", "withdrawn"), ("r2b", "sent"), ("r2b", "accepted")], err)
    # skip-invalid where a later line depends on a rejected one
    db2 = new_db("more2")
    rejp = os.path.join(ROOT, "rej2.jsonl")
    p = wfile("dep.jsonl", [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="d1", note="x" * 301), F("accepted", "2026-01-02T00:00:00Z", invitation="d1"), S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="d2")])
    rc, j, out, err = jrun(["import", p, "--skip-invalid", "--rejects", rejp], db2)
    eq("skip-invalid dependent line rejected too", (rc, j and j.get("appended"), j and j.get("rejected"), j and j.get("invitations")), (0, 1, 2, ["d2"]), err)
    check("skip-invalid: line 2 unknown_invitation", has_err(err, "unknown_invitation", 2), err)
    p = wfile("allbad.jsonl", ["[]", "{}"])
    rc, j, out, err = jrun(["import", p, "--skip-invalid", "--rejects", rejp], db2)
    eq("skip-invalid all bad: exit 0, appended 0, positions null", (rc, j and j.get("appended"), j and j.get("rejected"), j and j.get("first_position")), (0, 0, 2, None), err)
    try:
        eq("rejects file overwritten with this run's lines", open(rejp).read(), "[]\n{}\n")
    except Exception as e:
        check("rejects file", False, repr(e))
    # note_limit policy
    rc, j, out, err = jrun(["policy", "--set", "note_limit=200"], db2)
    rc, j, out, err = imp(db2, [S("a", "urn:n", "2026-01-01T00:00:00Z", note="y" * 201)])
    check("note_limit=200: 201 chars invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    rc, j, out, err = imp(db2, [S("a", "urn:n", "2026-01-01T00:00:00Z", note="y" * 200)])
    eq("note_limit=200: 200 chars ok", rc, 0, err)
    rc, j, out, err = jrun(["status"], db2)
    eq("status shows policy after set", j and j.get("policy", {}).get("note_limit"), 200, err)
    # timestamps: more forms
    db3 = new_db("ts")
    forms = [("2026-01-05T09:30:00-05:30", "2026-01-05T15:00:00Z"), ("2026-01-05T09:30:00.5+00:00", "2026-01-05T09:30:00.500Z"),
             ("2026-01-05T23:30:00.0019-01:00", "2026-01-06T00:30:00.001Z"), ("2026-12-31T23:59:59.999999999Z", "2026-12-31T23:59:59.999Z")]
    for k, (inp, want) in enumerate(forms):
        rc, j, out, err = imp(db3, [S("a", f"urn:t{k}", inp, invitation=f"t{k}")])
        rc, j, out, err = jrun(["history", "--invitation", f"t{k}"], db3)
        eq(f"timestamp {inp} -> {want}", j and j[0].get("at"), want, err)
    for bad in ["2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01 00:00:00", "", "2026-01-01T00:00:00+25:00", "2026-02-29T00:00:00Z"]:
        rc, j, out, err = imp(db3, [S("a", "urn:bad", bad)])
        eq(f"bad timestamp {bad!r}: invalid_event", (rc, has_err(err, "invalid_event", 1)), (1, True), err)
    # weekly cap exceeded by force: until when count falls below cap
    db4 = new_db("wk")
    jrun(["policy", "--set", "weekly_cap=2"], db4)
    imp(db4, [S("w", "urn:1", "2026-03-01T00:00:00Z"), S("w", "urn:2", "2026-03-02T00:00:00Z"), S("w", "urn:3", "2026-03-03T00:00:00Z")])
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-04T00:00:00Z"], db4)
    eq("weekly_cap with 3 sends, cap 2: until = 2nd oldest + 7d", (rc, j and j.get("reason"), j and j.get("until")), (3, "weekly_cap", "2026-03-09T00:00:00Z"), out + err)
    rc, j, out, err = jrun(["check", "--account", "other", "--to", "urn:9", "--now", "2026-03-04T00:00:00Z"], db4)
    eq("weekly_cap is per account", (rc, j and j.get("reason")), (0, "ok"), out + err)
    # pending_cap of 1 and pending counted per account
    jrun(["policy", "--set", "pending_cap=3", "--set", "weekly_cap=100"], db4)
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-04T00:00:00Z"], db4)
    eq("pending_cap reached exactly (3 pending, cap 3)", (rc, j and j.get("reason"), j and j.get("until")), (3, "pending_cap", None), out + err)
    rc, j, out, err = jrun(["check", "--account", "w", "--to", "urn:9", "--now", "2026-03-04T00:00:00Z", "--position", "2"], db4)
    eq("check --position 2: below pending cap", (rc, j and j.get("reason")), (0, "ok"), out + err)
    # log/export beyond head
    rc, out, err = run(["log", "--from", "99"], db4, fmt=None)
    eq("log --from beyond head: empty", (rc, out.strip()), (0, ""), err)
    rc, out, err = run(["export"], db4, fmt="table")
    check("export writes JSON Lines whatever --format", len(jl(out)) == 3 and all("__unparsable__" not in e for e in jl(out)), out[:300])
    rc, j, out, err = jrun(["metrics", "--now", "2026-03-04T00:00:00Z", "--tz", "Not/AZone", "--by", "hour"], db4)
    check("metrics --tz unknown zone fails", rc in (1, 64), f"rc={rc} {out[:100]}")
    rc, j, out, err = jrun(["digest"], db4, fmt="csv")
    check("digest writes JSON even with --format csv", isinstance(j, dict) and j.get("size") == 3, out[:200])
    # verify after rebuild still ok
    run(["rebuild"], db4)
    rc, j, out, err = jrun(["verify"], db4)
    eq("verify after rebuild", (rc, j and j.get("ok"), j and j.get("events")), (0, True, 3), err)
    rc, j, out, err = jrun(["status"], db4)
    eq("status after rebuild: lag 0", [p.get("lag") for p in (j or {}).get("projections", [])], [0] * len((j or {}).get("projections", [])), out)


def t_more2():
    db = new_db("jcs")
    notes = ["ctrl \u0001\u001f\u007f tab\t nl\n cr\r bs\b ff\f", "a/b <>&'\"\\", "\u2028\u2029 é 😀 \ud7ff\ue000", "Hi Jane — \"quoted\"\n"]
    ev = [S("acc-é", f"urn:{k}", f"2026-01-0{k+1}T00:00:00.{k*7:03d}Z", note=n, template="ü", source="s😀") for k, n in enumerate(notes)]
    rc, j, out, err = imp(db, ev)
    eq("jcs: import tricky strings", rc, 0, err)
    rc, out, err = run(["export"], db, fmt=None)
    ex = jl(out)
    eq("jcs: chain over control chars/unicode matches python JCS", [e.get("hash") for e in ex], chain(ex))
    eq("jcs: notes round-trip", [e.get("note") for e in ex], notes)
    rc, j, out, err = jrun(["digest"], db)
    eq("jcs: digest root over tricky strings", j and j.get("root"), mth([leaf(e) for e in ex]).hex(), err)
    # tamper: flip one byte of a stored recipient (implementation-agnostic enough: the only copy of 'urn:2' in the log)
    db2 = new_db("tamper")
    imp(db2, [S("a", "urn:QQQ1", "2026-01-01T00:00:00Z"), S("a", "urn:QQQ2", "2026-01-02T00:00:00Z"), S("a", "urn:QQQ3", "2026-01-03T00:00:00Z")])
    f = os.path.join(db2, "data.mdb")
    if os.path.exists(f):
        d = bytearray(open(f, "rb").read())
        i = d.find(b"urn:QQQ2")
        if i >= 0:
            d[i + 7] = ord("9")
            open(f, "wb").write(d)
            rc, j, out, err = jrun(["verify"], db2)
            check("verify after tampering position 2: exit 1, {ok:false, position:2, error}", rc == 1 and isinstance(j, dict) and j.get("ok") is False and j.get("position") == 2 and isinstance(j.get("error"), str) and set(j) == {"ok", "position", "error"}, f"rc={rc} {out} {err}")
    rc, j, out, err = jrun(["verify", "--expect", "zz@1"], db)
    check("verify --expect malformed: exit 1 or 64", rc in (1, 64), f"rc={rc} {out}")
    rc, j, out, err = jrun(["verify", "--expect", ex[0]["hash"] + "@99"], db)
    check("verify --expect beyond head: exit 1", rc == 1, f"rc={rc} {out}")
    rc, j, out, err = jrun(["verify-proof", "-"], None, inp=b"not json")
    check("verify-proof malformed input: exit 1", rc == 1, f"rc={rc} {out}")
    # out_of_order relative to a reminder
    db3 = new_db("ooo")
    imp(db3, [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="o1"), F("reminded", "2026-01-10T00:00:00Z", invitation="o1"), S("a", "urn:2", "2026-01-20T00:00:00Z", invitation="o2")])
    rc, j, out, err = imp(db3, [F("accepted", "2026-01-05T00:00:00Z", invitation="o1")])
    check("out_of_order vs the pair's latest reminder", rc == 1 and has_err(err, "out_of_order", 1), err)
    rc, j, out, err = imp(db3, [F("accepted", "2026-01-15T00:00:00Z", invitation="o1")])
    eq("another pair's later event does not make it out of order", rc, 0, err)
    rc, j, out, err = imp(db3, [S("a", "urn:3", "2025-01-01T00:00:00Z")])
    eq("sent earlier than other pairs' events is fine", rc, 0, err)
    # invalid utf-8, number id, last line without newline
    rc, j, out, err = imp(db3, b'{"type":"sent","account":"a","recipient":"urn:\xff","at":"2026-02-01T00:00:00Z"}\n', raw=True)
    check("invalid UTF-8 line: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    rc, j, out, err = imp(db3, [S("a", "urn:x", "2026-02-01T00:00:00Z", id=5)])
    check("numeric id: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    rc, j, out, err = imp(db3, json.dumps(S("a", "urn:nl", "2026-02-01T00:00:00Z")).encode(), raw=True)
    eq("last line without newline is imported", (rc, j and j.get("appended")), (0, 1), err)
    # p90 nearest rank with 10 and 11 values; median
    for nvals in (10, 11):
        dbm = new_db(f"p90-{nvals}")
        evs = []
        for k in range(nvals):
            evs.append(S("a", f"urn:{k}", "2026-01-01T00:00:00Z", invitation=f"q{k}"))
            evs.append(F("accepted", f"2026-01-{k+2:02d}T00:00:00Z", invitation=f"q{k}"))
        imp(dbm, evs)
        rc, j, out, err = jrun(["metrics", "--now", "2026-06-01T00:00:00Z"], dbm)
        r = (j or [{}])[0]
        vals = sorted(range(1, nvals + 1))
        med = (vals[(nvals - 1) // 2] + vals[nvals // 2]) / 2
        p90 = vals[math.ceil(0.9 * nvals) - 1]
        check(f"metrics n={nvals}: median {med}, p90 {p90}, 7d {7/nvals}, 30d 1.0", approx(r.get("median_days_to_accept"), med) and approx(r.get("p90_days_to_accept"), p90) and approx(r.get("accepted_7d_rate"), 7 / nvals) and approx(r.get("accepted_30d_rate"), 1.0), r)
    # hour groups across a DST change in New York
    from zoneinfo import ZoneInfo
    dbh = new_db("dst")
    ats = ["2026-03-07T14:30:00Z", "2026-03-09T14:30:00Z", "2026-11-02T03:30:00Z", "2026-07-01T23:59:59.999Z"]
    imp(dbh, [S("a", f"urn:{k}", t) for k, t in enumerate(ats)])
    rc, j, out, err = jrun(["metrics", "--now", "2026-12-01T00:00:00Z", "--by", "hour", "--tz", "America/New_York"], dbh)
    hc = {}
    for t in ats:
        h = f"{inst(t).astimezone(ZoneInfo('America/New_York')).hour:02d}"
        hc[h] = hc.get(h, 0) + 1
    eq("metrics by hour across DST (America/New_York)", [(r.get("group"), r.get("sent")) for r in (j or [])], sorted(hc.items()), out + err)
    rc, j, out, err = jrun(["metrics", "--now", "2026-12-01T00:00:00Z", "--by", "weekday", "--tz", "America/New_York"], dbh)
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    wc = {}
    for t in ats:
        d = names[inst(t).astimezone(ZoneInfo('America/New_York')).weekday()]
        wc[d] = wc.get(d, 0) + 1
    eq("metrics by weekday in America/New_York", [(r.get("group"), r.get("sent")) for r in (j or [])], [(d, wc[d]) for d in names if d in wc], out + err)
    rc, j, out, err = jrun(["metrics", "--now", "2026-12-01T00:00:00Z", "--by", "hour"], dbh)
    eq("metrics by hour default UTC groups are two-digit strings", [r.get("group") for r in (j or [])], ["03", "14", "23"], out + err)


def t_more3():
    db = new_db("m3")
    ev = [S("a", "urn:1", "2026-01-10T00:00:00Z", invitation="u1"),
          S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="u2"),
          F("withdrawn", "2026-01-02T00:00:00Z", invitation="u2"),
          S("a", "urn:2", "2026-01-05T00:00:00Z", invitation="u3"),
          S("b", "urn:9", "2026-01-01T00:00:00.000Z", invitation="u4", position="x", recorded_at=5, hash=None)]
    rc, j, out, err = imp(db, ev)
    eq("import ignores garbage position/recorded_at/hash", (rc, j and j.get("appended")), (0, 5), err)
    rc, j, out, err = imp(db, [F("accepted", "2026-01-09T00:00:00Z", invitation="u1")])
    check("accept earlier than sent -> out_of_order", rc == 1 and has_err(err, "out_of_order", 1), err)
    rc, j, out, err = jrun(["accept", "--invitation", "u1", "--at", "2026-01-09T00:00:00Z"], db)
    check("accept verb earlier than sent -> exit 1 out_of_order", rc == 1 and has_err(err, "out_of_order"), err)
    rc, j, out, err = jrun(["cooldown", "--now", "2026-01-06T00:00:00Z"], db)
    eq("cooldown excludes pair that is pending again (forced re-invite)", j, [], out + err)
    rc, j, out, err = jrun(["check", "--account", "a", "--to", "urn:2", "--now", "2026-01-06T00:00:00Z"], db)
    eq("check: re-invited pair in cooldown window is pending (pending before cooldown)", (rc, j and j.get("reason"), j and j.get("invitation")), (3, "pending", "u3"), out + err)
    rc, j, out, err = jrun(["check", "--account", "b", "--to", "urn:1", "--now", "2026-01-06T00:00:00Z"], db)
    eq("check: other account's pending does not count", (rc, j and j.get("reason")), (0, "ok"), out + err)
    rc, j, out, err = jrun(["pending", "--as-of", "2026-01-01T00:00:00.0009Z"], db)
    eq("--as-of truncated to ms includes event at .000", [r.get("invitation") for r in (j or [])], ["u2", "u4"], out + err)
    rc, j, out, err = jrun(["pending", "--as-of", "2026-01-03T00:00:00Z"], db)
    eq("--as-of excludes withdrawn after? (withdraw at 01-02 counts)", [r.get("invitation") for r in (j or [])], ["u4"], out + err)
    rc, j, out, err = jrun(["cooldown", "--as-of", "2026-01-03T00:00:00Z"], db)
    eq("cooldown --as-of", [(r.get("recipient"), r.get("until")) for r in (j or [])], [("urn:2", "2026-01-23T00:00:00Z")], out + err)
    rc, j, out, err = jrun(["pending", "--position", "3", "--now", "2026-01-03T00:00:00Z"], db)
    eq("pending --position 3 with --now", [r.get("invitation") for r in (j or [])], ["u1"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-20T00:00:00Z", "--older-than", "1w2d"], db)
    eq("pending --older-than 1w2d", [r.get("invitation") for r in (j or [])], ["u4", "u3", "u1"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-20T00:00:00Z", "--older-than", "240h"], db)
    eq("pending --older-than 240h (10d, boundary u1)", [r.get("invitation") for r in (j or [])], ["u4", "u3", "u1"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-20T00:00:00Z", "--older-than", "14401m"], db)
    eq("pending --older-than 14401m", [r.get("invitation") for r in (j or [])], ["u4", "u3"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "garbage"], db)
    check("--now garbage: exit 1 or 64", rc in (1, 64), f"rc={rc}")
    rc, j, out, err = jrun(["withdraw", "--invitation", "u1", "--reason", "   ", "--at", "2026-01-11T00:00:00Z"], db)
    eq("withdraw --reason whitespace: ok", rc, 0, err)
    rc, j, out, err = jrun(["history", "--invitation", "u1"], db)
    check("withdraw --reason whitespace: no reason field", isinstance(j, list) and "reason" not in j[-1], j)
    rc, j, out, err = imp(db, [F("expired", "2026-01-12T00:00:00Z", invitation="u3", by="someone")])
    eq("expired with free-text by accepted", rc, 0, err)
    rc, j, out, err = imp(db, [])
    eq("empty import: exit 0, all zero", (rc, j), (0, {"appended": 0, "duplicates": 0, "rejected": 0, "first_position": None, "last_position": None, "invitations": []}), err)
    rc, j, out, err = jrun(["digest"], new_db("empty-d"))
    eq("digest on empty ledger", j, {"size": 0, "root": hashlib.sha256(b"").hexdigest(), "hash": "0" * 64}, out + err)
    rc, j, out, err = jrun(["prove", "--position", "1"], new_db("empty-p"))
    eq("prove on empty ledger: exit 1", rc, 1, out + err)
    rc, j, out, err = jrun(["prove", "--position", "1", "--size", "0"], db)
    eq("prove --size 0: exit 1", rc, 1, out + err)
    rc, j, out, err = jrun(["prove", "--from", "2", "--to", "2"], db)
    check("prove --from 2 --to 2: empty proof, equal roots", rc == 0 and j and j.get("proof") == [] and j.get("root1") == j.get("root2"), out + err)
    p = wfile("cp.json", [json.dumps(j)])
    rc, j2, out, err = jrun(["verify-proof", p], None)
    eq("verify-proof of equal-size empty consistency proof", (rc, j2), (0, {"ok": True}), out + err)
    t = dict(j or {}, proof=["00" * 32])
    rc, j2, out, err = jrun(["verify-proof", wfile("cp2.json", [json.dumps(t)])], None)
    eq("verify-proof equal sizes with non-empty proof rejected", (rc, j2 and j2.get("ok")), (1, False), out + err)
    t = dict(j or {}, size1=0)
    rc, j2, out, err = jrun(["verify-proof", wfile("cp3.json", [json.dumps(t)])], None)
    eq("verify-proof consistency from 0 rejected", (rc, j2 and j2.get("ok")), (1, False), out + err)
    rc, j, out, err = jrun(["prove", "--from", "1", "--to", "4"], db)
    rc2, j2, out2, err2 = jrun(["verify-proof", wfile("cp4.json", [json.dumps(j)]), "--root", (j or {}).get("root2", "")], None)
    eq("verify-proof consistency --root names root1, not root2", (rc2, j2 and j2.get("ok")), (1, False), out2 + err2)
    rc, j, out, err = jrun(["prove", "--position", "2"], db)
    t = json.loads(json.dumps(j)); t["event"]["recorded_at"] = "2020-01-01T00:00:00Z"
    rc2, j2, out2, err2 = jrun(["verify-proof", wfile("ip.json", [json.dumps(t)])], None)
    eq("verify-proof: leaf covers recorded_at", (rc2, j2 and j2.get("ok")), (1, False), out2 + err2)
    t = json.loads(json.dumps(j)); t["position"] = 3
    rc2, j2, out2, err2 = jrun(["verify-proof", wfile("ip2.json", [json.dumps(t)])], None)
    eq("verify-proof: wrong position rejected", (rc2, j2 and j2.get("ok")), (1, False), out2 + err2)
    # stderr format of a plain command error
    rc, j, out, err = jrun(["accept", "--invitation", "never"], db)
    check("verb error: first stderr line 'invites: unknown_invitation: ...' naming it", err.splitlines()[0].startswith("invites: unknown_invitation: ") and "never" in err.splitlines()[0] if err else False, err)
    rc, j, out, err = jrun(["send", "--account", "a", "--to", "urn:2", "--at", "2026-02-01T00:00:00Z"], db)
    check("send refused: exit 3, stderr 'invites: <reason>: ...'", rc == 3 and re.search(r"^invites: (pending|cooldown): ", err, re.M), f"rc={rc} {err}")


def t_more4():
    db = new_db("m4")
    ev = [S("acct", "urn:x1", "2026-01-01T00:00:00Z", invitation="inv-9", source="b"),
          S("acct", "urn:x2", "2026-01-01T00:00:00Z", invitation="inv-10", source="B"),
          S("acct", "urn:x3", "2026-01-01T00:00:00Z", invitation="Inv-11", source="a"),
          S("Acct", "urn:x1", "2026-01-01T00:00:00Z", invitation="z1", source="a")]
    rc, j, out, err = imp(db, ev)
    rc, j, out, err = jrun(["pending", "--now", "2026-01-02T00:00:00Z"], db)
    eq("pending tie on sent_at: sorted by invitation (plain string order)", [r.get("invitation") for r in (j or [])], ["Inv-11", "inv-10", "inv-9", "z1"], out + err)
    rc, j, out, err = jrun(["metrics", "--now", "2026-01-02T00:00:00Z"], db)
    eq("metrics groups sorted by code point", [r.get("group") for r in (j or [])], ["B", "a", "b"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "2026-07-02T00:00:00Z", "--expiring-within", "0m"], db)
    eq("pending --expiring-within 0m keeps overdue (expires_at <= now)", [r.get("invitation") for r in (j or [])], ["Inv-11", "inv-10", "inv-9", "z1"], out + err)
    rc, j, out, err = jrun(["pending", "--now", "2026-07-01T23:59:59.999Z", "--expiring-within", "0m"], db)
    eq("pending --expiring-within 0m 1ms before expiry: none", j, [], out + err)
    rc, j, out, err = jrun(["withdraw", "--invitation", "inv-9", "--at", "2026-01-03T00:00:00Z"], db)
    rc, j, out, err = jrun(["withdraw", "--invitation", "z1", "--at", "2026-01-03T00:00:00Z"], db)
    rc, j, out, err = jrun(["cooldown", "--now", "2026-01-04T00:00:00Z"], db)
    eq("cooldown sorted by account (code point) then recipient", [r.get("account") for r in (j or [])], ["Acct", "acct"], out + err)
    # wrong-kind fields
    for typ, fld in [("withdrawn", "note"), ("reminded", "source"), ("sent", "by"), ("accepted", "reason"), ("expired", "reason"), ("reminded", "template"), ("accepted", "by")]:
        rc, j, out, err = imp(db, [F(typ, "2026-01-05T00:00:00Z", invitation="inv-10", **{fld: "x"})] if typ != "sent" else [S("acct", "urn:q", "2026-01-05T00:00:00Z", **{fld: "x"})])
        check(f"field {fld} on {typ}: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    # wrong-kind field that is empty: counts as absent -> accepted?
    rc, j, out, err = imp(db, [S("acct", "urn:q2", "2026-01-05T00:00:00Z", reason="   ")])
    check("INFO empty reason on sent (counts as absent?) accepted", rc == 0, f"rc={rc} {err}")
    # CRLF line numbers in errors
    raw = (json.dumps(S("acct", "urn:c9", "2026-01-05T00:00:00Z")) + "\r\n" + "{}\r\n").encode()
    rc, j, out, err = imp(db, raw, raw=True)
    check("CRLF file: error on line 2", rc == 1 and has_err(err, "invalid_event", 2), err)
    # send --note whitespace / --source whitespace
    rc, j, out, err = jrun(["send", "--account", "acct", "--to", "urn:s1", "--note", "  ", "--source", " ", "--template", " ", "--at", "2026-01-06T00:00:00Z"], db)
    eq("send with whitespace note/source/template: ok", rc, 0, err)
    rc, j, out, err = jrun(["history", "--to", "urn:s1", "--account", "acct"], db)
    e0 = (j or [{}])[0]
    eq("send whitespace fields: source unknown, no note/template", (e0.get("source"), "note" in e0, "template" in e0), ("unknown", False, False))
    # log --follow streams new events
    dbf = new_db("follow")
    imp(dbf, [S("a", "urn:f1", "2026-01-01T00:00:00Z")])
    pr = subprocess.Popen([BIN, "log", "--follow", "--db", dbf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    import select, time
    got = b""
    t0 = time.time()
    sent2 = False
    try:
        # Up to 60 s: other suites may keep both cores busy meanwhile.
        while time.time() - t0 < 60:
            r, _, _ = select.select([pr.stdout], [], [], 0.5)
            if r:
                chunk = os.read(pr.stdout.fileno(), 65536)
                if not chunk:
                    break
                got += chunk
            if got.count(b"\n") >= 1 and not sent2:
                imp(dbf, [S("a", "urn:f2", "2026-01-02T00:00:00Z")], name="f2.jsonl")
                sent2 = True
            if got.count(b"\n") >= 2:
                break
    finally:
        pr.kill()
        pr.wait()
    lines = jl(got.decode("utf-8", "replace"))
    eq("log --follow streams the new event", [e.get("position") for e in lines], [1, 2], got[:300])


def t_more5():
    db = new_db("m5")
    rc, j, out, err = imp(db, [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="old"), F("reminded", "2026-01-02T00:00:00Z", account="a", recipient="urn:1", id="r1"),
                               F("withdrawn", "2026-01-03T00:00:00Z", invitation="old"), S("a", "urn:1", "2026-02-01T00:00:00Z", invitation="new"),
                               S("a", "urn:5", "2026-01-01T00:00:00Z", id="s5")])
    eq("m5: import", rc, 0, err)
    rc, j, out, err = imp(db, [F("reminded", "2026-01-02T00:00:00Z", account="a", recipient="urn:1", id="r1")])
    eq("retry of a by-pair follow-up after the pair was re-invited: duplicate", (rc, j and j.get("duplicates")), (0, 1), err)
    rc, j, out, err = imp(db, [S("a", "urn:5", "2026-01-01T00:00:00Z", id="s5")])
    eq("retry of a sent whose invitation id was assigned: duplicate", (rc, j and j.get("duplicates")), (0, 1), err)
    rc, j, out, err = imp(db, [F("accepted", "2026-02-02T00:00:00Z", account="a", recipient="urn:1", invitation="old")])
    check("closed invitation + pair whose pending one differs: invalid_event (disagree) or already_closed", rc == 1 and (has_err(err, "invalid_event", 1) or has_err(err, "already_closed", 1)), err)
    rc, j, out, err = imp(db, [F("reminded", "2026-02-02T00:00:00Z", recipient="urn:2", invitation="new")])
    check("invitation + disagreeing recipient only: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    rc, j, out, err = imp(db, [F("reminded", "2026-02-02T00:00:00Z", account="zz", invitation="new")])
    check("invitation + disagreeing account only: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), err)
    rc, j, out, err = imp(db, [F("reminded", "2026-02-02T00:00:00Z", recipient="urn:1", invitation="new")])
    eq("invitation + agreeing recipient only: ok", rc, 0, err)
    # table/csv renderings do not crash
    imp(db, [F("accepted", "2026-02-03T00:00:00Z", invitation="new")])
    bad = []
    for fmt in ("table", "csv"):
        for args in (["pending"], ["cooldown"], ["check", "--account", "a", "--to", "urn:9"], ["metrics"], ["metrics", "--by", "weekday"], ["history", "--invitation", "new"],
                     ["status"], ["policy"], ["verify"], ["digest"], ["expire", "--due", "--now", "2026-01-05T00:00:00Z"]):
            rc, out, err = run(args, db, fmt=fmt)
            if rc != 0 or not out.strip():
                bad.append(f"{fmt} {' '.join(args)} rc={rc} {err.strip()[:100]}")
    check("table/csv renderings exit 0 with output", not bad, "; ".join(bad))
    # status bytes positive, events counted
    rc, j, out, err = jrun(["status"], db)
    check("status bytes > 0 and events 7", j and j.get("bytes", 0) > 0 and j.get("events") == 7, j)


def t_more6():
    db = new_db("m6")
    imp(db, [S("a", "urn:1", "2020-01-01T00:00:00Z", invitation="old1")])
    rc, j, out, err = jrun(["expire", "--due", "--now", "2030-01-01T00:00:00Z"], db)
    eq("expire --due far future: 1 appended", (rc, j and j.get("appended")), (0, 1), err)
    rc, j, out, err = jrun(["history", "--invitation", "old1"], db)
    if isinstance(j, list) and len(j) == 2:
        d = abs((inst(j[1]["recorded_at"]) - datetime.now(timezone.utc)).total_seconds())
        check("--now never changes recorded_at (real clock)", d < 120, j[1])
        eq("expire --due at = sent + 26w", j[1].get("at"), "2020-07-01T00:00:00Z")
    # policy --set all or nothing
    rc, j, out, err = jrun(["policy", "--set", "weekly_cap=5", "--set", "bogus=1"], db)
    rc2, j2, out2, err2 = jrun(["policy"], db)
    check("policy --set with one bad key: fails and changes nothing", rc != 0 and j2 and j2.get("weekly_cap") == 100, f"rc={rc} {j2}")
    for bad in ["-1", "1.5d", "", "3w-1d", "d", "0x10"]:
        rc, j, out, err = jrun(["policy", "--set", f"cooldown_after_withdraw={bad}"], db)
        check(f"policy bad duration {bad!r} refused", rc in (1, 64), f"rc={rc} {out}")
    rc, j, out, err = jrun(["policy", "--set", "cooldown_after_withdraw=21d"], db)
    rc, j, out, err = jrun(["policy"], db)
    check("INFO policy 21d shown as '21d' or '3w'", j and j.get("cooldown_after_withdraw") in ("21d", "3w"), j)
    # default db ./invites-ledger
    cwd = os.path.join(ROOT, "cwd-default")
    os.makedirs(cwd, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "INVITES_DB"}
    p = subprocess.run([BIN, "import", "-", "--format", "json"], input=(json.dumps(S("a", "urn:1", "2026-01-01T00:00:00Z")) + "\n").encode(), capture_output=True, env=env, cwd=cwd, timeout=120)
    check("default --db is ./invites-ledger", p.returncode == 0 and os.path.isdir(os.path.join(cwd, "invites-ledger")), p.stderr[:200])
    rc, out, err = run(["rebuild", "no-such-projection"], db)
    check("rebuild unknown projection fails", rc in (1, 64), f"rc={rc}")
    rc, out, err = run(["rebuild", "pending"], db)
    eq("rebuild pending: exit 0", rc, 0, err)
    # global options before the command
    p = subprocess.run([BIN, "--db", db, "--format", "json", "status"], capture_output=True, timeout=120)
    check("INFO options before the command accepted", p.returncode == 0, p.stderr[:200])


def t_more7():
    db = new_db("m7")
    rc, j, out, err = imp(db, [S("a", "urn:1", "2026-01-01T00:00:00Z", id="n250", note="z" * 250)])
    jrun(["policy", "--set", "note_limit=200"], db)
    rc, j, out, err = imp(db, [S("a", "urn:1", "2026-01-01T00:00:00Z", id="n250", note="z" * 250)])
    check("INFO retry of a recorded event whose note now exceeds note_limit: duplicate (binary) vs invalid_event", rc == 0 and j and j.get("duplicates") == 1, f"rc={rc} {err}")
    rc, j, out, err = imp(db, [S("a", "urn:2", "2026-01-01T00:00:00Z", invitation="dd"), S("a", "urn:3", "2026-01-01T00:00:00Z", invitation="dd")])
    check("same invitation id twice in one batch: line 2 duplicate_invitation", rc == 1 and has_err(err, "duplicate_invitation", 2), err)
    rc, j, out, err = imp(db, [S("a", "urn:4", "2026-01-05T00:00:00Z", invitation="oo"), F("accepted", "2026-01-04T00:00:00Z", invitation="oo")])
    check("out_of_order within one batch: line 2", rc == 1 and has_err(err, "out_of_order", 2), err)
    rc, j, out, err = imp(db, [S("a", "urn:5", "2026-01-05T00:00:00Z", invitation="pp"), S("a", "urn:5", "2026-01-06T00:00:00Z")])
    check("already_pending within one batch: line 2", rc == 1 and has_err(err, "already_pending", 2), err)
    rc, j, out, err = imp(db, [S("a", "urn:li:person:ABC", "2026-01-05T00:00:00Z"), S("a", "urn:li:person:abc", "2026-01-05T00:00:00Z")])
    eq("URN case is significant (two pairs)", (rc, j and j.get("appended")), (0, 2), err)
    rc, j, out, err = imp(db, [S("a", "https://www.linkedin.com/in/Same", "2026-01-05T00:00:00Z"), S("a", "linkedin.com/in/same/", "2026-01-06T00:00:00Z")])
    check("URL forms of one profile are one pair: already_pending on line 2", rc == 1 and has_err(err, "already_pending", 2), err)
    # moderate volume
    import time
    dbv = new_db("vol")
    lines = []
    for k in range(1500):
        lines.append(S(f"acct-{k % 5}", f"linkedin.com/in/p-{k}", f"2026-01-{1 + k % 28:02d}T{k % 24:02d}:00:00Z", invitation=f"v{k}"))
        if k % 3 == 0:
            lines.append(F("accepted", f"2026-02-{1 + k % 28:02d}T00:00:00Z", invitation=f"v{k}"))
    t0 = time.time()
    rc, j, out, err = imp(dbv, lines, name="vol.jsonl")
    dt = time.time() - t0
    eq(f"import {len(lines)} events (took {dt:.1f}s)", (rc, j and j.get("appended")), (0, len(lines)), err)
    rc, j, out, err = jrun(["metrics", "--now", "2026-03-01T00:00:00Z", "--by", "account"], dbv)
    eq("volume metrics by account", [(r.get("group"), r.get("sent"), r.get("accepted")) for r in (j or [])], [(f"acct-{a}", 300, len([k for k in range(a, 1500, 5) if k % 3 == 0])) for a in range(5)], err)
    rc, out, err = run(["export"], dbv, fmt=None)
    ex = jl(out)
    rc, j, out2, err = jrun(["digest"], dbv)
    eq("volume digest root", j and j.get("root"), mth([leaf(e) for e in ex]).hex(), err)
    eq("volume chain", ex[-1].get("hash") if ex else None, chain(ex)[-1] if ex else None)


def t_more8():
    db = new_db("m8")
    raw = b'{"typ\\u0065":"sent","account":"a","recipient":"urn:\\u00e9","at":"2026-01-01T00:00:00Z","note":"nul\\u0000x \\ud83d\\ude00"}\n'
    rc, j, out, err = imp(db, raw, raw=True)
    eq("escaped key and \\u0000 / surrogate-pair escapes parse", rc, 0, err)
    rc, out, err = run(["export"], db, fmt=None)
    ex = jl(out)
    eq("escapes decoded", ex and (ex[0].get("recipient"), ex[0].get("note")), ("urn:é", "nul\u0000x 😀"))
    eq("chain with \\u0000 in note", [e.get("hash") for e in ex], chain(ex))
    raw = b'{"type":"sent","account":"a","recipient":"urn:2","at":"2026-01-01T00:00:00Z","note":"lone \\ud800"}\n'
    rc, j, out, err = imp(db, raw, raw=True)
    check("INFO lone surrogate in note: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), f"rc={rc} {err}")
    raw = b'{"type":"sent","account":"a","recipient":"urn:3","at":"2026-01-01T00:00:00Z"} trailing\n'
    rc, j, out, err = imp(db, raw, raw=True)
    check("trailing garbage after the object: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), f"rc={rc} {err}")
    raw = b'{"type":"sent","account":"a","recipient":"urn:4","at":"2026-01-01T00:00:00Z","type":"reminded"}\n'
    rc, j, out, err = imp(db, raw, raw=True)
    check("INFO duplicate key in object: invalid_event", rc == 1 and has_err(err, "invalid_event", 1), f"rc={rc} {err}")


def t_more9():
    db = new_db("m9")
    imp(db, [S("a", "urn:1", "2026-01-01T00:00:00Z", invitation="g1", id="gid")])
    for args, nm in [(["history", "--invitation", "g1", "--to", "urn:1"], "history --invitation with --to"),
                     (["prove", "--position", "1", "--id", "gid"], "prove --position with --id"),
                     (["prove", "--from", "1"], "prove --from without --to"),
                     (["expire", "--due", "--invitation", "g1"], "expire --due with --invitation"),
                     (["expire"], "expire with nothing"),
                     (["withdraw"], "withdraw naming nothing"),
                     (["withdraw", "--account", "a"], "withdraw with --account only"),
                     (["send", "--to", "urn:2"], "send without --account"),
                     (["pending", "--limit", "abc"], "pending --limit abc"),
                     (["metrics", "--sent-since", "nope"], "metrics --sent-since nope")]:
        rc, out, err = run(args, db)
        check(f"malformed: {nm} -> non-zero (64 preferred), got {rc}", rc in (1, 64), f"rc={rc} {out[:100]} {err[:200]}")
    rc, j, out, err = jrun(["status"], db)
    eq("malformed commands wrote nothing", j and j.get("events"), 1)
    rc, out, err = run(["send", "--account", "a", "--to", "urn:2", "--at", "2026-01-02T00:00:00Z", "--now", "2026-01-02T00:00:00Z"], db)
    check("AMBIG send accepts --now (SPEC: '--now TIME ... the time at which ... caps ... are judged')", rc == 0, f"rc={rc} {err[:200]}")


def main():
    global BIN, ROOT, FILTER, SHARED
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../shared"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("-k")
    a = ap.parse_args()
    BIN = os.path.abspath(a.bin)
    FILTER = a.k
    SHARED = os.path.abspath(a.shared)
    ROOT = tempfile.mkdtemp(prefix="invites-acceptance2-")
    if not a.keep:
        # Removed however the run ends: a failure, an interrupt (Ctrl-C), a SIGTERM.
        import atexit, signal
        atexit.register(shutil.rmtree, ROOT, True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for t in [t_chain_example, t_rejections, t_skip_invalid, t_normalise_fields, t_verbs, t_check_cooldown, t_caps, t_pending_expire, t_expire_due_default, t_metrics, t_merkle, t_misc, t_more, t_more2, t_more3, t_more4, t_more5, t_more6, t_more7, t_more8, t_more9]:
        try:
            t()
        except Exception as e:
            import traceback
            check(f"{t.__name__} crashed", False, traceback.format_exc()[-800:])
    p = sum(1 for r in RESULTS if r[1])
    f = len(RESULTS) - p
    print(f"{len(RESULTS)} cases, {p} passed, {f} failed")
    if not a.keep:
        shutil.rmtree(ROOT, ignore_errors=True)
    else:
        print("kept", ROOT)
    sys.exit(0 if f == 0 else 1)


if __name__ == "__main__":
    main()
