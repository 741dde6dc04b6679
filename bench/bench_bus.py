#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_bus: events through NATS JetStream, measured on loopback. Publishes a simulated busy
stream with wb-push --nats (one event acknowledged before the next: the order-keeping publisher
of docs/bus.md) into one nats-server and into a three-node cluster with three replicas, then
times a collector with a durable consumer and a journal taking the whole stream (events/s
from the first to the last event journaled). Figures only; it never fails.
Usage: bench/bench_bus.py [BUILD_BIN_DIR] [EVENTS]"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
from wbtest import free_ports, journaled_lines  # noqa: E402  (the tests' helpers)

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE, "build", "bin")
EVENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
d = tempfile.mkdtemp(prefix="wb-bench-bus-")
procs = []



def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def start_cluster(name, size):
    ports = free_ports(2 * size)
    client, route = ports[:size], ports[size:]
    for i in range(size):
        conf = os.path.join(d, "%s%d.conf" % (name, i))
        text = "server_name: %s%d\nlisten: 127.0.0.1:%d\njetstream { store_dir: \"%s\" }\n" % (
            name, i, client[i], os.path.join(d, "%s-store%d" % (name, i)))
        if size > 1:
            routes = ", ".join("nats-route://127.0.0.1:%d" % p for k, p in enumerate(route)
                               if k != i)
            text += "cluster { name: %s, listen: 127.0.0.1:%d, routes: [%s] }\n" % (
                name, route[i], routes)
        open(conf, "w").write(text)
        procs.append(subprocess.Popen(["nats-server", "-c", conf], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    for p in client:
        wait_port(p)
    return ",".join("nats://127.0.0.1:%d" % p for p in client)


def make_stream(replicas, url, stream):
    """The stream, made by a collector (as in production) that stops at once."""
    subprocess.run([os.path.join(BIN, "wb-collector"), "--nats", url, "--nats-stream", stream,
                    "--nats-replicas", str(replicas), "--run-for", "8", "--rejects", "",
                    "--pull", "ipc://%s/mk-p" % d, "--pub", "ipc://%s/mk-b" % d,
                    "--rep", "ipc://%s/mk-r" % d], capture_output=True, timeout=60)


def run(name, size):
    url = start_cluster(name, size)
    stream = name.upper()
    make_stream(size, url, stream)
    t0 = time.monotonic()
    r = subprocess.run([os.path.join(BIN, "wb-push"), "--nats", url, "--subject",
                        "cc.%s.sim" % name, "--msg-id-prefix", name, events], capture_output=True,
                       text=True, timeout=3600)
    pub_s = time.monotonic() - t0
    if r.returncode != 0:
        print("%s: wb-push failed: %s" % (name, r.stderr[-300:]))
        return
    j = os.path.join(d, name + "-journal")
    c = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--nats", url, "--nats-stream",
                          stream, "--nats-durable", "bench", "--journal", j, "--rejects", "",
                          "--pull", "ipc://%s/%s-p" % (d, name), "--pub",
                          "ipc://%s/%s-b" % (d, name), "--rep", "ipc://%s/%s-r" % (d, name)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(c)
    t0 = time.monotonic()
    first = None
    while time.monotonic() - t0 < 600:
        n = journaled_lines(j)
        if n and first is None:
            first = (time.monotonic(), n)
        if n >= EVENTS:
            break
        time.sleep(0.05)
    t1 = time.monotonic()
    c.terminate()
    c.wait()
    took = t1 - first[0] if first else float("nan")
    print("%-28s publish (each acknowledged): %7.0f events/s   consume into the journal: "
          "%7.0f events/s" % ("%s (%d node%s, R%d)" % (name, size, "s" if size > 1 else "",
                                                        size),
                              EVENTS / pub_s, (EVENTS - first[1]) / took if first else 0))


if shutil.which("nats-server") is None:
    sys.exit("bench_bus: nats-server is not installed")
events = os.path.join(d, "events.jsonl")
with open(events, "w") as out:
    gen = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--simulate", "--seed", "3",
                            "--agents", "300", "--calls-per-minute", "400", "--warmup", "7200",
                            "--run-for", "0.1", "--print-events", "--rejects", "",
                            "--pull", "ipc://%s/g-p" % d, "--pub", "ipc://%s/g-b" % d,
                            "--rep", "ipc://%s/g-r" % d], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    for k, line in enumerate(gen.stdout):
        if k >= EVENTS:
            break
        out.write(line)
    gen.kill()
    gen.wait()
print("bench_bus: %d simulated events, loopback, this machine (%d cores)" % (EVENTS,
                                                                           os.cpu_count()))
try:
    run("single", 1)
    run("cluster", 3)
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(d, ignore_errors=True)
