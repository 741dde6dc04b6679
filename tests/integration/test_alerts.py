# SPDX-License-Identifier: MIT
"""Alerts end to end: the collector raises an alert from its rules; every screen shows it and
a rotating screen turns to the page with its queue; a long press with a wrong token is refused
(and the screen says so), with the site's token it is acknowledged, and then every screen
shows who acknowledged it. A broken rules file stops the collector with the JSON path."""
import json
import os
import subprocess

from wbtest import BIN, check, collector, read_frames, stop_all, tempdir, wallboard

d = tempdir()
rules = os.path.join(d, "alerts.json")
with open(rules, "w") as f:
    json.dump({"version": 1, "rules": [
        {"id": "deep", "title": "排队过多", "metric": "waiting", "above": 0, "clear": 0,
         "queues": ["故障报修", "电费查询", "业务办理", "投诉建议", "VIP专线", "English Line"]}]},
        f, ensure_ascii=False)
token = os.path.join(d, "token")
with open(token, "w") as f:
    f.write("site-token-0123456789\n")
wrong = os.path.join(d, "wrong")
with open(wrong, "w") as f:
    f.write("not-the-token-0123456789\n")
# A token file anyone may change is refused by both programs, by name (640 for the service's
# group, as the package installs it, and 600 are fine).
os.chmod(token, 0o666)
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--simulate", "--run-for", "1",
                    "--command-token-file", token, "--rejects", ""],
                   capture_output=True, text=True, timeout=30)
check(r.returncode != 0 and "token" in r.stderr and "mode 666" in r.stderr,
      "the collector refuses a world-writable token file: " + r.stderr.strip()[-120:])
r = subprocess.run([os.path.join(BIN, "wallboard"), "--headless", "--size", "640x360",
                    "--run-for", "1", "--command-token-file", token],
                   capture_output=True, text=True, timeout=30)
check(r.returncode != 0 and "mode 666" in r.stderr,
      "and so does the wallboard: " + r.stderr.strip()[-120:])
os.chmod(token, 0o640)
os.chmod(wrong, 0o600)
press = os.path.join(d, "press.jsonl")
with open(press, "w") as f:  # a long press on the band across the top
    f.write(json.dumps({"at_ms": 2500, "type": "finger_down", "finger": 1, "x": 0.5, "y": 0.03})
            + "\n")
    f.write(json.dumps({"at_ms": 3500, "type": "finger_up", "finger": 1, "x": 0.5, "y": 0.03})
            + "\n")

# An overloaded floor (60 calls a minute for 40 agents): calls wait, the alert is raised.
collector(d, "--simulate", "--agents", "40", "--calls-per-minute", "60", "--warmup", "600",
          "--alerts", rules, "--command-token-file", token)

# A screen on its agents page, with the wrong token.
a = wallboard(d, "--page", "1", "--run-for", "20", "--touch-script", press,
              "--command-token-file", wrong, "--screen-name", "Floor A")
f = read_frames(a, lambda f: f.get("alerts", "0") != "0", 15)
check(f is not None, "the alert reaches the screen (%s alerts)" % (f or {}).get("alerts"))
f = read_frames(a, lambda f: f.get("page") == "0", 5)
check(f is not None, "the rotating screen turned to the page with the queue table")
f = read_frames(a, lambda f: f.get("ack") == "refused", 10)
check(f is not None and f["acked"] == "0", "a wrong token is refused and nothing is acknowledged")

# Another screen with the site's token.
b = wallboard(d, "--run-for", "20", "--touch-script", press, "--command-token-file", token,
              "--screen-name", "Floor B")
f = read_frames(b, lambda f: f.get("ack") == "done" and f.get("acked") == "1", 15)
check(f is not None, "with the site token the long press acknowledges the alert")

# A third screen, started afterwards, shows it acknowledged too.
c = wallboard(d, "--run-for", "10")
f = read_frames(c, lambda f: f.get("acked") == "1", 10)
check(f is not None, "every screen of the site shows the acknowledgement")
stop_all()

# A broken rules file: the collector does not start, and says where.
with open(rules, "w") as f:
    f.write('{"version": 1, "rules": [{"id": "x", "metric": "waiting", "above": 1, "clear": 3}]}')
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--alerts", rules, "--run-for", "1"],
                   capture_output=True, text=True, timeout=30)
check(r.returncode != 0 and "rules[0].clear" in r.stderr,
      "a broken rules file is refused with its JSON path: " + r.stderr.strip())
print("ok")
