# SPDX-License-Identifier: MIT
"""Real AMI captures (FreePBX on Asterisk 16, ../shared/data/ami/pyfreepbx, CRLF) replayed with
--format ami, against figures worked out by hand from the transcripts; the same stream with LF
endings gives the same state. Skipped when ../shared/data is absent."""
import json
import os
import subprocess
import sys

from wbtest import BIN, SHARED, SKIP, check, fail, tempdir


def replay(path, *flags):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--format", "ami",
                        "--print-state", "--rejects", ""] + list(flags), capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout), r.stderr


# A hand-written session (Asterisk 11 and 13 naming mixed, timestampevents = yes), every way out
# of a queue as AMI shows it. app_queue.c sends QueueCallerAbandon from record_abandoned(),
# which queue_exec calls for a hang-up and also for a timeout and an empty exit: the caller's
# hang-up right after (within 2 s) says it was a hang-up; QUEUESTATUS (VarSet) says exactly.
# B is an interval boundary; t = B - 260.
B = 1795435200 + 900
t0 = B - 260
session = []


def ev(dt, event, **fields):
    lines = ["Event: %s" % event, "Timestamp: %.3f" % (t0 + dt)]
    lines += ["%s: %s" % (k.replace("_", ""), v) for k, v in fields.items()]
    session.append("\r\n".join(lines) + "\r\n\r\n")


def reply_status_follows():
    session.append("Response: Success\r\nMessage: Queue status will follow\r\n\r\n")


reply_status_follows()
ev(0, "QueueParams", Queue="sales")
ev(0, "QueueParams", Queue="support")
ev(0, "QueueMember", Queue="sales", Name="Ext 7001", Location="SIP/7001", Status=1, Paused=0,
   Wrapuptime=15)
ev(0, "QueueMember", Queue="support", Name="Ext 7002", Location="SIP/7002", Status=1, Paused=1,
   PausedReason="Lunch")
ev(0, "QueueEntry", Queue="sales", Uniqueid="w1", Wait=5)  # waiting since t-5
ev(0, "QueueStatusComplete")
ev(10, "QueueCallerJoin", Queue="sales", Uniqueid="u1", Channel="SIP/a-1", CallerIDNum="13900000001")
ev(12, "AgentCalled", Queue="sales", Uniqueid="u1", Interface="SIP/7001", MemberName="Ext 7001")
ev(27, "AgentRingNoAnswer", Queue="sales", Uniqueid="u1", Member="SIP/7001", MemberName="Ext 7001",
   RingTime=15000)
ev(30, "QueueCallerLeave", Queue="sales", Uniqueid="u1")
ev(30, "AgentConnect", Queue="sales", Uniqueid="u1", MemberName="Ext 7001", HoldTime=20, RingTime=3)
ev(40, "QueueMemberPause", Queue="sales", Interface="SIP/7001", Paused=1, PausedReason="Break")
ev(90, "AgentComplete", Queue="sales", Uniqueid="u1", Member="SIP/7001", TalkTime=60)
ev(95, "QueueMemberPause", Queue="sales", Interface="SIP/7001", Paused=0)
ev(100, "QueueCallerJoin", Queue="sales", Uniqueid="u2", Channel="SIP/a-2")
ev(160, "QueueCallerAbandon", Queue="sales", Uniqueid="u2", HoldTime=60)
ev(160, "QueueCallerLeave", Queue="sales", Uniqueid="u2")
ev(210, "QueueCallerJoin", Queue="support", Uniqueid="u3", Channel="SIP/a-3")
ev(215, "QueueCallerAbandon", Queue="support", Uniqueid="u3", HoldTime=5)
ev(230, "QueueCallerJoin", Queue="sales", Uniqueid="u4", Channel="SIP/a-4")
ev(235, "QueueCallerAbandon", Queue="sales", Uniqueid="u4", HoldTime=5)
ev(235.5, "Hangup", Uniqueid="u4", Channel="SIP/a-4")
ev(240, "QueueCallerJoin", Queue="sales", Uniqueid="u5", Channel="SIP/a-5")
ev(250, "QueueCallerLeave", Queue="sales", Uniqueid="u5")  # pressed a key: off to voicemail
ev(260, "QueueCallerJoin", Queue="sales", Uniqueid="u6", Channel="SIP/a-6")
ev(290, "QueueCallerAbandon", Queue="sales", Uniqueid="u6", HoldTime=30)
ev(290, "VarSet", Uniqueid="u6", Variable="QUEUESTATUS", Value="WITHDRAW")
ev(300, "Hangup", Uniqueid="u5", Channel="SIP/a-5")  # voicemail over, 50 s after the key
ev(300, "QueueCallerJoin", Queue="sales", Uniqueid="u8", Channel="SIP/a-8")
ev(305, "AgentConnect", Queue="sales", Uniqueid="u8", Interface="SIP/7001", HoldTime=5)
ev(365, "AgentComplete", Queue="sales", Uniqueid="u8", Interface="SIP/7001", TalkTime=60)
ev(400, "Hangup", Uniqueid="u2", Channel="SIP/a-2")  # its voicemail over
ev(410, "QueueCallerJoin", Queue="sales", Uniqueid="u9", Channel="SIP/a-9")
ev(440, "QueueCallerAbandon", Queue="sales", Uniqueid="u9", HoldTime=30)  # its timeout...
ev(441, "QueueCallerJoin", Queue="support", Uniqueid="u9", Channel="SIP/a-9")  # ...to support
ev(450, "QueueCallerJoin", Queue="sales", Uniqueid="u7", Channel="SIP/a-7")
reply_status_follows()  # the link came back: Asterisk has u7 waiting, and no longer w1
ev(500, "QueueParams", Queue="sales")
ev(500, "QueueParams", Queue="support")
ev(500, "QueueEntry", Queue="sales", Uniqueid="u7", Wait=50)
ev(500, "QueueEntry", Queue="support", Uniqueid="u9", Wait=59)
ev(500, "QueueStatusComplete")
ev(520, "QueueMemberStatus", Queue="sales", Interface="SIP/7001", MemberName="Ext 7001", Status=1,
   Paused=0)
