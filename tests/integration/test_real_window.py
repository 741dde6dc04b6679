# SPDX-License-Identifier: MIT
"""What the glass shows is what the headless tests see: every page of every shipped layout is
drawn from a snapshot in a real X window (Xvfb, SDL's software renderer as on a machine without
a GPU, and the accelerated renderer where it runs), read back from the X server, and compared
with the headless PNG of the same layout, page and state. A difference beyond anti-aliasing
fails. (The keyword and region lists once drew every name as a white box in a real window
only: blended text converted into the window surface's format, which has no alpha on X11.)"""
import json
import os
import shutil
import subprocess
import sys
import time

from wbtest import BIN, SKIP, SOURCE, check, fail, tempdir

try:
    from PIL import Image, ImageChops, ImageFilter, ImageGrab  # Debian's python3-pil (XCB)
except ImportError:
    print("skipped: python3-pil is not installed")
    sys.exit(SKIP)
if not shutil.which("Xvfb"):
    print("skipped: Xvfb is not installed")
    sys.exit(SKIP)

# Each shipped layout at the screen it is made for, with the state it is meant to show.
BUSY = os.path.join(SOURCE, "tests", "data", "busy-state.json")
ROLLUP = os.path.join(SOURCE, "tests", "data", "rollup-state.json")
LAYOUTS = [
    ("floor-1080p.json", 1920, 1080, BUSY),
    ("wall-4k.json", 3840, 2160, BUSY),
    ("team-1080p.json", 1920, 1080, BUSY),
    ("team-1080p-en.json", 1920, 1080, BUSY),
    ("portrait-team.json", 1080, 1920, BUSY),
    ("small-office.json", 1280, 720, BUSY),
    ("hotspots.json", 1920, 1080, BUSY),
    ("region-1080p.json", 1920, 1080, ROLLUP),
]
# A pixel differs when a channel differs by more than this (anti-aliased edges may round
# differently between surface formats), and a frame may have this share of such pixels.
CHANNEL_TOLERANCE = 24
SHARE_TOLERANCE = 0.001

d = tempdir()
shipped = sorted(f for f in os.listdir(os.path.join(SOURCE, "layouts")) if f.endswith(".json"))
check(shipped == sorted(l[0] for l in LAYOUTS), "every shipped layout is compared: %s" % shipped)


def start_x(w, h):
    """An X server of exactly w x h, on a display number nothing else uses."""
    for n in range(90, 140):
        if os.path.exists("/tmp/.X11-unix/X%d" % n) or os.path.exists("/tmp/.X%d-lock" % n):
            continue
        x = subprocess.Popen(["Xvfb", ":%d" % n, "-screen", "0", "%dx%dx24" % (w, h), "-nolisten",
                              "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.monotonic() + 15
        while time.monotonic() < end and x.poll() is None:
            if os.path.exists("/tmp/.X11-unix/X%d" % n):
                return x, ":%d" % n
            time.sleep(0.05)
        x.kill()
        x.wait()
    fail("no X server could be started")


def headless(layout, w, h, page, state, out):
    r = subprocess.run([os.path.join(BIN, "wallboard"), "--headless", "--size", "%dx%d" % (w, h),
                        "--data-dir", SOURCE, "--layout", os.path.join(SOURCE, "layouts", layout),
                        "--page", str(page), "--state", state, "--screenshot", out],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "%s page %d drawn headless (%s)" % (layout, page, r.stderr[-200:]))
    return Image.open(out).convert("RGB")


def windowed(display, layout, w, h, page, state, renderer):
    """The frame as the X server holds it, once the wallboard has presented it; and the
    renderer the wallboard said it chose."""
    env = dict(os.environ, DISPLAY=display)
    p = subprocess.Popen([os.path.join(BIN, "wallboard"), "--window", "%dx%d" % (w, h),
                          "--data-dir", SOURCE, "--layout",
                          os.path.join(SOURCE, "layouts", layout), "--page", str(page),
                          "--state", state, "--renderer", renderer, "--run-for", "60",
                          "--report"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env)
    try:
        line = p.stdout.readline()  # "frame 1 ...": drawn and presented
        if not line.startswith("frame "):
            p.kill()
            fail("%s page %d: no frame in a window (%s)" % (layout, page,
                                                           p.communicate()[1][-300:]))
        time.sleep(0.3)  # the X server has the pixels once the put is flushed
        shot = ImageGrab.grab(xdisplay=display).convert("RGB").crop((0, 0, w, h))
    finally:
        p.terminate()
        _, err = p.communicate(timeout=30)
    chosen = [l for l in err.splitlines() if "wallboard: renderer" in l]
    return shot, chosen[0] if chosen else "?"


def differing_share(a, b):
    """The share of pixels that differ, not counting lines one pixel wide: GL rasterises the
    map's 1-pixel province outlines a little differently from SDL's software renderer, which is
    anti-aliasing, not a defect (a white box, a missing text, a moved tile is wider)."""
    diff = ImageChops.difference(a, b).convert("L").point(
        lambda v: 255 if v > CHANNEL_TOLERANCE else 0).filter(ImageFilter.MinFilter(3))
    hist = diff.histogram()
    return hist[255] / float(a.size[0] * a.size[1]), diff


def compare(layout, w, h, page, state, display, renderer):
    name = "%s-p%d-%s" % (layout[:-5], page, renderer)
    want = headless(layout, w, h, page, state, os.path.join(d, name + "-headless.png"))
    got, chosen = windowed(display, layout, w, h, page, state, renderer)
    got.save(os.path.join(d, name + "-window.png"))
    share, diff = differing_share(want, got)
    if share > SHARE_TOLERANCE:
        diff.save(os.path.join(d, name + "-diff.png"))
    check(share <= SHARE_TOLERANCE,
          "%s page %d in a real window (%s) equals the headless frame: %.3f %% of pixels "
          "differ (pictures in %s)" % (layout, page, chosen.split(": ")[1] if ": " in chosen
                                       else chosen, 100 * share, d))
    return chosen


servers = {}
try:
    for layout, w, h, state in LAYOUTS:
        with open(os.path.join(SOURCE, "layouts", layout)) as f:
            pages = len(json.load(f)["pages"])
        if (w, h) not in servers:
            servers[(w, h)] = start_x(w, h)
        display = servers[(w, h)][1]
        for page in range(pages):
            # The software renderer (a machine without a GPU), then the accelerated one where
            # this machine has it (Mesa's GL in Xvfb; SDL falls back to software where not).
            for renderer in ("software", "accelerated"):
                compare(layout, w, h, page, state, display, renderer)
finally:
    for x, _ in servers.values():
        x.terminate()
        x.wait()
print("ok")
