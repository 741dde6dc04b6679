# SPDX-License-Identifier: MIT
"""The day's curve (each scope's intervals of today and yesterday, docs/metrics.md "The day's
curve") against a two-day file worked by hand, after a replay and after a collector stopped
between the days and a new one started on its journal: the same figures, interval by
interval."""
import json
import os
import subprocess
import time

from wbtest import BIN, SOURCE, check, fail, journaled_lines, tempdir

data = os.path.join(SOURCE, "tests", "data", "intervals-two-days.jsonl")
exe = os.path.join(BIN, "wb-collector")
TZ = ["--time-zone", "Asia/Shanghai", "--rejects", ""]

# tests/data/intervals-two-days.jsonl, Asia/Shanghai, 15-minute intervals, T = 20 s, short
# abandons <= 5 s, abandons against (docs/metrics.md). Worked by hand:
# 2026-11-23 (yesterday). a1 (team A, queue q) and a2 (team B, queues q and r) available 09:00.
#   09:00-09:15  c1 enters q 09:05:00, a1 answers 09:05:10 (wait 10: in T), talks to 09:09:10
#                (240 s), wraps up to 09:09:40 (30 s); c2 enters q 09:07:00, its wait passes T
#                at 09:07:20, hangs up 09:07:40 (wait 40: not short, not in T).
#                offered 2, answered 1, abandoned 1, sl_offered = 1 in T + 1 passed = 2:
#                SL 1/2; ASA 10; AHT (240 + 30) / 1 = 270; abandon rate 1/2; longest wait 40.
#                a1 busy 09:05:10-09:09:40 = 270 s, idle 310 + 320 = 630; a2 idle 900.
#   09:15-09:30  c3 (chat) enters r 09:20:00, passes T 09:20:20, a2 answers 09:20:30 (wait 30),
#                talks to 09:25:30 (300 s), no wrap-up. SL 0/1; ASA 30; AHT 300.
#                a2 busy 300, idle 600; a1 idle 900.
#   09:30-09:45, 09:45-10:00  no event: both idle, 900 s each (1800 for the site); a quiet
#                interval still holds the agents' time.
#   10:00        both log out: nothing more that day (the 10:00 interval is empty: left out).
# 2026-11-24 (today). a1 available 09:00.
#   09:00-09:15  c4 enters q 09:01:00, answered 09:01:05 (5 s), talk 120 s: SL 1/1, ASA 5,
#                AHT 120; a1 busy 120, idle 780.
#   09:15-09:30  c5 enters q 09:16:00, hangs up 09:16:02: a short abandon. SL and abandon rate
#                have nothing to divide by (null); a1 idle 900.
#   09:30-09:45  c6 enters q 09:35:00, answered 09:35:15 (15 s), talk 60, wrap 30: SL 1/1,
#                ASA 15, AHT 90; a1 busy 90, idle 810.
#   09:45-       a2 available 09:50:00, the last event: the interval in progress, nothing in it
#                yet (agents' time is counted at their changes and the interval's end).
D1, D2 = 1795449600 - 86400, 1795449600  # 2026-11-23 and -24 00:00 +08:00
H9 = 9 * 3600
FIELDS = ("offered", "answered", "abandoned", "short_abandoned", "answered_in_sl", "sl_passed",
          "handled", "service_level", "asa_s", "aht_s", "abandon_rate", "longest_wait_s",
          "busy_s", "idle_s")


def iv(day, minute, *values):
    return dict(zip(("start",) + FIELDS, (day + H9 + minute * 60,) + values))


N = None
SITE = [iv(D1, 0, 2, 1, 1, 0, 1, 1, 1, 0.5, 10, 270, 0.5, 40, 270, 1530),
        iv(D1, 15, 1, 1, 0, 0, 0, 1, 1, 0.0, 30, 300, 0.0, 30, 300, 1500),
        iv(D1, 30, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 1800),
        iv(D1, 45, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 1800),
        iv(D2, 0, 1, 1, 0, 0, 1, 0, 1, 1.0, 5, 120, 0.0, 5, 120, 780),
        iv(D2, 15, 1, 0, 1, 1, 0, 0, 0, N, N, N, N, 2, 0, 900),
        iv(D2, 30, 1, 1, 0, 0, 1, 0, 1, 1.0, 15, 90, 0.0, 15, 90, 810),
        iv(D2, 45, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 0)]
