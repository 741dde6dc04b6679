# SPDX-License-Identifier: MIT
"""End to end on loopback: a collector and a headless wallboard; events pushed over nng
reach the screen (the wallboard's status lines show them), and a late-joining screen catches
up from a snapshot at once."""
import json
import time

from wbtest import check, collector, push, read_frames, stop_all, tempdir, wallboard

d = tempdir()
c = collector(d, "--snapshot-interval", "60")
time.sleep(0.3)
w = wallboard(d, "--probe-agent", "probe", "--run-for", "20")
f = read_frames(w, lambda f: f.get("link") == "live", 10)
check(f is not None, "the wallboard goes live")
for i in range(1, 4):
    name = "step-%d" % i
    push(d, [json.dumps({"type": "agent.state", "ts": time.time(), "agent": "probe",
                         "state": "available", "name": name})])
    f = read_frames(w, lambda f, n=name: f.get("probe") == n, 5)
    check(f is not None, "event %d reaches the screen" % i)
push(d, [json.dumps({"type": "call.enqueued", "ts": time.time(), "call": "c%d" % i,
                     "queue": "q"}) for i in range(200)])
f = read_frames(w, lambda f: int(f.get("accepted", 0)) >= 203, 10)
check(f is not None, "a burst of 200 events is all counted on screen")
late = wallboard(d, "--probe-agent", "probe", "--run-for", "20")
f = read_frames(late, lambda f: f.get("probe") == "step-3", 5)
check(f is not None, "a screen that joins late has the state at once (snapshot on request)")
stop_all()
print("1 passed, 0 failed")
