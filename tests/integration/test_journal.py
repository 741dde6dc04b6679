# SPDX-License-Identifier: MIT
"""Nothing lost: a collector killed with SIGKILL in the middle of a busy stream and started
again ends with exactly the state of one that never stopped; a second replay into the same
journal continues the first; replaying a file the journal has already read counts nothing
twice."""
import json
import os
import signal
import subprocess
import time

from wbtest import BIN, check, fail, simulated_events, tempdir

d = tempdir()
exe = os.path.join(BIN, "wb-collector")
stream = os.path.join(d, "busy.jsonl")
# About 280,000 events: three busy hours of 300 agents.
total = simulated_events(stream, "--seed", "5", "--agents", "300", "--queues", "8",
                         "--calls-per-minute", "400", "--warmup", "10800")


def replay(path, journal=None, extra=()):
    """The final state, with every scope's day of intervals (the day's curve) under
    "_intervals", so each comparison below covers the curves too; and what was said."""
    cmd = [exe, "--replay", path, "--print-state", "--print-intervals", "--rejects", ""] + \
        list(extra)
    if journal:
        cmd += ["--journal", journal]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        fail("replay failed: " + r.stderr)
    decoder = json.JSONDecoder()
    state, end = decoder.raw_decode(r.stdout)
    state["_intervals"], _ = decoder.raw_decode(r.stdout[end:].lstrip())
    return state, r.stderr


def journals(journal):
    if not os.path.isdir(journal):
        return []
    return [os.path.join(journal, f) for f in os.listdir(journal) if f.startswith("journal-")]


def lines_in(journal):
    # Bytes, not text: a killed writer may leave half a character at the end.
    return sum(open(f, "rb").read().count(b"\n") for f in journals(journal))


reference, _ = replay(stream)
check(reference["collector"]["accepted"] == total, "reference: %d events" % total)
check(len(reference["_intervals"]["site"]["intervals"]) >= 12,
      "reference: the day's curve holds the three busy hours' intervals")