# Queue q: the site's calls but c3; agents' time counts in teams and the site only.
Q = [dict(s, busy_s=0, idle_s=0) for s in (SITE[0], SITE[4], SITE[5], SITE[6], SITE[7])]
# Queue r and channel chat: c3 only (and the interval in progress).
R = [dict(SITE[1], busy_s=0, idle_s=0), SITE[7]]
# Team A (a1): its answers and time; offered, abandons and waits passing T are the queues', not
# the teams' (docs/metrics.md), so a team's SL is over its answers: 1/1 where a1 answered in T.
A = [iv(D1, 0, 0, 1, 0, 0, 1, 0, 1, 1.0, 10, 270, N, 10, 270, 630),
     iv(D1, 15, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D1, 30, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D1, 45, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D2, 0, 0, 1, 0, 0, 1, 0, 1, 1.0, 5, 120, N, 5, 120, 780),
     iv(D2, 15, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D2, 30, 0, 1, 0, 0, 1, 0, 1, 1.0, 15, 90, N, 15, 90, 810),
     SITE[7]]
B = [iv(D1, 0, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D1, 15, 0, 1, 0, 0, 0, 0, 1, N, 30, 300, N, 30, 300, 600),
     iv(D1, 30, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     iv(D1, 45, 0, 0, 0, 0, 0, 0, 0, N, N, N, N, 0, 0, 900),
     SITE[7]]
WANT = {("site", ""): SITE, ("queues", "q"): Q, ("queues", "r"): R, ("channels", "chat"): R,
        ("channels", "voice"): Q, ("teams", "A"): A, ("teams", "B"): B}


def matches(curves, what):
    for (kind, name), want in WANT.items():
        curve = curves["site"] if kind == "site" else curves[kind].get(name)
        if curve is None:
            fail("%s: no %s %r" % (what, kind, name))
        check(curve["day_start"] == D2 and curve["yesterday_start"] == D1 and
              curve["interval_minutes"] == 15, "%s: %s %s: today and yesterday start at local "
              "midnight" % (what, kind, name))
        got = curve["intervals"]
        starts = [time.strftime("%d %H:%M", time.gmtime(g["start"] + 8 * 3600)) for g in got]
        if len(got) != len(want):
            fail("%s: %s %r has intervals %s, want %d" % (what, kind, name, starts, len(want)))
        for g, w in zip(got, want):
            for k, v in w.items():
                if g.get(k) != v:
                    fail("%s: %s %r, interval %s: %s is %r, want %r" % (
                        what, kind, name, time.strftime("%d %H:%M", time.gmtime(
                            w["start"] + 8 * 3600)), k, g.get(k), v))
            if g["end"] != g["start"] + 900:
                fail("%s: an interval of %d s" % (what, g["end"] - g["start"]))
        check(True, "%s: %s %r: %d intervals as worked by hand" % (what, kind, name, len(want)))


def replay(path, journal=None, extra=()):
    cmd = [exe, "--replay", path, "--print-intervals"] + TZ + list(extra)
    if journal:
        cmd += ["--journal", journal]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout), r.stderr


curves, _ = replay(data)
matches(curves, "replay")

# Stopped between the days: a collector replays yesterday into a journal and ends; a second one
# on the same journal reads today's events. (A SIGKILL mid-stream is in test_journal.py: a busy
# day's curves after kill -9, before and after a checkpoint, equal the uninterrupted run's.)
lines = open(data).read().splitlines(True)
first = [l for l in lines if "2026-11-23" in l]
d = tempdir()
yesterday, today = os.path.join(d, "yesterday.jsonl"), os.path.join(d, "today.jsonl")
open(yesterday, "w").writelines(first)
open(today, "w").writelines(lines[len(first):])
journal = os.path.join(d, "journal")
replay(yesterday, journal)
check(journaled_lines(journal) == len(first), "yesterday's %d events journaled" % len(first))
after, err = replay(today, journal)
check("checkpoint loaded" in err, "the second collector restored yesterday from the checkpoint "
      "the first one wrote at its end")
matches(after, "a second collector on the journal")
print("done")
