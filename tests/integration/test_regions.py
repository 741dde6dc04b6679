# SPDX-License-Identifier: MIT
"""Caller regions end to end (wb-collector --replay): numbers resolve to provinces and
countries, a region given in the event wins, a withheld number counts as unknown (never
dropped), keywords carry the regions they were said from, and no number appears in the
snapshot or on stderr."""
import json
import os
import subprocess

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
print("ok")
