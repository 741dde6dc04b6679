# SPDX-License-Identifier: MIT
"""wb-collector's live inputs at once: a followed file (appended to while running), stdin,
and events pushed to the nng PULL socket; bad lines from each are counted and named."""
import json
import os
import re
import subprocess
import time

from wbtest import check, collector, push, stop_all, tempdir


T0 = time.time()


def ev(t, call, queue):
    return json.dumps({"type": "call.enqueued", "ts": T0 + t, "call": call, "queue": queue})


d = tempdir()
followed = os.path.join(d, "events.jsonl")
with open(followed, "w") as f:
    f.write(ev(1, "f1", "file") + "\n{broken\n")
p = collector(d, "--input", followed, "--input", "-", "--run-for", "4", "--print-state",
              stdin=subprocess.PIPE)
p.stdin.write(ev(2, "s1", "stdin") + "\n" + ev(3, "s2", "stdin") + "\n")
p.stdin.flush()
time.sleep(1.0)
with open(followed, "a") as f:  # appended while the collector runs
    f.write(ev(4, "f2", "file") + "\n")
push(d, [ev(5, "n1", "nng"), '{"type":"nope","ts":5}', ev(6, "n2", "nng")])
out, err = p.communicate(timeout=30)
state = json.loads(out)
q = state["queues"]
check(q["file"]["offered"] == 2, "both lines of the followed file, one appended later")
check(q["stdin"]["offered"] == 2, "stdin lines")
check(q["nng"]["offered"] == 2, "messages pushed over nng")
check(state["collector"]["rejected"] == 2, "one bad line from the file, one bad message")
check("events.jsonl:2" in err, "the file's bad line is named with its number: " + err.strip()[-200:])
check("nng message:2" in err, "the bad nng message is named with its number")
check('unknown event type "nope"' in err, "with its reason")
stop_all()

# A message far over the event limit (64 KiB) but within what nng takes (4 MiB): rejected as
# too long, counted and named like any bad message, never lost without a word. Its own
# collector, so no other input's messages share the count.
d = tempdir()
p = collector(d, "--run-for", "6", "--print-state")
push(d, [ev(7, "n3", "nng")])
huge = json.dumps({"type": "text", "ts": T0 + 8, "text": "停电" * (1024 * 1024 // 3)},
                  ensure_ascii=False)  # 2 MiB
push(d, [huge])
out, err = p.communicate(timeout=30)
state = json.loads(out)
check(state["collector"]["rejected_by"].get("too long") == 1 and
      state["queues"]["nng"]["offered"] == 1, "a 2 MiB message is rejected as too long, counted")
check(re.search(r"nng message:\d+: event is \d+ bytes; the limit is 65536", err) is not None,
      "and named with its number and the limit")
stop_all()
print("1 passed, 0 failed")
