# SPDX-License-Identifier: MIT
"""Metrics against a hand-worked day boundary in Asia/Shanghai: intervals, today and
yesterday, SL with a short abandon, ASA, AHT with wrap-up, abandon rate, occupancy, per
queue, channel, team and agent (the arithmetic is in the expected file's comment). Then the
SL formula variants and a rejected event that must not change anything."""
import json
import os
import subprocess

from wbtest import BIN, SOURCE, check, fail

data = os.path.join(SOURCE, "tests", "data")


def replay(path, *flags):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--print-state",
                        "--rejects", "", "--time-zone", "Asia/Shanghai"] + list(flags),
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout)


def same(got, want, path=""):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            fail("%s: got %r, want an object" % (path, got))
        for k, v in want.items():
            if not k.startswith("_"):
                same(got.get(k, None), v, path + "." + k)
    elif isinstance(want, float) and got is not None:
        if abs(got - want) > 1e-6:
            fail("%s: got %r, want %r" % (path, got, want))
    elif got != want:
        fail("%s: got %r, want %r" % (path, got, want))


state = replay(os.path.join(data, "metrics-midnight.jsonl"))
want = json.load(open(os.path.join(data, "metrics-midnight.expected.json")))
for scope in ("site", "queues", "channels", "teams", "agents"):
    same(state[scope], want[scope], scope)
    check(True, scope + " windows match the hand-worked figures")

# The same day under the other SL formulas (docs/metrics.md, Cisco's three treatments of
# abandons within T): yesterday c1 answered in T, c2 abandoned in T (short: out unless short
# abandons are off), c3 and c4 passed T. Ignored: c2 out of the denominator: 1/3.
ignored = replay(os.path.join(data, "metrics-midnight.jsonl"), "--sl-formula", "abandons-ignored",
                 "--short-abandon", "0")
check(ignored["site"]["yesterday"]["service_level"] == 1 / 3, "abandons ignored: 1/(4-1)")
check(ignored["metrics"]["sl_formula"] == "abandons-ignored", "the formula is published")
# With short abandons off c2 counts: in favour (1 + 1) / 4 = 0.5; against 1 / 4.
favour = replay(os.path.join(data, "metrics-midnight.jsonl"), "--sl-formula",
                "abandons-in-favour", "--short-abandon", "0")
check(favour["site"]["yesterday"]["service_level"] == 0.5, "abandons in favour, no short: 2/4")
against = replay(os.path.join(data, "metrics-midnight.jsonl"), "--short-abandon", "0")
check(against["site"]["yesterday"]["service_level"] == 0.25, "abandons against, no short: 1/4")
check(replay(os.path.join(data, "metrics-midnight.jsonl"), "--sl-threshold", "10")
      ["site"]["today"]["answered_in_sl"] == 0, "T = 10 s: c5 (15 s) is outside")
own = replay(os.path.join(data, "metrics-midnight.jsonl"), "--sl-threshold-for", "q=10")
check(own["queues"]["q"]["sl_threshold_s"] == 10 and
      own["queues"]["q"]["today"]["answered_in_sl"] == 0 and
      own["site"]["today"]["answered_in_sl"] == 0, "a queue's own T (q=10 s) applies to its calls")

# Transfers, worked by hand (tests/data/metrics-transfers.jsonl, all in 10:00-10:15):
# c1 waits in q 30 s, is transferred to r (q: a transfer; r: offered), answered there after
# 10 s by a1 (team A), is connected 120 s of which 30 s on hold (talk 90), is transferred back
# to q (r: handled, a transfer; q: offered again), a1 wraps up 20 s (r's): AHT 90 + 30 + 20 = 140;
# and c1 hangs up in q after 80 s (q: abandoned).
t = replay(os.path.join(data, "metrics-transfers.jsonl"))
same(t["queues"]["q"]["interval"], {"offered": 2, "answered": 0, "abandoned": 1, "transfers": 1,
                                    "handled": 0, "longest_wait_s": 80.0, "service_level": 0.0,
                                    "abandon_rate": 0.5}, "q")
same(t["queues"]["r"]["interval"], {"offered": 1, "answered": 1, "answered_in_sl": 1, "transfers": 1,
                                    "handled": 1, "avg_talk_s": 90.0, "aht_s": 140.0,
                                    "asa_s": 10.0, "service_level": 1.0}, "r")
same(t["site"]["interval"], {"offered": 1, "answered": 1, "abandoned": 1, "transfers": 2,
                             "handled": 1, "service_level": 0.5, "abandon_rate": 1.0}, "site")
same(t["teams"]["A"]["interval"], {"answered": 1, "handled": 1, "transfers": 1, "aht_s": 140.0},
     "team A")
check(True, "transfers between queues, waiting and connected, count as worked by hand")

# A rejected event never changes the state.
d = os.path.join(os.environ.get("TMPDIR", "/tmp"), "wb-metrics-%d.jsonl" % os.getpid())
with open(d, "w") as f:
    f.write(open(os.path.join(data, "metrics-midnight.jsonl")).read())
    f.write('{"type":"call.answered","ts":"2026-11-24T00:20:41+08:00","call":"c9"}\n')
    f.write('{"type":"call.enqueued","ts":"2026-11-24T00:20:41+08:00","call":"c9","queue":"q",'
            '"region":"nowhere"}\n')
with_bad = replay(d)
os.unlink(d)
check(with_bad["collector"]["rejected"] == 2, "both bad events are rejected")
for key in ("site", "queues", "channels", "teams", "agents"):
    if with_bad[key] != state[key]:
        fail("a rejected event changed " + key)
check(True, "and nothing else changed")
print("1 passed, 0 failed")
