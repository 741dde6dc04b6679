# SPDX-License-Identifier: MIT
"""The live AMI client against a test Asterisk on loopback that plays the real FreePBX capture
(../shared/data/ami/pyfreepbx/queue.txt): login, QueueStatus, garbage in the stream, the event
stream cut in the middle of a message (the collector reconnects and loses nothing), a refused
secret (said, retried slowly, no tight loop), and credentials readable by others (refused at
start)."""
import json
import os
import socket
import subprocess
import sys
import threading

from wbtest import BIN, SHARED, SKIP, check, tempdir

capture = os.path.join(SHARED, "ami", "pyfreepbx", "queue.txt")
if not os.path.exists(capture):
    print("skipped: %s is absent" % capture)
    sys.exit(SKIP)
blocks = [b + b"\r\n\r\n" for b in open(capture, "rb").read().split(b"\r\n\r\n")
          if b.startswith(b"Event:")]


class FakeAsterisk(threading.Thread):
    """Serves connections one after another: banner, Login, QueueStatus, then the capture's
    events; the first session is cut in the middle of message `cut`."""

    def __init__(self, secret, cut=None):
        super().__init__(daemon=True)
        self.secret, self.cut = secret, cut
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.sessions = 0
        self.sent_upto = 0

    def read_action(self, conn, buf):
        while b"\r\n\r\n" not in buf:
            more = conn.recv(4096)
            if not more:
                return None, buf
            buf += more
        action, rest = buf.split(b"\r\n\r\n", 1)
        return dict(l.split(": ", 1) for l in action.decode().split("\r\n") if ": " in l), rest

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
        conn.sendall(b"Asterisk Call Manager/5.0.5\r\n")
        login, buf = self.read_action(conn, b"")
        if login is None:
            return
        if login.get("Secret") != self.secret:
            conn.sendall(b"Response: Error\r\nMessage: Authentication failed\r\n\r\n")
            return
        conn.sendall(b"Response: Success\r\nMessage: Authentication accepted\r\n\r\n")
        status, buf = self.read_action(conn, buf)
        conn.sendall(b"Response: Success\r\nEventList: start\r\n\r\n"
                     b"Event: QueueMember\r\nQueue: 88\r\nName: Ext 7006\r\n"
                     b"Location: Local/7006@from-queue/n\r\nStatus: 1\r\nPaused: 0\r\n\r\n"
                     b"Event: QueueStatusComplete\r\n\r\n"
                     # Garbage a broken proxy might send: no header, binary, a lone colon.
                     b"\x00\xff\xfe garbage\r\nnot a header\r\n:\r\n\r\n")
        start = self.sent_upto
        for i in range(start, len(blocks)):
            if self.cut is not None and self.sessions == 1 and i == self.cut:
                conn.sendall(blocks[i][: len(blocks[i]) // 2])  # half a message, then gone
                return
            conn.sendall(blocks[i])
            self.sent_upto = i + 1
        conn.settimeout(0.5)
        while True:  # answer pings until the collector leaves
            try:
                data = conn.recv(4096)
            except socket.timeout:
                continue
            if not data:
                return
            if b"Action: Ping" in data:
                conn.sendall(b"Response: Success\r\nPing: Pong\r\n\r\n")


d = tempdir()
creds = os.path.join(d, "ami.json")
with open(creds, "w") as f:
    json.dump({"username": "wallboard", "secret": "s3cret"}, f)


def collector(port, seconds, creds_path=creds):
    return subprocess.run([os.path.join(BIN, "wb-collector"), "--ami", "127.0.0.1:%d" % port,
                           "--ami-credentials", creds_path, "--run-for", str(seconds),
                           "--print-state", "--rejects", "", "--pull", "ipc://%s/p" % d,
                           "--pub", "ipc://%s/b" % d, "--rep", "ipc://%s/r" % d],
                          capture_output=True, text=True, timeout=60)


os.chmod(creds, 0o644)
r = collector(1, 1)
check(r.returncode != 0 and "chmod 600" in r.stderr,
      "credentials readable by others are refused: " + r.stderr.strip().splitlines()[-1][:100])
os.chmod(creds, 0o600)

# The stream cut in the middle of the AgentConnect message: the collector reconnects, logs in,
# and the rest arrives. By hand (as for the replay): queue 88 offered 1, answered after 28 s,
# talk 12 s; Ext 7006 free at the end.
connect = next(i for i, b in enumerate(blocks) if b.startswith(b"Event: AgentConnect"))
server = FakeAsterisk("s3cret", cut=connect)
server.start()
r = collector(server.port, 5)
state = json.loads(r.stdout)
q = state["queues"]["88"]
check(server.sessions >= 2, "the collector came back after the cut (%d sessions)" % server.sessions)
check((q["offered"], q["answered"], q["waiting"]) == (1, 1, 0), "queue 88: offered 1, answered 1")
check((q["today"]["asa_s"], q["today"]["avg_talk_s"]) == (28, 12), "AMI's HoldTime and TalkTime")
src = state["sources"]["ami 127.0.0.1:%d" % server.port]
check(src["up"] and src["errors"] >= 1 and src["last_event"] is not None,
      "the source is up again, the drop counted, its last event dated")
check(state["agents"]["Local/7006@from-queue/n"]["state"] == "available",
      "the member ends free")
check("logged in as wallboard" in r.stderr, "login said in the log")

# A refused secret: said in words, and retried no more than once a minute.
server = FakeAsterisk("another secret")
server.start()
r = collector(server.port, 3)
state = json.loads(r.stdout)
check("refused" in r.stderr and "check the secret" in r.stderr, "a refused login is explained")
check(server.sessions == 1, "no tight loop: %d login attempt(s) in 3 s" % server.sessions)
check(not state["sources"]["ami 127.0.0.1:%d" % server.port]["up"], "the source shows down")
print("1 passed, 0 failed")