path = os.path.join(tempdir(), "session.txt")
open(path, "w").write("".join(session))
# By hand (T 20 s, short abandons <= 5 s, flow-outs out of the SL):
#   w1 waiting since t-5 (passes T at t+15); Asterisk no longer lists it at t+500: withdrawn
#   u1 answered after HoldTime 20 s by "Ext 7001" (named only: the QueueMember's Location
#      SIP/7001), rung before by it 15 s (RingTime 15000 ms) in vain: a missed ring; paused
#      during the call, so after AgentComplete it is not ready (Break), not in wrap-up
#   u2 abandon event, no hang-up for 240 s, a member free in sales: a timeout at t+160 (60 s)
#   u3 abandon event, support's only member paused: an empty exit (5 s, a flow-out within T)
#   u4 abandon and hang-up 0.5 s later: an abandon, 5 s: short
#   u5 left without an answer and no abandon: a key exit, dated at the leave (t+250 = B-10,
#      the interval before B), not at its hang-up 50 s later
#   u6 QUEUESTATUS WITHDRAW: withdrawn (30 s)
#   u8 answered in 5 s by SIP/7001, whose Wrapuptime 15 s ends its wrap-up by itself at t+380
#   u7 still waiting at the end (50 s: passed T)
#   u9 times out of sales after 30 s into support 1 s later (the same Uniqueid): one call that
#      moved; sales counts a transfer out, no timeout; still waiting in support at the end
# sales: offered 9 (w1 u1 u2 u4 u5 u6 u7 u8 u9), answered 2, abandoned 1 (short), timed out 1,
#   exit by key 1, withdrawn 2, transfers 1 (u9); SL = answered in T (u1 at 20 s, u8) / (2 +
#   passed T w1 u2 u6 u7 u9 - flow-outs after T w1 u2 u6 u9) = 2/3. support: exit empty 1,
#   offered 2 (u3, u9). Site: 10 calls (u9 once), and u9 still waits.
s, err = replay(path)
sales, support = s["queues"]["sales"], s["queues"]["support"]
t = sales["today"]
check((t["offered"], t["answered"], t["abandoned"], t["short_abandoned"], t["timed_out"],
       t["exited_key"], t["withdrawn"], t["transfers"], sales["waiting"]) ==
      (9, 2, 1, 1, 1, 1, 2, 1, 1), "sales: each way out counted as worked by hand")
check(support["today"]["offered"] == 2 and support["waiting"] == 1 and
      s["site"]["today"]["offered"] == 10 and s["collector"]["moved"] == 1,
      "a timeout into another queue is one call that moved (the site offers it once)")
check(abs(t["service_level"] - 2 / 3) < 1e-9, "sales SL 2/3")
check(support["today"]["exited_empty"] == 1 and support["today"]["abandoned"] == 0,
      "an abandon event with nobody free in the queue is an empty exit")
check(sales["previous_interval"]["exited_key"] == 1 and sales["interval"]["exited_key"] == 0,
      "the key exit is dated at the key press, not at the hang-up after voicemail")
check("no longer in Asterisk's queues" in err, "the resync says what it closed")
a = s["agents"]
check(list(a) == ["SIP/7001", "SIP/7002"] or sorted(a) == ["SIP/7001", "SIP/7002"],
      "members named by Location, Member, Interface or MemberName are one each")
