# SPDX-License-Identifier: MIT
"""The hand-written FreeSWITCH session of the ESL tests (mod_callcenter.c, FreeSWITCH 1.10: its
CC-Action headers and callcenter_config lists): each way a caller leaves, agents through every
status and state, garbage between frames and an unknown CC-Action. Played as a recording by
test_esl.py and through a fake event socket by test_esl_live.py; the figures it must give are
worked out in test_esl.py."""
from esl_frames import agents_list, cc, frame, hangup, members_list, queues_list, tiers_list

S, Q = "support@default", "sales@default"
A1, A2, A3 = "1001@default", "1002@default", "1003@default"


def at(ts, f):
    return (ts, f)


def number(uuid):
    """Each caller its own number (the same number back in a queue within the re-queue window
    is the same caller moving, docs/metrics.md)."""
    return "13912%06d" % sum(ord(c) * (i + 1) for i, c in enumerate(uuid))


def member(action, ts, uuid, queue=S, **h):
    return at(ts, cc(action, ts, CC_Queue=queue, CC_Member_UUID=uuid,
                     CC_Member_Session_UUID=uuid + "-leg", CC_Member_CID_Number=number(uuid),
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



def session(T):
    """The session from T (epoch seconds): (time, frame) pairs in time order, the connection's
    handshake and lists first (at T - 1)."""
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

    return stream
