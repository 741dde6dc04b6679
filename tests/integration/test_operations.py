# SPDX-License-Identifier: MIT
"""Operations: the collector's /metrics (Prometheus text) and /health over HTTP, and systemd's
notifications, and a crash's backtrace on stderr. Events in per input and rejects by reason are counted as sent, a connected
screen shows, the journal's figures appear; /health is "ok" (200), "degraded" with a PBX link
down (200, the link named), "failing" when the journal cannot write (503); READY=1,
WATCHDOG=1 and STOPPING=1 reach $NOTIFY_SOCKET."""
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from wbtest import BIN, check, collector, free_ports, push, read_frames, stop_all, tempdir, wallboard



def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def metric(text, name, **labels):
    want = ",".join('%s="%s"' % kv for kv in sorted(labels.items()))
    for line in text.splitlines():
        m = re.match(r'^(\w+)(?:\{(.*)\})? (\S+)$', line)
        if m and m.group(1) == name and (m.group(2) or "") == want:
            return float(m.group(3))
    return None


def poll(fetch, done, timeout_s):
    """fetch() again every 0.2 s until done(its result) or the time is up (a loaded CI machine
    may take seconds where this one takes milliseconds); returns the last result."""
    end = time.monotonic() + timeout_s
    while True:
        got = fetch()
        if done(got) or time.monotonic() > end:
            return got
        time.sleep(0.2)


def get_or_none(url):
    try:
        return get(url)
    except OSError:  # not listening yet
        return (None, "")


d = tempdir()
url = "http://127.0.0.1:%d" % free_ports(1)[0]
c = collector(d, "--metrics", url, "--journal", os.path.join(d, "journal"))
time.sleep(0.5)
w = wallboard(d, "--run-for", "15")
check(read_frames(w, lambda f: f.get("link") == "live", 8) is not None, "a screen is live")
now = time.time()
good = [json.dumps({"type": "call.enqueued", "ts": now, "call": "c%d" % i, "queue": "q"})
        for i in range(5)]
push(d, good + ['{"type": "call.enqueued", "ts": ', '{"type": "nonsense", "ts": %f}' % now])
status, text = poll(lambda: get(url + "/metrics"),
                    lambda r: metric(r[1], "wb_journal_appended_total") == 5 and
                    metric(r[1], "wb_events_total", input="nng message", outcome="rejected") == 2,
                    15)
check(status == 200, "/metrics answers 200")
acc = metric(text, "wb_events_total", input="nng message", outcome="accepted")
rej = metric(text, "wb_events_total", input="nng message", outcome="rejected")
check(acc == 5 and rej == 2, "events in from nng: 5 accepted, 2 rejected (%s, %s)" % (acc, rej))
check(metric(text, "wb_rejects_total", reason="malformed") == 1 and
      metric(text, "wb_rejects_total", reason="unknown_type") == 1,
      "rejects by reason: one malformed, one unknown type")
check(metric(text, "wb_screens_connected") == 1, "one screen connected")
check(metric(text, "wb_calls_waiting") == 5, "5 calls waiting")
check(metric(text, "wb_journal_appended_total") == 5 and metric(text, "wb_journal_day_bytes") > 0,
      "the journal: 5 appended, today's file %s bytes" % metric(text, "wb_journal_day_bytes"))
n = metric(text, "wb_publish_delay_seconds_count")
inf = metric(text, "wb_publish_delay_seconds_bucket", le="+Inf")
check(n is not None and n >= 1 and inf == n, "publish delay histogram: %s messages" % n)
status, body = get(url + "/health")
check(status == 200 and json.loads(body)["status"] == "ok", "/health: 200 ok (%s)" % body.strip())
check(get(url + "/nothing")[0] == 404, "other paths: 404")
stop_all()

# A PBX link that is down: still serving (200) but degraded, the link named; and systemd hears.
d = tempdir()
url = "http://127.0.0.1:%d" % free_ports(1)[0]
creds = os.path.join(d, "ami.creds")
with open(creds, "w") as f:
    json.dump({"username": "wallboard", "secret": "not-a-real-secret"}, f)