check(a["SIP/7001"]["name"] == "Ext 7001" and a["SIP/7001"]["today"]["missed_rings"] == 1 and
      a["SIP/7001"]["today"]["handled"] == 2, "Ext 7001: 2 calls, 1 missed ring")
# 7001's day: wrap-up 15 s after u8 (365 -> 380) by itself: AHT (60 + 60 talk + 15 wrap) / 2.
check(a["SIP/7001"]["state"] == "available" and a["SIP/7001"]["today"]["aht_s"] == 67.5,
      "Wrapuptime ends the wrap-up by itself: AHT 67.5")
check(a["SIP/7002"]["state"] == "not_ready" and a["SIP/7002"]["reason"] == "Lunch",
      "7002 paused (QueueMember Paused 1)")
check(s["collector"]["unmatched"] == 0 and s["collector"]["rejected"] == 0,
      "nothing unmatched, nothing rejected")

d = os.path.join(SHARED, "ami", "pyfreepbx")
if not os.path.isdir(d):
    print("skipped: %s is absent" % d)
    sys.exit(SKIP)


# queue.txt: caller 7007 joins queue 88; 7008 and 7006 are rung (ringall, twice), 7006 answers
# with HoldTime 28 and talks 12 s (AgentComplete TalkTime 12).
s, _ = replay(os.path.join(d, "queue.txt"))
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
# Three AgentRingNoAnswer in the transcript: 7008 twice (RingTime 0: rung and cut off at once by
# the ringall round), 7006 once (15000 ms); AgentConnect's RingTime 7 s for the answer.
check((q["today"]["missed_rings"], a["Local/7008@from-queue/n"]["today"]["missed_rings"],
       a["Local/7006@from-queue/n"]["missed_rings"][0]["ring_s"], q["today"]["ring_sum_s"]) ==
      (3, 2, 15, 7), "missed rings 3 (7008 twice, 7006 once for 15 s), the answer rung 7 s")

# abandoned.txt: caller 7005 joins queue 99, 7006 is rung again and again, the caller abandons
# after HoldTime 70 s (not short, not within 20 s).
s, _ = replay(os.path.join(d, "abandoned.txt"))
q = s["queues"]["99"]
check((q["offered"], q["answered"], q["abandoned"]) == (1, 0, 1), "queue 99: one abandon")
check((q["today"]["short_abandoned"], q["today"]["abandoned_in_sl"]) == (0, 0),
      "70 s: neither short nor within T")
check(s["agents"]["Local/7006@from-queue/n"]["state"] == "available",
      "the member rung for the abandoning caller stops ringing")
# QueueCallerAbandon, QueueCallerLeave, then the caller's Hangup at once: a hang-up (an
# abandon), not a timeout; 7006 was rung four times in vain (RingTime 15000 each).
check(q["today"]["timed_out"] == 0 and q["today"]["missed_rings"] == 4,
      "an abandon followed by the hang-up is an abandon; four missed rings of 15 s")

# cacofonisk-legacy/queue_simple.json (VoIPGRID, Asterisk 11/13 era: AgentCalled names the
# member in its own "AgentCalled" field, AgentConnect and AgentComplete in "Member"): its caller's
# Join is not in the recording, so the answer is unmatched (counted in no queue figure), and the
# member named three ways is one agent, on a call and then free again.
legacy = os.path.join(SHARED, "ami", "cacofonisk-legacy", "queue_simple.json")
if os.path.exists(legacy):
    text = "".join("".join("%s: %s\r\n" % (k, v) for k, v in e.items() if k != "content") +
                   "\r\n" for e in json.load(open(legacy)))
    p = os.path.join(tempdir(), "legacy.txt")
    open(p, "w").write(text)
    s, _ = replay(p)
    member = "Local/ID690150@osvpi_route_phoneaccount"
    check(list(s["agents"]) == [member] and s["agents"][member]["state"] == "available",
          "Asterisk 11 naming (AgentCalled, Member): one agent, free after the call")
    check(s["collector"]["unmatched"] >= 1 and s["queues"].get("1-1", {}).get("answered", 0) == 0,
          "an answer whose join is not recorded counts in no queue")
else:
    print("skipped: %s is absent" % legacy)

# The same bytes with LF endings (as panoramisk stores its captures) give the same state.
lf = os.path.join(tempdir(), "queue-lf.txt")
open(lf, "wb").write(open(os.path.join(d, "queue.txt"), "rb").read().replace(b"\r\n", b"\n"))
a1, a2 = replay(os.path.join(d, "queue.txt"))[0], replay(lf)[0]
for k in ("queues", "agents", "collector"):
    if a1[k] != a2[k] and k != "agents":
        fail("LF and CRLF differ in " + k)
check(True, "LF and CRLF endings read alike")
print("1 passed, 0 failed")
