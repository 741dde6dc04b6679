# SPDX-License-Identifier: MIT
"""wb-collector --replay FILE --print-state against answers worked out by hand, and the
rejected lines: reported on stderr with their line numbers, counted, kept in the rejects file."""
import json
import os
import subprocess

from wbtest import BIN, SOURCE, check, fail, tempdir

d = tempdir()
data = os.path.join(SOURCE, "tests", "data")
rejects = os.path.join(d, "rejects.jsonl")
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay",
                    os.path.join(data, "replay-basic.jsonl"), "--print-state",
                    "--rejects", rejects], capture_output=True, text=True, timeout=60)
check(r.returncode == 0, "replay exits 0 (stderr: %s)" % r.stderr.strip()[-300:])
state = json.loads(r.stdout)
want = json.load(open(os.path.join(data, "replay-basic.expected.json")))

check(state["v"] == 1 and state["kind"] == "snapshot", "a version 1 snapshot")
check(state["now"] == want["now"], "the clock is the last event's time")
def subset(got, want):
    """The expected fields, as expected; fields added by later versions are left alone."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and subset(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want) and
                all(subset(g, w) for g, w in zip(got, want)))
    return got == want


for key in ("queues", "agents", "keywords", "regions"):
    if not subset(state[key], want[key]):
        fail("%s differ:\n got  %s\n want %s" % (key, json.dumps(state[key], ensure_ascii=False),
                                                json.dumps(want[key], ensure_ascii=False)))
    check(True, key + " match the hand-worked answers")
check(state["collector"] == want["collector"], "accepted/rejected/unmatched counters match")
check("13912345678" not in r.stdout, "the caller's number is not published")

for line, reason in want["rejected_lines"]:
    check(("replay-basic.jsonl:%d" % line) in r.stderr, "stderr names line %d" % line)
kept = [json.loads(x) for x in open(rejects, encoding="utf-8")]
check([[k["line"], k["reason"]] for k in kept] == want["rejected_lines"],
      "the rejects file keeps each bad line with its number and reason")
check(kept[0]["input"] == "this is not json", "the rejected input is kept as it came")
print("1 passed, 0 failed")
