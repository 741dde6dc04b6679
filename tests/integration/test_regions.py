# SPDX-License-Identifier: MIT
"""Caller regions end to end (wb-collector --replay): numbers resolve to provinces and
countries, a region given in the event wins, a withheld number counts as unknown (never
dropped), keywords carry the regions they were said from, and no number appears in the
snapshot or on stderr. Without its geocoder module (wb-geocoder.so, opened at the first
Chinese number to place), the collector says so once and Chinese numbers give their country;
without the phone number module (wb-phonenumber.so) too, numbers give no region."""
import json
import os
import shutil
import subprocess
import tempfile

from wbtest import BIN, SOURCE, check

path = os.path.join(SOURCE, "tests", "data", "regions-calls.jsonl")
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--print-state",
                    "--rejects", ""], capture_output=True, text=True, timeout=60)
check(r.returncode == 0 and "0 rejected" in r.stderr, "replay accepted every event: " +
      r.stderr.strip().splitlines()[-1])
state = json.loads(r.stdout)
regions = {e["region"]: e["count"] for e in state["regions"]}
check(regions == {"CN-JS": 2, "CN-SH": 1, "US": 1, "unknown": 1},
      "calls by region: a Jiangsu mobile and a Nanjing line, Shanghai as the event said, the "
      "US, and the withheld number as unknown (%s)" % regions)
top = state["keywords"][0]
check(top["word"] == "停电" and top["count"] == 3, "停电 said on three calls")
check({e["region"]: e["count"] for e in top["regions"]} == {"CN-JS": 2, "CN-SH": 1},
      "停电's regions: %s" % top["regions"])
for number in ["13912345678", "8456", "2125550199", "6552"]:
    check(number not in r.stdout and number not in r.stderr,
          "no caller number (%s…) in the snapshot or the log" % number[:4])

# Without its modules beside it (bin/../lib/wallboard): the program alone, then with the phone
# number module but not the geocoder.
def alone(modules, events=path):
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "bin"))
        lib = os.path.join(d, "lib", "wallboard")
        os.makedirs(lib)
        for m in modules:
            shutil.copy(os.path.join(BIN, "..", "lib", "wallboard", m), lib)
        program = shutil.copy(os.path.join(BIN, "wb-collector"), os.path.join(d, "bin"))
        env = {k: v for k, v in os.environ.items() if not k.endswith("_MODULE")}
        r = subprocess.run([program, "--replay", events, "--print-state", "--rejects", ""],
                           capture_output=True, text=True, timeout=60, env=env)
        check(r.returncode == 0 and "0 rejected" in r.stderr, "replay with %s: %s" %
              (modules or "no module", r.stderr.strip().splitlines()[-1]))
        return r.stderr, {e["region"]: e["count"] for e in json.loads(r.stdout)["regions"]}


log, regions = alone(["wb-phonenumber.so"])
check(log.count("geocoder module is missing") == 1 and "phone number module" not in log,
      "the missing geocoder said once: %s" % log.strip())
check(regions == {"CN": 2, "CN-SH": 1, "US": 1, "unknown": 1},
      "without the geocoder the two Jiangsu numbers count as CN (%s)" % regions)
# Events that carry their region never open a module (each costs ~7 or ~14 MB of memory).
with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as f:
    for i, region in enumerate(["CN-JS", "US"]):
        f.write(json.dumps({"type": "call.enqueued", "ts": 1700000000 + i, "call": "c%d" % i,
                            "queue": "q", "region": region}) + "\n")
    f.flush()
    log, regions = alone([], f.name)
    check("module" not in log and regions == {"CN-JS": 1, "US": 1},
          "regions given by the events, no module looked for (%s; %s)" % (regions, log.strip()))
log, regions = alone([])
check(log.count("phone number module is missing") == 1 and "geocoder" not in log,
      "the missing phone number module said once: %s" % log.strip())
check(regions == {"CN-SH": 1, "unknown": 4},
      "without either, only the region the event gave is known; no call is lost (%s)" % regions)
print("ok")
