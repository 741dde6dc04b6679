# SPDX-License-Identifier: MIT
"""A recorded FreeSWITCH event socket (--replay FILE --format esl): a hand-written session built
from the documented formats (mod_callcenter.c, FreeSWITCH 1.10: its CC-Action headers and
callcenter_config lists; tests/integration/esl_day.py), with each way a caller leaves, agents
through every status and state, garbage between frames and an unknown CC-Action. Every
expected figure is worked out below from the events, not from a run."""
import json
import os
import subprocess

from esl_day import A1, A2, A3, Q, S, agent, at, cancel, member, session
from esl_frames import agents_list, frame, members_list, queues_list, tiers_list
from wbtest import BIN, check, fail, tempdir

T = 1795424400  # 2026-11-24 08:20 UTC; the session lasts under an hour, in one day
stream = session(T)
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
