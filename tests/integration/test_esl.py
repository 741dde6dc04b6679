# SPDX-License-Identifier: MIT
"""A recorded FreeSWITCH event socket (--replay FILE --format esl): a hand-written session built
from the documented formats (mod_callcenter.c, FreeSWITCH 1.10: its CC-Action headers and
callcenter_config lists), with each way a caller leaves, agents through every status and state,
garbage between frames and an unknown CC-Action. Every expected figure is worked out below
from the events, not from a run."""
import json
import os
import subprocess

from esl_frames import (agents_list, cc, frame, hangup, members_list, queues_list, tiers_list)
from wbtest import BIN, check, fail, tempdir

T = 1795424400  # 2026-11-24 08:20 UTC; the session lasts under an hour, in one day
S, Q = "support@default", "sales@default"
A1, A2, A3 = "1001@default", "1002@default", "1003@default"


def at(ts, f):
    return (ts, f)


def member(action, ts, uuid, queue=S, **h):
    return at(ts, cc(action, ts, CC_Queue=queue, CC_Member_UUID=uuid,
                     CC_Member_Session_UUID=uuid + "-leg", CC_Member_CID_Number="13912345678",
                     CC_Member_CID_Name="caller", **h))


def agent(action, ts, name, **h):
    return at(ts, cc(action, ts, CC_Agent=name, **h))


def cancel(ts, uuid, joined, reason, queue=S, **h):
    return member("member-queue-end", ts, uuid, queue, CC_Cause="Cancel",
                  CC_Cancel_Reason=reason, CC_Member_Joined_Time=joined,
                  CC_Member_Leaving_Time=ts, **h)


def answered(uuid, agent, joined, called, at_, end):
    """The caller uuid rung on agent at called, answered at at_, bridge over at end."""
    times = dict(CC_Agent=agent, CC_Member_Joined_Time=joined, CC_Agent_Called_Time=called,
                 CC_Agent_Answered_Time=at_)
    return [at(called, cc("agent-state-change", called, CC_Agent=agent,
                          CC_Agent_State="Receiving")),
            member("agent-offering", called, uuid, CC_Agent=agent),
            member("bridge-agent-start", at_, uuid, **times),
            (at_, cc("agent-state-change", at_, CC_Agent=agent, CC_Agent_State="In a queue call")),
            member("bridge-agent-end", end, uuid, CC_Bridge_Terminated_Time=end,
                   CC_Hangup_Cause="NORMAL_CLEARING", **times),
            member("member-queue-end", end, uuid, CC_Cause="Terminated",
                   CC_Member_Leaving_Time=end, **times),
            (end, cc("agent-state-change", end, CC_Agent=agent, CC_Agent_State="Waiting"))]


# The resync at connect: two queues, their tiers, three agents (1001 with a 10 s wrap-up).
stream = [at(T - 1, f) for f in [
    frame("auth/request"), frame("command/reply", extra=[("Reply-Text", "+OK accepted")]),
    queues_list([S, Q]), tiers_list([(S, A1), (S, A2), (Q, A3)]),
    agents_list({A1: ("Available", "Waiting", 10), A2: ("Available", "Waiting", 0),
                 A3: ("On Break", "Waiting", 0)}),
    members_list([])]]
# a: answered by 1001 after 8 s (rung 3 s), talk 60 s, then 10 s of wrap-up.
stream += [member("member-queue-start", T, "a")] + answered("a", A1, T, T + 5, T + 8, T + 68)
# b: hangs up after 30 s (BREAK_OUT, the channel gone): an abandon.
stream += [member("member-queue-start", T + 10, "b"),
           cancel(T + 40, "b", T + 10, "BREAK_OUT", Channel_State="CS_HANGUP",
                  Answer_State="hangup", Hangup_Cause="NORMAL_CLEARING"),
           at(T + 40, hangup("b-leg", T + 40))]
# c: max-wait-time reached after 300 s: a timeout. 1002 rung for it meanwhile, the ring ended
# from the caller's side (ORIGINATOR_CANCEL): no missed ring.
stream += [member("member-queue-start", T + 20, "c"),
           member("bridge-agent-fail", T + 210, "c", CC_Agent=A2,
                  CC_Hangup_Cause="ORIGINATOR_CANCEL", CC_Agent_Called_Time=T + 200,
                  CC_Agent_Aborted_Time=T + 210, CC_Member_Joined_Time=T + 20),
           cancel(T + 320, "c", T + 20, "TIMEOUT")]
