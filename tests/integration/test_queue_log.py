# SPDX-License-Identifier: MIT
"""Asterisk queue_log in: a hand-written day in the pipe-separated file format with answers
worked by hand, then the real Wazo queue_log rows from ../shared/data (skipped when absent)."""
import datetime
import json
import os
import signal
import re
import subprocess
import sys
import time

from wbtest import BIN, SHARED, SKIP, SOURCE, check, fail, journaled_lines, tempdir


def replay(path, *flags):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--format",
                        "queue_log", "--print-state", "--rejects", ""] + list(flags),
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout), r.stderr


# sales: .1 waits 10 s and is answered by 7002 (talk 100 s, rung 3 s); 7001 was rung 2 s for it
# and did not answer (a missed ring); .7 times out after 50 s: not an abandon (app_queue.c logs
# EXITWITHTIMEOUT|pos|origpos|waittime), a flow-out. support: .5 abandons after 3 s (short).
# 7001 leaves support, is paused for lunch; 7002 is free.
state, err = replay(os.path.join(SOURCE, "tests", "data", "queue_log-basic.log"))
q = state["queues"]
check((q["sales"]["offered"], q["sales"]["answered"], q["sales"]["abandoned"]) == (2, 1, 0) and
      q["sales"]["today"]["timed_out"] == 1, "sales: offered 2, answered 1, timed out 1, no abandon")
check((q["support"]["offered"], q["support"]["abandoned"]) == (1, 1), "support: one abandon")
check(q["sales"]["today"]["missed_rings"] == 1 and q["sales"]["today"]["ring_sum_s"] == 3,
      "sales: one missed ring (7001), the answered call rung 3 s")
today = state["site"]["today"]
# SL (T 20 s): .1 answered in T; .5 short (out); .7 passed T then flowed out (out by default):
# 1 / 1. Abandon rate (1 - 1 short) / (3 - 1) = 0.
check((today["short_abandoned"], today["answered_in_sl"], today["sl_offered"],
       today["service_level"], today["abandon_rate"]) == (1, 1, 1, 1, 0),
      "SL 1 / 1 (the timeout is not an abandon), abandon rate 0")
check(today["handled"] == 1 and today["avg_talk_s"] == 100 and today["asa_s"] == 10,
      "talk 100 s, ASA 10 s")
a = state["agents"]
check(a["PJSIP/7001"]["state"] == "not_ready" and a["PJSIP/7001"]["reason"] == "Lunch" and
      a["PJSIP/7001"]["queues"] == ["sales"], "7001: paused for lunch, in sales only")
check(a["PJSIP/7001"]["today"]["missed_rings"] == 1 and
      a["PJSIP/7001"]["missed_rings"][0]["ring_s"] == 2, "7001: its missed ring, 2 s")
check(a["PJSIP/7002"]["state"] == "available", "7002: free after the call")
check(state["collector"]["rejected"] == 1 and "queue_log-basic.log:15" in err,
      "the broken line is rejected with its number")
check("13912345678" not in json.dumps(state), "caller numbers are not published")

# Every way out of a queue, calls that move, members as Asterisk names them
# (tests/data/queue_log-outcomes.log; T 20 s, short abandons <= 5 s, flow-outs out of the SL,
# re-queue window 10 s, sales' wrap-up 30 s; all in one 15-minute interval). By hand:
#   c1  sales   waits 30 s (passes T at +30), Ext 7008 missed its ring (15 s), answers at +40
#   c2  sales   times out after 60 s (passed T at +40) and enters support 1 s later: one call,
#               moved (sales: a transfer out; its passing counts for sales as a flow-out and
#               for the site not at all); support answers in 4 s (Ext 7009, a static member)
#   c3  sales   exits by key 5 after 12 s (a flow-out within T)
#   c4  support exits empty after 3 s;  c5 sales full: blocked (not offered)
#   c6  sales   withdrawn after 30 s (passed T at +320: a flow-out after T)
#   c7-c11 support: five callers still waiting (each passed T: the backlog counts)
#   c12 sales   abandons after 3 s (short);  c13 sales answered in 5 s by Ext 7008, sent on by
#               the agent to support (same call id, 2 s later: one call), abandons there after 38 s
# sales:   offered 6, answered 2, abandoned 1 (short), exit_key 1, withdrawn 1, blocked 1,
#          transfers 2 (c2 waiting, c13 after its talk); SL = answered in T (c13) / (c13 + passed
#          c1, c2, c6 - flow-outs after T c2, c6) = 1/2; flow-outs in: 1 / (2 + c3) ... = 1/5
# support: offered 8, answered 1, abandoned 1, exit_empty 1, waiting 5;
#          SL = c2 / (c2 + passed c7-c11, c13) = 1/7
# site:    offered 12 (c2 and c13 once, c5 never), answered 3, abandoned 2;
#          SL = (c2, c13 in T) / (2 + passed c1, c2, c6, c7-c11, c13 = 9 - c2 moved - c6 flow-out)
#          = 2/9
out, err = replay(os.path.join(SOURCE, "tests", "data", "queue_log-outcomes.log"),
                  "--time-zone", "UTC", "--wrapup-seconds", "sales=30")
