# SPDX-License-Identifier: MIT
"""Acknowledged pushes (wb-collector --push-ack, wb-push --ack): every batch answered once it is
in the journal; a collector killed with SIGKILL mid-push and started again on the same journal
ends with every event counted once, and wb-push says exactly what was kept; a second push of
the same lines (same id prefix) counts nothing again."""
import json
import os
import signal
import subprocess
import time

from wbtest import BIN, check, tempdir

d = tempdir()
exe = os.path.join(BIN, "wb-collector")
N = 30000
T0 = time.time() - 600
events = os.path.join(d, "events.jsonl")
with open(events, "w") as f:
    for i in range(N):
        f.write(json.dumps({"type": "call.enqueued", "ts": T0 + i * 0.01, "call": "p%d" % i,
                            "queue": "q%d" % (i % 5)}) + "\n")
args = ["--pull", "ipc://%s/pull" % d, "--pub", "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d,
        "--push-ack", "ipc://%s/ack" % d, "--journal", os.path.join(d, "journal"), "--rejects", ""]


def start(*more):
    return subprocess.Popen([exe] + args + list(more), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


c = start()
time.sleep(1.5)
push = subprocess.Popen([os.path.join(BIN, "wb-push"), "--ack", "ipc://%s/ack" % d,
                         "--msg-id-prefix", "feed", events], stderr=subprocess.PIPE, text=True)
# Kill the collector once part of the stream is journaled, then start it again.
journal = os.path.join(d, "journal")
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    size = sum(os.path.getsize(os.path.join(journal, f)) for f in os.listdir(journal)
               if f.startswith("journal-")) if os.path.isdir(journal) else 0
    if size > 500_000:
        break
    time.sleep(0.02)
c.send_signal(signal.SIGKILL)
c.wait()
check(push.poll() is None, "killed with SIGKILL while wb-push was still sending")
c = start("--print-state")
push_err = push.communicate(timeout=120)[1]
check(push.returncode == 0, "wb-push: every batch acknowledged in the end: " +
      push_err.strip().splitlines()[-1])
c.send_signal(signal.SIGTERM)
out, err = c.communicate(timeout=60)
state = json.loads(out)
offered = sum(q["offered"] for q in state["queues"].values())
check(offered == N, "every pushed event counted once across the kill (%d of %d)" % (offered, N))
last = push_err.strip().splitlines()[-1]
check("%d events" % N in last and "0 not acknowledged" in last and "0 rejected" in last,
      "wb-push reports what was kept exactly: " + last)

# The same lines again (the same prefix): already counted, nothing changes.
c = start("--print-state")
time.sleep(1.5)
r = subprocess.run([os.path.join(BIN, "wb-push"), "--ack", "ipc://%s/ack" % d, "--msg-id-prefix",
                    "feed", events], capture_output=True, text=True, timeout=120)
# Two files in one run: their lines are numbered on across the files, so no two share an id.
parts = []
for k in range(2):
    parts.append(os.path.join(d, "part%d.jsonl" % k))
    with open(parts[-1], "w") as f:
        for i in range(100):
            f.write(json.dumps({"type": "call.enqueued", "ts": T0 + 400 + k + i * 0.001,
                                "call": "f%d-%d" % (k, i), "queue": "q0"}) + "\n")
two = subprocess.run([os.path.join(BIN, "wb-push"), "--ack", "ipc://%s/ack" % d] + parts,
                     capture_output=True, text=True, timeout=120)
c.send_signal(signal.SIGTERM)
out, _ = c.communicate(timeout=60)
again = sum(q["offered"] for q in json.loads(out)["queues"].values()) - 200
check(two.returncode == 0 and "200 accepted" in two.stderr.strip().splitlines()[-1],
      "two files in one run: all 200 lines accepted: " + two.stderr.strip().splitlines()[-1])
check(r.returncode == 0 and "0 accepted" in r.stderr and again == N,
      "a second push of the same lines counts nothing twice: " + r.stderr.strip())
print("1 passed, 0 failed")
