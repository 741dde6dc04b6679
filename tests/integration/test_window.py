# SPDX-License-Identifier: MIT
"""A real window under Xvfb: the wallboard opens it, picks the software renderer on a machine
without a GPU (and says so), draws live data, and sleeps between frames."""
import os
import shutil
import subprocess
import sys
import time

from wbtest import BIN, SKIP, SOURCE, addresses, check, collector, stop_all, tempdir

if not shutil.which("xvfb-run"):
    print("skipped: xvfb-run is not installed")
    sys.exit(SKIP)
d = tempdir()
a = addresses(d)
c = collector(d, "--simulate", "--agents", "40", "--warmup", "300")
time.sleep(0.3)
cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", os.path.join(BIN, "wallboard"),
       "--window", "1280x720", "--collector-pub", a["pub"], "--collector-rep", a["rep"],
       "--data-dir", SOURCE, "--run-for", "5", "--report"]
r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
check(r.returncode == 0, "the wallboard ran in a window and exited cleanly (%s)" % r.stderr[-300:])
check("wallboard: renderer" in r.stderr, "it says which renderer it chose: " +
      [l for l in r.stderr.splitlines() if "renderer" in l][0])
frames = [l for l in r.stdout.splitlines() if l.startswith("frame ")]
live = [l for l in frames if "link=live" in l]
check(len(live) > 0, "it drew live data (%d frames)" % len(live))
# A changing simulation gives a frame per batch of events and per second, not a busy loop:
# far fewer than 60 frames a second.
check(len(frames) < 5 * 60, "no busy loop: %d frames in 5 s" % len(frames))

# Fullscreen, as on a floor: the screen saver is inhibited, and touch turns pages in a real
# window as it does headless.
swipe = os.path.join(d, "swipe.jsonl")
with open(swipe, "w") as f:
    for i, x in enumerate([0.8, 0.6, 0.4, 0.25]):
        kind = "finger_down" if i == 0 else ("finger_up" if i == 3 else "finger_motion")
        f.write('{"at_ms": %d, "type": "%s", "finger": 1, "x": %.2f, "y": 0.5}\n'
                % (1000 + 60 * i, kind, x))
cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", os.path.join(BIN, "wallboard"),
       "--collector-pub", a["pub"], "--collector-rep", a["rep"], "--data-dir", SOURCE,
       "--run-for", "3", "--report", "--touch-script", swipe]
r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
check(r.returncode == 0, "fullscreen run exited cleanly (%s)" % r.stderr[-300:])
check("screen saver inhibited" in r.stderr, "it keeps the screen from blanking: " +
      [l for l in r.stderr.splitlines() if "screen saver" in l][0])
pages = [l.split("page=")[1].split()[0] for l in r.stdout.splitlines() if "page=" in l]
check(pages and pages[0] == "0" and pages[-1] == "1", "a swipe turned the page (%s)" % pages[-3:])
stop_all()
print("ok")