# d: sales, nobody logged in for it: NO_AGENT_TIMEOUT after 60 s, an empty-queue exit.
stream += [member("member-queue-start", T + 30, "d", Q),
           cancel(T + 90, "d", T + 30, "NO_AGENT_TIMEOUT", Q)]
# e: presses 5 (cc_exit_keys) after 15 s.
stream += [member("member-queue-start", T + 40, "e"),
           cancel(T + 55, "e", T + 40, "EXIT_WITH_KEY", variable_cc_exit_key="5")]
# f: taken out of the queue by the dialplan (BREAK_OUT, the channel still up): transferred.
stream += [member("member-queue-start", T + 50, "f"),
           cancel(T + 60, "f", T + 50, "BREAK_OUT", Channel_State="CS_EXECUTE",
                  Answer_State="answered")]
# Garbage a broken proxy might send between frames, and an unknown CC-Action.
stream += [at(T + 95, b"\x00\xff garbage\nnot a header\n\n\n\n"),
           at(T + 95, cc("queue-stats", T + 95, CC_Queue=S)),
           at(T + 96, cc("members-count", T + 96, CC_Queue=S, CC_Count=1,
                         CC_Selection="Single-Queue"))]
# g: 1002 rung 15 s without answering (a missed ring), reaches max-no-answer and goes On
# Break; 1001 answers after 20 s in all, talk 30 s.
stream += [member("member-queue-start", T + 100, "g"),
           agent("agent-state-change", T + 101, A2, CC_Agent_State="Receiving"),
           member("bridge-agent-fail", T + 116, "g", CC_Agent=A2, CC_Hangup_Cause="NO_ANSWER",
                  CC_Agent_Called_Time=T + 101, CC_Agent_Aborted_Time=T + 116,
                  CC_Member_Joined_Time=T + 100),
           agent("agent-max-no-answer", T + 116, A2, CC_Agent_No_Answer_Count=3,
                 CC_Agent_No_Answer_Status="On Break"),
           agent("agent-status-change", T + 116, A2, CC_Agent_Status="On Break"),
           agent("agent-state-change", T + 116, A2, CC_Agent_State="Waiting")]
stream += answered("g", A1, T + 100, T + 118, T + 120, T + 150)
# 1003 through its statuses and states: Available, On Demand and Idle after a call, Reserved,
# then Logged Out.
stream += [agent("agent-status-change", T + 200, A3, CC_Agent_Status="Available"),
           agent("agent-status-change", T + 210, A3, CC_Agent_Status="Available (On Demand)"),
           agent("agent-state-change", T + 210, A3, CC_Agent_State="Idle"),
           agent("agent-state-change", T + 220, A3, CC_Agent_State="Reserved"),
           agent("agent-status-change", T + 230, A3, CC_Agent_Status="Logged Out")]
# 1001 takes a break at T+400: its event also moves the state's clock past the re-queue window
# after c's timeout, so that timeout is counted (docs/metrics.md).
stream += [agent("agent-status-change", T + 400, A1, CC_Agent_Status="On Break")]
stream.sort(key=lambda e: e[0])  # as FreeSWITCH sends them: in time order (a stable sort)

d = tempdir()


def replay(frames, name, upto=None, extra=()):
    """Replays the frames up to time upto (all when None)."""
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(b"".join(b for t, b in frames if upto is None or t <= upto))
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", path, "--format", "esl",
                        "--print-state", "--rejects", "", "--time-zone", "UTC"] + list(extra),
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    return json.loads(r.stdout), r.stderr


out, err = replay(stream, "day.esl")
sup, sal = out["queues"][S]["today"], out["queues"][Q]["today"]
# support: offered a b c e f g = 6; answered a, g; abandoned b; timeout c; exit_key e;
# transferred f; missed rings: 1002 on g (c's ORIGINATOR_CANCEL is none).
check((sup["offered"], sup["answered"], sup["abandoned"], sup["timed_out"], sup["exited_key"],
       sup["transferred_out"], sup["missed_rings"]) == (6, 2, 1, 1, 1, 1, 1),
      "support: each way out counted once, as worked by hand (%s)" % json.dumps(sup)[:400])
# ASA: (8 + 20) / 2 = 14 s; talk: (60 + 30) / 2 = 45 s.
check((sup["asa_s"], sup["avg_talk_s"]) == (14, 45),
      "support: ASA 14 s and talk 45 s from the CC- times (%s, %s)"
      % (sup["asa_s"], sup["avg_talk_s"]))
