# SPDX-License-Identifier: MIT
"""Screens choose their scope on a roll-up: a regional collector gets events from two sites;
a screen scoped to one site shows only that site's agents (under their own ids) and opens its
queues' waiting calls; a screen scoped to both, or unscoped, shows all; a layout naming a site
the collector does not have is warned about with the sites it has."""
import json
import os
import subprocess
import time

from wbtest import BIN, SOURCE, check, collector, push, read_frames, stop_all, tempdir, wallboard

d = tempdir()
collector(d, "--snapshot-interval", "60")
time.sleep(0.3)
now = time.time()
events = []
for site, agents in (("north", 3), ("south", 5)):
    for i in range(agents):
        events.append({"type": "agent.state", "ts": now, "site": site, "agent": str(1001 + i),
                       "name": "%s-%d" % (site, i), "state": "available", "queues": ["billing"]})
for i in range(4):  # calls waiting at south's billing queue only
    events.append({"type": "call.enqueued", "ts": now, "site": "south", "call": "c%d" % i,
                   "queue": "billing"})
push(d, [json.dumps(e) for e in events])


def layout(name, scope):
    with open(os.path.join(SOURCE, "layouts", "floor-1080p.json")) as f:
        lay = json.load(f)
    if scope is not None:
        lay["scope"] = scope
    path = os.path.join(d, name)
    with open(path, "w") as f:
        json.dump(lay, f, ensure_ascii=False)
    return path


def tap(t, x, y):
    return [{"at_ms": t, "type": "finger_down", "finger": 1, "x": x, "y": y},
            {"at_ms": t + 80, "type": "finger_up", "finger": 1, "x": x, "y": y}]


south = layout("south.json", ["south"])
script = os.path.join(d, "tap.jsonl")
with open(script, "w") as f:
    for e in tap(1500, 0.2, 0.575):  # floor-1080p: the queue table's first row (of one)
        f.write(json.dumps(e) + "\n")
w = wallboard(d, "--layout", south, "--probe-agent", "1003", "--run-for", "10",
              "--touch-script", script)
f = read_frames(w, lambda f: f.get("link") == "live" and f.get("agents") == "5", 8)
check(f is not None, "a screen scoped to south shows its 5 agents (%s)" % (f or {}).get("agents"))
check(f["probe"] == "south-2", "south's agent 1003 under its own id: %s" % f["probe"])
f = read_frames(w, lambda f: f.get("overlay", "").startswith("queue:") and
                f.get("calls", "-") != "-", 8)
check(f is not None and f["overlay"] == "queue:billing" and f["calls"] == "4",
      "touching south's billing lists its 4 waiting calls (%s calls=%s)"
      % ((f or {}).get("overlay"), (f or {}).get("calls")))

north = wallboard(d, "--layout", layout("north.json", ["north"]), "--probe-agent", "1003",
                  "--run-for", "5")
f = read_frames(north, lambda f: f.get("link") == "live" and f.get("agents") == "3", 8)
check(f is not None and f["probe"] == "north-2",
      "a screen scoped to north shows its 3 agents, 1003 being north's (%s)" % (f or {}).get("probe"))

for scope, name in ((["north", "south"], "both.json"), (None, "all.json")):
    w = wallboard(d, "--layout", layout(name, scope), "--run-for", "5")
    f = read_frames(w, lambda f: f.get("link") == "live" and f.get("agents") == "8", 8)
    check(f is not None, "scope %s: all 8 agents" % (scope or "(none)"))

r = subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout",
                    layout("typo.json", ["nroth"]), "--collector-rep", "ipc://%s/rep" % d],
                   capture_output=True, text=True, timeout=30)
said = r.stdout + r.stderr
check("scope[0]" in said and "nroth" in said and "north" in said and "south" in said,
      "an unknown site in the scope is warned about with the known ones: %s" % said.strip())
stop_all()
print("1 passed, 0 failed")
