# SPDX-License-Identifier: MIT
"""Touch on a headless wallboard: scripted finger and mouse events (--touch-script) go through
the same SDL event path as a touch screen's. Checks the page, the drill-down and the pause
each gesture leads to, that an untouched drill-down closes by itself, and that a bad script
is refused with its line."""
import json
import os
import subprocess

from wbtest import BIN, SOURCE, check, collector, read_frames, stop_all, tempdir, wallboard

d = tempdir()
STATE = os.path.join(SOURCE, "tests", "data", "busy-state.json")
with open(STATE) as f:
    state = json.load(f)


def script(events, name):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        for e in events:
            f.write(json.dumps(e) + "\n")
    return path


def tap(t, x, y, finger=1):
    return [{"at_ms": t, "type": "finger_down", "finger": finger, "x": x, "y": y},
            {"at_ms": t + 80, "type": "finger_up", "finger": finger, "x": x, "y": y}]


def click(t, x, y, button="left"):
    return [{"at_ms": t, "type": "mouse_down", "button": button, "x": x, "y": y},
            {"at_ms": t + 80, "type": "mouse_up", "button": button, "x": x, "y": y}]


def swipe(t, x0, x1, y, kind="finger"):
    steps = [{"at_ms": t, "type": kind + "_down", "x": x0, "y": y}]
    for i in range(1, 5):
        steps.append({"at_ms": t + 40 * i, "type": kind + "_motion",
                      "x": x0 + (x1 - x0) * i / 4, "y": y})
    steps.append({"at_ms": t + 200, "type": kind + "_up", "x": x1, "y": y})
    return steps


def run(script_path, seconds, layout="floor-1080p.json", extra=()):
    r = subprocess.run([os.path.join(BIN, "wallboard"), "--headless", "--size", "1920x1080",
                        "--layout", layout if os.path.isabs(layout) else
                        os.path.join(SOURCE, "layouts", layout),
                        "--state", STATE, "--data-dir", SOURCE, "--report",
                        "--run-for", str(seconds), "--touch-script", script_path] + list(extra),
                       capture_output=True, text=True, timeout=60)
    frames = []
    for line in r.stdout.splitlines():
        f = dict(kv.split("=", 1) for kv in line.split()[2:] if "=" in kv)
        f["t_ns"] = int(f["t_ns"])
        frames.append(f)
    return r, frames


def states(frames):
    """The distinct (page, paused, overlay) the screen went through, in order."""
    out = []
    for f in frames:
        s = (f["page"], f["paused"], f["overlay"].split(":")[0])
        if not out or out[-1] != s:
            out.append(s)
    return out


# floor-1080p: the queue table fills the lower left; its rows are queues. Inside a queue's
# drill-down, agents are listed right of the waiting calls, from 0.35 of the height down.
QUEUE_ROW = (0.2, 0.62)
AGENT_ROW = (0.55, 0.39)
events = (tap(200, *QUEUE_ROW)                                    # open the queue
          + click(700, *AGENT_ROW)                                # an agent in it, by mouse
          + tap(1200, 0.02, 0.5)                                  # outside: closed
          + swipe(1700, 0.8, 0.3, 0.5)                            # next page
          + swipe(2400, 0.3, 0.8, 0.5, kind="mouse")              # back, dragging the mouse
          + [{"at_ms": 3000, "type": "finger_down", "finger": 1, "x": 0.4, "y": 0.5},
             {"at_ms": 3030, "type": "finger_down", "finger": 2, "x": 0.6, "y": 0.5},
             {"at_ms": 3120, "type": "finger_up", "finger": 2, "x": 0.6, "y": 0.5},
             {"at_ms": 3150, "type": "finger_up", "finger": 1, "x": 0.4, "y": 0.5}]  # pause
          + click(3600, 0.5, 0.5, button="right")                 # resume
          + [{"at_ms": 4100, "type": "finger_down", "finger": 4, "x": QUEUE_ROW[0],
              "y": QUEUE_ROW[1]},
             {"at_ms": 5200, "type": "finger_up", "finger": 4, "x": QUEUE_ROW[0],
              "y": QUEUE_ROW[1]}]                                 # a long press: no drill-down
          + [{"at_ms": 5600 + 10 * i, "type": "finger_down", "finger": 10 + i, "x": 0.2 + 0.1 * i,
              "y": QUEUE_ROW[1]} for i in range(3)]
          + [{"at_ms": 5700 + 10 * i, "type": "finger_up", "finger": 10 + i, "x": 0.2 + 0.1 * i,
              "y": QUEUE_ROW[1]} for i in range(3)])              # a palm: nothing
