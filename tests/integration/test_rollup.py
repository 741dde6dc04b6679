# SPDX-License-Identifier: MIT
"""Regional roll-up over a NATS JetStream cluster: three sites publish a busy stretch of their
day (each site's collector reading its PBX feed with --publish-nats) into a three-node cluster
on loopback; mid-stream one NATS node is killed and the regional collector is killed (SIGKILL)
and started again. At the end the region's totals equal the sum of the three sites' own
replays, each site's figures in the region equal that site's replay, and the keywords and caller
regions counted in the region equal the sum of the sites' counts, exactly."""
import json
import os
import shutil
import signal
import subprocess
import time

from wbtest import (BIN, SKIP, check, collector, fail, free_ports, journaled_lines,
                    simulated_events, stop_all, tempdir)

if shutil.which("nats-server") is None:
    print("SKIP: nats-server is not installed (scripts/install-deps installs it)")
    raise SystemExit(SKIP)

d = tempdir()
exe = os.path.join(BIN, "wb-collector")
SITES = ["jiangsu", "anhui", "zhejiang"]
# Keywords and caller regions over a window holding the whole simulated hour, every word listed:
# the region's counts can then be compared with the sites' exactly.
WORDS = ["--keyword-windows", "240", "--keyword-top", "100"]
KEYS = ("offered", "answered", "abandoned", "answered_in_sl", "abandoned_in_sl", "transfers",
        "handled")



ports = free_ports(6)
client_ports, route_ports = ports[:3], ports[3:]
urls = ",".join("nats://127.0.0.1:%d" % p for p in client_ports)
nodes = {}


def start_node(i):
    conf = os.path.join(d, "n%d.conf" % i)
    routes = ", ".join("nats-route://127.0.0.1:%d" % p for k, p in enumerate(route_ports) if k != i)
    with open(conf, "w") as f:
        f.write("server_name: n%d\nlisten: 127.0.0.1:%d\n"
                "jetstream { store_dir: \"%s\" }\n"
                "cluster { name: wb, listen: 127.0.0.1:%d, routes: [%s] }\n"
                % (i, client_ports[i], os.path.join(d, "store%d" % i), route_ports[i], routes))
    nodes[i] = subprocess.Popen(["nats-server", "-c", conf], stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(d, "n%d.log" % i), "a"))


def stop_nodes():
    for p in nodes.values():
        if p.poll() is None:
            p.kill()
            p.wait()


def day_figures(state, scope=None):
    w = state["site"] if scope is None else state["sites"][scope]
    return {k: w["today"][k] + w["yesterday"][k] for k in KEYS}


def fail_all(msg):
    stop_nodes()
    fail(msg)


# Each site's stretch of a day, as its PBX feed would give it, and its own replay.
feeds, expected = {}, {}
for n, site in enumerate(SITES):
    feeds[site] = os.path.join(d, site + ".jsonl")
    simulated_events(feeds[site], "--seed", str(20 + n), "--agents", "120", "--queues", "5",
                     "--calls-per-minute", "100", "--warmup", "3600", on_fail=fail_all)
    r = subprocess.run([exe, "--replay", feeds[site], "--print-state", "--rejects", ""] + WORDS,
                       capture_output=True, text=True, timeout=120)
    expected[site] = json.loads(r.stdout)
lines = {s: sum(1 for _ in open(feeds[s])) for s in SITES}
total = sum(lines.values())
summed = {k: sum(day_figures(expected[s])[k] for s in SITES) for k in KEYS}

for i in range(3):
    start_node(i)
region_dir = tempdir()
region_args = ["--nats", urls, "--nats-stream", "CC", "--nats-subject", "cc.>",
               "--nats-replicas", "3", "--nats-durable", "region",
               "--journal", os.path.join(region_dir, "journal")] + WORDS
region = collector(region_dir, *region_args, "--run-for", "120")
deadline = time.monotonic() + 30  # a new cluster elects its leaders first
while time.monotonic() < deadline and not os.path.isdir(os.path.join(region_dir, "journal")):
    time.sleep(0.1)

