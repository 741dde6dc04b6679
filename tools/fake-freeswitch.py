#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A day of version-1 events (JSON lines, e.g. `wb-collector --simulate --print-events`) spoken
as FreeSWITCH's mod_callcenter would: its CUSTOM callcenter::info events and callcenter_config
lists, in the event socket's plain format (docs/freeswitch.md maps them back). For the demo "as
if FreeSWITCH" and for the test that a day fed through the event socket gives the figures it
gives as JSON.

  fake-freeswitch.py --write DAY.esl < day.jsonl      a recording, for --replay --format esl
  fake-freeswitch.py --listen 127.0.0.1:8021 --password P < day.jsonl
                                                      an event socket (inbound mode) that sends
                                                      each event as it is read

What mod_callcenter cannot say is left out: keywords and text (no such events), a not-ready
reason (On Break has none), a wrap-up's end (the agent list's wrap_up_time gives it), holds.
Standard library only."""
import argparse
import json
import socket
import sys
import threading
from urllib.parse import quote

AGENT_COLUMNS = ["name", "instance_id", "uuid", "type", "contact", "status", "state",
                 "max_no_answer", "wrap_up_time", "reject_delay_time", "busy_delay_time",
                 "no_answer_delay_time", "last_bridge_start", "last_bridge_end",
                 "last_offered_call", "last_status_change", "no_answer_count", "calls_answered",
                 "talk_time", "ready_time", "external_calls_count"]
MEMBER_COLUMNS = ["queue", "instance_id", "uuid", "session_uuid", "cid_number", "cid_name",
                  "system_epoch", "joined_epoch", "rejoined_epoch", "bridge_epoch",
                  "abandoned_epoch", "base_score", "skill_score", "serving_agent",
                  "serving_system", "state", "score"]
LEFT = {"timeout": "TIMEOUT", "exit_key": "EXIT_WITH_KEY", "exit_empty": "NO_AGENT_TIMEOUT"}
# The simulator gives a caller's region, FreeSWITCH only the number: a fixed line in the region's
# capital (its long-distance code, then a made-up local number), so the collector's geocoder
# finds the region again, as it would from a real caller.
AREA_CODES = {"BJ": "10", "TJ": "22", "HE": "311", "SX": "351", "NM": "471", "LN": "24",
              "JL": "431", "HL": "451", "SH": "21", "JS": "25", "ZJ": "571", "AH": "551",
              "FJ": "591", "JX": "791", "SD": "531", "HA": "371", "HB": "27", "HN": "731",
              "GD": "20", "GX": "771", "HI": "898", "CQ": "23", "SC": "28", "GZ": "851",
              "YN": "871", "XZ": "891", "SN": "29", "GS": "931", "QH": "971", "NX": "951",
              "XJ": "991"}
SEVEN_DIGITS = {"GS", "GX", "NM", "NX", "QH", "SX", "XJ", "XZ"}  # local numbers of 7 digits there
ABROAD = {"CN-HK": "+85221234567", "CN-MO": "+85328712345", "CN-TW": "+886223456789",
          "US": "+12125550100", "JP": "+81312345678", "SG": "+6561234567",
          "GB": "+442079460123", "DE": "+493012345678", "AU": "+61291234567"}


def number_for(region, n):
    """The n-th caller's number in region: each caller its own (the collector takes the same
    number in a queue again within seconds for the same caller, moving)."""
    if region in ABROAD:
        return ABROAD[region][:-4] + "%04d" % (n % 10000)
    province = (region or "").replace("CN-", "")
    code = AREA_CODES.get(province)
    if code is None:
        return ""
    local = "88%05d" % (n % 100000) if province in SEVEN_DIGITS else "88%06d" % (n % 1000000)
    return "0%s%s" % (code, local)


def frame(content_type, body=b"", extra=()):
    head = "".join("%s: %s\n" % kv for kv in extra)
    if body:
        head += "Content-Length: %d\n" % len(body)
    return ("%sContent-Type: %s\n\n" % (head, content_type)).encode() + body


def cc_event(action, ts, headers):
    lines = [("Event-Name", "CUSTOM"), ("Event-Subclass", "callcenter::info"),
             ("Event-Date-Timestamp", "%d" % round(ts * 1e6)), ("CC-Action", action)]
    lines += [(k, v) for k, v in headers.items() if v is not None]
    body = "".join("%s: %s\n" % (k, quote(str(v), safe="")) for k, v in lines) + "\n"
    return frame("text/event-plain", body.encode())


def listing(columns, rows):
    text = ""
    if rows:
        text = "|".join(columns) + "\n" + "".join(
            "|".join(str(r.get(c, "")) for c in columns) + "\n" for r in rows)
    return frame("api/response", (text + "+OK\n").encode())


class World:
    """What FreeSWITCH would hold, kept from the events: agents (status, state, tiers) and
    members (waiting or answered); turn() gives each event's frames."""

    def __init__(self, wrap_up_time):
        self.wrap = wrap_up_time
        self.agents = {}   # name -> {"status", "state", "queues"}
        self.members = {}  # call -> {"queue", "joined", "answered", "agent", "caller"}
        self.callers = 0   # callers numbered so far
        self.lock = threading.Lock()

    def agent(self, name):
        return self.agents.setdefault(name, {"status": "Logged Out", "state": "Waiting",
                                             "queues": [], "times": {}})

    def lists(self):
        """queue list, tier list, agent list, queue list members: now."""
        with self.lock:
            queues = sorted({q for a in self.agents.values() for q in a["queues"]} |
                            {m["queue"] for m in self.members.values()})
            tiers = [{"queue": q, "agent": n, "state": "Ready", "level": 1, "position": 1}
                     for n, a in sorted(self.agents.items()) for q in a["queues"]]
            agents = [dict({"name": n, "instance_id": "single_box", "type": "callback",
                            "contact": "user/" + n, "status": a["status"], "state": a["state"],
                            "max_no_answer": 0, "wrap_up_time": self.wrap, "ready_time": 0},
                           **{k: int(v) for k, v in a["times"].items()})
                      for n, a in sorted(self.agents.items())]
            members = [{"queue": m["queue"], "instance_id": "single_box", "uuid": c,
                        "session_uuid": c + "-leg", "cid_number": m["caller"],
                        "joined_epoch": int(m["joined"]), "system_epoch": int(m["joined"]),
                        "rejoined_epoch": 0, "bridge_epoch": int(m["answered"] or 0),
                        "abandoned_epoch": 0, "base_score": 0, "skill_score": 0,
                        "serving_agent": m["agent"] or "", "serving_system": "",
                        "state": "Answered" if m["answered"] else "Waiting", "score": 0}
                       for c, m in sorted(self.members.items())]
        return {"queue list": listing(["name", "strategy"],
                                      [{"name": q, "strategy": "longest-idle-agent"}
                                       for q in queues]),
                "tier list": listing(["queue", "agent", "state", "level", "position"], tiers),
                "agent list": listing(AGENT_COLUMNS, agents),
                "queue list members": listing(MEMBER_COLUMNS, members)}

    def turn(self, e):
        with self.lock:
            return self._turn(e)

    def _member_headers(self, call, m):
        return {"CC-Queue": m["queue"], "CC-Member-UUID": call,
                "CC-Member-Session-UUID": call + "-leg", "CC-Member-CID-Number": m["caller"],
                "CC-Member-Joined-Time": int(m["joined"])}

    def _cancel(self, ts, call, reason, up=False, key=None):
        m = self.members.pop(call, None)
        if m is None:
            return []
        h = self._member_headers(call, m)
        h.update({"CC-Cause": "Cancel", "CC-Cancel-Reason": reason,
                  "CC-Member-Leaving-Time": int(ts), "variable_cc_exit_key": key,
                  # the caller's channel: gone when the caller hung up, up when sent elsewhere
                  "Channel-State": "CS_EXECUTE" if up else "CS_HANGUP",
                  "Answer-State": "answered" if up else "hangup",
                  "Hangup-Cause": None if up else "NORMAL_CLEARING"})
        return [cc_event("member-queue-end", ts, h)]

    def _bridge_over(self, ts, call):
        m = self.members.pop(call)
        h = self._member_headers(call, m)
        h.update({"CC-Agent": m["agent"], "CC-Agent-Answered-Time": int(m["answered"]),
                  "CC-Bridge-Terminated-Time": int(ts), "CC-Hangup-Cause": "NORMAL_CLEARING"})
        end = cc_event("bridge-agent-end", ts, h)
        h = dict(h, **{"CC-Cause": "Terminated", "CC-Member-Leaving-Time": int(ts)})
        return [end, cc_event("member-queue-end", ts, h)]

    def _turn(self, e):
        t, ts = e.get("type"), float(e.get("ts", 0))
        call = e.get("call")
        out = []
        if t == "agent.state":
            a = self.agent(e["agent"])
            if e.get("queues"):
                a["queues"] = list(e["queues"])
            s = e["state"]
            status = {"logged_out": "Logged Out", "not_ready": "On Break"}.get(s, "Available")
            state = {"ringing": "Receiving", "on_call": "In a queue call"}.get(s, "Waiting")
            times = a["times"]
            if s == "ringing":
                times["last_offered_call"] = ts
            elif s == "on_call":
                times["last_bridge_start"] = ts
            elif s == "wrap_up" or (s == "available" and a["state"] == "In a queue call"):
                times["last_bridge_end"] = ts
            if status != a["status"]:
                times["last_status_change"] = ts
                a["status"] = status
                out.append(cc_event("agent-status-change", ts,
                                    {"CC-Agent": e["agent"], "CC-Agent-Status": status}))
            if state != a["state"]:
                a["state"] = state
                out.append(cc_event("agent-state-change", ts,
                                    {"CC-Agent": e["agent"], "CC-Agent-State": state}))
        elif t in ("call.enqueued", "call.transferred"):
            before = (self.members.get(call) or {}).get("caller")  # a transfer: the same caller
            if t == "call.transferred" and (self.members.get(call) or {}).get("answered"):
                out += self._bridge_over(ts, call)  # the agent sent the caller on
            elif t == "call.transferred":
                out += self._cancel(ts, call, "BREAK_OUT", up=True)  # sent on, still up
            m = {"queue": e["queue"], "joined": ts, "answered": None, "agent": None,
                 "caller": e.get("caller") or before or number_for(e.get("region"), self.callers)}
            self.callers += 1
            self.members[call] = m
            h = self._member_headers(call, m)
            del h["CC-Member-Joined-Time"]
            out.append(cc_event("member-queue-start", ts, h))
        elif t == "call.answered" and call in self.members:
            m = self.members[call]
            m["answered"], m["agent"] = ts, e["agent"]
            h = self._member_headers(call, m)
            h.update({"CC-Agent": e["agent"], "CC-Agent-Called-Time":
                      int(round(ts - float(e.get("ring_s", 0)))),
                      "CC-Agent-Answered-Time": int(ts)})
            out.append(cc_event("bridge-agent-start", ts, h))
        elif t == "call.ended" and call in self.members:
            if not self.members[call]["answered"]:
                return self._cancel(ts, call, "BREAK_OUT")  # hung up while waiting
            out += self._bridge_over(ts, call)
        elif t == "call.abandoned":
            out += self._cancel(ts, call, "BREAK_OUT")
        elif t == "call.left":
            reason = e.get("reason")
            out += self._cancel(ts, call, LEFT.get(reason, "BREAK_OUT"), up=reason not in LEFT,
                                key=e.get("key"))
        elif t == "agent.ring_missed":
            ring = float(e.get("ring_s", 15))
            h = {"CC-Queue": e.get("queue"), "CC-Agent": e["agent"], "CC-Member-UUID": call,
                 "CC-Hangup-Cause": "NO_ANSWER", "CC-Agent-Called-Time": int(round(ts - ring)),
                 "CC-Agent-Aborted-Time": int(round(ts))}
            out.append(cc_event("bridge-agent-fail", ts, h))
        return out


