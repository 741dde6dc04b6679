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


def replay(path):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--format",
                        "queue_log", "--print-state", "--rejects", ""],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout), r.stderr


# sales: .1 waits 10 s and is answered by 7002 (talk 100 s); .7 times out after 50 s (an abandon).
# support: .5 abandons after 3 s (short). 7001 leaves support, is paused for lunch; 7002 is free.
state, err = replay(os.path.join(SOURCE, "tests", "data", "queue_log-basic.log"))
q = state["queues"]
check((q["sales"]["offered"], q["sales"]["answered"], q["sales"]["abandoned"]) == (2, 1, 1),
      "sales: offered 2, answered 1, abandoned 1 (a timeout)")
check((q["support"]["offered"], q["support"]["abandoned"]) == (1, 1), "support: one abandon")
today = state["site"]["today"]
check((today["short_abandoned"], today["answered_in_sl"], today["service_level"]) == (1, 1, 0.5),
      "SL 1 / (1 + 2 - 1 short) = 0.5")
check(today["handled"] == 1 and today["avg_talk_s"] == 100 and today["asa_s"] == 10,
      "talk 100 s, ASA 10 s")
a = state["agents"]
check(a["PJSIP/7001"]["state"] == "not_ready" and a["PJSIP/7001"]["reason"] == "Lunch" and
      a["PJSIP/7001"]["queues"] == ["sales"], "7001: paused for lunch, in sales only")
check(a["PJSIP/7002"]["state"] == "available", "7002: free after the call")
check(state["collector"]["rejected"] == 1 and "queue_log-basic.log:15" in err,
      "the broken line is rejected with its number")
check("13912345678" not in json.dumps(state), "caller numbers are not published")

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
# By hand: 1341401601.24 enters q1 and is answered by Agent/3001 after 1.9 s; the COMPLETEAGENT
# and ABANDON rows name calls whose ENTERQUEUE is not in the sample (unmatched); JOINEMPTY,
# FULL and CLOSED carry no call into the queue; Agent/3001 logs in, off, is unpaused, ends free.
q1 = state["queues"]["q1"]
check((q1["offered"], q1["answered"], q1["abandoned"], q1["waiting"]) == (1, 1, 0, 0),
      "q1: offered 1, answered 1")
check(state["collector"]["unmatched"] == 2, "two rows name calls the sample never enqueued")
check(state["collector"]["accepted"] == 11 and state["collector"]["rejected"] == 0,
      "11 events from 12 rows, none rejected")
check(state["agents"]["Agent/3001"]["state"] == "available", "Agent/3001 ends available")
print("1 passed, 0 failed")
