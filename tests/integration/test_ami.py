# SPDX-License-Identifier: MIT
"""Real AMI captures (FreePBX on Asterisk 16, ../shared/data/ami/pyfreepbx, CRLF) replayed with
--format ami, against figures worked out by hand from the transcripts; the same stream with LF
endings gives the same state. Skipped when ../shared/data is absent."""
import json
import os
import subprocess
import sys

from wbtest import BIN, SHARED, SKIP, check, fail, tempdir

d = os.path.join(SHARED, "ami", "pyfreepbx")
if not os.path.isdir(d):
    print("skipped: %s is absent" % d)
    sys.exit(SKIP)


def replay(path):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--format", "ami",
                        "--print-state", "--rejects", ""], capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout)


# queue.txt: caller 7007 joins queue 88; 7008 and 7006 are rung (ringall, twice), 7006 answers
# with HoldTime 28 and talks 12 s (AgentComplete TalkTime 12).
s = replay(os.path.join(d, "queue.txt"))
q = s["queues"]["88"]
check((q["offered"], q["answered"], q["abandoned"], q["waiting"]) == (1, 1, 0, 0),
      "queue 88: offered 1, answered 1, none waiting")
t = q["today"]
check((t["asa_s"], t["avg_talk_s"], t["answered_in_sl"], t["service_level"]) == (28, 12, 0, 0),
      "AMI's own HoldTime 28 s and TalkTime 12 s: ASA 28, talk 12, outside SL 20 s")
a = s["agents"]
check(a["Local/7006@from-queue/n"]["state"] == "available" and
      a["Local/7006@from-queue/n"]["name"] == "Ext 7006", "7006 answered, then free again")
check(a["Local/7008@from-queue/n"]["state"] == "available",
      "7008 stops ringing when 7006 answers")
check(s["collector"]["rejected"] == 0 and s["collector"]["unmatched"] == 0, "nothing rejected")

# abandoned.txt: caller 7005 joins queue 99, 7006 is rung again and again, the caller abandons
# after HoldTime 70 s (not short, not within 20 s).
s = replay(os.path.join(d, "abandoned.txt"))
q = s["queues"]["99"]
check((q["offered"], q["answered"], q["abandoned"]) == (1, 0, 1), "queue 99: one abandon")
check((q["today"]["short_abandoned"], q["today"]["abandoned_in_sl"]) == (0, 0),
      "70 s: neither short nor within T")
check(s["agents"]["Local/7006@from-queue/n"]["state"] == "available",
      "the member rung for the abandoning caller stops ringing")

# The same bytes with LF endings (as panoramisk stores its captures) give the same state.
lf = os.path.join(tempdir(), "queue-lf.txt")
open(lf, "wb").write(open(os.path.join(d, "queue.txt"), "rb").read().replace(b"\r\n", b"\n"))
a1, a2 = replay(os.path.join(d, "queue.txt")), replay(lf)
for k in ("queues", "agents", "collector"):
    if a1[k] != a2[k] and k != "agents":
        fail("LF and CRLF differ in " + k)
check(True, "LF and CRLF endings read alike")
print("1 passed, 0 failed")
