#!/usr/bin/env python3
"""Generates a realistic stream of LinkedIn invitation events as JSON Lines.

usage: generate.py [--events N] [--seed S] [--accounts K] [--start TIME]
                   [--out FILE|-] [--now-file FILE]

The output always obeys the lifecycle rules of SPEC.md §2 (no `sent` while the pair is
pending or connected, follow-ups only for a pending invitation, no event earlier than the
pair's latest one, unique event and invitation ids), so `invites import` takes it whole.
It also keeps to the default send policy: at most 100 sends per account in any rolling
7 days, at most 500 pending per account, and re-invites only after the 3-week cooldown.

How it works: a discrete-event simulation. Every account has a send process that plans
its sends day by day in the working hours of its time zone; every send decides the
invitation's fate up front (reminders, then accepted / withdrawn / expired) and only the
invitation's next event waits in one global heap. Events come out of the heap in
non-decreasing `at` order, so truncating at exactly N events leaves a valid stream.
Memory is the heap (one entry per live invitation plus one per account) and the
per-account re-invite queues; nothing is kept for closed invitations.

Everything is drawn from one `random.Random(seed)` through `random()` only, so the same
arguments give byte-identical output (also across Python versions).
"""

import argparse
import bisect
import heapq
import json
import math
import random
import sys
from collections import deque
from datetime import date, datetime, timezone

MS_MIN = 60_000
MS_HOUR = 3_600_000
MS_DAY = 86_400_000
MS_WEEK = 7 * MS_DAY

EXPIRE_AFTER = 182 * MS_DAY          # policy expire_after (26w)
COOLDOWN = 21 * MS_DAY               # cooldown_after_withdraw / _expire (3w)
WEEKLY_CAP = 100                     # sends per account per rolling 7 days
PENDING_CAP = 500                    # pending invitations per account
NOTE_LIMIT = 300
EVENTS_PER_ACCOUNT = 25_000          # default accounts: one per this many events, at least 4
EVENTS_PER_SEND = 2.4                # rough events per invitation, to size the time span
MIN_SPAN_WEEKS = 40                  # small runs are spread thin so every kind occurs
TARGET_WEEKLY = 65                   # typical sends per account per week in large runs

DEFAULT_START = "2025-01-06T00:00:00Z"   # a Monday

# Prospect sources: base acceptance probability and default share of sends.
# None is an absent `source` (the ledger records "unknown").
SOURCES = [
    ("search:cto-berlin", 0.20, 26),
    ("search:vp-sales", 0.23, 10),
    ("import:crm", 0.28, 17),
    ("event:websummit", 0.44, 12),
    ("group:swift-devs", 0.37, 12),
    ("referral", 0.58, 7),
    (None, 0.26, 12),
]
SOURCE_NAMES = [s[0] for s in SOURCES]
SOURCE_ODDS = [p / (1 - p) for _, p, _ in SOURCES]

WEEKDAY_ODDS = [1.00, 1.12, 1.10, 1.05, 0.86, 0.72, 0.68]     # Mon … Sun, local to sender
WEEKDAY_VOLUME = [1.00, 1.15, 1.15, 1.05, 0.75, 0.07, 0.03]
NOTE_ODDS = 1.75
TEMPLATE_ODDS = {None: 0.92, "v1": 1.00, "v2": 1.18}
REINVITE_ODDS = 0.6

# Named accounts for small K: (name, UTC offset in minutes, favoured sources, note rate,
# volume factor, withdraw diligence).
NAMED_ACCOUNTS = [
    ("acct-sales-1", 60, {"search:cto-berlin": 2.0, "import:crm": 1.5}, 0.34, 1.15, 0.85),
    ("acct-sales-2", -300, {"search:vp-sales": 2.5, "event:websummit": 1.3}, 0.30, 1.00, 0.75),
    ("acct-recruiting", 60, {"group:swift-devs": 2.5, "referral": 1.6}, 0.50, 0.90, 0.80),
    ("acct-founder", 0, {"event:websummit": 2.0, "referral": 2.0}, 0.48, 0.65, 0.55),
    ("acct-sales-3", -300, {"import:crm": 2.0, "search:vp-sales": 1.5}, 0.28, 1.10, 0.90),
    ("acct-partnerships", 60, {"event:websummit": 1.8}, 0.48, 0.70, 0.65),
    ("acct-recruiting-2", -300, {"group:swift-devs": 2.0}, 0.52, 0.85, 0.80),
    ("acct-bizdev", 0, {"search:cto-berlin": 1.5, "import:crm": 1.5}, 0.36, 1.00, 0.85),
]
TZ_CHOICES = [(60, 45), (-300, 33), (0, 12), (-480, 10)]   # Berlin, New York, London, SF (no DST)

