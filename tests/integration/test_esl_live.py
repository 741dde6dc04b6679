# SPDX-License-Identifier: MIT
"""The live FreeSWITCH client (--freeswitch) against a fake event socket on loopback that speaks
mod_event_socket's inbound protocol with hand-written sessions: auth accepted and refused, the
callcenter_config lists at connect, a frame split across TCP reads, garbage between frames, an
unknown CC-Action, the link dropped in the middle of an event, and the server back with a changed
world, which the resync must fix: no phantom caller or agent survives; and the hand-written day
of test_esl.py (esl_day.py: every way out, every agent status and state) played live, giving
the figures worked out there. Credentials readable by others are refused at start."""
import json
import os
import socket
import subprocess
import threading
import time

from esl_day import session
from esl_frames import agents_list, cc, frame, members_list, queues_list, tiers_list
from wbtest import BIN, check, tempdir

S = "support@default"
A1, A2 = "1001@default", "1002@default"
NOW = time.time()


def world1():
    """At the first connection: 1001 and 1002 in support; m1 waiting for 30 s, m2 talking to
    1001 since 20 s."""
    j = int(NOW - 30)
    return {"queue list": queues_list([S]),
            "tier list": tiers_list([(S, A1), (S, A2)]),
            "agent list": agents_list({A1: ("Available", "In a queue call", 0),
                                       A2: ("Available", "Waiting", 0)}),
            "queue list members": members_list([
                (S, "m1", "m1-leg", "13912345678", j, "Waiting", "", 0),
                (S, "m2", "m2-leg", "13912345679", j, "Answered", A1, int(NOW - 20))])}


def world2():
    """After the restart: 1002 deleted; m1 left and m2's call ended while the link was down; m3
    (joined during the first session) still waits, m4 is new."""
    j = int(NOW)
    return {"queue list": queues_list([S]),
            "tier list": tiers_list([(S, A1)]),
            "agent list": agents_list({A1: ("Available", "Waiting", 0)}),
            "queue list members": members_list([
                (S, "m3", "m3-leg", "13912345670", j, "Waiting", "", 0),
                (S, "m4", "m4-leg", "13912345671", j, "Waiting", "", 0)])}


