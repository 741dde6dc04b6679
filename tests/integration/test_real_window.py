# SPDX-License-Identifier: MIT
"""What the glass shows is what the headless tests see: every page of every shipped layout is
drawn from a snapshot in a real X window (Xvfb, SDL's software renderer as on a machine without
a GPU, and the accelerated renderer where it runs), read back from the X server, and compared
with the headless PNG of the same layout, page and state. A difference beyond anti-aliasing
fails. (The keyword and region lists once drew every name as a white box in a real window
only: blended text converted into the window surface's format, which has no alpha on X11.)
The floor board's window is also read back with OCR (tesseract, Simplified Chinese), as a
supervisor reads it: the queue, keyword and region names of the state must be legible text, not
boxes; where tesseract is not installed, that part says it is skipped."""
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


def ocr_names(image_path, state_path):
    """The names a floor board's first page lists (queues, the top keywords and caller
    regions, as the state has them) that OCR reads on the window picture, and those it does
    not. Region codes are named as the screen names them (data/regions/region-names.csv)."""
    with open(state_path) as f:
        st = json.load(f)
    zh = {}
    with open(os.path.join(SOURCE, "data", "regions", "region-names.csv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) >= 2:
                zh[parts[0]] = parts[1]
    keywords = [k["word"] for k in sorted(st["keywords"], key=lambda k: -k["count"])[:8]]
    regions = [zh.get(r["region"], r["region"])
               for r in sorted(st["regions"], key=lambda r: -r["count"])[:8]]
    names = {"queues": sorted(st["queues"]), "keywords": keywords, "regions": regions}
    # Sparse text (--psm 11): a wallboard is tiles of words, not a page of prose.
    r = subprocess.run(["tesseract", image_path, "-", "-l", "chi_sim+eng", "--psm", "11"],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, "tesseract read the window picture (%s)" % r.stderr[-200:])
    read = r.stdout.replace(" ", "")
    return {k: ([n for n in v if n.replace(" ", "") in read],
                [n for n in v if n.replace(" ", "") not in read]) for k, v in names.items()}


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
    # Read as a supervisor reads it. OCR misses a word now and then on a coloured bar, so most
    # of each list is asked for; names drawn as boxes are read as none.
    has_chi = False
    if shutil.which("tesseract"):
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
        has_chi = "chi_sim" in langs.stdout.split()
    if not has_chi:
        print("skipped: OCR of the window (tesseract with chi_sim is not installed)")
    else:
        picture = os.path.join(d, "floor-1080p-p0-software-window.png")
        for what, (read, unread) in ocr_names(picture, BUSY).items():
            check(len(read) >= (len(read) + len(unread)) * 3 // 4,
                  "floor-1080p in a real window: OCR reads the %s names (%d of %d; not read: %s)"
                  % (what, len(read), len(read) + len(unread), ", ".join(unread) or "none"))
finally:
    for x, _ in servers.values():
        x.terminate()
        x.wait()
print("ok")