os.chmod(creds, 0o600)
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify_path = os.path.join(d, "notify.sock")
notify.bind(notify_path)
notify.settimeout(10)
env = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC="2000000")
dead = "127.0.0.1:%d" % free_ports(1)[0]
p = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--pull", "ipc://%s/pull" % d, "--pub",
                      "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d, "--rejects", "",
                      "--ami", dead, "--ami-credentials", creds, "--metrics", url,
                      "--run-for", "8"], env=env, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True)
heard = []
try:
    while "STOPPING=1" not in heard:
        heard.append(notify.recv(256).decode())
        if len(heard) == 3:
            status, body = poll(lambda: get(url + "/health"),
                                lambda r: '"degraded"' in r[1], 3)
            text = get(url + "/metrics")[1]
except socket.timeout:
    pass
p.wait(timeout=30)
said = p.stderr.read()
check(heard[:1] == ["READY=1"] and "WATCHDOG=1" in heard and heard[-1:] == ["STOPPING=1"],
      "systemd hears READY=1, WATCHDOG=1 while healthy, STOPPING=1 (%s %s)" % (heard, said[-300:]))
h = json.loads(body)
check(status == 200 and h["status"] == "degraded" and any(dead in r for r in h["reasons"]),
      "/health with the PBX link down: 200 degraded, naming it (%s)" % body.strip())
check(metric(text, "wb_source_up", source="ami " + dead) == 0, "wb_source_up for the link is 0")

# A journal that cannot write (a file-size limit stands in for a full disk): failing, 503.
d = tempdir()
url = "http://127.0.0.1:%d" % free_ports(1)[0]
events = os.path.join(d, "events.jsonl")
with open(events, "w") as f:
    for i in range(20000):
        f.write(json.dumps({"type": "call.enqueued", "ts": time.time(), "call": "c%d" % i,
                            "queue": "q%d" % (i % 7), "caller": "+8613800000000"}) + "\n")
p = subprocess.Popen(["bash", "-c", 'ulimit -f 512; exec "$0" "$@"',
                      os.path.join(BIN, "wb-collector"), "--pull", "ipc://%s/pull" % d,
                      "--pub", "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d, "--rejects", "",
                      "--input", events, "--journal", os.path.join(d, "journal"),
                      "--metrics", url, "--run-for", "20"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
status, body = poll(lambda: get_or_none(url + "/health"), lambda r: r[0] == 503, 15)
check(status == 503 and json.loads(body)["status"] == "failing" and "journal" in body,
      "/health with the journal failing: 503 (%s)" % body.strip())
p.kill()
p.wait(timeout=30)

# A fatal signal (here SIGABRT, as glibc's heap checks raise it) says where it happened, and the
# process still ends by that signal (systemd restarts it; a core is dumped where enabled).
sanitized = "libasan" in subprocess.run(["ldd", os.path.join(BIN, "wb-collector")],
                                        capture_output=True, text=True).stdout
if sanitized:
    print("skipped: the crash backtrace (a sanitizer build reports crashes its own way)")
else:
    d = tempdir()
    p = collector(d, "--simulate", "--run-for", "30")
    poll(lambda: os.path.exists(os.path.join(d, "rep")), lambda up: up, 15)  # listening
    time.sleep(0.5)
    p.send_signal(signal.SIGABRT)
    _, err = p.communicate(timeout=30)
    check(p.returncode == -signal.SIGABRT and
          "wb-collector: fatal signal 6 (SIGABRT); backtrace:" in err and
          re.search(r"wb-collector\(main\+0x[0-9a-f]+\)", err) is not None,
          "a fatal signal prints a backtrace naming the collector's frames, then ends the "
          "process by that signal (rc %s: %s)" % (p.returncode, err[-400:]))
stop_all()
print("1 passed, 0 failed")