class FakeFreeSwitch(threading.Thread):
    """Serves connections one after another; the first session plays `first` then drops the link
    in the middle of an event, later ones serve world2 and answer pings."""

    def __init__(self, password, day=None):
        super().__init__(daemon=True)
        self.password = password
        self.day = day  # a hand-written session to play instead (esl_day.py)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.sessions = 0
        self.commands = []

    def read_command(self, conn, buf):
        while b"\n\n" not in buf:
            more = conn.recv(4096)
            if not more:
                return None, buf
            buf += more
        cmd, rest = buf.split(b"\n\n", 1)
        self.commands.append(cmd.decode())
        return cmd.decode(), rest

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.sessions += 1
            try:
                self.session(conn)
            except OSError:
                pass
            conn.close()

    def session(self, conn):
        conn.sendall(frame("auth/request"))
        cmd, buf = self.read_command(conn, b"")
        if cmd != "auth " + self.password:
            conn.sendall(frame("command/reply", extra=[("Reply-Text", "-ERR invalid")]))
            conn.sendall(frame("text/disconnect-notice", b"Disconnected, goodbye.\n"))
            return
        conn.sendall(frame("command/reply", extra=[("Reply-Text", "+OK accepted")]))
        world = world1() if self.sessions == 1 else world2()
        if self.day:
            # The session's own lists (its frames at T - 1 after the handshake), in the order
            # the collector asks for them.
            lists = [f for t, f in self.day if b"api/response" in f[:200]]
            world = dict(zip(["queue list", "tier list", "agent list", "queue list members"],
                             lists))
        conn.settimeout(0.5)
        sent_events = False
        while True:
            try:
                cmd, buf = self.read_command(conn, buf)
            except socket.timeout:
                cmd = ""
            if cmd is None:
                return
            if cmd.startswith("event plain"):
                conn.sendall(frame("command/reply",
                                   extra=[("Reply-Text", "+OK event listener enabled plain")]))
            elif cmd.startswith("api callcenter_config "):
                conn.sendall(world[cmd[len("api callcenter_config "):]])
            elif cmd == "api status":
                conn.sendall(frame("api/response", b"UP 0 years, 0 days, 1 hour\n"))
            if not sent_events and any(c.endswith("queue list members") for c in self.commands):
                sent_events = True
                if self.day:  # every event of the session at once, then pings answered
                    conn.sendall(b"".join(f for t, f in self.day
                                          if b"text/event-plain" in f[:200] or
                                          not f.startswith(b"Content")))
                elif self.sessions == 1:
                    self.first_events(conn)
                    return

    def first_events(self, conn):
        join = cc("member-queue-start", NOW, CC_Queue=S, CC_Member_UUID="m3",
                  CC_Member_Session_UUID="m3-leg", CC_Member_CID_Number="13912345670")
        conn.sendall(join[:40])  # a frame split across TCP reads
        time.sleep(0.3)
        conn.sendall(join[40:])
        conn.sendall(b"\x00\xff not a header\n\n")  # garbage a broken proxy might send
        conn.sendall(cc("queue-flush", NOW, CC_Queue=S))  # a CC-Action nobody knows
        time.sleep(0.3)
        half = cc("agent-status-change", NOW, CC_Agent=A1, CC_Agent_Status="On Break")
        conn.sendall(half[: len(half) // 2])  # and the link gone in the middle of an event
        time.sleep(0.2)


d = tempdir()
creds = os.path.join(d, "freeswitch.json")
with open(creds, "w") as f:
    json.dump({"password": "ClueCon-s3cret"}, f)


def collector(port, seconds):
    return subprocess.run([os.path.join(BIN, "wb-collector"), "--freeswitch",
                           "127.0.0.1:%d" % port, "--freeswitch-credentials", creds,
                           "--run-for", str(seconds), "--print-state", "--rejects", "",
                           "--time-zone", "UTC",
                           # a withdrawal counts once 2 s pass without the caller back in a queue
                           "--requeue-window", "2",
                           "--pull", "ipc://%s/p" % d, "--pub", "ipc://%s/b" % d,
                           "--rep", "ipc://%s/r" % d],
                          capture_output=True, text=True, timeout=60)


os.chmod(creds, 0o644)
r = collector(1, 1)
check(r.returncode != 0 and "chmod 600" in r.stderr,
      "credentials readable by others are refused: " + r.stderr.strip().splitlines()[-1][:100])
os.chmod(creds, 0o600)

server = FakeFreeSwitch("ClueCon-s3cret")
server.start()
r = collector(server.port, 6)
state = json.loads(r.stdout)
q = state["queues"][S]
check(server.sessions >= 2, "the collector came back after the drop (%d sessions)"
      % server.sessions)
check(server.commands[:2] == ["auth ClueCon-s3cret",
                              "event plain CHANNEL_HANGUP_COMPLETE CUSTOM callcenter::info"],
      "auth, then the events it needs: %s" % server.commands[:2])
# By hand: m1 (listed waiting at connect) and m2 (listed answered) came from the first resync,
# m3 from the split event; after the restart m1 is gone (withdrawn), m2's call ended, m4 is new.
# Waiting now: m3, m4. Offered m1 m2 m3 m4; answered m2.
check((q["waiting"], q["offered"], q["answered"]) == (2, 4, 1),
      "support after the resync: waiting 2, offered 4, answered 1 (%s)"
      % {k: q[k] for k in ("waiting", "offered", "answered")})
check(q["today"]["withdrawn"] == 1, "m1, gone while the link was down, withdrawn (%s)" % q["today"])
ag = state["agents"]
check(ag[A2]["state"] == "logged_out", "1002, no longer listed, logged out")
check(ag[A1]["state"] == "available", "1001 free, as the second agent list says (%s)"
      % ag[A1]["state"])
src = state["sources"]["freeswitch 127.0.0.1:%d" % server.port]
check(src["up"] and src["errors"] >= 1, "the source is up again, the drop counted: %s" % src)
check("authenticated" in r.stderr and "CC-Action \"queue-flush\"" in r.stderr,
      "authentication and the unknown CC-Action said in the log")
check("1 caller(s) gone while the link was down withdrawn, 1 call(s) ended" in r.stderr and
      "1 agent(s) FreeSWITCH no longer lists: logged out" in r.stderr,
      "the resync's corrections counted and said")

# The hand-written session of the replay test (esl_day.py), played live through the socket,
# ending 30 s ago: the same figures as test_esl.py works out by hand: support offered 6,
# answered 2, abandoned 1, timeout 1, exit by key 1, transferred 1, missed rings 1; sales's
# caller an empty-queue exit; 1002 on break for "no answer", 1003 logged out.
if time.time() % 86400 < 440:  # the session must lie in one (UTC) day: wait for it
    time.sleep(440 - time.time() % 86400)
T = int(time.time()) - 430
server = FakeFreeSwitch("ClueCon-s3cret", day=session(T))
server.start()
r = collector(server.port, 3)
state = json.loads(r.stdout)
sup, sal = state["queues"]["support@default"]["today"], state["queues"]["sales@default"]["today"]
check((sup["offered"], sup["answered"], sup["abandoned"], sup["timed_out"], sup["exited_key"],
       sup["transferred_out"], sup["missed_rings"], sup["asa_s"], sup["avg_talk_s"]) ==
      (6, 2, 1, 1, 1, 1, 1, 14, 45), "the session live gives the replay's figures: %s"
      % {k: sup[k] for k in ("offered", "answered", "abandoned", "timed_out", "exited_key",
                              "transferred_out", "missed_rings", "asa_s", "avg_talk_s")})
check((sal["offered"], sal["exited_empty"]) == (1, 1),
      "sales: the empty-queue exit")
ag = state["agents"]
check((ag["1002@default"]["state"], ag["1002@default"]["reason"], ag["1003@default"]["state"]) ==
      ("not_ready", "no answer", "logged_out"), "1002 on break (no answer), 1003 logged out")

# A refused password: said in words, and retried no more than once a minute.
server = FakeFreeSwitch("another password")
server.start()
r = collector(server.port, 3)
state = json.loads(r.stdout)
check("password refused" in r.stderr and "event_socket.conf" in r.stderr,
      "a refused password is explained: "
      + next((l for l in r.stderr.splitlines() if "password refused" in l), "")[:160])
check(server.sessions == 1, "no tight loop: %d login attempt(s) in 3 s" % server.sessions)
check(not state["sources"]["freeswitch 127.0.0.1:%d" % server.port]["up"], "the source is down")
print("1 passed, 0 failed")