sales, support, site = (out["queues"]["sales"]["interval"], out["queues"]["support"]["interval"],
                        out["site"]["interval"])


def figures(w, *keys):
    return tuple(w[k] for k in keys)


check(figures(sales, "offered", "answered", "abandoned", "short_abandoned", "timed_out",
              "exited_key", "withdrawn", "blocked", "transfers", "missed_rings") ==
      (6, 2, 1, 1, 0, 1, 1, 1, 2, 1), "sales: each outcome counted once, as worked by hand")
check(sales["service_level"] == 0.5, "sales SL 1/2 (a wait past T counts when it passes T)")
check(figures(support, "offered", "answered", "abandoned", "exited_empty") == (8, 1, 1, 1) and
      out["queues"]["support"]["waiting"] == 5, "support: offered 8, 5 still waiting")
check(abs(support["service_level"] - 1 / 7) < 1e-9, "support SL 1/7: the five waiting count")
check(figures(site, "offered", "answered", "abandoned") == (12, 3, 2) and
      abs(site["service_level"] - 2 / 9) < 1e-9 and out["collector"]["moved"] == 2,
      "site: 12 calls (moves once), SL 2/9")
flow, _ = replay(os.path.join(SOURCE, "tests", "data", "queue_log-outcomes.log"),
                 "--time-zone", "UTC", "--sl-flowouts", "included")
check(flow["queues"]["sales"]["interval"]["service_level"] == 0.2 and
      flow["metrics"]["sl_flowouts"] == "included", "flow-outs included: sales SL 1/5")
a = out["agents"]
# FreePBX logs ADDMEMBER with the interface (log_membername_as_agent = no) and the other lines
# with the member name: one member, "Local/7008@from-queue/n" called "Ext 7008".
check("Ext 7008" not in a and a["Local/7008@from-queue/n"]["name"] == "Ext 7008" and
      a["Local/7008@from-queue/n"]["today"]["handled"] == 2 and
      a["Local/7008@from-queue/n"]["today"]["missed_rings"] == 1,
      "interface and member name are one agent (2 calls, 1 missed ring)")
# 7008's wrap-ups: 30 s after each call (sales' wrapuptime), then free by itself: AHT
# (60 + 45 talk + 30 + 30 wrap) / 2 = 82.5.
check(a["Local/7008@from-queue/n"]["state"] == "available" and
      a["Local/7008@from-queue/n"]["today"]["aht_s"] == 82.5, "wrap-up 30 s ends by itself")
check(a["Ext 7009"]["state"] == "not_ready" and a["Ext 7009"]["reason"] == "Break" and
      a["Ext 7009"]["queues"] == ["support"],
      "a static member learned from its lines; its pause during the call shows after it")
check(a["Local/7010@from-queue/n"]["state"] == "not_ready", "ADDMEMBER PAUSED is paused")
check(a["Agent/3001"]["state"] == "logged_out", "UNPAUSE after a logoff logs nobody in")
# Two identical lines (two callers blocked by a full queue in the same second): two events.
d = tempdir()
twice = os.path.join(d, "twice.log")
with open(twice, "w") as f:
    f.write("1795401600|c9|sales|NONE|FULL|\n" * 2)
out2, _ = replay(twice)
check(out2["queues"]["sales"]["today"]["blocked"] == 2 and out2["collector"]["duplicates"] == 0,
      "two identical lines count twice (their ids hold the line number)")

# --member-map says it outright: the member is called by its name, the interface is that name.
d = tempdir()
mm = os.path.join(d, "members.json")
open(mm, "w").write('{"Local/7008@from-queue/n": "Ext 7008", "Local/7010@from-queue/n": "Ext 7010"}')
mapped, _ = replay(os.path.join(SOURCE, "tests", "data", "queue_log-outcomes.log"),
                   "--time-zone", "UTC", "--wrapup-seconds", "sales=30", "--member-map", mm)
a = mapped["agents"]
check(sorted(a) == ["Agent/3001", "Ext 7008", "Ext 7009", "Ext 7010"] and
      a["Ext 7008"]["today"]["handled"] == 2 and a["Ext 7010"]["state"] == "not_ready",
      "--member-map: each member once, under its name")
open(mm, "w").write('{"Local/7008@from-queue/n": 7008}')
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", mm, "--member-map", mm],
                   capture_output=True, text=True, timeout=30)
check(r.returncode == 2 and "members.json" in r.stderr and "member name" in r.stderr,
      "a broken member map is refused, by name: " + r.stderr.strip()[:120])