FIRST = [
    ("Anna", "anna"), ("Ben", "ben"), ("Chloé", "chloe"), ("Dev", "dev"), ("José", "jose"),
    ("Zoë", "zoe"), ("Björn", "bjorn"), ("Łukasz", "lukasz"), ("Søren", "soren"),
    ("Mia", "mia"), ("Noah", "noah"), ("Priya", "priya"), ("Wei", "wei"), ("Yuki", "yuki"),
    ("Fatima", "fatima"), ("Omar", "omar"), ("Lena", "lena"), ("Jonas", "jonas"),
    ("Sofia", "sofia"), ("Lucas", "lucas"), ("Emma", "emma"), ("Liam", "liam"),
    ("Olivia", "olivia"), ("Mateo", "mateo"), ("Aisha", "aisha"), ("Kenji", "kenji"),
    ("Ingrid", "ingrid"), ("Tomás", "tomas"), ("Élodie", "elodie"), ("Ravi", "ravi"),
    ("Hannah", "hannah"), ("Felix", "felix"), ("Nora", "nora"), ("Jan", "jan"),
    ("Marta", "marta"), ("Pedro", "pedro"), ("Sara", "sara"), ("David", "david"),
    ("Elena", "elena"), ("Max", "max"), ("Julia", "julia"), ("Tariq", "tariq"),
]
LAST = [
    "muller", "schmidt", "garcia", "smith", "nguyen", "kowalski", "rossi", "dubois",
    "jensen", "tanaka", "okafor", "silva", "novak", "kim", "patel", "fischer", "weber",
    "martin", "lopez", "chen", "hansen", "bauer", "moreau", "costa", "ivanova", "wagner",
    "becker", "ali", "haddad", "santos", "larsen", "meyer", "yilmaz", "horvat", "lindqvist",
]

NOTES = [
    "Hi {first}, saw your post on Swift concurrency — would love to connect.",
    "Hallo {first}, ich würde mich freuen, mich mit Ihnen zu vernetzen. Viele Grüße aus Berlin!",
    "Bonjour {first}, ravi de vous avoir croisé à Web Summit ✨",
    "Hi {first} 👋 we met at Web Summit — let's stay in touch!",
    'Hi {first}, your talk "Scaling teams without chaos" was great. Mind if I connect?',
    "{first}, fellow Swift dev here 🚀 always happy to swap notes on SwiftUI.",
    "Hola {first}, ¿conectamos? Trabajo en herramientas para equipos de ventas.",
    "Hi {first},\nquick one: we're hiring senior iOS engineers in Berlin. Open to a chat?\nBest, Mia",
    "こんにちは{first}さん、ぜひつながりましょう。",
    "Hi {first} — {other} suggested I reach out. Would be great to connect!",
    'Loved your comment on "remote-first" hiring 😀 — connecting!',
    "Hi {first}! We're both in the Swift Devs group 🧑‍💻 — let's connect.",
    'Hey {first}, a quick "hello" from the partnerships team at Acme 🙂',
    "Let's connect",
    "Hi {first}, I'd like to add you to my professional network.",
    "Hi {first}, we're building tooling for outreach teams and I'd value your view as a CTO "
    "in Berlin. No pitch, promise: I'm collecting honest feedback on how teams keep their "
    "pending invitations under control, when they withdraw, and how they decide whom to "
    "re-invite. Would you be open to connecting? Thanks a lot, {other}",
    "Grüß dich {first}! Danke für den Vortrag über Café-Kultur & Remote-Arbeit ☕",
    "Hi {first}, following up on our call — as promised, here's my invite. 🙏",
    "{first}, great meeting you at the CTO breakfast (Kreuzberg) 🥐",
    "Hi {first}, I noticed we share a few connections (e.g. {other}). Happy to connect.",
]
WITHDRAW_REASONS = [("stale", 56), (None, 32), ("no response", 6), ("pending cap cleanup", 4),
                    ("wrong person", 2)]
