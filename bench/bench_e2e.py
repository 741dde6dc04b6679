#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_e2e: the whole path on loopback, measured. Starts wb-collector and a headless
wallboard (1080p), loads a 500-agent, 20-queue centre, then pushes events at a steady rate
through nng. Every 20th event is a probe: an agent.state whose name carries its send time;
the wallboard's status line says when the frame showing it was finished. Prints event-to-frame
latency (p50, p99), the wallboard's CPU while the state is still, and both processes' peak RSS.
Figures only; it never fails.
Usage: bench/bench_e2e.py [BUILD_BIN_DIR] [SECONDS] [RATE] [AGENTS] [STILL_SECONDS] [SCREEN]
SCREEN: 1080p (floor-1080p's agent page, the default) or 4k (wall-4k's first page)."""
import json
import os
import random
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE, "build", "bin")
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 20
RATE = float(sys.argv[3]) if len(sys.argv) > 3 else 1000
AGENTS = int(sys.argv[4]) if len(sys.argv) > 4 else 500
STILL_SECONDS = float(sys.argv[5]) if len(sys.argv) > 5 else 10
SCREEN = sys.argv[6] if len(sys.argv) > 6 else "1080p"
SIZE, LAYOUT, PAGE = {"1080p": ("1920x1080", "floor-1080p.json", "1"),
                      "4k": ("3840x2160", "wall-4k.json", "0")}[SCREEN]
QUEUES, PROBE_EVERY = 20, 20
STATES = ["available", "ringing", "on_call", "wrap_up", "not_ready"]


def proc_stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime, seconds


def peak_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def wait_listening(port, seconds=30):
    """Until something accepts on 127.0.0.1:port: the collector loads friso's dictionary before
    it listens, which on a loaded machine took longer than a fixed pause (wb-push then found
    nothing to dial and exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("bench_e2e: the collector does not listen on port %d" % port)


def main():
    children = []
    try:
        run(children)
    finally:  # never leave a process behind holding our output open
        for p in children:
            p.kill()
            p.wait()


def run(children):
    d = tempfile.mkdtemp(prefix="wb-bench-")
    port = random.randint(20000, 40000)
    pull, pub, rep = ("tcp://127.0.0.1:%d" % (port + i) for i in range(3))
    col = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--pull", pull, "--pub", pub,
                            "--rep", rep, "--rejects", ""] +
                           os.environ.get("WB_BENCH_COLLECTOR_ARGS", "").split(),
                           stderr=subprocess.DEVNULL)
    children.append(col)
    for p in (port, port + 1, port + 2):
        wait_listening(p)
    wb = subprocess.Popen([os.path.join(BIN, "wallboard"), "--headless", "--size", SIZE,
                           "--layout", os.path.join(SOURCE, "layouts", LAYOUT),
                           "--page", PAGE, "--data-dir", SOURCE, "--collector-pub", pub,
                           "--collector-rep", rep, "--report", "--probe-agent", "probe"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                          env=dict(os.environ, **json.loads(os.environ.get("WB_BENCH_ENV", "{}"))))
    children.append(wb)
    push = subprocess.Popen([os.path.join(BIN, "wb-push"), pull], stdin=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    children.insert(0, push)
    frames = []  # (t_ns, probe seq)
    shown = [0]  # agents on the wallboard's last frame

    def read_frames():
        for line in wb.stdout:
            f = dict(kv.split("=", 1) for kv in line.split()[2:] if "=" in kv)
            shown[0] = int(f.get("agents", "0"))
            p = f.get("probe", "-")
            if p.startswith("p") and ":" in p:
                frames.append((int(f["t_ns"]), int(p[1:].split(":")[0])))
    threading.Thread(target=read_frames, daemon=True).start()

    def send(ev):
        push.stdin.write(json.dumps(ev, ensure_ascii=False) + "\n")

    now = time.time()
    for a in range(AGENTS):  # the roster
        send({"type": "agent.state", "ts": now, "agent": "a%d" % a, "state": "available",
              "name": "坐席%d" % a, "queues": ["q%d" % (a % QUEUES), "q%d" % ((a + 1) % QUEUES)]})
    push.stdin.flush()
    # Until the screen has the whole roster: the measured stretch starts with a settled board,
    # not behind the roster's backlog (10,000 agents take seconds to arrive).
    deadline = time.monotonic() + 120
    while shown[0] < AGENTS and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)

    sent = {}  # probe seq -> send ns
    n, seq, call = 0, 0, 0
    start = time.monotonic()
    while time.monotonic() - start < SECONDS:
        due = start + n / RATE
        delay = due - time.monotonic()
        if delay > 0:
            push.stdin.flush()
            time.sleep(delay)
        n += 1
        ts = time.time()
        if n % PROBE_EVERY == 0:
            seq += 1
            t = time.monotonic_ns()
            sent[seq] = t
            send({"type": "agent.state", "ts": ts, "agent": "probe", "state": "available",
                  "name": "p%d:%d" % (seq, t)})
            continue
        kind = n % 4
        if kind == 0:
            call += 1
            send({"type": "call.enqueued", "ts": ts, "call": "c%d" % call,
                  "queue": "q%d" % (call % QUEUES), "region": "CN-GD"})
        elif kind == 1 and call > 5:
            send({"type": "call.answered", "ts": ts, "call": "c%d" % (call - 5),
                  "agent": "a%d" % (call % AGENTS)})
        elif kind == 2 and call > 20:
            send({"type": "call.ended", "ts": ts, "call": "c%d" % (call - 20)})
        else:
            send({"type": "agent.state", "ts": ts, "agent": "a%d" % random.randrange(AGENTS),
                  "state": random.choice(STATES)})
    push.stdin.flush()
    elapsed = time.monotonic() - start
    time.sleep(1.5)

    # Latency: each probe is on screen in the first frame showing it or a later probe.
    lat = []
    fi = 0
    frames.sort()
    for s in sorted(sent):
        while fi < len(frames) and frames[fi][1] < s:
            fi += 1
        if fi < len(frames):
            lat.append((frames[fi][0] - sent[s]) / 1e6)
    lat.sort()

    # Stillness: no events; the collector's heartbeat and the clock remain.
    time.sleep(2)
    c0, t0 = proc_stat(wb.pid), time.monotonic()
    time.sleep(STILL_SECONDS)
    still_cpu = (proc_stat(wb.pid) - c0) / (time.monotonic() - t0) * 100

    print("events pushed: %d in %.1f s (%.0f/s), %d agents, %d queues" %
          (n, elapsed, n / elapsed, AGENTS, QUEUES))
    if lat:
        print("event to finished frame: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d of %d probes seen)"
              % (lat[len(lat) // 2], lat[int(len(lat) * 0.99)], lat[-1], len(lat), len(sent)))
    else:
        print("event to finished frame: no probe reached the screen")
    print("wallboard CPU with the state still: %.2f %% of one core" % still_cpu)
    print("peak RSS: wallboard %.1f MB (%s), wb-collector %.1f MB" %
          (peak_rss_mb(wb.pid), SCREEN, peak_rss_mb(col.pid)))


if __name__ == "__main__":
    main()
