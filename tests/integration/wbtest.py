# SPDX-License-Identifier: MIT
"""Helpers for the integration tests: where the programs are, temporary nng addresses,
processes that are always cleaned up, and a skip exit code (77) for missing shared data."""
import os
import subprocess
import sys
import tempfile
import time

SOURCE = os.environ.get("WB_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("WB_BIN_DIR", os.path.join(SOURCE, "build", "bin"))
SHARED = os.environ.get("WB_SHARED_DATA", os.path.join(SOURCE, "..", "shared", "data"))
SKIP = 77

_procs = []
_last_report = {}  # process -> the last status line read_frames saw from it
_collectors = {}  # folder -> the collector last started in it (collector())


def fail(msg):
    print("FAIL: " + msg, flush=True)
    stop_all()
    explain()
    sys.exit(1)


def explain():
    """After a failure: what each program last reported and the end of what it said on stderr,
    so a failure on a CI machine can be understood without running it again."""
    for p in _procs:
        name = os.path.basename(p.args[0]) if isinstance(p.args, list) else str(p.args)
        if p in _last_report:
            print("  %s (pid %d) last reported: %s" % (name, p.pid, _last_report[p]))
        err = []
        try:  # (a second at most: a child left behind may hold the pipe open)
            end = time.monotonic() + 1
            while p.stderr and not p.stderr.closed and (line := _read_line(p, p.stderr, end)):
                err.append(line.rstrip("\n"))
        except (OSError, ValueError):
            pass
        for line in err[-8:]:
            print("  %s (pid %d) stderr: %s" % (name, p.pid, line))


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: " + msg, flush=True)


def tempdir():
    return tempfile.mkdtemp(prefix="wb-test-")


def free_ports(n):
    """n TCP ports on loopback that nothing listens on now (for servers the test starts)."""
    import socket
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def journaled_lines(journal):
    """Events a collector's journal folder holds so far (whole lines of its day files; read as
    bytes: the last line may be half written)."""
    if not os.path.isdir(journal):
        return 0
    total = 0
    for name in os.listdir(journal):
        if name.endswith(".jsonl"):
            with open(os.path.join(journal, name), "rb") as f:
                total += f.read().count(b"\n")
    return total


def simulated_events(path, *args, on_fail=None):
    """Writes a stretch of a simulated day (wb-collector --simulate ARGS --print-events, e.g.
    --seed, --agents, --warmup) to path, as a PBX feed would give it; returns how many events.
    A failing simulator ends the test through on_fail (default fail)."""
    d = tempdir()
    with open(path, "w") as out:
        gen = subprocess.run([os.path.join(BIN, "wb-collector"), "--simulate"] + list(args) +
                             ["--run-for", "0.1", "--print-events", "--rejects", "",
                              "--pull", "ipc://%s/p" % d, "--pub", "ipc://%s/b" % d,
                              "--rep", "ipc://%s/r" % d],
                             stdout=out, stderr=subprocess.PIPE, text=True, timeout=120)
    if gen.returncode != 0:
        (on_fail or fail)("the simulator failed: " + gen.stderr[-500:])
    with open(path) as f:
        return sum(1 for _ in f)


def addresses(d):
    """ipc:// addresses in a private folder, so parallel tests never collide."""
    return {"pull": "ipc://%s/pull" % d, "pub": "ipc://%s/pub" % d, "rep": "ipc://%s/rep" % d}


def collector(d, *args, stdin=None):
    a = addresses(d)
    cmd = [os.path.join(BIN, "wb-collector"), "--pull", a["pull"], "--pub", a["pub"],
           "--rep", a["rep"], "--rejects", os.path.join(d, "rejects.jsonl")] + list(args)
    p = subprocess.Popen(cmd, stdin=stdin or subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    _procs.append(p)
    _collectors[d] = p
    return p


def _wait_listening(d, seconds=30):
    """Waits until the collector started in d listens (its ipc sockets exist): it loads friso's
    dictionary and runs its warm-up first, and a screen whose scripted touches are timed from
    its start must not tap an empty board while the collector is still starting."""
    p = _collectors.get(d)
    a = addresses(d)
    paths = [a[k][len("ipc://"):] for k in ("pub", "rep")]
    end = time.monotonic() + seconds
    while p and p.poll() is None and not all(os.path.exists(x) for x in paths):
        if time.monotonic() > end:
            fail("the collector in %s did not listen within %d s" % (d, seconds))
        time.sleep(0.05)


def wallboard(d, *args):
    _wait_listening(d)
    a = addresses(d)
    cmd = [os.path.join(BIN, "wallboard"), "--headless", "--size", "1920x1080",
           "--collector-pub", a["pub"], "--collector-rep", a["rep"], "--report",
           "--data-dir", SOURCE] + list(args)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    _procs.append(p)
    return p


def push(d, lines):
    """Pushes the lines to the collector of d, waiting up to 20 s for it to listen (a collector
    under a sanitizer takes a second or two to load its dictionaries)."""
    a = addresses(d)
    end = time.monotonic() + 20
    while True:
        r = subprocess.run([os.path.join(BIN, "wb-push"), a["pull"]],
                           input="\n".join(lines) + "\n", text=True, capture_output=True,
                           timeout=30)
        if r.returncode == 0:
            return
        if "Connection refused" not in r.stderr or time.monotonic() > end:
            fail("wb-push failed: " + r.stderr)
        time.sleep(0.1)


_unread = {}  # (pid, fd) -> bytes read from a pipe but not yet returned as a line


def _read_line(p, pipe, end):
    """The next line from pipe (one of p's) before monotonic time end: None when the time is
    up, "" at the end of the stream. Reads the file descriptor itself: a buffered readline
    behind select() would leave whole lines waiting in Python's buffer, and communicate()
    later reads the descriptor, never that buffer."""
    import select
    fd = pipe.fileno()
    buf = _unread.pop((p.pid, fd), b"")
    while b"\n" not in buf:
        left = end - time.monotonic()
        if left <= 0:
            _unread[(p.pid, fd)] = buf
            return None
        if not select.select([fd], [], [], left)[0]:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return buf.decode("utf-8", "replace")
        buf += chunk
    line, rest = buf.split(b"\n", 1)
    _unread[(p.pid, fd)] = rest
    return line.decode("utf-8", "replace") + "\n"


def read_frames(p, until, timeout_s):
    """Reads the wallboard's status lines until until(fields) is true; returns that line's
    fields (a dict) or None on timeout."""
    end = time.monotonic() + timeout_s
    while True:
        line = _read_line(p, p.stdout, end)
        if not line:
            return None
        _last_report[p] = line.strip()
        fields = dict(kv.split("=", 1) for kv in line.split()[2:] if "=" in kv)
        if until(fields):
            return fields


def read_stderr_until(p, text, timeout_s):
    """Reads p's stderr until a line contains text (or the time is up, or p ends); returns what
    was read, for the caller to put before what p.communicate() gives later."""
    end = time.monotonic() + timeout_s
    said = ""
    while True:
        line = _read_line(p, p.stderr, end)
        if not line:
            break
        said += line
        if text in line:
            break
    return said + _unread.pop((p.pid, p.stderr.fileno()), b"").decode("utf-8", "replace")


def stop_all():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()
