# SPDX-License-Identifier: MIT
"""The systemd units made from packaging/systemd/*.service.in (in the build's
packaging/systemd/) pass `systemd-analyze verify` with no warning (programs pointed at this
build, since the units name the installed paths)."""
import glob
import re
import os
import shutil
import subprocess
import sys

from wbtest import BIN, SKIP, check, tempdir

if not shutil.which("systemd-analyze"):
    print("skipped: systemd-analyze is not installed")
    sys.exit(SKIP)
d = tempdir()
units = sorted(glob.glob(os.path.join(BIN, "..", "packaging", "systemd", "*.service")))
check(len(units) >= 4, "%d units shipped" % len(units))
for unit in units:
    with open(unit) as f:
        text = f.read()
    # cage may not be installed here; any executable stands in for it.
    text = re.sub(r"(ExecStart=(?:/usr/bin/cage -d -- )?)\S*/(wallboard|wb-collector) ",
                  lambda m: m.group(1) + os.path.abspath(BIN) + "/" + m.group(2) + " ", text)
    text = text.replace(
        "/usr/bin/cage", "/bin/true")
    path = os.path.join(d, os.path.basename(unit))
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True,
                       text=True, timeout=60)
    said = (r.stdout + r.stderr).strip()
    check(r.returncode == 0 and not said,
          "%s verifies cleanly%s" % (os.path.basename(unit), (": " + said) if said else ""))
print("ok")
