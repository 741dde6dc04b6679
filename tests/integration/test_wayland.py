# SPDX-License-Identifier: MIT
"""Under Wayland: the wallboard runs fullscreen in the cage kiosk compositor (wlroots' headless
backend, so no screen or GPU is needed), draws live data and keeps the screen from blanking.
cage will not run as root, so the test runs it as nobody."""
import os
import shutil
import subprocess
import sys
import time

from wbtest import BIN, SKIP, SOURCE, check, collector, free_ports, stop_all, tempdir

if not shutil.which("cage") or not shutil.which("runuser"):
    print("skipped: cage (or runuser) is not installed")
    sys.exit(SKIP)
if os.geteuid() == 0:
    can = subprocess.run(["runuser", "-u", "nobody", "--", "test", "-x",
                          os.path.join(BIN, "wallboard"), "-a", "-r",
                          os.path.join(SOURCE, "fonts", "NotoSansSC-Regular.otf")])
    if can.returncode != 0:
        print("skipped: user nobody cannot reach the build or the fonts from here")
        sys.exit(SKIP)
d = tempdir()
os.chmod(d, 0o755)
runtime = os.path.join(d, "xdg")
os.mkdir(runtime, 0o700)
if os.geteuid() == 0:
    shutil.chown(runtime, "nobody")


# TCP on loopback: the board (as nobody) may not open a root-owned ipc socket.
pub, rep = ("tcp://127.0.0.1:%d" % port for port in free_ports(2))
collector(d, "--simulate", "--agents", "40", "--warmup", "300", "--pub", pub, "--rep", rep)
time.sleep(0.3)
env = dict(os.environ, XDG_RUNTIME_DIR=runtime, WLR_BACKENDS="headless",
           WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman")
board = [os.path.join(BIN, "wallboard"), "--collector-pub", pub, "--collector-rep", rep,
         "--data-dir", SOURCE, "--run-for", "4", "--report"]
cmd = ["cage", "--", "env", "SDL_VIDEODRIVER=wayland"] + board
if os.geteuid() == 0:
    cmd = ["runuser", "-u", "nobody", "--", "env", "XDG_RUNTIME_DIR=" + runtime,
           "WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman"] + cmd
r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
check(r.returncode == 0, "the board ran in cage and exited cleanly (%s)" % r.stderr[-400:])
check("video driver wayland; screen saver inhibited" in r.stderr,
      "it ran on Wayland and inhibited the screen saver")
live = [l for l in r.stdout.splitlines() if l.startswith("frame ") and "link=live" in l]
check(len(live) > 0, "it drew live data (%d frames)" % len(live))
stop_all()
print("ok")
