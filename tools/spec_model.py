#!/usr/bin/env python3
"""An independent reference model of SPEC.md §3's query semantics (standard library only).

Written from SPEC's text alone, to be run differentially against the `invites` binary
(see tools/spec_diff.py). It reads an exported ledger (`invites export` JSON Lines, whose
events are complete: `invitation`, `account`, `recipient`, `position`), and answers

    pending  [--account A] [--source S] [--older-than D] [--expiring-within D] [--limit N]
    cooldown [--account A]
    check    --account A --to R
    metrics  [--by source|account|template|note|weekday|hour] [--tz Z] [--account A]
             [--sent-since T] [--sent-until T]

each at `--now T`, `--as-of T` (only events with at <= T count; now = T) or
`--position N` (only events at positions <= N count), printing the JSON SPEC §3 describes.

Decisions where SPEC leaves room (all from SPEC's wording):
- Without --as-of / --position every recorded event counts, even one after --now
  ("Queries count every recorded event unless limited by --as-of ... or --position").
  So with a past --now, a later send is pending with a negative age, a later withdraw
  starts a cooldown that is listed (now < until), and metrics count states as recorded.
- The weekly window only holds sends with at in (now - 7d, now]; its `until` is the first
  moment t >= now at which #sends in (t - 7d, t] < weekly_cap (a later send entering the
  window is taken into account).
- The pending cap counts the account's invitations pending in the counted events.
- Policy: SPEC defaults (the model has no policy events to read); override with --policy.

usage: spec_model.py LEDGER.jsonl QUERY [options]    (see --help)
"""

import argparse
import json
import math
import re
import sys
from datetime import datetime, timezone, timedelta

MS_MIN = 60_000
MS_HOUR = 60 * MS_MIN
MS_DAY = 24 * MS_HOUR
MS_WEEK = 7 * MS_DAY

DEFAULT_POLICY = {
    "expire_after": 26 * MS_WEEK,
    "cooldown_after_withdraw": 3 * MS_WEEK,
    "cooldown_after_expire": 3 * MS_WEEK,
    "pending_cap": 500,
    "weekly_cap": 100,
}

# ---------------------------------------------------------------- time helpers

_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def parse_time(text):
    """RFC 3339 -> integer milliseconds since the epoch (fraction truncated to ms)."""
    m = _TS.match(text.strip())
    if not m:
        raise ValueError("bad timestamp: %r" % text)
    y, mo, d, h, mi, s, frac, off = m.groups()
    base = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone.utc)
    ms = int(base.timestamp()) * 1000
    if frac:
        ms += int((frac[1:] + "000")[:3])
    if off not in ("Z", "z"):
        sign = 1 if off[0] == "+" else -1
        ms -= sign * (int(off[1:3]) * 60 + int(off[4:6])) * MS_MIN
    return ms


def format_time(ms):
    if ms is None:
        return None
    secs, milli = divmod(ms, 1000)
    dt = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=secs)
    base = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return base + ("Z" if milli == 0 else ".%03dZ" % milli)