check((sal["offered"], sal["exited_empty"], sal["answered"]) == (1, 1, 0),
      "sales: NO_AGENT_TIMEOUT is an empty-queue exit")
ag = out["agents"]
check((ag[A1]["state"], ag[A1]["reason"], ag[A1]["queues"]) == ("not_ready", "", [S]),
      "1001 on break at the end, in support (its tier): %s" % ag[A1])
check(ag[A2]["state"] == "not_ready" and ag[A2]["reason"] == "no answer",
      "1002 on break after max-no-answer, \"no answer\" its reason (%s)" % ag[A2])
check(ag[A3]["state"] == "logged_out", "1003 logged out")
check("CC-Action \"queue-stats\"" in err and "said once" in err,
      "the unknown CC-Action is said once: " + err.strip().splitlines()[0][:160])

# The same session cut after 1003 went Idle, then after Reserved: the states on the way.
out, _ = replay(stream, "idle.esl", T + 210)
check((out["agents"][A3]["state"], out["agents"][A3]["reason"]) == ("not_ready", "Idle"),
      "Available (On Demand) and Idle: not ready, reason Idle")
out, _ = replay(stream, "reserved.esl", T + 220)
check(out["agents"][A3]["state"] == "ringing", "Reserved: being offered a caller")
# 1001: bridge over at T+150, wrap-up 10 s from the agent list, then free.
check(out["agents"][A1]["state"] == "available", "1001 free after its wrap-up")
# Cut inside 1001's wrap-up after a (T+68 .. T+78): the bridge-agent-end's wrap-up shows.
out, _ = replay(stream, "wrap.esl", T + 70)
check(out["agents"][A1]["state"] == "wrap_up",
      "after the bridge, 1001 in wrap-up (wrap_up_time 10 s): %s" % out["agents"][A1])

# One FreeSWITCH serving two domains, read with --freeswitch-domains-as-sites: each domain a
# site of the roll-up, its queue and agent under it. north: n1 answered by 1001@north after
# 5 s; south: s1 abandons after 12 s. By hand: north/support offered 1 answered 1, south/support
# offered 1 abandoned 1; the agents north/1001 (on a call until T+65, then free) and south/1001.
N, SO = "support@north", "support@south"
two = [at(T - 1, f) for f in [
    frame("auth/request"), frame("command/reply", extra=[("Reply-Text", "+OK accepted")]),
    queues_list([N, SO]), tiers_list([(N, "1001@north"), (SO, "1001@south")]),
    agents_list({"1001@north": ("Available", "Waiting", 0),
                 "1001@south": ("Available", "Waiting", 0)}),
    members_list([])]]
two += [member("member-queue-start", T, "n1", N),
        member("member-queue-start", T + 1, "s1", SO),
        member("bridge-agent-start", T + 5, "n1", N, CC_Agent="1001@north",
               CC_Member_Joined_Time=T, CC_Agent_Called_Time=T + 3, CC_Agent_Answered_Time=T + 5),
        cancel(T + 13, "s1", T + 1, "BREAK_OUT", SO, Channel_State="CS_HANGUP"),
        member("member-queue-end", T + 65, "n1", N, CC_Cause="Terminated", CC_Agent="1001@north",
               CC_Agent_Answered_Time=T + 5, CC_Member_Leaving_Time=T + 65),
        agent("agent-state-change", T + 65, "1001@north", CC_Agent_State="Waiting")]
out, _ = replay(two, "sites.esl", extra=["--freeswitch-domains-as-sites"])
qs = out["queues"]
check(sorted(qs) == ["north/support", "south/support"],
      "two domains, two sites' queues: %s" % sorted(qs))
check((qs["north/support"]["today"]["offered"], qs["north/support"]["today"]["answered"],
       qs["south/support"]["today"]["offered"], qs["south/support"]["today"]["abandoned"]) ==
      (1, 1, 1, 1), "north answered its caller, south's abandoned")
check(sorted(out["agents"]) == ["north/1001", "south/1001"] and
      out["agents"]["north/1001"]["state"] == "available",
      "each site's agent 1001 apart: %s" % sorted(out["agents"]))
sites = out.get("sites", {})
check(sorted(sites) == ["north", "south"], "the roll-up lists both sites: %s" % sorted(sites))
print("1 passed, 0 failed")
