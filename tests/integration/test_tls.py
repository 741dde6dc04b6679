# SPDX-License-Identifier: MIT
"""Screens over TLS: the test makes its own certificate authority (openssl), a collector
listens on tls+tcp:// with its certificate, a screen that trusts the authority goes live and
sees an event pushed over TLS; a plain-TCP screen, a screen trusting another authority, and
(when the collector asks for client certificates) a screen without one are all refused.
Plain TCP beyond loopback is refused unless allowed, and then warned about; a private key
anyone may read is refused."""
import os
import json
import shutil
import subprocess
import time

from wbtest import BIN, SKIP, SOURCE, check, free_ports, read_frames, stop_all, tempdir, _procs

if shutil.which("openssl") is None:
    print("SKIP: openssl is not installed (scripts/install-deps installs it)")
    raise SystemExit(SKIP)

d = tempdir()


def sh(*args):
    r = subprocess.run(list(args), cwd=d, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s: %s" % (" ".join(args), r.stderr))


def make_ca(name):
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
       "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-days", "2",
       "-subj", "/CN=%s test authority" % name)


def make_cert(ca, name, cn):
    with open(os.path.join(d, name + ".ext"), "w") as f:
        f.write("subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n" % cn)
    sh("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
       "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=%s" % cn)
    sh("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey",
       ca + ".key", "-CAcreateserial", "-out", name + ".pem", "-days", "2",
       "-extfile", name + ".ext")
    os.chmod(os.path.join(d, name + ".key"), 0o600)


make_ca("ca")
make_ca("rogue")
make_cert("ca", "server", "collector.test")
make_cert("ca", "screen", "screen-1")
make_cert("rogue", "intruder", "screen-2")
p = lambda name: os.path.join(d, name)  # noqa: E731



