# SPDX-License-Identifier: MIT
"""A simulated day fed through FreeSWITCH's event socket gives the figures it gives as JSON: the
simulator's day (wb-collector --simulate --print-events) spoken as mod_callcenter would by
tools/fake-freeswitch.py, replayed with --format esl, against the same day replayed as JSON
lines. Every queue's call figures for the day must be equal; what mod_callcenter cannot carry is
left out of both or of the comparison, and named: keywords and text (no such events), and the
wrap-up after a call (FreeSWITCH has wrap_up_time per agent, not a wrap-up that ends when the
agent says), so handle time and AHT are not compared."""
import json
import os
import subprocess
import sys

from wbtest import BIN, SOURCE, check, fail, simulated_events, tempdir

d = tempdir()
day = os.path.join(d, "day.jsonl")
n = simulated_events(day, "--seed", "11", "--agents", "30", "--queues", "3",
                     "--calls-per-minute", "20", "--warmup", "3600")
calls = os.path.join(d, "calls.jsonl")
with open(day) as src, open(calls, "w") as out:
    for line in src:
        if json.loads(line)["type"] not in ("keywords", "text"):
            out.write(line)
esl = os.path.join(d, "day.esl")
r = subprocess.run([sys.executable, os.path.join(SOURCE, "tools", "fake-freeswitch.py"),
                    "--write", esl, calls], capture_output=True, text=True, timeout=120)
if r.returncode != 0:
    fail("fake-freeswitch.py failed: " + r.stderr)


def replay(path, *fmt):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--print-state",
                        "--rejects", ""] + list(fmt), capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        fail("replay of %s failed: %s" % (path, r.stderr[-400:]))
    return json.loads(r.stdout), r.stderr


as_json, _ = replay(calls)
as_esl, err = replay(esl, "--format", "esl")
check("0 rejected" in err, "the ESL day is read without a rejected event: "
      + err.strip().splitlines()[-1])
KEYS = ["offered", "answered", "abandoned", "short_abandoned", "timed_out", "exited_key",
        "exited_empty", "withdrawn", "transfers", "missed_rings", "answered_in_sl", "sl_offered",
        "service_level", "asa_s", "avg_talk_s", "handled", "longest_wait_s"]
for q in sorted(as_json["queues"]):
    a, b = as_json["queues"][q], as_esl["queues"][q]
    diff = {k: (a["today"][k], b["today"][k]) for k in KEYS if a["today"][k] != b["today"][k]}
    check(not diff and (a["waiting"], a["logged_in"]) == (b["waiting"], b["logged_in"]),
          "%s: the day through the event socket equals the JSON day (offered %d, answered %d, "
          "abandoned %d, SL %s)%s" % (q, a["today"]["offered"], a["today"]["answered"],
                                     a["today"]["abandoned"], a["today"]["service_level"],
                                     " differs: %s" % diff if diff else ""))
# Callers' regions: the simulator names them, FreeSWITCH gives numbers (the tool writes one per
# caller in the region's capital), which the collector's geocoder turns back into regions.
regions = [{r["region"]: r["count"] for r in day["regions"]} for day in (as_json, as_esl)]
check(regions[0] == regions[1] and "unknown" not in regions[1],
      "every caller's region found again from its number (%s)"
      % {k: (regions[0].get(k), regions[1].get(k)) for k in set(regions[0]) | set(regions[1])
         if regions[0].get(k) != regions[1].get(k)})
check(as_json["queues"] and sum(q["today"]["offered"] for q in as_json["queues"].values()) > 500,
      "a day worth comparing (%d events)" % n)
print("1 passed, 0 failed")
