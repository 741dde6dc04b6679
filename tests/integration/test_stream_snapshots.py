# SPDX-License-Identifier: MIT
"""The stream's periodic snapshot (docs/snapshot.md): it follows the delta it would have carried
and has that delta's seq, so a screen in step drops it unread (counted as in_step on the
wallboard's status line) and still shows every change; a screen that joins meanwhile starts
from it or from its request, and both screens end on the same state."""
import json
import time

from wbtest import check, collector, push, read_frames, stop_all, tempdir, wallboard

d = tempdir()
c = collector(d, "--snapshot-interval", "0.5")
time.sleep(0.3)
w = wallboard(d, "--probe-agent", "probe", "--run-for", "30")
check(read_frames(w, lambda f: f.get("link") == "live", 10) is not None, "the wallboard goes live")
push(d, [json.dumps({"type": "agent.state", "ts": time.time(), "agent": "a%d" % i,
                     "state": "available"}) for i in range(50)])
for i in range(1, 9):
    name = "step-%d" % i
    push(d, [json.dumps({"type": "agent.state", "ts": time.time(), "agent": "probe",
                         "state": "available", "name": name})])
    f = read_frames(w, lambda f, n=name: f.get("probe") == n, 5)
    check(f is not None, "change %d reaches the screen in step" % i)
    time.sleep(0.4)
# Eight changes over about 3.5 s at a snapshot every 0.5 s: several snapshots came, each of a
# state the screen had; none of them was applied as news (in_step counts them).
f = read_frames(w, lambda f: int(f.get("in_step", 0)) >= 3, 5)
check(f is not None, "snapshots of a state the screen holds are dropped unread (in_step >= 3)")
check(f is not None and f.get("agents") == "51", "the screen in step has all 51 agents: %s"
      % (f and f.get("agents")))
late = wallboard(d, "--probe-agent", "probe", "--run-for", "20")
f = read_frames(late, lambda f: f.get("probe") == "step-8" and f.get("agents") == "51", 5)
check(f is not None, "a screen that joins has the whole state")
push(d, [json.dumps({"type": "agent.state", "ts": time.time(), "agent": "probe",
                     "state": "on_call", "name": "last"})])
for screen, label in ((w, "in step"), (late, "late")):
    f = read_frames(screen, lambda f: f.get("probe") == "last", 5)
    check(f is not None, "the last change reaches the %s screen" % label)
stop_all()
print("1 passed, 0 failed")