def parse_duration(text):
    """`3w`, `21d`, `1w2d`, `36h`, `90m` -> milliseconds."""
    text = text.strip()
    parts = re.findall(r"(\d+)([mhdw])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError("bad duration: %r" % text)
    unit = {"m": MS_MIN, "h": MS_HOUR, "d": MS_DAY, "w": MS_WEEK}
    return sum(int(n) * unit[u] for n, u in parts)


# ---------------------------------------------------------------- the ledger

class Invitation:
    __slots__ = ("id", "account", "recipient", "source", "template", "note", "sent_at",
                 "sent_pos", "reminders", "last_reminded_at", "state", "closed_at")

    def __init__(self, ev):
        self.id = ev["invitation"]
        self.account = ev["account"]
        self.recipient = ev["recipient"]
        self.source = ev.get("source") or "unknown"
        self.template = ev.get("template")
        self.note = ev.get("note")
        self.sent_at = parse_time(ev["at"])
        self.sent_pos = ev.get("position")
        self.reminders = 0
        self.last_reminded_at = None
        self.state = "pending"
        self.closed_at = None


def load_events(path):
    events = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            raw = raw.rstrip(b"\r")
            if raw.strip():
                events.append(json.loads(raw.decode("utf-8")))
    for i, ev in enumerate(events, 1):
        ev.setdefault("position", i)
    return events


class Ledger:
    """The projection of the counted events."""

    def __init__(self, events, as_of=None, position=None):
        self.invitations = {}          # id -> Invitation
        self.by_pair = {}              # (account, recipient) -> [Invitation, ...] in send order
        self.sends_by_account = {}     # account -> [sent_at, ...]
        for ev in events:
            if position is not None and ev["position"] > position:
                continue
            at = parse_time(ev["at"])
            if as_of is not None and at > as_of:
                continue
            kind = ev["type"]
            if kind == "sent":
                inv = Invitation(ev)
                self.invitations[inv.id] = inv
                self.by_pair.setdefault((inv.account, inv.recipient), []).append(inv)
                self.sends_by_account.setdefault(inv.account, []).append(inv.sent_at)
                continue
            inv = self.invitations.get(ev["invitation"])
            if inv is None:
                raise ValueError("follow-up for unknown invitation %r" % ev["invitation"])
            if kind == "reminded":
                inv.reminders += 1
                if inv.last_reminded_at is None or at > inv.last_reminded_at:
                    inv.last_reminded_at = at
            elif kind in ("accepted", "withdrawn", "expired"):
                inv.state = kind
                inv.closed_at = at
            else:
                raise ValueError("unknown event type %r" % kind)


# ---------------------------------------------------------------- queries

def q_pending(led, now, policy, account=None, source=None, older_than=None,
              expiring_within=None, limit=None):
    rows = []
    for inv in led.invitations.values():
        if inv.state != "pending":
            continue
        if account is not None and inv.account != account:
            continue
        if source is not None and inv.source != source:
            continue
        age = now - inv.sent_at
        expires = inv.sent_at + policy["expire_after"]
        if older_than is not None and not age >= older_than:
            continue
        if expiring_within is not None and not expires <= now + expiring_within:
            continue
        rows.append((inv.sent_at, inv.id, {
            "invitation": inv.id,
            "account": inv.account,
            "recipient": inv.recipient,
            "source": inv.source,
            "template": inv.template,
            "has_note": inv.note is not None,
            "sent_at": format_time(inv.sent_at),
            "age_days": age / MS_DAY,
            "reminders": inv.reminders,
            "last_reminded_at": format_time(inv.last_reminded_at),
            "expires_at": format_time(expires),
            "overdue": now >= expires,
        }))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = [r[2] for r in rows]
    if limit is not None:
        out = out[:limit]
    return out


def _pair_block(led, now, policy, pair):
    """(state, reason, since, until, invitation) of a pair, or None when free / never invited.
    state: 'connected' | 'pending' | 'cooldown' | 'free'."""
    invs = led.by_pair.get(pair)
    if not invs:
        return None
    for inv in invs:
        if inv.state == "accepted":
            return ("connected", "accepted", inv.closed_at, None, inv)
    latest = max(invs, key=lambda i: (i.sent_at, i.sent_pos))
    if latest.state == "pending":
        return ("pending", None, None, None, latest)
    if latest.state == "withdrawn":
        until = latest.closed_at + policy["cooldown_after_withdraw"]
    else:
        until = latest.closed_at + policy["cooldown_after_expire"]
    if now < until:
        return ("cooldown", latest.state, latest.closed_at, until, latest)
    return ("free", latest.state, latest.closed_at, until, latest)


def q_cooldown(led, now, policy, account=None):
    rows = []
    for pair in led.by_pair:
        if account is not None and pair[0] != account:
            continue
        b = _pair_block(led, now, policy, pair)
        if b is None or b[0] in ("pending", "free"):
            continue
        rows.append({
            "account": pair[0],
            "recipient": pair[1],
            "state": b[0],
            "reason": b[1],
            "since": format_time(b[2]),
            "until": format_time(b[3]),
        })
    rows.sort(key=lambda r: (r["account"], r["recipient"]))
    return rows


def weekly_until(sends, now, cap):
    """First moment t >= now with #sends in (t - 7d, t] < cap (None if already below)."""
    def count(t):
        return sum(1 for s in sends if t - MS_WEEK < s <= t)
    if count(now) < cap:
        return None
    for t in sorted(set(s + MS_WEEK for s in sends if s + MS_WEEK > now)):
        if count(t) < cap:
            return t
    return None  # unreachable with a finite ledger


def q_check(led, now, policy, account, recipient):
    pair = (account, recipient)
    b = _pair_block(led, now, policy, pair)
    invitation = b[4].id if b else None
    out = {"account": account, "recipient": recipient, "allowed": False,
           "reason": None, "until": None, "invitation": invitation}
    if b and b[0] == "connected":
        out["reason"] = "connected"
    elif b and b[0] == "pending":
        out["reason"] = "pending"
    elif b and b[0] == "cooldown":
        out["reason"] = "cooldown"
        out["until"] = format_time(b[3])
    else:
        pending = sum(1 for i in led.invitations.values()
                      if i.account == account and i.state == "pending")
        sends = led.sends_by_account.get(account, [])
        in_window = sum(1 for s in sends if now - MS_WEEK < s <= now)
        if pending >= policy["pending_cap"]:
            out["reason"] = "pending_cap"
        elif in_window >= policy["weekly_cap"]:
            out["reason"] = "weekly_cap"
            out["until"] = format_time(weekly_until(sends, now, policy["weekly_cap"]))
        else:
            out["reason"] = "ok"
            out["allowed"] = True
    return out


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _tz(name):
    if name is None or name.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    from zoneinfo import ZoneInfo
    return ZoneInfo(name)


def _group(inv, by, tz):
    if by == "source":
        return inv.source
    if by == "account":
        return inv.account
    if by == "template":
        return inv.template
    if by == "note":
        return "with-note" if inv.note is not None else "without-note"
    local = datetime.fromtimestamp(inv.sent_at / 1000, tz=timezone.utc).astimezone(tz)
    if by == "weekday":
        return WEEKDAYS[local.weekday()]
    if by == "hour":
        return "%02d" % local.hour
    raise ValueError("bad --by %r" % by)


def _group_key(by, g):
    if g is None:
        return (0, "")
    if by == "weekday":
        return (1, "%d" % WEEKDAYS.index(g))
    return (1, g)


def median(xs):
    if not xs:
        return None
    s = sorted(xs)
    n = len(s)
    if n % 2:
        return s[n // 2]
    return (s[n // 2 - 1] + s[n // 2]) / 2


def p90(xs):
    if not xs:
        return None
    s = sorted(xs)
    return s[math.ceil(0.9 * len(s)) - 1]


def _ratio(a, b):
    return None if b == 0 else a / b


def q_metrics(led, now, policy, by="source", tz=None, account=None, sent_since=None,
              sent_until=None):
    zone = _tz(tz)
    groups = {}
    for inv in led.invitations.values():
        if account is not None and inv.account != account:
            continue
        if sent_since is not None and inv.sent_at < sent_since:
            continue
        if sent_until is not None and inv.sent_at > sent_until:
            continue
        groups.setdefault(_group(inv, by, zone), []).append(inv)
    rows = []
    for g, invs in groups.items():
        n = len(invs)
        cnt = {k: sum(1 for i in invs if i.state == k)
               for k in ("pending", "accepted", "withdrawn", "expired")}
        days = [(i.closed_at - i.sent_at) / MS_DAY for i in invs if i.state == "accepted"]

        def cohort_rate(window):
            cohort = [i for i in invs if i.sent_at <= now - window]
            hit = sum(1 for i in cohort
                      if i.state == "accepted" and i.closed_at - i.sent_at <= window)
            return _ratio(hit, len(cohort))

        rows.append((_group_key(by, g), {
            "group": g,
            "sent": n,
            "pending": cnt["pending"],
            "accepted": cnt["accepted"],
            "withdrawn": cnt["withdrawn"],
            "expired": cnt["expired"],
            "reminded": sum(1 for i in invs if i.reminders >= 1),
            "acceptance_rate": _ratio(cnt["accepted"], n),
            "resolved_acceptance_rate": _ratio(
                cnt["accepted"], cnt["accepted"] + cnt["withdrawn"] + cnt["expired"]),
            "accepted_7d_rate": cohort_rate(7 * MS_DAY),
            "accepted_30d_rate": cohort_rate(30 * MS_DAY),
            "median_days_to_accept": median(days),
            "p90_days_to_accept": p90(days),
        }))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


# ---------------------------------------------------------------- entry points

def answer(events, query, now=None, as_of=None, position=None, policy=None, **opts):
    """Programmatic entry: returns the JSON value SPEC §3 prints for the query."""
    policy = dict(DEFAULT_POLICY, **(policy or {}))
    if as_of is not None:
        now = as_of
    if now is None:
        now = int(datetime.now(timezone.utc).timestamp() * 1000)
    led = Ledger(events, as_of=as_of, position=position)
    if query == "pending":
        return q_pending(led, now, policy, **opts)
    if query == "cooldown":
        return q_cooldown(led, now, policy, **opts)
    if query == "check":
        return q_check(led, now, policy, **opts)
    if query == "metrics":
        return q_metrics(led, now, policy, **opts)
    raise ValueError("unknown query %r" % query)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ledger", help="exported ledger (JSON Lines)")
    ap.add_argument("query", choices=["pending", "cooldown", "check", "metrics"])
    ap.add_argument("--now")
    ap.add_argument("--as-of")
    ap.add_argument("--position", type=int)
    ap.add_argument("--account")
    ap.add_argument("--to")
    ap.add_argument("--source")
    ap.add_argument("--older-than")
    ap.add_argument("--expiring-within")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--by", default="source")
    ap.add_argument("--tz")
    ap.add_argument("--sent-since")
    ap.add_argument("--sent-until")
    ap.add_argument("--policy", action="append", default=[],
                    help="key=value override (durations like 3w, integers for caps)")
    a = ap.parse_args(argv)
    if a.as_of and a.now:
        ap.error("--as-of and --now are exclusive")
    policy = {}
    for kv in a.policy:
        k, v = kv.split("=", 1)
        policy[k] = int(v) if k in ("pending_cap", "weekly_cap") else parse_duration(v)
    opts = {}
    if a.query == "pending":
        opts = dict(account=a.account, source=a.source, limit=a.limit,
                    older_than=parse_duration(a.older_than) if a.older_than else None,
                    expiring_within=parse_duration(a.expiring_within) if a.expiring_within else None)
    elif a.query == "cooldown":
        opts = dict(account=a.account)
    elif a.query == "check":
        if not a.account or not a.to:
            ap.error("check needs --account and --to")
        opts = dict(account=a.account.strip(), recipient=a.to.strip())
    else:
        opts = dict(by=a.by, tz=a.tz, account=a.account,
                    sent_since=parse_time(a.sent_since) if a.sent_since else None,
                    sent_until=parse_time(a.sent_until) if a.sent_until else None)
    result = answer(load_events(a.ledger), a.query,
                    now=parse_time(a.now) if a.now else None,
                    as_of=parse_time(a.as_of) if a.as_of else None,
                    position=a.position, policy=policy, **opts)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