TRACKING = ["?trk=public_profile_browsemap", "?trk=people-guest_people_search-card",
            "?originalSubdomain=de", "?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA"]


def next_prime(n):
    n = max(n, 3) | 1
    while True:
        f = 3
        while f * f <= n and n % f:
            f += 2
        if f * f > n:
            return n
        n += 2


def cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class Rng:
    """Thin wrapper drawing everything from random() so output is stable across versions."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.random = self.r.random

    def below(self, n):
        return int(self.random() * n)

    def pick(self, cum):
        return bisect.bisect_right(cum, self.random() * cum[-1])

    def expo(self, mean):
        return -mean * math.log(1.0 - self.random())

    def normal(self, mu, sd):
        u1 = 1.0 - self.random()
        u2 = self.random()
        return mu + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def poisson(self, mean):
        if mean > 40:
            return max(0, int(self.normal(mean, math.sqrt(mean)) + 0.5))
        limit, k, p = math.exp(-mean), 0, self.random()
        while p > limit:
            k += 1
            p *= self.random()
        return k


class Account:
    """One sender seat: its profile, its day-by-day send plan and its policy counters."""

    __slots__ = ("index", "name", "offset", "src_cum", "note_rate", "weekly", "diligence",
                 "quality", "day", "today", "today_weekday", "recent", "pending",
                 "reinvites", "fresh", "person_offset", "person_stride")

    def __init__(self, index, name, offset, src_weights, note_rate, weekly, diligence,
                 quality, person_offset, person_stride):
        self.index = index
        self.name = name
        self.offset = offset * MS_MIN           # local = UTC + offset
        self.src_cum = cumulative(src_weights)
        self.note_rate = note_rate
        self.weekly = weekly
        self.diligence = diligence
        self.quality = quality
        self.day = None                         # local epoch day being planned
        self.today = []                         # remaining send times of that day, descending
        self.today_weekday = 0
        self.recent = deque()                   # send times in the last 7 days
        self.pending = 0
        self.reinvites = []                     # heap of (due, seq, person, attempt, source)
        self.fresh = 0                          # fresh prospects invited so far
        self.person_offset = person_offset
        self.person_stride = person_stride


class Generator:
    def __init__(self, events, seed, accounts, start_ms):
        self.n = events
        self.rng = Rng(seed)
        self.start = start_ms
        self.seq = 0
        self.heap = []
        self.day_prefix = {}
        self.pool = next_prime(2 * events + 1000)   # > sends per account: fresh people never repeat
        k = accounts
        sends_per_account = events / (EVENTS_PER_SEND * k)
        weeks = max(MIN_SPAN_WEEKS, sends_per_account / TARGET_WEEKLY)
        self.weekly = sends_per_account / weeks
        self.accounts = [self._make_account(i, k) for i in range(k)]
        self.src_cum_default = cumulative([w for _, _, w in SOURCES])
        self.withdraw_cum = cumulative([w for _, w in WITHDRAW_REASONS])

    # ---- set-up -------------------------------------------------------------------------

    def _make_account(self, i, k):
        r = self.rng
        base = [w for _, _, w in SOURCES]
        if k <= len(NAMED_ACCOUNTS):
            name, offset, favour, note_rate, volume, diligence = NAMED_ACCOUNTS[i]
            weights = [w * favour.get(s, 1.0) for (s, _, _), w in zip(SOURCES, base)]
        else:
            name = f"acct-{i + 1}"
            offset = TZ_CHOICES[r.pick(cumulative([w for _, w in TZ_CHOICES]))][0]
            weights = [w * (0.4 + 1.6 * r.random()) for w in base]
            note_rate = 0.25 + 0.33 * r.random()
            volume = 0.65 + 0.6 * r.random()
            diligence = 0.55 + 0.4 * r.random()
        quality = 0.85 + 0.3 * r.random()
        weekly = min(95.0, self.weekly * volume)
        stride = 1 + r.below(self.pool - 1)
        return Account(i, name, offset, weights, note_rate, weekly, diligence, quality,
                       r.below(self.pool), stride)

    # ---- scheduling ---------------------------------------------------------------------

    def push(self, t, item):
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, item))

    def plan_next_send(self, a, after):
        """Schedules the account's next send slot (working hours, local time) after `after`."""
        r = self.rng
        while not a.today:
            if a.day is None:
                a.day = (self.start + a.offset) // MS_DAY
            else:
                a.day += 1
            weekday = (a.day + 3) % 7              # 1970-01-01 was a Thursday
            season = 1.0
            d = date.fromordinal(719163 + a.day)   # 719163 = date(1970, 1, 1).toordinal()
            if (d.month == 12 and d.day >= 22) or (d.month == 1 and d.day <= 2):
                season = 0.15
            elif d.month == 8:
                season = 0.7
            mean = a.weekly * WEEKDAY_VOLUME[weekday] / sum(WEEKDAY_VOLUME) * season
            count = r.poisson(mean)
            midnight = a.day * MS_DAY - a.offset   # local midnight in UTC
            times = []
            for _ in range(count):
                if r.random() < 0.55:
                    hour = r.normal(10.4, 1.2)     # the morning block
                else:
                    hour = r.normal(15.2, 1.5)     # after lunch
                hour = min(21.5, max(7.0, hour))
                t = midnight + int(hour * MS_HOUR) + r.below(MS_MIN)
                if t > after:
                    times.append(t)
            times.sort(reverse=True)
            a.today = times
            a.today_weekday = weekday
        self.push(a.today.pop(), a)

    # ---- one invitation -----------------------------------------------------------------

    def fate(self, a, t, source, has_note, template, attempt):
        """Decides the invitation's follow-ups: [(at, kind), …] ending with its close."""
        r = self.rng
        odds = SOURCE_ODDS[source] * a.quality * WEEKDAY_ODDS[a.today_weekday]
        odds *= TEMPLATE_ODDS[template]
        if has_note:
            odds *= NOTE_ODDS
        if attempt:
            odds *= REINVITE_ODDS
        accept_at = None
        if r.random() < odds / (1.0 + odds):
            u = r.random()
            if u < 0.5:
                days = r.expo(0.6)
            elif u < 0.85:
                days = 1.0 + r.expo(3.5)
            else:
                days = 9.0 + r.expo(16.0)
            accept_at = t + 1000 + min(int(days * MS_DAY), 170 * MS_DAY)
        withdraw_at = None
        if r.random() < a.diligence:
            weeks = 3.0 + 5.0 * r.random()         # stale after 3–8 weeks
            w = t + int(weeks * MS_WEEK)
            # the sender tidies up in working hours: move to 09:00–18:00 local on a weekday
            local = w + a.offset
            day = local // MS_DAY
            while (day + 3) % 7 >= 5:
                day += 1
            w = day * MS_DAY - a.offset + 9 * MS_HOUR + r.below(9 * MS_HOUR)
            withdraw_at = max(w, t + COOLDOWN)
        if accept_at is not None and (withdraw_at is None or accept_at < withdraw_at):
            close = (accept_at, 4)
        elif withdraw_at is not None:
            close = (withdraw_at, 2)
        else:
            close = (t + EXPIRE_AFTER, 3)
        plan = []
        u = r.random()
        reminders = 0 if u < 0.45 else (1 if u < 0.8 else 2)
        rt = t
        for i in range(reminders):
            rt += int((3.0 + 11.0 * r.random() if i == 0 else 7.0 + 14.0 * r.random()) * MS_DAY)
            rt += r.below(MS_HOUR)
            if rt >= close[0]:
                break
            plan.append((rt, 1))
        plan.append(close)
        return plan

    # ---- identities and rendering -------------------------------------------------------

    def person(self, pid):
        """(display first name, slug, None), or (name, None, URN) for the few without a URL."""
        f_disp, f_slug = FIRST[pid % len(FIRST)]
        last = LAST[(pid // len(FIRST)) % len(LAST)]
        code = (pid * 0x9E3779B1) & 0xFFFFFFFF
        if (code >> 7) % 29 == 0:
            return f_disp, None, "urn:li:person:ACoAA" + format(code, "08x") + "Bq" + format(pid % 97, "02d")
        return f_disp, f"{f_slug}-{last}-{code:08x}", None

    def recipient_form(self, slug, urn):
        """One of the many ways people write the same recipient; all normalise alike."""
        r = self.rng
        if slug is None:
            return urn if r.random() < 0.93 else f"  {urn} "
        u = r.random()
        if u < 0.34:
            return "linkedin.com/in/" + slug
        if u < 0.56:
            return f"https://www.linkedin.com/in/{slug}/"
        if u < 0.68:
            parts = slug.split("-")
            display = "-".join(p[:1].upper() + p[1:] for p in parts[:-1]) + "-" + parts[-1]
            return f"https://www.linkedin.com/in/{display}/" + TRACKING[r.below(len(TRACKING))]
        if u < 0.78:
            return f"https://www.linkedin.com/in/{slug}" + TRACKING[r.below(len(TRACKING))]
        if u < 0.85:
            return f"https://linkedin.com/in/{slug}/"
        if u < 0.90:
            return f"http://www.linkedin.com/in/{slug}"
        if u < 0.94:
            return f"www.linkedin.com/in/{slug}/"
        if u < 0.97:
            return f"https://www.linkedin.com/in/{slug}/#about"
        if u < 0.99:
            return f"https://www.linkedin.com/in/{slug}/details/experience/"
        return f"  https://www.linkedin.com/in/{slug.upper()}/ "

    def stamp(self, t):
        day, rem = divmod(t, MS_DAY)
        prefix = self.day_prefix.get(day)
        if prefix is None:
            prefix = date.fromordinal(719163 + day).isoformat() + "T"
            self.day_prefix[day] = prefix
        h, rem = divmod(rem, MS_HOUR)
        m, rem = divmod(rem, MS_MIN)
        s, ms = divmod(rem, 1000)
        return f"{prefix}{h:02d}:{m:02d}:{s:02d}.{ms:03d}Z"

    # ---- the run ------------------------------------------------------------------------

    def run(self, write):
        r = self.rng
        for a in self.accounts:
            self.plan_next_send(a, self.start - 1)
        heap = self.heap
        emitted = 0
        invitations = 0
        last_at = self.start
        buf = []
        dumps = json.dumps
        while emitted < self.n and heap:
            t, _, item = heapq.heappop(heap)
            if type(item) is Account:
                a = item
                recent = a.recent
                while recent and recent[0] <= t - MS_WEEK:
                    recent.popleft()
                if len(recent) < WEEKLY_CAP and a.pending < PENDING_CAP:
                    if a.reinvites and a.reinvites[0][0] <= t:
                        _, _, pid, attempt, source = heapq.heappop(a.reinvites)
                        note_rate = min(0.9, a.note_rate + 0.15)
                    else:
                        pid = (a.person_offset + a.fresh * a.person_stride) % self.pool
                        a.fresh += 1
                        attempt = 0
                        source = r.pick(a.src_cum)
                        note_rate = a.note_rate
                    recent.append(t)
                    a.pending += 1
                    invitations += 1
                    inv = f"inv-{invitations}"
                    first, slug, urn = self.person(pid)
                    has_note = r.random() < note_rate
                    u = r.random()
                    if has_note:
                        template = "v1" if u < 0.44 else ("v2" if u < 0.88 else None)
                    else:
                        template = "v1" if u < 0.08 else ("v2" if u < 0.16 else None)
                    emitted += 1
                    line = (f'{{"type":"sent","id":"e-{emitted}","at":"{self.stamp(t)}",'
                            f'"invitation":"{inv}","account":"{a.name}",'
                            f'"recipient":"{self.recipient_form(slug, urn)}"')
                    if SOURCE_NAMES[source] is not None:
                        line += f',"source":"{SOURCE_NAMES[source]}"'
                    if has_note:
                        text = NOTES[r.below(len(NOTES))].format(
                            first=first, other=FIRST[r.below(len(FIRST))][0])
                        line += ',"note":' + dumps(text[:NOTE_LIMIT], ensure_ascii=False)
                    if template is not None:
                        line += f',"template":"{template}"'
                    buf.append(line + "}\n")
                    plan = self.fate(a, t, source, has_note, template, attempt)
                    # [invitation, account, person, attempt, source, plan, next index]
                    self.push(plan[0][0], [inv, a, pid, attempt, source, plan, 0])
                self.plan_next_send(a, t)
            else:
                inv, a, pid, attempt, source, plan, i = item
                kind = plan[i][1]
                emitted += 1
                u = r.random()
                head = f'{{"type":"{("", "reminded", "withdrawn", "expired", "accepted")[kind]}","id":"e-{emitted}","at":"{self.stamp(t)}"'
                if u < 0.76:
                    line = f'{head},"invitation":"{inv}"'
                else:
                    _, slug, urn = self.person(pid)
                    pair = f'"account":"{a.name}","recipient":"{self.recipient_form(slug, urn)}"'
                    line = f'{head},"invitation":"{inv}",{pair}' if u > 0.97 else f"{head},{pair}"
                if kind == 2:
                    reason = WITHDRAW_REASONS[r.pick(self.withdraw_cum)][0]
                    if reason is not None:
                        line += f',"reason":"{reason}"'
                elif kind == 3:
                    line += ',"by":"policy"'
                buf.append(line + "}\n")
                if i + 1 < len(plan):
                    item[6] = i + 1
                    self.push(plan[i + 1][0], item)
                else:
                    a.pending -= 1
                    # some closed pairs are invited again once the cooldown has passed
                    if kind in (2, 3) and attempt < 2 and r.random() < (0.22 if kind == 2 else 0.15):
                        due = t + COOLDOWN + MS_HOUR + int(r.expo(3.0) * MS_WEEK)
                        self.seq += 1
                        heapq.heappush(a.reinvites, (due, self.seq, pid, attempt + 1, source))
            last_at = t
            if len(buf) >= 8192:
                write("".join(buf))
                buf.clear()
        if buf:
            write("".join(buf))
        return emitted, last_at


def parse_time(text):
    try:
        if len(text) == 10:
            dt = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        else:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an RFC 3339 time: {text!r} (try 2025-01-06T00:00:00Z)")
    return int(dt.timestamp() * 1000)


def non_negative(text):
    n = int(text)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def positive(text):
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Writes a realistic, rule-abiding stream of invitation events as JSON Lines.")
    ap.add_argument("--events", type=non_negative, default=10_000, metavar="N",
                    help="number of events to write (default 10000)")
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    ap.add_argument("--accounts", type=positive, metavar="K",
                    help="sender accounts (default max(4, N/25000))")
    ap.add_argument("--start", type=parse_time, default=parse_time(DEFAULT_START), metavar="TIME",
                    help=f"time of the simulation's start (default {DEFAULT_START})")
    ap.add_argument("--out", default="-", metavar="FILE|-", help="output file (default stdout)")
    ap.add_argument("--now-file", metavar="FILE",
                    help="also write the `at` of the last event to FILE")
    args = ap.parse_args(argv)
    accounts = args.accounts or max(4, round(args.events / EVENTS_PER_ACCOUNT))
    gen = Generator(args.events, args.seed, accounts, args.start)
    if args.out == "-":
        out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False,
                   buffering=1 << 20)
    else:
        out = open(args.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
    try:
        emitted, last_at = gen.run(out.write)
    finally:
        out.close()
    if emitted != args.events:      # cannot happen: the send processes never stop
        print(f"generate.py: wrote only {emitted} events", file=sys.stderr)
        return 1
    if args.now_file:
        with open(args.now_file, "w", encoding="utf-8") as f:
            f.write(gen.stamp(last_at) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
