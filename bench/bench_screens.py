#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_screens: a big centre across the NATS hop to many screens. Starts a JetStream
nats-server and a collector reading the stream (--nats), loads 10,000 agents in 50 queues
through the stream, subscribes SCREENS screens (bench-screens: the wallboard's own feed, state
kept current, no drawing), then publishes RATE events/s into the stream for SECONDS with
wb-push --nats: agent state changes and calls (up to 300 waiting, then the oldest hangs up),
every 25th event a probe carrying its send time. Prints event-to-screen latency on the whole
screens (state updated; p50, p99 per screen), delivery latency on every counting screen (the
delta in its socket; p99 per screen) and bytes per screen per second, snapshots apart from
deltas; with the collector's default snapshot interval, then with 10 s.
Figures only; it never fails.
The screens share this machine's cores, so WHOLE of them keep the state as the wallboard does
(latency is measured there) and the others subscribe and count bytes: the collector and the
network serve them all the same.
Usage: bench/bench_screens.py [BUILD_BIN_DIR] [SCREENS] [SECONDS] [RATE] [AGENTS] [WHOLE]
[default]"""
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
from wbtest import free_ports  # noqa: E402  (the tests' helper: ports nothing listens on)

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE, "build", "bin")
SCREENS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 20
RATE = float(sys.argv[4]) if len(sys.argv) > 4 else 500
AGENTS = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
WHOLE = int(sys.argv[6]) if len(sys.argv) > 6 else 8  # screens that keep the state; the rest count
# "default" runs only the collector's default snapshot interval (bench/check's shortened run)
INTERVALS = (None,) if len(sys.argv) > 7 and sys.argv[7] == "default" else (None, 10)
QUEUES, PROBE_EVERY = 50, 25
WAITING = 300  # calls waiting at once: past it the oldest hangs up
STATES = ["available", "on_call", "wrap_up", "not_ready"]



def agent_event(i, state, name=None):
    e = {"type": "agent.state", "ts": time.time(), "agent": "a%05d" % i, "state": state,
         "queues": ["q%02d" % (i % QUEUES), "q%02d" % ((i * 7) % QUEUES)], "team": "t%d" % (i % 40)}
    if name:
        e["name"] = name
    return e


def run(snapshot_interval):
    d = tempfile.mkdtemp(prefix="wb-bench-screens-")
    nats_port, pub_port, rep_port = free_ports(3)
    url = "nats://127.0.0.1:%d" % nats_port
    procs = []
    try:
        procs.append(subprocess.Popen(["nats-server", "-js", "-a", "127.0.0.1", "-p",
                                       str(nats_port), "-sd", os.path.join(d, "js")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.5)
        pub, rep = "tcp://127.0.0.1:%d" % pub_port, "tcp://127.0.0.1:%d" % rep_port
        col = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--nats", url,
                                "--nats-stream", "BENCH", "--nats-subject", "cc.>",
                                "--pull", "ipc://%s/pull" % d, "--pub", pub, "--rep", rep,
                                "--rejects", ""] +
                               (["--snapshot-interval", str(snapshot_interval)]
                                if snapshot_interval else []),
                               stderr=subprocess.DEVNULL)
        procs.append(col)
        time.sleep(1.0)
        load = os.path.join(d, "agents.jsonl")
        with open(load, "w") as f:
            for i in range(AGENTS):
                f.write(json.dumps(agent_event(i, "available", "Agent %d" % i)) + "\n")
        subprocess.run([os.path.join(BIN, "wb-push"), "--nats", url, "--subject",
                        "cc.bench.load", load], check=True, stderr=subprocess.DEVNULL)
        time.sleep(2.0)
        screens = subprocess.Popen([os.path.join(BIN, "bench-screens"), pub, rep, str(SCREENS),
                                    str(SECONDS), str(WHOLE)], stdout=subprocess.PIPE, text=True,
                                   bufsize=1)
        procs.append(screens)
        ready = screens.stdout.readline().strip()
        push = subprocess.Popen([os.path.join(BIN, "wb-push"), "--nats", url, "--subject",
                                 "cc.bench.pbx"], stdin=subprocess.PIPE, text=True, bufsize=1,
                                stderr=subprocess.DEVNULL)
        procs.append(push)
        rng = random.Random(7)
        sent, start = 0, time.monotonic()
        calls, waiting = 0, collections.deque()
        while time.monotonic() - start < SECONDS + 1:
            due = int((time.monotonic() - start) * RATE)
            while sent < due:
                sent += 1
                if sent % PROBE_EVERY == 0:
                    e = agent_event(0, "available", "probe:%d" % time.time_ns())
                    e["agent"] = "probe"
                elif sent % 3 == 0 and len(waiting) >= WAITING:  # a busy floor: calls leave
                    e = {"type": "call.abandoned", "ts": time.time(), "call": waiting.popleft()}
                elif sent % 3 == 0:
                    calls += 1
                    waiting.append("c%d" % calls)
                    e = {"type": "call.enqueued", "ts": time.time(), "call": "c%d" % calls,
                         "queue": "q%02d" % (calls % QUEUES)}
                else:
                    e = agent_event(rng.randrange(AGENTS), rng.choice(STATES))
                push.stdin.write(json.dumps(e) + "\n")
            time.sleep(0.002)
        out = screens.stdout.read()
        screens.wait(timeout=120)
        push.stdin.close()
        push.wait(timeout=60)
        print("snapshot every %s: %s; %d events sent at %d/s"
              % ("%d s" % snapshot_interval if snapshot_interval else "(default: by size)", ready,
                 sent, RATE))
        print(out.rstrip())
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    print("bench_screens: %d agents, %d queues, %d screens (%d whole), %g s at %g events/s, "
          "probe every %d" % (AGENTS, QUEUES, SCREENS, WHOLE, SECONDS, RATE, PROBE_EVERY))
    for interval in INTERVALS:
        run(interval)