sites = {}
for site in SITES:
    sd = tempdir()
    sites[site] = collector(sd, "--input", feeds[site], "--journal", os.path.join(sd, "journal"),
                            "--publish-nats", urls, "--subject", "cc.%s.pbx" % site,
                            "--run-for", "240")


def region_journaled():
    j = os.path.join(region_dir, "journal")
    return sum(os.path.getsize(os.path.join(j, f)) for f in os.listdir(j)
               if f.endswith(".jsonl")) if os.path.isdir(j) else 0


def region_lines():
    return journaled_lines(os.path.join(region_dir, "journal"))


# Mid-stream: a NATS node goes, then the regional collector is killed and started again.
deadline = time.monotonic() + 40
while time.monotonic() < deadline and region_journaled() < 1000000:
    time.sleep(0.05)
at_kill = region_lines()
check(0 < at_kill < total, "mid-stream: the region had %d of %d events when a NATS node and "
      "the regional collector were killed" % (at_kill, total))
nodes[1].kill()
nodes[1].wait()
time.sleep(0.5)
region.send_signal(signal.SIGKILL)
region.wait()
region = collector(region_dir, *region_args, "--run-for", "240", "--print-state")
# Until the region has journaled every event (a loaded machine may take a while: a cluster
# short of a node, sanitizers), then everyone is stopped as an operator would (SIGTERM: the
# sites send what the stream has not acknowledged yet, the region prints its state).
deadline = time.monotonic() + 180
while time.monotonic() < deadline and region.poll() is None and region_lines() < total:
    time.sleep(0.2)
time.sleep(1.5)  # and has acknowledged them (after the next sync)
site_logs = {}
for site, p in sites.items():
    p.send_signal(signal.SIGTERM)
    out, site_logs[site] = p.communicate(timeout=90)
    if "not acknowledged" in site_logs[site]:
        fail_all("site %s: %s" % (site, site_logs[site][-400:]))
region.send_signal(signal.SIGTERM)
out, err = region.communicate(timeout=90)
if region.returncode != 0:
    fail_all("the regional collector failed (rc %s): %s" % (region.returncode, err[-3000:]))
state = json.loads(out)
stop_nodes()

if state["collector"]["accepted"] != total:
    print("region log:\n" + err[-2000:])
    for site in SITES:
        print("site %s log:\n%s" % (site, site_logs[site][-1000:]))
check(state["collector"]["accepted"] == total,
      "the region counted each of the %d events once (%d; %d duplicates dropped)"
      % (total, state["collector"]["accepted"], state["collector"]["duplicates"]))
check(state["collector"]["rejected"] == 0, "nothing rejected")
check(day_figures(state) == summed,
      "region totals = sum of the three sites' replays: %s (region: %s)"
      % (summed, day_figures(state)))
for site in SITES:
    check(site in state.get("sites", {}) and day_figures(state, site) == day_figures(expected[site]),
          "%s in the region = its own replay: %s" % (site, day_figures(expected[site])))
groups = state.get("queue_groups", {})
one_queue = sorted(expected[SITES[0]]["queues"])[0]
offered = sum(expected[s]["queues"].get(one_queue, {}).get("today", {}).get("offered", 0) +
              expected[s]["queues"].get(one_queue, {}).get("yesterday", {}).get("offered", 0)
              for s in SITES)
got = groups.get(one_queue, {})
check(got and got["today"]["offered"] + got["yesterday"]["offered"] == offered,
      "queue group %s offered = the sites' %s queues together (%d)" % (one_queue, one_queue,
                                                                         offered))


def counts(entries, key):
    return {e[key]: e["count"] for e in entries}


for section, key in (("keywords", "word"), ("regions", "region")):
    summed_counts = {}
    for site in SITES:
        for name, n in counts(expected[site][section], key).items():
            summed_counts[name] = summed_counts.get(name, 0) + n
    got = counts(state[section], key)
    check(0 < len(got) < 100 and got == summed_counts,
          "%s merged across the sites: the region's counts = the sum of the sites' (%d %s, "
          "%d counted)" % (section, len(got), section, sum(got.values())))
stop_all()
print("10 passed, 0 failed")