# Live: --queue-log follows the file, reads only today's lines on a first start, survives a
# rotation, and a restart with the same journal neither skips nor double-counts.
d = tempdir()
log = os.path.join(d, "queue_log")
now = time.time()
with open(log, "w") as f:
    f.write("%d|old.1|sales|NONE|ENTERQUEUE||100|1\n" % (now - 3 * 86400))  # three days ago
    f.write("%d|c1|sales|NONE|ENTERQUEUE||100|1\n" % (now - 5))
    f.write("%d|c1|sales|NONE|ABANDON|1|1|2\n" % (now - 3))
exe = os.path.join(BIN, "wb-collector")
common = ["--queue-log", log, "--journal", os.path.join(d, "journal"), "--rejects", "",
          "--pull", "ipc://%s/p" % d, "--pub", "ipc://%s/b" % d, "--rep", "ipc://%s/r" % d,
          "--print-state"]
p = subprocess.Popen([exe, "--run-for", "60"] + common, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
journal = os.path.join(d, "journal")


def wait_journaled(n):
    """Until the collector has journaled n events (a loaded machine may take seconds)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and journaled_lines(journal) < n:
        time.sleep(0.05)


wait_journaled(2)  # the first file's two lines of today
os.rename(log, log + ".1")  # logrotate: the old file moves away, a new one starts
with open(log, "w") as f:
    f.write("%d|c2|sales|NONE|ENTERQUEUE||100|1\n" % now)
wait_journaled(3)
p.send_signal(signal.SIGTERM)  # stopped as an operator would: it prints its state
out, err = p.communicate(timeout=30)
first = json.loads(out)["queues"]["sales"]
check((first["offered"], first["abandoned"], first["waiting"]) == (2, 1, 1),
      "today's lines and the rotated file's: offered 2, abandoned 1, waiting 1")
check("was rotated" in err, "the rotation is noticed")
src = json.loads(out)["sources"]["queue_log " + log]
check(src["up"] and src["events"] >= 3 and src["last_event"] is not None,
      "the queue_log source's health is published (up, %d events)" % src["events"])
r = subprocess.run([exe, "--run-for", "1"] + common, capture_output=True, text=True, timeout=30)
again = json.loads(r.stdout)["queues"]["sales"]
check((again["offered"], again["abandoned"]) == (2, 1),
      "restarted on the same journal: nothing counted twice, nothing skipped")
check("resuming after line 1" in r.stderr, "the new file is resumed after its line")

# The real rows: Wazo's documented queue_log table (psql form), turned back into file lines.
rst = os.path.join(SHARED, "queue_log", "wazo-doc", "queue_log.rst")
if not os.path.exists(rst):
    print("skipped: %s is absent" % rst)
    sys.exit(SKIP)
lines = []
for row in open(rst, encoding="utf-8"):
    cells = [c.strip() for c in row.split("|")]
    if len(cells) == 10 and re.match(r"\d{4}-\d\d-\d\d ", cells[0]):
        t = datetime.datetime.strptime(cells[0], "%Y-%m-%d %H:%M:%S.%f")
        epoch = t.replace(tzinfo=datetime.timezone.utc).timestamp()
        lines.append((epoch, "%.6f|%s" % (epoch, "|".join(cells[1:]))))
lines.sort()
d = tempdir()
path = os.path.join(d, "queue_log")
with open(path, "w") as f:
    f.write("\n".join(l for _, l in lines) + "\n")
check(len(lines) == 12, "12 real queue_log rows")
state, err = replay(path)
# By hand: 1341401601.24 enters q1 and is answered by Agent/3001 after 1.9 s (rung 1 s); the
# COMPLETEAGENT and ABANDON rows name calls whose ENTERQUEUE is not in the sample (unmatched);
# JOINEMPTY, FULL and CLOSED keep three callers out of q1 (blocked, not offered). Agent/3001
# logs in and off on the 3rd; the unpauses right after the logoff log nobody in, so its night
# is not idle time. On the 4th it answers (07:33:23.086) and completes (07:37:46.602): busy
# 263.516 s, then free until the 07:45 boundary: idle 433.398 s; occupancy 0.37812.
# Events: login 1, logoff 1, the three unpauses none, three blocked, ENTERQUEUE 1, CONNECT 2,
# COMPLETEAGENT 2, ABANDON 1: 11.
q1 = state["queues"]["q1"]
check((q1["offered"], q1["answered"], q1["abandoned"], q1["waiting"]) == (1, 1, 0, 0),
      "q1: offered 1, answered 1")
check(q1["today"]["blocked"] == 3 and q1["today"]["ring_sum_s"] == 1,
      "q1: three callers blocked (joinempty, full, closed), the answer rung 1 s")
check(state["collector"]["unmatched"] == 2, "two rows name calls the sample never enqueued")
check(state["collector"]["accepted"] == 11 and state["collector"]["rejected"] == 0,
      "11 events from 12 rows, none rejected")
agent = state["agents"]["Agent/3001"]
check(abs(agent["today"]["occupancy"] - 263.516036 / (263.516036 + 433.398246)) < 1e-6,
      "Agent/3001: occupancy 0.378, its night after the logoff (and unpauses) not idle")
print("1 passed, 0 failed")