r, frames = run(script(events, "walk.jsonl"), 6.5, extra=["--screenshot",
                                                          os.path.join(d, "end.png")])
check(r.returncode == 0, "the scripted run ends cleanly (%s)" % r.stderr.strip()[-300:])
seen = states(frames)
expected = [("0", "no", "none"), ("0", "no", "queue"), ("0", "no", "agent"),
            ("0", "no", "none"), ("1", "no", "none"), ("0", "no", "none"),
            ("0", "yes", "none"), ("0", "no", "none")]
check(seen == expected, "gestures lead through page, drill-downs and pause as expected:\n  %s"
      % seen)
opened = [f["overlay"] for f in frames if f["overlay"] != "none"]
queue = opened[0].split(":", 1)[1]
agent = opened[-1].split(":", 1)[1]
check(queue in state["queues"], "the drill-down is of a real queue (%s)" % queue)
check(agent in state["agents"] and queue in state["agents"][agent]["queues"],
      "the agent tapped in it serves that queue (%s)" % agent)

# An untouched drill-down closes by itself (here after 3 s).
with open(os.path.join(SOURCE, "layouts", "floor-1080p.json")) as f:
    layout = json.load(f)
layout["touch"] = {"overlay_timeout_s": 3}
quick = os.path.join(d, "quick.json")
with open(quick, "w") as f:
    json.dump(layout, f, ensure_ascii=False)
r, frames = run(script(tap(200, *QUEUE_ROW), "one-tap.jsonl"), 4.5, layout=quick)
opened = next((f for f in frames if f["overlay"].startswith("queue:")), None)
closed = next((f for f in frames if opened and f["t_ns"] > opened["t_ns"] and
               f["overlay"] == "none"), None)
check(opened is not None and closed is not None, "the drill-down opened, then closed by itself")
waited = (closed["t_ns"] - opened["t_ns"]) / 1e9
check(2.8 <= waited <= 3.6, "it closed %.2f s after opening (timeout 3 s)" % waited)

# From a snapshot file there is no collector to ask for an agent's day: said, not hidden.
r, frames = run(script(tap(200, *QUEUE_ROW) + click(700, *AGENT_ROW), "agent.jsonl"), 1.5)
last = frames[-1]
check(last["overlay"].startswith("agent:") and last["history"] == "-",
      "without a collector the agent's day is not shown (%s history=%s)"
      % (last["overlay"], last["history"]))

# Live: the agent's day comes from the collector's command socket when the drill-down opens,
# and a queue's waiting calls when that drill-down opens (an overloaded floor: calls wait).
live = tempdir()
collector(live, "--simulate", "--agents", "40", "--warmup", "600", "--calls-per-minute", "60")
wb = wallboard(live, "--run-for", "9", "--touch-script",
               script(tap(2500, *QUEUE_ROW) + click(3000, *AGENT_ROW), "live.jsonl"))
f = read_frames(wb, lambda f: f.get("overlay", "").startswith("queue:") and
                f.get("calls", "-") != "-", 15)
check(f is not None and int(f["calls"]) >= 1,
      "the queue's drill-down lists its waiting calls (%s)" % (f or {}).get("calls"))
f = read_frames(wb, lambda f: f.get("overlay", "").startswith("agent:") and
                f.get("history", "-") != "-", 15)
check(f is not None, "the agent's drill-down shows their day from the collector")
check(int(f["history"]) >= 1, "%s: %s state changes today" % (f["overlay"], f["history"]))
stop_all()

# A keyword in the cloud: touching it makes the map follow it; touching it again lets go.
# (The most said word is placed first, at the cloud's centre.)
WORD = (0.295, 0.55)
r, frames = run(script(tap(300, *WORD) + tap(1300, *WORD), "word.jsonl"), 2.2,
                layout="hotspots.json", extra=["--screenshot", os.path.join(d, "word.png")])
words = [f["keyword"] for f in frames]
check("停电" in words and words[-1] == "-",
      "touching 停电 in the cloud made the map follow it, touching again let go (%s)"
      % sorted(set(words)))

# A script with a mistake is refused, naming the line.
bad = os.path.join(d, "bad.jsonl")
with open(bad, "w") as f:
    f.write(json.dumps(tap(0, 0.5, 0.5)[0]) + "\n" + '{"at_ms": 10, "type": "finger_up"}\n')
r, _ = run(bad, 1)
check(r.returncode != 0 and bad + ":2: x, y" in r.stderr,
      "a bad script is refused with file:line (%s)" % r.stderr.strip())
print("ok")
