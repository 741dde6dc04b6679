# SPDX-License-Identifier: MIT
"""A collector that dies: the screen says so (stale) within seconds, keeps trying, and shows
live data again once a new collector is up, without being restarted itself."""
import json
import time

from wbtest import check, collector, push, read_frames, stop_all, tempdir, wallboard

d = tempdir()
c = collector(d)
time.sleep(0.3)
w = wallboard(d, "--probe-agent", "probe", "--run-for", "40")
check(read_frames(w, lambda f: f.get("link") == "live", 10) is not None, "live at first")
c.kill()
c.wait()
killed = time.monotonic()
f = read_frames(w, lambda f: f.get("link") == "stale", 10)
check(f is not None, "stale once the collector is gone")
check(time.monotonic() - killed < 6, "said within seconds (%.1f s)" % (time.monotonic() - killed))
c2 = collector(d)
time.sleep(0.3)
push(d, [json.dumps({"type": "agent.state", "ts": time.time(), "agent": "probe",
                     "state": "available", "name": "after-restart"})])
f = read_frames(w, lambda f: f.get("link") == "live" and f.get("probe") == "after-restart", 15)
check(f is not None, "live again with the new collector's data")
stop_all()
print("1 passed, 0 failed")
