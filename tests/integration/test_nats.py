# SPDX-License-Identifier: MIT
"""NATS JetStream as the event bus: a collector with a durable consumer counts every event of a
busy stream exactly once although it is killed (SIGKILL) in the middle and started again; bad
messages are rejected with their stream sequence and not delivered again; a second publish of
the same lines (same Nats-Msg-Id) counts nothing; a collector started before the NATS server
waits, says the source is down, and reads everything once the server is up."""
import json
import os
import shutil
import signal
import socket
import subprocess
import time

from wbtest import (BIN, SKIP, check, collector, fail, free_ports, journaled_lines,
                    read_stderr_until, simulated_events, stop_all, tempdir)

if shutil.which("nats-server") is None:
    print("SKIP: nats-server is not installed (scripts/install-deps installs it)")
    raise SystemExit(SKIP)

d = tempdir()
exe = os.path.join(BIN, "wb-collector")
push_exe = os.path.join(BIN, "wb-push")



port = free_ports(1)[0]
url = "nats://127.0.0.1:%d" % port
servers = []


def start_nats():
    p = subprocess.Popen(["nats-server", "-js", "-a", "127.0.0.1", "-p", str(port),
                          "-sd", os.path.join(d, "nats")],
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "nats.log"), "a"))
    servers.append(p)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p
        except OSError:
            time.sleep(0.05)
    fail("nats-server did not start (see %s/nats.log)" % d)


def stop_nats():
    for p in servers:
        if p.poll() is None:
            p.kill()
            p.wait()


def push(path, subject, prefix=None):
    cmd = [push_exe, "--nats", url, "--subject", subject]
    if prefix:
        cmd += ["--msg-id-prefix", prefix]
    r = subprocess.run(cmd + [path], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail("wb-push into NATS failed: " + r.stderr[-500:])


def totals(state):
    """What a day's figures depend on: the counters and the site's day (and the day before,
    should the stream cross midnight)."""
    site = state["site"]
    keys = ("offered", "answered", "abandoned", "answered_in_sl", "transfers", "handled")
    day = {k: site["today"][k] + site["yesterday"][k] for k in keys}
    return state["collector"]["accepted"], day


# A busy hour of 200 agents, as the simulator writes it.
stream = os.path.join(d, "busy.jsonl")
total = simulated_events(stream, "--seed", "11", "--agents", "200", "--queues", "6",
                         "--calls-per-minute", "300", "--warmup", "3600")
bad = os.path.join(d, "bad.jsonl")
with open(bad, "w") as f:
    f.write('{"type":"no.such.event","ts":1}\n{"type":"call.enqueued",\n')

# The answer: the same lines replayed from the file.
r = subprocess.run([exe, "--replay", stream, "--print-state", "--rejects", ""],
                   capture_output=True, text=True, timeout=120)
expected = totals(json.loads(r.stdout))
check(expected[0] == total, "the replay accepts all %d events" % total)

start_nats()
journal = os.path.join(d, "journal")
args = ["--nats", url, "--nats-durable", "region", "--nats-subject", "cc.>", "--journal", journal]
first = collector(d, *args, "--run-for", "60")
push(stream, "cc.site1.sim", prefix="site1")
push(bad, "cc.site1.bad")
# Killed while it works through the stream: some events journaled, not all acknowledged.
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    journaled = sum(os.path.getsize(os.path.join(journal, f)) for f in os.listdir(journal)
                    if f.endswith(".jsonl")) if os.path.isdir(journal) else 0
    if journaled > 0:
        break
    time.sleep(0.01)
first.send_signal(signal.SIGKILL)
first.wait()
_, err1 = first.communicate()

push(stream, "cc.site1.sim", prefix="site1")  # the same lines again: the stream drops them
second = collector(d, *args, "--run-for", "9", "--print-state")
out, err = second.communicate(timeout=60)
check(second.returncode == 0, "the second collector ran (%s)" % err[-3000:])
state = json.loads(out)
got = totals(state)
check(got[0] == total, "every event counted once across the kill: %d of %d (%d duplicates "
      "recognised)" % (got[0], total, state["collector"]["duplicates"]))
check(got[1] == expected[1], "the day's figures equal the replay's: %s (replay: %s)" % (got[1], expected[1]))
check(state["collector"]["rejected"] == 2,
      "the two bad messages rejected once each (%d)" % state["collector"]["rejected"])
rejects = [json.loads(line) for line in open(os.path.join(d, "rejects.jsonl"))]
# (a bad message the killed collector had reported is reported again: only accepted events are
# journaled)
where = sorted(set(x.get("source", "") + ":" + str(x.get("line", "")) for x in rejects))
check(all(w.startswith("nats:WALLBOARD:") for w in where) and len(where) == 2,
      "rejects name the stream and sequence: %s" % where)
src = state["sources"].get("nats:WALLBOARD", {})
check(src.get("up") is True, "the NATS source is up")

# Outage: the collector starts first, says the source is down, and catches up once NATS is up.
stop_nats()
shutil.rmtree(os.path.join(d, "nats"))
small = os.path.join(d, "small.jsonl")
with open(stream) as src, open(small, "w") as dst:
    for _ in range(5000):
        dst.write(src.readline())
third_journal = os.path.join(d, "journal3")
third = collector(d, "--nats", url, "--journal", third_journal, "--run-for", "60",
                  "--print-state")
said = read_stderr_until(third, "down: no NATS server reachable", 20)
start_nats()
push(small, "cc.site2.sim")
said += read_stderr_until(third, "up (NATS", 20)
deadline = time.monotonic() + 20  # until all 5000 are journaled; then stopped (SIGTERM)
while time.monotonic() < deadline and journaled_lines(third_journal) < 5000:
    time.sleep(0.1)
third.send_signal(signal.SIGTERM)
out, err = third.communicate(timeout=60)
err = said + err
check("nats:WALLBOARD: down: no NATS server reachable" in err, "the log says the source is down")
state = json.loads(out)
check(state["collector"]["accepted"] == 5000,
      "started before NATS, it reads the whole stream once NATS is up (%d of 5000)"
      % state["collector"]["accepted"])
check("nats:WALLBOARD: up" in err, "the log says when the source comes up")

# A site's collector publishes what it reads (--publish-nats); killed half way and started
# again, it reads on from its journal and the stream drops the lines it sends twice.
site_dir = tempdir()
site_args = ["--input", small, "--journal", os.path.join(site_dir, "journal"),
             "--publish-nats", url, "--subject", "cc.site3.json", "--run-for", "20"]
site = collector(site_dir, *site_args)
deadline = time.monotonic() + 20
sj = os.path.join(site_dir, "journal")
while time.monotonic() < deadline:
    if os.path.isdir(sj) and any(os.path.getsize(os.path.join(sj, f)) > 100000
                                 for f in os.listdir(sj) if f.endswith(".jsonl")):
        break
    time.sleep(0.01)
site.send_signal(signal.SIGKILL)
site.wait()
site = collector(site_dir, *site_args[:-1], "3")
site.communicate(timeout=60)
region = collector(d, "--nats", url, "--nats-subject", "cc.site3.>", "--run-for", "4",
                   "--print-state")
out, err = region.communicate(timeout=60)
state = json.loads(out)
check(state["collector"]["accepted"] == 5000,
      "the region has each of the site's 5000 events once across the site's kill (%d)"
      % state["collector"]["accepted"])
stop_nats()
stop_all()
print("13 passed, 0 failed")
