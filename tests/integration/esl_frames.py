# SPDX-License-Identifier: MIT
"""FreeSWITCH event-socket frames as mod_event_socket writes them, for the tests' recordings and
their fake FreeSWITCH: outer headers, a blank line, then Content-Length bytes of body; events in
the plain format (each value URL-encoded, switch_url_encode()), api responses as
callcenter_config prints its lists (list_result_callback(): a header row of column names, rows
joined by '|', then "+OK"). Headers and values are those of mod_callcenter.c (FreeSWITCH 1.10)."""
from urllib.parse import quote

# The columns of mod_callcenter's tables, in its CREATE TABLE order (1.10).
AGENT_COLUMNS = ["name", "instance_id", "uuid", "type", "contact", "status", "state",
                 "max_no_answer", "wrap_up_time", "reject_delay_time", "busy_delay_time",
                 "no_answer_delay_time", "last_bridge_start", "last_bridge_end",
                 "last_offered_call", "last_status_change", "no_answer_count", "calls_answered",
                 "talk_time", "ready_time", "external_calls_count"]
TIER_COLUMNS = ["queue", "agent", "state", "level", "position"]
MEMBER_COLUMNS = ["queue", "instance_id", "uuid", "session_uuid", "cid_number", "cid_name",
                  "system_epoch", "joined_epoch", "rejoined_epoch", "bridge_epoch",
                  "abandoned_epoch", "base_score", "skill_score", "serving_agent",
                  "serving_system", "state", "score"]
QUEUE_COLUMNS = ["name", "strategy", "moh_sound", "time_base_score", "tier_rules_apply",
                 "tier_rule_wait_second", "tier_rule_wait_multiply_level",
                 "tier_rule_no_agent_no_wait", "discard_abandoned_after",
                 "abandoned_resume_allowed", "max_wait_time", "max_wait_time_with_no_agent",
                 "max_wait_time_with_no_agent_time_reached", "record_template", "calls_answered",
                 "calls_abandoned", "ring_progressively_delay", "skip_agents_with_external_calls",
                 "agent_no_answer_status"]


def frame(content_type, body=b"", extra=()):
    head = "".join("%s: %s\n" % kv for kv in extra)
    if body:
        head += "Content-Length: %d\n" % len(body)
    return ("%sContent-Type: %s\n\n" % (head, content_type)).encode() + body


def event(name, headers, ts, subclass=None):
    """One event at ts (epoch seconds) in the plain format."""
    lines = [("Event-Name", name), ("Core-UUID", "6b4d2c3e-0000-4000-8000-000000000001"),
             ("FreeSWITCH-Hostname", "fs1"), ("Event-Date-Timestamp", "%d" % round(ts * 1e6)),
             ("Event-Calling-File", "mod_callcenter.c")]
    if subclass:
        lines.append(("Event-Subclass", subclass))
    lines += list(headers.items())
    body = "".join("%s: %s\n" % (k, quote(str(v), safe="")) for k, v in lines) + "\n"
    return frame("text/event-plain", body.encode())


def cc(action, ts, **headers):
    """A CUSTOM callcenter::info event: cc("member-queue-start", ts, CC_Queue="q") (the
    underscores of the keyword names become dashes)."""
    h = {"CC-Action": action}
    h.update({k.replace("_", "-"): v for k, v in headers.items()})
    return event("CUSTOM", h, ts, subclass="callcenter::info")


def hangup(session, ts):
    return event("CHANNEL_HANGUP_COMPLETE",
                 {"Unique-ID": session, "Channel-State": "CS_REPORTING",
                  "Answer-State": "hangup", "Hangup-Cause": "NORMAL_CLEARING"}, ts)


def listing(columns, rows):
    """A callcenter_config list as list_result_callback() prints it."""
    text = ""
    if rows:
        text += "|".join(columns) + "\n"
        for r in rows:
            text += "|".join(str(r.get(c, "")) for c in columns) + "\n"
    return frame("api/response", (text + "+OK\n").encode())


def agents_list(agents):
    """agents: {name: (status, state, wrap_up_time)}"""
    return listing(AGENT_COLUMNS, [
        {"name": n, "instance_id": "single_box", "type": "callback",
         "contact": "user/%s" % n.split("@")[0], "status": s, "state": st,
         "max_no_answer": 3, "wrap_up_time": w, "ready_time": 0}
        for n, (s, st, w) in agents.items()])


def tiers_list(tiers):
    """tiers: [(queue, agent)]"""
    return listing(TIER_COLUMNS, [{"queue": q, "agent": a, "state": "Ready", "level": 1,
                                   "position": 1} for q, a in tiers])


def queues_list(names):
    return listing(QUEUE_COLUMNS, [{"name": n, "strategy": "longest-idle-agent"}
                                   for n in names])


def members_list(members):
    """members: [(queue, uuid, session, number, joined_epoch, state, serving_agent,
    bridge_epoch)]"""
    return listing(MEMBER_COLUMNS, [
        {"queue": q, "instance_id": "single_box", "uuid": u, "session_uuid": s,
         "cid_number": n, "cid_name": "", "system_epoch": j, "joined_epoch": j,
         "rejoined_epoch": 0, "bridge_epoch": b, "abandoned_epoch": 0, "base_score": 0,
         "skill_score": 0, "serving_agent": a, "serving_system": "single_box" if a else "",
         "state": st, "score": 0}
        for q, u, s, n, j, st, a, b in members])
