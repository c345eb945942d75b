#!/usr/bin/env python3
"""Differential check of the `invites` binary's query answers against tools/spec_model.py.

usage: spec_diff.py [--bin PATH] [--seeds 1,2,3] [--events N] [--queries Q] [--hand K]
                    [--show N] [--past-now]

For every seed: `tools/generate.py --events N --seed S` writes a ledger, the binary imports
it into a fresh temporary ledger (once with the default policy, once with a tight policy
so caps and cooldown edges are hit), exports it, and Q random queries (pending with random
filters, cooldown, check of random pairs, metrics by every grouping with random windows)
at random --now / --as-of / --position are answered by both. `--hand K` adds K small
hand-made streams on a coarse time grid (whole hours), where ties and boundaries (now ==
expires_at, now == until, sends exactly 7 days apart, equal sent_at) are frequent.

Answers are compared as JSON: same keys, same order of lists, timestamps as instants,
numbers to 1e-9 relative. Prints the first differences per query kind, then
`N passed, M failed`; exits 1 when anything failed.

--past-now also asks queries with a --now before some recorded events (no --as-of): SPEC
says such queries still count every recorded event.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import spec_model as M  # noqa: E402

TIME_KEYS = {"sent_at", "last_reminded_at", "expires_at", "since", "until"}

TIGHT_POLICY = {"expire_after": "60d", "cooldown_after_withdraw": "5d",
                "cooldown_after_expire": "1w3d", "pending_cap": "40", "weekly_cap": "15"}
WEEKLY_POLICY = {"weekly_cap": "4", "cooldown_after_withdraw": "1d12h"}
TZS = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]


def run(binary, args, check=True):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if check and p.returncode not in (0, 3):
        raise RuntimeError("%s -> exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return p


def equal(a, b, path="$"):
    """None when equal, else a short description of the first difference."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()) and set(a.keys()) != set(b.keys()):
            return "%s: keys %s vs %s" % (path, sorted(a), sorted(b))
        for k in a:
            d = equal(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            extra = ""
            ka = [x.get("invitation") or (x.get("account"), x.get("recipient"), x.get("group"))
                  if isinstance(x, dict) else x for x in a]
            kb = [x.get("invitation") or (x.get("account"), x.get("recipient"), x.get("group"))
                  if isinstance(x, dict) else x for x in b]
            only_a = [x for x in ka if x not in kb][:3]
            only_b = [x for x in kb if x not in ka][:3]
            extra = " (only binary: %s; only model: %s)" % (only_a, only_b)
            return "%s: length %d vs %d%s" % (path, len(a), len(b), extra)
        for i, (x, y) in enumerate(zip(a, b)):
            d = equal(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a is b else "%s: %r vs %r" % (path, a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b)):
            return None
        return "%s: %r vs %r" % (path, a, b)
    if isinstance(a, str) and isinstance(b, str) and path.split(".")[-1] in TIME_KEYS:
        try:
            if M.parse_time(a) == M.parse_time(b):
                return None
        except ValueError:
            pass
        return "%s: %r vs %r" % (path, a, b)
    return None if a == b else "%s: %r vs %r" % (path, a, b)


def hand_stream(rng, idx):
    """A small rule-abiding stream on an hour grid, dense in ties and boundaries."""
    accounts = ["a1", "a2", "a3"][: rng.randint(1, 3)]
    recipients = ["r%d" % i for i in range(rng.randint(3, 12))]
    t = M.parse_time("2025-03-03T00:00:00Z") + rng.choice([0, 1, 999])  # ms sometimes
    pair_state = {}   # pair -> (state, invitation)
    invs = {}         # id -> pair
    pending = []
    out = []
    n = 0
    for _ in range(rng.randint(20, 160)):
        t += rng.choice([0, 0, M.MS_HOUR, M.MS_DAY, M.MS_WEEK, 3 * M.MS_DAY, 5 * M.MS_DAY,
                         10 * M.MS_DAY, 21 * M.MS_DAY])
        n += 1
        at = M.format_time(t)
        if pending and rng.random() < 0.55:
            inv = rng.choice(pending)
            kind = rng.choice(["reminded", "reminded", "accepted", "withdrawn", "expired"])
            ev = {"type": kind, "id": "h%d-%d" % (idx, n), "at": at}
            if rng.random() < 0.5:
                ev["invitation"] = inv
            else:
                ev["account"], ev["recipient"] = invs[inv]
            if kind == "expired" and rng.random() < 0.5:
                ev["by"] = "policy"
            if kind == "withdrawn" and rng.random() < 0.3:
                ev["reason"] = "no answer"
            out.append(ev)
            if kind != "reminded":
                pending.remove(inv)
                pair_state[invs[inv]] = (kind, inv)
            continue
        pair = (rng.choice(accounts), rng.choice(recipients))
        st = pair_state.get(pair)
        if st and st[0] in ("pending", "accepted"):
            continue
        inv = "x%d-%s" % (rng.randint(0, 99), n)   # ids not in sent order: tie-breaks
        ev = {"type": "sent", "id": "h%d-%d" % (idx, n), "at": at, "invitation": inv,
              "account": pair[0], "recipient": pair[1]}
        if rng.random() < 0.6:
            ev["source"] = rng.choice(["s1", "s2", "  "])
        if rng.random() < 0.5:
            ev["note"] = "hi"
        if rng.random() < 0.5:
            ev["template"] = rng.choice(["v1", "v2"])
        out.append(ev)
        invs[inv] = pair
        pending.append(inv)
        pair_state[pair] = ("pending", inv)
    return out


def dur_text(ms):
    if ms % M.MS_WEEK == 0:
        return "%dw" % (ms // M.MS_WEEK)
    if ms % M.MS_DAY == 0:
        return "%dd" % (ms // M.MS_DAY)
    if ms % M.MS_HOUR == 0:
        return "%dh" % (ms // M.MS_HOUR)
    return "%dm" % (ms // M.MS_MIN)


class Checker:
    def __init__(self, binary, show):
        self.binary = binary
        self.show = show
        self.passed = 0
        self.failed = 0
        self.shown = {}
        self.seen = {}    # coverage: check reasons, non-empty answers per kind

    def ledger(self, stream_path, workdir, name, policy):
        db = os.path.join(workdir, name)
        if policy:
            args = ["policy", "--db", db]
            for k, v in policy.items():
                args += ["--set", "%s=%s" % (k, v)]
            run(self.binary, args)
        run(self.binary, ["import", stream_path, "--db", db, "--format", "json"])
        exported = os.path.join(workdir, name + ".export.jsonl")
        with open(exported, "w") as f:
            f.write(run(self.binary, ["export", "--db", db]).stdout)
        pol = {k: (int(v) if k.endswith("cap") else M.parse_duration(v))
               for k, v in (policy or {}).items()}
        return db, M.load_events(exported), pol

    def compare(self, label, db, events, pol, query, cli, model_kwargs):
        p = run(self.binary, [query, "--db", db, "--format", "json"] + cli, check=False)
        try:
            got = json.loads(p.stdout)
        except ValueError:
            got = "exit %d: %s" % (p.returncode, p.stderr.strip()[:200])
        want = M.answer(events, query, policy=pol, **model_kwargs)
        d = equal(got, want)
        if query == "check":
            key = "check:" + want["reason"]
        else:
            key = "%s:%s" % (query, "non-empty" if want else "empty")
        self.seen[key] = self.seen.get(key, 0) + 1
        if d is None and query == "check":
            expect_exit = 0 if want["allowed"] else 3
            if p.returncode != expect_exit:
                d = "exit %d, expected %d" % (p.returncode, expect_exit)
        if d is None:
            self.passed += 1
            return
        self.failed += 1
        n = self.shown.get(query, 0)
        if n < self.show:
            self.shown[query] = n + 1
            print("FAIL %s [%s] invites %s %s\n     %s  (binary vs model)"
                  % (query, label, query, " ".join(cli), d))

    def run_ledger(self, label, db, events, pol, rng, queries, past_now):
        ats = [M.parse_time(e["at"]) for e in events]
        if not ats:
            return
        first, last = min(ats), max(ats)
        sent_ats = [M.parse_time(e["at"]) for e in events if e["type"] == "sent"] or ats
        last_pos = len(events)
        accounts = sorted({e["account"] for e in events})
        pairs = sorted({(e["account"], e["recipient"]) for e in events})
        sources = sorted({e.get("source", "unknown") for e in events if e["type"] == "sent"})
        grid = rng.random() < 0.5

        def pick_time(lo, hi):
            if rng.random() < 0.45:           # an event time, or one shifted by a policy span
                base = rng.choice(sent_ats if rng.random() < 0.5 else ats)
                shift = rng.choice([0, M.MS_WEEK, 7 * M.MS_DAY, 30 * M.MS_DAY,
                                    pol.get("expire_after", M.DEFAULT_POLICY["expire_after"]),
                                    pol.get("cooldown_after_withdraw", 3 * M.MS_WEEK),
                                    pol.get("cooldown_after_expire", 3 * M.MS_WEEK), -1, 1])
                return base + shift
            t = rng.randint(lo, hi)
            return t - t % M.MS_HOUR if grid else t

        for _ in range(queries):
            query = rng.choice(["pending", "cooldown", "check", "check", "metrics", "metrics"])
            # the time mode
            mode = rng.choice(["now-last", "now-after", "as-of", "position", "as-of", "position"]
                              + (["now-past"] if past_now else []))
            mk = {}
            if mode == "now-last":
                t = last
                cli = ["--now", M.format_time(t)]
                mk["now"] = t
            elif mode == "now-after":
                t = pick_time(last, last + 250 * M.MS_DAY)
                t = max(t, last)
                cli = ["--now", M.format_time(t)]
                mk["now"] = t
            elif mode == "now-past":
                t = pick_time(first, last)
                cli = ["--now", M.format_time(t)]
                mk["now"] = t
            elif mode == "as-of":
                t = pick_time(first - M.MS_DAY, last + 30 * M.MS_DAY)
                cli = ["--as-of", M.format_time(t)]
                mk["as_of"] = t
            else:
                pos = rng.randint(0, last_pos)
                prefix_last = max(ats[:pos]) if pos else first
                t = max(pick_time(prefix_last, prefix_last + 60 * M.MS_DAY), prefix_last)
                cli = ["--position", str(pos), "--now", M.format_time(t)]
                mk["position"] = pos
                mk["now"] = t
            if query == "pending" and rng.random() < 0.3:    # now == expires_at of a send
                t = rng.choice(sent_ats) + pol.get("expire_after", M.DEFAULT_POLICY["expire_after"])
                if past_now or t >= last:
                    cli, mk = ["--now", M.format_time(t)], {"now": t}
                else:
                    cli, mk = ["--as-of", M.format_time(t)], {"as_of": t}
            qcli, qk = [], {}
            if query == "pending":
                if rng.random() < 0.4:
                    qk["account"] = rng.choice(accounts)
                    qcli += ["--account", qk["account"]]
                if rng.random() < 0.3:
                    qk["source"] = rng.choice(sources)
                    qcli += ["--source", qk["source"]]
                if rng.random() < 0.4:
                    d = rng.choice([M.MS_HOUR, M.MS_DAY, 3 * M.MS_WEEK, 10 * M.MS_WEEK,
                                    26 * M.MS_WEEK, 90 * M.MS_MIN, 9 * M.MS_DAY])
                    qk["older_than"] = d
                    qcli += ["--older-than", dur_text(d)]
                if rng.random() < 0.4:
                    d = rng.choice([0 * M.MS_DAY + M.MS_MIN, M.MS_DAY, 2 * M.MS_WEEK,
                                    10 * M.MS_WEEK, 36 * M.MS_HOUR])
                    qk["expiring_within"] = d
                    qcli += ["--expiring-within", dur_text(d)]
                if rng.random() < 0.3:
                    qk["limit"] = rng.choice([0, 1, 5, 50])
                    qcli += ["--limit", str(qk["limit"])]
            elif query == "cooldown":
                if rng.random() < 0.5:
                    qk["account"] = rng.choice(accounts)
                    qcli += ["--account", qk["account"]]
            elif query == "check":
                r = rng.random()
                if r < 0.75:
                    a, rc = rng.choice(pairs)
                elif r < 0.9:
                    a, rc = rng.choice(accounts), rng.choice(pairs)[1]
                else:
                    a, rc = rng.choice(accounts), "linkedin.com/in/never-invited-%d" % rng.randint(0, 9)
                qk["account"], qk["recipient"] = a, rc
                qcli += ["--account", a, "--to", rc]
            else:
                by = rng.choice(["source", "account", "template", "note", "weekday", "hour"])
                qk["by"] = by
                qcli += ["--by", by]
                if by in ("weekday", "hour") and rng.random() < 0.7:
                    qk["tz"] = rng.choice(TZS)
                    qcli += ["--tz", qk["tz"]]
                if rng.random() < 0.3:
                    qk["account"] = rng.choice(accounts)
                    qcli += ["--account", qk["account"]]
                if rng.random() < 0.3:
                    qk["sent_since"] = rng.choice(ats)
                    qcli += ["--sent-since", M.format_time(qk["sent_since"])]
                if rng.random() < 0.3:
                    qk["sent_until"] = rng.choice(ats)
                    qcli += ["--sent-until", M.format_time(qk["sent_until"])]
            mk.update(qk)
            self.compare(label, db, events, pol, query, cli + qcli, mk)


def main():
    ap = argparse.ArgumentParser(description="differential check: invites vs spec_model.py")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(HERE), ".build/debug/invites"))
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=150, help="queries per ledger")
    ap.add_argument("--hand", type=int, default=6, help="hand-made streams")
    ap.add_argument("--show", type=int, default=5, help="differences shown per query kind")
    ap.add_argument("--past-now", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    ck = Checker(binary, a.show)
    with tempfile.TemporaryDirectory(prefix="spec-diff-") as work:
        for seed in [int(s) for s in a.seeds.split(",") if s.strip()]:
            stream = os.path.join(work, "gen-%d.jsonl" % seed)
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--events",
                            str(a.events), "--seed", str(seed), "--out", stream], check=True)
            for tag, policy in (("default", None), ("tight", TIGHT_POLICY),
                                ("weekly", WEEKLY_POLICY)):
                db, events, pol = ck.ledger(stream, work, "gen-%d-%s" % (seed, tag), policy)
                ck.run_ledger("seed %d %s" % (seed, tag), db, events, pol,
                              random.Random(seed * 1000 + len(tag)), a.queries, a.past_now)
        for k in range(a.hand):
            rng = random.Random(7919 * (k + 1))
            stream = os.path.join(work, "hand-%d.jsonl" % k)
            with open(stream, "w") as f:
                for ev in hand_stream(rng, k):
                    f.write(json.dumps(ev) + "\n")
            for tag, policy in (("default", None), ("tight", TIGHT_POLICY),
                                ("weekly", {"weekly_cap": "2", "pending_cap": "6"})):
                db, events, pol = ck.ledger(stream, work, "hand-%d-%s" % (k, tag), policy)
                ck.run_ledger("hand %d %s" % (k, tag), db, events, pol, rng,
                              max(20, a.queries // 3), a.past_now)
    print("coverage: " + ", ".join("%s %d" % kv for kv in sorted(ck.seen.items())))
    print("%d passed, %d failed" % (ck.passed, ck.failed))
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
