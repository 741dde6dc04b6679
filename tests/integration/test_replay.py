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
check(os.stat(rejects).st_mode & 0o777 == 0o600, "the rejects file is the owner's only")

# A caller's number: kept in no rejects file (masked but its last four digits), published in no
# keyword even when an analytics engine sends one as a word.
bad = os.path.join(d, "callers.jsonl")
with open(bad, "w") as f:
    f.write('{"type":"call.enqueued","ts":1795401600,"call":"c1","queue":"q",'
            '"caller":"+86 139 1234 5678","region":"nowhere"}\n')
    f.write('{"type":"keywords","ts":1795401601,"call":"c1","words":["停电","13912345678",'
            '"回电139-1234-5678","5月"]}\n')
jdir = os.path.join(d, "journal")
r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", bad, "--print-state",
                    "--journal", jdir], capture_output=True, text=True, timeout=60)
where = os.path.join(jdir, "wb-rejects.jsonl")
kept = open(where, encoding="utf-8").read()
check(os.path.exists(where) and "1234" not in kept.replace("5678", "") and "5678" in kept,
      "with --journal the rejects file is beside it, the number masked: " + kept.strip()[:160])
words = [w["word"] for w in json.loads(r.stdout)["keywords"]]
check(words == ["停电", "5月"] or sorted(words) == ["5月", "停电"],
      "numbers are dropped from keywords, the rest kept: %s" % words)
print("1 passed, 0 failed")