def read_events(f):
    for line in f:
        line = line.strip()
        if line:
            try:
                yield json.loads(line)
            except ValueError:
                print("fake-freeswitch: not JSON, skipped: %s" % line[:80], file=sys.stderr)


def write(path, source, wrap):
    events = list(read_events(source))
    world = World(wrap)
    # The lists at connect: every agent with its tiers, logged out, before the day's events.
    for e in events:
        if e.get("type") == "agent.state" and e.get("queues"):
            world.agent(e["agent"])["queues"] = list(e["queues"])
    lists = world.lists()
    with open(path, "wb") as out:
        out.write(frame("auth/request"))
        out.write(frame("command/reply", extra=[("Reply-Text", "+OK accepted")]))
        for name in ("queue list", "tier list", "agent list", "queue list members"):
            out.write(lists[name])
        for e in events:
            for f in world.turn(e):
                out.write(f)


def serve(host_port, password, source, wrap):
    host, port = host_port.rsplit(":", 1)
    world = World(wrap)
    clients, lock = [], threading.Lock()

    def feed():
        for e in read_events(source):
            frames = world.turn(e)
            with lock:
                for c in list(clients):
                    try:
                        c.sendall(b"".join(frames))
                    except OSError:
                        clients.remove(c)

    def session(conn):
        conn.sendall(frame("auth/request"))
        buf, authed = b"", False
        while True:
            while b"\n\n" not in buf:
                more = conn.recv(4096)
                if not more:
                    return
                buf += more
            cmd, buf = buf.split(b"\n\n", 1)
            cmd = cmd.decode(errors="replace").strip()
            if not authed:
                authed = cmd == "auth " + password
                conn.sendall(frame("command/reply", extra=[
                    ("Reply-Text", "+OK accepted" if authed else "-ERR invalid")]))
                if not authed:
                    return
            elif cmd.startswith("event "):
                conn.sendall(frame("command/reply",
                                   extra=[("Reply-Text", "+OK event listener enabled plain")]))
                with lock:
                    clients.append(conn)
            elif cmd.startswith("api callcenter_config "):
                reply = world.lists().get(cmd[len("api callcenter_config "):])
                with lock:
                    conn.sendall(reply or frame("api/response", b"-ERR Invalid!\n"))
            elif cmd.startswith("api "):
                with lock:
                    conn.sendall(frame("api/response", b"UP 0 years, 0 days (fake-freeswitch)\n"))

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, int(port)))
    sock.listen(8)
    print("fake-freeswitch: event socket on %s" % host_port, file=sys.stderr, flush=True)
    threading.Thread(target=feed, daemon=True).start()
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=lambda c=conn: (session(c), c.close()), daemon=True).start()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--write", metavar="FILE", help="write a recording of the day and stop")
    p.add_argument("--listen", metavar="HOST:PORT", help="serve an event socket")
    p.add_argument("--password", default="ClueCon")
    p.add_argument("--wrap-up-time", type=int, default=0,
                   help="every agent's wrap_up_time in the agent list (seconds)")
    p.add_argument("input", nargs="?", help="JSON lines (default: standard input)")
    a = p.parse_args()
    source = open(a.input, encoding="utf-8") if a.input else sys.stdin
    if a.write:
        write(a.write, source, a.wrap_up_time)
    elif a.listen:
        serve(a.listen, a.password, source, a.wrap_up_time)
    else:
        p.error("--write FILE or --listen HOST:PORT")


if __name__ == "__main__":
    main()
