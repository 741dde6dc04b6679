# SPDX-License-Identifier: MIT
"""The README's first command shows a normal day: scripts/demo's simulation is a floor busy but
mostly in control (service level near its 80 % target, few abandons, a few agents free), with a
queue in trouble now and then, so a newcomer sees what normal and trouble look like. Checked on
the simulator's own figures for the demo's settings, over two seeds."""
import json
import os
import re
import subprocess

from wbtest import BIN, SOURCE, check, tempdir

with open(os.path.join(SOURCE, "scripts", "demo")) as f:
    demo = f.read()
flags = re.search(r"wb-collector --simulate([^&]*)&", demo, re.S)
check(flags is not None, "scripts/demo starts the simulator")
args = [a for a in flags.group(1).replace("\\\n", " ").split() if a]
sizing = []
for name in ("--agents", "--queues", "--calls-per-minute"):
    if name in args:
        sizing += [name, args[args.index(name) + 1]]
check("--calls-per-minute" in sizing, "the demo sets its call rate: %s" % " ".join(sizing))

troubled = 0
for seed in ("3", "5"):
    d = tempdir()
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--simulate", "--seed", seed] + sizing +
                       ["--warmup", "5400", "--run-for", "0.2", "--print-state", "--rejects", "",
                        "--pull", "ipc://%s/p" % d, "--pub", "ipc://%s/b" % d,
                        "--rep", "ipc://%s/r" % d],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "seed %s: the simulation ran%s" % (seed, "" if r.returncode == 0 else
                                                                " (" + r.stderr[-200:] + ")"))
    state = json.loads(r.stdout)

    def rates(scope):
        """SL (abandons against, short ones left out: the collector's default) and abandon rate
        over the whole simulated stretch: today and yesterday added, as the stretch may cross
        midnight."""
        w = [scope["today"], scope["yesterday"]]
        answered, in_sl = sum(x["answered"] for x in w), sum(x["answered_in_sl"] for x in w)
        abandoned = sum(x["abandoned"] - x["short_abandoned"] for x in w)
        offered = sum(x["offered"] - x["short_abandoned"] for x in w)
        sl = in_sl / (answered + abandoned) if answered + abandoned else None
        return sl, (abandoned / offered if offered else None)

    site = state["site"]
    sl, abandons = rates(site)
    free = site["agents"]["available"]
    check(0.7 <= sl <= 0.95, "seed %s: service level %.0f %% is near its 80 %% target"
          % (seed, 100 * sl))
    check(abandons <= 0.10, "seed %s: abandons %.1f %% stay under 10 %%" % (seed, 100 * abandons))
    check(free >= 2, "seed %s: %d agents free" % (seed, free))
    queues = [rates(q)[0] for q in state["queues"].values()]
    troubled += sum(1 for q in queues if q is not None and q < 0.75)
check(troubled >= 1, "a queue in trouble now and then: %d queue-days under 75 %% SL" % troubled)
print("ok")