def kill_midway(journal, when, flags=()):
    """Runs a journaled replay of the stream and kills it with SIGKILL once when(journal) holds.
    On a loaded machine the replay may finish before this script wakes: then it tries again."""
    for attempt in range(5):
        path = "%s-%d" % (journal, attempt)
        p = subprocess.Popen([exe, "--replay", stream, "--rejects", "", "--journal", path] +
                             list(flags), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            if when(path):
                p.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
        p.wait()
        done = lines_in(path)
        print("attempt %d: exit %s after %d of %d events" % (attempt, p.returncode, done, total))
        if p.returncode == -signal.SIGKILL and 0 < done < total:
            return path, done
    fail("could not kill the replay midway")


def restart_matches(journal, done, what):
    check(True, "killed with SIGKILL after %d of %d events (%s)" % (done, total, what))
    after, err = replay(stream, journal)
    check("resuming after line" in err, "the input resumed after the last journaled line")
    if after != reference:
        for k in reference:
            if after.get(k) != reference[k]:
                fail("after the restart, %s differs from the uninterrupted run" % k)
    check(True, "the restarted collector ends with exactly the uninterrupted state and day's curves")
    check(lines_in(journal) == total, "every event is in the journal once")
    return err


# Early, before any checkpoint: the whole journal is replayed.
early, done = kill_midway(os.path.join(d, "early"),
                          lambda j: sum(os.path.getsize(f) for f in journals(j)) > 2_000_000)
restart_matches(early, done, "before a checkpoint")
# After a checkpoint: the checkpoint is loaded and only the journal after it replayed.
late, done = kill_midway(os.path.join(d, "late"),
                         lambda j: os.path.exists(os.path.join(j, "checkpoint.json")),
                         ["--checkpoint-events", "40000"])
err = restart_matches(late, done, "after a checkpoint")
check("checkpoint loaded" in err, "the restart loaded the checkpoint: " +
      [l for l in err.splitlines() if "journal" in l][0])
journal = early

# The same file again: already read, nothing counted twice.
again, _ = replay(stream, journal)
check(again == reference, "replaying a file the journal has read changes nothing")
# ... however it is named: relative, absolute, through a link.
link = os.path.join(d, "link.jsonl")
os.symlink(stream, link)
for name in (os.path.relpath(stream), link):
    named, _ = replay(name, journal)
    check(named == reference, "the same file as %s: nothing counted twice" % name)

# ... or through a hard link (another name, the same device and inode).
hard = os.path.join(d, "hard.jsonl")
os.link(stream, hard)
named, said = replay(hard, journal)
check(named == reference and "by another name" in said,
      "the same file through a hard link: nothing counted twice, and said")

# A file replaced while the collector was stopped (another inode under the same name, longer
# than the old one) is read from its start, not from the old file's offset.
j4 = os.path.join(d, "journal4")
fed = os.path.join(d, "fed.jsonl")
src_lines = open(stream).read().splitlines(True)
open(fed, "w").writelines(src_lines[:100])
replay(fed, j4)
tmp = fed + ".new"
open(tmp, "w").writelines(src_lines[100:400])
os.rename(tmp, fed)
after, said = replay(fed, j4)
check(after["collector"]["accepted"] == 400 and "another file than when last read" in said,
      "a file replaced while stopped is read from its start: 100 + 300 events (%d)"
      % after["collector"]["accepted"])

# Two halves into one journal == the whole file.
half = total // 2
lines = open(stream).read().splitlines(True)
first, second = os.path.join(d, "first.jsonl"), os.path.join(d, "second.jsonl")
open(first, "w").writelines(lines[:half])
open(second, "w").writelines(lines[half:])
j2 = os.path.join(d, "journal2")
replay(first, j2)
continued, _ = replay(second, j2)
check(continued == reference, "a second replay into the same journal continues the first")

# A journal that stops taking writes (a full disk; here a file-size limit): said loudly, and
# every event still counted.
full = os.path.join(d, "full")
r = subprocess.run(["bash", "-c", 'ulimit -f 2048; exec "$0" "$@"', exe, "--replay", stream,
                    "--print-state", "--rejects", "", "--journal", full],
                   capture_output=True, text=True, timeout=300)
check(r.returncode == 0, "the collector keeps going when the journal cannot be written")
check("JOURNAL FAILING" in r.stderr, "and says so: " +
      [l for l in r.stderr.splitlines() if "JOURNAL" in l][0][:120])
check(json.loads(r.stdout)["collector"]["accepted"] == total, "every event is still counted")

# A damaged line in the middle of a journal (a disk error, a hand edit) is skipped, and said.
j3 = os.path.join(d, "journal3")
small = os.path.join(d, "small.jsonl")
open(small, "w").writelines(lines[:100])
replay(small, j3)
jf = journals(j3)[0]
body = open(jf).read().splitlines(True)
body[50] = "this is not a journal line\n"
open(jf, "w").writelines(body)
os.remove(os.path.join(j3, "checkpoint.json"))  # so the whole journal is replayed
r = subprocess.run([exe, "--replay", small, "--journal", j3, "--print-state", "--rejects", ""],
                   capture_output=True, text=True, timeout=60)
check("1 damaged line(s) skipped, the first at line 51" in r.stderr,
      "a damaged journal line is skipped with a word: " +
      [l for l in r.stderr.splitlines() if "damaged" in l][0][:120] if "damaged" in r.stderr
      else "a damaged journal line is said (it was not)")

r = subprocess.run([exe, "--replay", stream, "--journal", "/proc/no-such-folder"],
                   capture_output=True, text=True, timeout=30)
check(r.returncode != 0 and "journal folder" in r.stderr,
      "an unusable journal folder is refused at start, by name")
print("1 passed, 0 failed")
