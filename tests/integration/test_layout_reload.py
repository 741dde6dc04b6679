# SPDX-License-Identifier: MIT
"""Editing the layout file of a running wallboard: a good edit is on screen within about a
second; a broken edit keeps the last good layout and shows why in a corner; fixing it clears
that. The last frame (with the error showing) is saved for a person to look at."""
import json
import os
import shutil
import time

from wbtest import SOURCE, check, collector, read_frames, stop_all, tempdir, wallboard

d = tempdir()
layout = os.path.join(d, "floor.json")
shutil.copy(os.path.join(SOURCE, "layouts", "floor-1080p.json"), layout)
with open(layout) as f:
    original = json.load(f)
check(len(original["pages"]) == 2, "the shipped floor layout has two pages")

c = collector(d, "--simulate", "--agents", "30", "--warmup", "120")
time.sleep(0.3)
shot = os.path.join(d, "layout-error.png")
w = wallboard(d, "--layout", layout, "--run-for", "12", "--screenshot", shot)
f = read_frames(w, lambda x: x.get("link") == "live", 5)
check(f is not None and f["pages"] == "2" and f["layout_error"] == "no",
      "the wallboard is live on the two-page layout")


def write(text):
    tmp = layout + ".tmp"
    with open(tmp, "w") as out:
        out.write(text)
    os.replace(tmp, layout)  # as editors save: never a half-written file
    return time.monotonic()


one_page = dict(original, pages=original["pages"][:1])
t0 = write(json.dumps(one_page, ensure_ascii=False))
f = read_frames(w, lambda x: x.get("pages") == "1", 3)
check(f is not None and f["layout_error"] == "no",
      "a good edit (one page) is on screen after %.2f s" % (time.monotonic() - t0))

broken = json.dumps(one_page, ensure_ascii=False).replace('"type": "kpi"', '"type": "kpii"', 1)
t0 = write(broken)
f = read_frames(w, lambda x: x.get("layout_error") == "yes", 3)
check(f is not None and f["pages"] == "1",
      "a broken edit keeps the last good layout and flags the error after %.2f s"
      % (time.monotonic() - t0))

write(json.dumps(original, ensure_ascii=False))
f = read_frames(w, lambda x: x.get("pages") == "2", 3)
check(f is not None and f["layout_error"] == "no", "fixing the file clears the error")

write(broken)
f = read_frames(w, lambda x: x.get("layout_error") == "yes", 3)
check(f is not None, "broken again, for the screenshot")
out, err = w.communicate(timeout=20)
check(w.returncode == 0, "the wallboard ran to the end")
check("layout edit not applied" in err and 'unknown widget type \\"kpii\\"' in err.replace('"', '\\"'),
      "stderr names the problem: " + [l for l in err.splitlines() if "not applied" in l][0])
check(os.path.getsize(shot) > 10000, "screenshot written: " + shot)
keep = os.environ.get("WB_KEEP_SCREENSHOT")
if keep:
    shutil.copy(shot, keep)

# Broken from the start: the screen shows the default layout and says on the glass why (the
# file and the first error), not only on stderr; fixing the file puts it on screen.
write(broken)
w = wallboard(d, "--layout", layout, "--run-for", "8")
f = read_frames(w, lambda x: x.get("link") == "live", 5)
check(f is not None and f["layout_error"] == "yes" and f["pages"] == "2",
      "a layout broken at start: the default (two-page) layout, with the error on screen")
write(json.dumps(one_page, ensure_ascii=False))
f = read_frames(w, lambda x: x.get("pages") == "1", 3)
check(f is not None and f["layout_error"] == "no", "fixed, the file's own layout is on screen")
w.communicate(timeout=20)
stop_all()
print("ok")
