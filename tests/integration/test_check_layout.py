# SPDX-License-Identifier: MIT
"""wallboard --check-layout: every shipped layout is good (exit 0, nothing to fix); a broken
file gets every problem on stderr, each naming the file and the JSON path, and exit 1."""
import glob
import json
import os
import shutil
import subprocess

from wbtest import BIN, SOURCE, check, tempdir


def run(path):
    return subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout", path],
                          capture_output=True, text=True, timeout=30)


shipped = sorted(glob.glob(os.path.join(SOURCE, "layouts", "*.json")))
check(len(shipped) >= 2, "%d shipped layouts found" % len(shipped))
for path in shipped:
    r = run(path)
    check(r.returncode == 0 and "layout is good (0 warnings)" in r.stdout,
          "%s passes with no warnings (%s)" % (os.path.basename(path), r.stderr.strip()))

# Units in every label (SCREEN.md): a tile of a wait says it is minutes and seconds.
for path in shipped:
    with open(path) as f:
        layout = json.load(f)
    for page in layout["pages"]:
        for w in page["widgets"]:
            if w.get("type") == "kpi" and w.get("metric") in ("longest_wait", "asa", "aht"):
                check("分:秒" in w.get("title", "") or "m:ss" in w.get("title", ""),
                      "%s: \"%s\" says its unit" % (os.path.basename(path), w.get("title")))

broken = os.path.join(tempdir(), "broken.json")
with open(broken, "w") as f:
    f.write("""{"version": 1, "grid": {"columns": 12, "rows": 6},
 "theme": {"panel": "#fffff"},
 "pages": [
  {"widgets": [{"type": "kpi", "metric": "waiting", "row": 7},
               {"type": "queue_table", "col": 0, "row": 0, "width": 13}]},
  {"dwell_s": -5, "widgets": [{"type": "header"}]}]}""")
r = run(broken)
lines = [l for l in r.stderr.splitlines()
         if l.startswith(broken + ": ") and "would not show" not in l]
check(r.returncode == 1, "a broken layout exits 1 (got %d)" % r.returncode)
for path in ["theme.panel", "pages[0].widgets[0].row", "pages[0].widgets[1].width",
             "pages[1].dwell_s"]:
    check(any(path in l for l in lines), "the problem at %s is reported" % path)
check(len(lines) == 4, "exactly four problems, one per place:\n  " + "\n  ".join(lines))
check("4 problems" in r.stderr, "it ends with a count")

r = run(os.path.join(tempdir(), "missing.json"))
check(r.returncode == 1 and "cannot open" in r.stderr, "a missing file is a clear error")

with open(broken, "w") as f:
    f.write('{"version": 1,\n "pages": [\n  {"widgets": [{"type": "header"}]]\n}')
r = run(broken)
check(r.returncode == 1 and broken + ":3:" in r.stderr,
      "a syntax error names the line: " + r.stderr.strip().splitlines()[0])

# Not UTF-8 text: a layout saved in GBK, or with a NUL byte, is refused with the line.
for what, data in (("GBK", '{"version": 1,\n "name": "坐席",\n "pages": []}'.encode("gbk")),
                   ("NUL", b'{"version": 1,\n "name": "a\x00b",\n "pages": []}')):
    with open(broken, "wb") as f:
        f.write(data)
    r = run(broken)
    check(r.returncode == 1 and (broken + ":2:") in r.stderr and
          ("UTF-8" in r.stderr if what == "GBK" else "NUL" in r.stderr),
          "a layout in %s is refused with its line: %s" % (what, r.stderr.strip().splitlines()[0]))

# Names: against a state, a queue or team the collector does not know is a warning naming the
# JSON path and the names it does know (a quiet queue is not an error); once per name.
with open(os.path.join(SOURCE, "layouts", "team-1080p.json")) as f:
    team = f.read().replace("故障报修", "故障保修").replace('"A组"', '"Z组"')
d = tempdir()
shutil.copytree(os.path.join(SOURCE, "layouts", "shared"), os.path.join(d, "shared"))
typo = os.path.join(d, "typo.json")
with open(typo, "w") as f:
    f.write(team)
r = subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout", typo, "--state",
                    os.path.join(SOURCE, "tests", "data", "busy-state.json")],
                   capture_output=True, text=True, timeout=30)
warnings = [l for l in r.stderr.splitlines() if "warning" in l]
check(r.returncode == 0 and "2 warnings" in r.stdout, "unknown names are warnings, not errors")
check(any('pages[0].widgets[0].queues[0]: no queue "故障保修"' in l and "故障报修" in l
          for l in warnings), "an unknown queue names its path and the known queues")
check(any('no team "Z组"' in l and "A组" in l for l in warnings),
      "an unknown team names the known teams")
r = subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout", shipped[0],
                    "--collector-rep", "ipc:///nonexistent/wb-rep"],
                   capture_output=True, text=True, timeout=30)
check(r.returncode == 0 and "names not checked" in r.stderr,
      "without a collector the names are said to be unchecked")

# As strict as the screen: a font file that is not there (the screen would fall back), a
# roll-up layout against one site's state, every bad colour with its value, a widget off the
# grid blamed on its place.
nofont = os.path.join(d, "nofont.json")
with open(nofont, "w") as f:
    f.write('{"version": 1, "theme": {"font_bold": "fonts/Missing-Bold.otf"},'
            ' "pages": [{"widgets": [{"type": "header"}]}]}')
r = run(nofont)
check(r.returncode == 0 and "theme.font_bold" in r.stderr and "Missing-Bold.otf" in r.stderr
      and "1 warning" in r.stdout, "a missing font file is a warning naming it")
r = subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout",
                    os.path.join(SOURCE, "layouts", "region-1080p.json"), "--state",
                    os.path.join(SOURCE, "tests", "data", "busy-state.json")],
                   capture_output=True, text=True, timeout=30)
check("a layout for a roll-up of sites" in r.stderr,
      "a roll-up layout against a single site's state is warned")
colours = os.path.join(d, "colours.json")
with open(colours, "w") as f:
    f.write('{"version": 1, "theme": {"panel": "#12345", "act": "red"},'
            ' "pages": [{"widgets": [{"type": "header", "col": 9, "width": 4}]}]}')
r = run(colours)
check(r.returncode == 1 and 'theme.panel "#12345", theme.act "red" are not colours' in r.stderr,
      "every bad colour, with its value")
check("col: 9 with width 4 runs past the grid's 12 columns" in r.stderr,
      "a widget off the grid is blamed on its col")
crowded = os.path.join(d, "crowded.json")
with open(crowded, "w") as f:
    f.write('{"version": 1, "pages": [{"widgets": [{"type": "keywords", "count": 10,'
            ' "height": 2}]}]}')
r = run(crowded)
check(r.returncode == 0 and "count 10, but about 2 rows fit" in r.stderr,
      "a list asking for more rows than fit is warned: " +
      [l for l in r.stderr.splitlines() + [""] if "count 10" in l][0])
print("ok")
