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
stop_all()
print("1 passed, 0 failed")