def start_collector(*extra, ports=None):
    pull, pub, rep = ports or free_ports(3)
    urls = {"pull": "tls+tcp://127.0.0.1:%d" % pull, "pub": "tls+tcp://127.0.0.1:%d" % pub,
            "rep": "tls+tcp://127.0.0.1:%d" % rep}
    c = subprocess.Popen([os.path.join(BIN, "wb-collector"), "--pull", urls["pull"],
                          "--pub", urls["pub"], "--rep", urls["rep"], "--rejects", "",
                          "--tls-cert", p("server.pem"), "--tls-key", p("server.key")]
                         + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    _procs.append(c)
    time.sleep(0.5)
    check(c.poll() is None, "the collector listens on tls+tcp:// (%s)"
          % (c.stderr.read() if c.poll() is not None else "running"))
    return c, urls


def screen(urls, *args, plain=False):
    pub, rep = urls["pub"], urls["rep"]
    if plain:
        pub, rep = pub.replace("tls+tcp", "tcp"), rep.replace("tls+tcp", "tcp")
    w = subprocess.Popen([os.path.join(BIN, "wallboard"), "--headless", "--size", "1280x720",
                          "--collector-pub", pub, "--collector-rep", rep, "--report",
                          "--data-dir", SOURCE, "--tls-server-name", "collector.test"]
                         + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, bufsize=1)
    _procs.append(w)
    return w


def push(urls, *args):
    line = json.dumps({"type": "agent.state", "ts": time.time(), "agent": "probe",
                       "state": "available", "name": "over-tls"})
    return subprocess.run([os.path.join(BIN, "wb-push")] + list(args) + [urls["pull"]],
                          input=line + "\n", capture_output=True, text=True, timeout=30)


c, urls = start_collector()
good = screen(urls, "--tls-ca", p("ca.pem"), "--probe-agent", "probe", "--run-for", "12")
plain = screen(urls, "--run-for", "5", plain=True)
rogue = screen(urls, "--tls-ca", p("rogue.pem"), "--run-for", "5")
f = read_frames(good, lambda f: f.get("link") == "live", 8)
check(f is not None, "a screen that trusts the authority goes live over TLS")
r = push(urls, "--tls-ca", p("ca.pem"), "--tls-server-name", "collector.test")
check(r.returncode == 0, "wb-push sends over TLS (%s)" % r.stderr.strip())
f = read_frames(good, lambda f: f.get("probe") == "over-tls", 8)
check(f is not None, "the event pushed over TLS reaches the screen")
for name, w in (("a plain-TCP screen", plain), ("a screen trusting another authority", rogue)):
    f = read_frames(w, lambda f: f.get("link") == "live", 4)
    check(f is None, "%s is refused: never live" % name)
rogue.wait(timeout=30)
said = rogue.stderr.read()
check("TLS handshake failed" in said,
      "the refused screen says why in its log: %s" % said.strip().splitlines()[-1:])
r = push(urls, "--tls-ca", p("rogue.pem"), "--tls-server-name", "collector.test")
check(r.returncode != 0, "wb-push trusting another authority is refused: %s" % r.stderr.strip())
r = push(urls, "--tls-ca", p("ca.pem"), "--tls-server-name", "someone-else.test")
check(r.returncode != 0, "a certificate for another name is refused: %s" % r.stderr.strip())
c.kill()
c.wait()

# The collector asks screens for their certificates.
c, urls = start_collector("--tls-client-ca", p("ca.pem"))
anonymous = screen(urls, "--tls-ca", p("ca.pem"), "--run-for", "5")
intruder = screen(urls, "--tls-ca", p("ca.pem"), "--tls-cert", p("intruder.pem"),
                  "--tls-key", p("intruder.key"), "--run-for", "5")
known = screen(urls, "--tls-ca", p("ca.pem"), "--tls-cert", p("screen.pem"),
               "--tls-key", p("screen.key"), "--run-for", "8")
check(read_frames(known, lambda f: f.get("link") == "live", 8) is not None,
      "a screen with a certificate from the authority goes live")
for name, w in (("a screen without a certificate", anonymous),
                ("a screen with another authority's certificate", intruder)):
    check(read_frames(w, lambda f: f.get("link") == "live", 3) is None, "%s is refused" % name)
c.kill()
c.wait()


def collector_says(*args):
    r = subprocess.run([os.path.join(BIN, "wb-collector"), "--rejects", "", "--run-for", "0.3"]
                       + list(args), capture_output=True, text=True, timeout=30)
    return r.returncode, r.stderr


pull, pub, rep = free_ports(3)
everywhere = ["--pull", "tcp://0.0.0.0:%d" % pull, "--pub", "ipc://%s/pub" % d,
              "--rep", "ipc://%s/rep" % d]
rc, err = collector_says(*everywhere)
check(rc != 0 and "plain TCP" in err and "--allow-plain-tcp" in err,
      "plain TCP beyond loopback is refused: %s" % err.strip())
# nng takes the scheme in any case: so does the guard.
for scheme in ("TCP", "Tcp4", "WS"):
    rc, err = collector_says("--pull", "%s://0.0.0.0:%d" % (scheme, pull), "--pub",
                             "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d)
    check(rc != 0 and "plain TCP" in err, "%s:// beyond loopback is refused too" % scheme)
rc, err = collector_says(*everywhere, "--allow-plain-tcp")
check(rc == 0 and "warning" in err and "tcp://0.0.0.0:%d" % pull in err,
      "allowed, it is warned about: %s" % err.strip().splitlines()[0])
rc, err = collector_says("--pull", "tls+tcp://127.0.0.1:%d" % pull, "--pub",
                         "ipc://%s/pub" % d, "--rep", "ipc://%s/rep" % d)
check(rc != 0 and "--tls-cert" in err, "TLS without a certificate is refused: %s" % err.strip())
os.chmod(p("server.key"), 0o644)
rc, err = collector_says("--pull", "tls+tcp://127.0.0.1:%d" % pull, "--pub", "ipc://%s/pub" % d,
                         "--rep", "ipc://%s/rep" % d, "--tls-cert", p("server.pem"),
                         "--tls-key", p("server.key"))
check(rc != 0 and "chmod 600" in err, "a key anyone may read is refused: %s" % err.strip())
w = subprocess.run([os.path.join(BIN, "wallboard"), "--headless", "--size", "640x360",
                    "--collector-pub", urls["pub"], "--collector-rep", urls["rep"],
                    "--run-for", "1"], capture_output=True, text=True, timeout=30)
check(w.returncode != 0 and "--tls-ca" in w.stderr,
      "a TLS screen without the authority says what it needs: %s" % w.stderr.strip())
stop_all()
print("1 passed, 0 failed")
