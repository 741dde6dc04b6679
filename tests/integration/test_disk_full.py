# SPDX-License-Identifier: MIT
"""A disk that fills for a few seconds loses nothing (issue 17, point 1). A file input grows at
1,200 lines a second while the journal cannot write: a file-size limit (RLIMIT_FSIZE, set with
prlimit on the running collector) stands in for a full disk, so the test needs no mount. The
collector says so (its log, /health "failing", a "journal" source down for the screens' band),
keeps the lines in memory and retries; its file input's journaled position never passes what is
in the file. Twice: space comes back and the collector is then killed (-9), and the collector
is killed while the disk is still full. Each restart ends with every line of the file counted
exactly once, and the same figures as a plain replay of the whole file."""
import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request

from wbtest import (BIN, SKIP, check, fail, free_ports, journaled_lines, read_stderr_until,
                    simulated_events, stop_all, tempdir)

if shutil.which("prlimit") is None:
    print("SKIP: prlimit (util-linux) is not installed")
    raise SystemExit(SKIP)

KEYS = ("offered", "answered", "abandoned", "answered_in_sl", "transfers", "handled")
RATE = 1200  # lines a second, as the probe that found the loss wrote them
LIMIT_BYTES = 400 * 1024  # the "disk": the journal fails once its file reaches this

src = tempdir()
day = os.path.join(src, "day.jsonl")
simulated_events(day, "--seed", "11", "--agents", "80", "--queues", "4",
                 "--calls-per-minute", "80", "--warmup", "3600")
with open(day) as f:
    lines = f.read().splitlines(keepends=True)
replay = subprocess.run([os.path.join(BIN, "wb-collector"), "--replay", day, "--print-state",
                         "--rejects", ""], capture_output=True, text=True, timeout=120)
check(replay.returncode == 0, "a plain replay of the whole file")
want = json.loads(replay.stdout)


def figures(state):
    w = state["site"]
    return {k: w["today"][k] + w["yesterday"][k] for k in KEYS}


def health(url):
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
    except OSError:
        return None, {}


def writer(path, stop):
    """The PBX appending to its log at RATE lines a second, from the first line."""
    with open(path, "w") as out:
        for i, line in enumerate(lines):
            if stop.is_set():
                return
            out.write(line)
            if i % 60 == 59:
                out.flush()
                time.sleep(60.0 / RATE)
        out.flush()


def start(d, feed, url, limited):
    args = [os.path.join(BIN, "wb-collector"), "--pull", "ipc://%s/pull" % d, "--pub",
            "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d, "--rejects", "",
            "--input", feed, "--journal", os.path.join(d, "journal"), "--metrics", url,
            "--run-for", "300", "--print-state"]
    if limited:  # the soft limit (KiB blocks), which the process's owner may raise again
        args = ["bash", "-c", 'ulimit -S -f %d; exec "$0" "$@"' % (LIMIT_BYTES // 1024)] + args
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def until(cond, timeout_s, what):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        got = cond()
        if got:
            return got
        time.sleep(0.1)
    fail("waited %d s for %s" % (timeout_s, what))


def round_trip(kill_while_full):
    d = tempdir()
    feed = os.path.join(d, "pbx.jsonl")
    url = "http://127.0.0.1:%d" % free_ports(1)[0]
    stop = threading.Event()
    t = threading.Thread(target=writer, args=(feed, stop))
    t.start()
    until(lambda: os.path.exists(feed), 10, "the feed")
    p = start(d, feed, url, limited=True)
    how = "killed while the disk is full" if kill_while_full else "space back, then killed"
    # The disk fills: said in the log, on /health and to the screens.
    said = read_stderr_until(p, "JOURNAL FAILING", 60)
    check("JOURNAL FAILING" in said and "wait in memory" in said,
          "%s: the log says the journal fails and the events wait" % how)
    status, h = until(lambda: (lambda r: r if r[0] == 503 else None)(health(url)), 15,
                      "/health failing")
    check(status == 503 and any("events wait in memory" in r for r in h.get("reasons", [])),
          "%s: /health is failing and says the events wait (%s)" % (how, h))
    # The screens hear it as a source down (their band names the collector's disk).
    _, h = until(lambda: (lambda r: r if "journal is down" in r[1].get("reasons", []) else None)(
        health(url)), 15, "the journal reported down")
    check("journal is down" in h["reasons"], "%s: the journal is a source down for the "
          "screens" % how)
    time.sleep(2)  # lines keep coming while it fails
    # What the metrics call on the disk is in the file, no more (issue 17, point 9); the rest waits.
    with urllib.request.urlopen(url + "/metrics", timeout=5) as r:
        metrics = dict(l.split(" ", 1) for l in r.read().decode().splitlines()
                       if l and not l.startswith("#") and "{" not in l)
    on_disk = journaled_lines(os.path.join(d, "journal"))
    check(0 < float(metrics["wb_journal_synced_total"]) <= on_disk and
          float(metrics["wb_journal_waiting"]) > 0,
          "%s: wb_journal_synced_total (%s) is at most the %d lines in the file, and %s events "
          "wait" % (how, metrics["wb_journal_synced_total"].strip(), on_disk,
                    metrics["wb_journal_waiting"].strip()))
    if not kill_while_full:
        subprocess.run(["prlimit", "--pid", str(p.pid), "--fsize=unlimited:unlimited"], check=True)
        said = read_stderr_until(p, "writing again", 30)
        check("writing again" in said, "%s: the log says the journal writes again" % how)
        time.sleep(1)
    p.send_signal(signal.SIGKILL)
    p.wait()
    journal = os.path.join(d, "journal")
    for name in os.listdir(journal):
        if name.endswith(".jsonl"):
            with open(os.path.join(journal, name), "rb") as f:
                body = f.read()
            check(all(l.startswith(b"{\"src\":") and l.endswith(b"}") for l in
                      body.split(b"\n")[:-1]),
                  "%s: every line of %s is whole (no spliced line)" % (how, name))
    # Started again with room on the disk, and the rest of the feed written.
    p = start(d, feed, url, limited=False)
    t.join()
    until(lambda: (lambda r: r[1].get("accepted", 0) >= len(lines) and r)(health(url)), 120,
          "the restart to read the whole feed")
    time.sleep(1)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 0, "%s: the restarted collector ends cleanly (%s)" % (how, err[-300:]))
    state = json.loads(out)
    check(state["collector"]["accepted"] == len(lines) and state["collector"]["rejected"] == 0,
          "%s: every one of the %d lines counted once after the restart (%d accepted, %d "
          "duplicates)" % (how, len(lines), state["collector"]["accepted"],
                           state["collector"].get("duplicates", 0)))
    check(figures(state) == figures(want),
          "%s: the figures equal a plain replay of the file: %s (got %s)"
          % (how, figures(want), figures(state)))


round_trip(kill_while_full=False)
round_trip(kill_while_full=True)
stop_all()
print("ok")
