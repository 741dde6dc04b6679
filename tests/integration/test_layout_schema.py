# SPDX-License-Identifier: MIT
"""docs/layout.schema.json (for editors) agrees with the wallboard's own checks: every shipped
layout and include passes both; each mistake below is refused by both."""
import glob
import json
import os
import subprocess

from wbtest import BIN, SOURCE, check, tempdir

try:
    import jsonschema
except ImportError:  # scripts/install-deps installs python3-jsonschema
    print("python3-jsonschema missing: run scripts/install-deps")
    raise SystemExit(77)

with open(os.path.join(SOURCE, "docs", "layout.schema.json")) as f:
    layout_schema = json.load(f)
with open(os.path.join(SOURCE, "docs", "layout-include.schema.json")) as f:
    include_schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(layout_schema)
jsonschema.Draft202012Validator.check_schema(include_schema)
layouts = jsonschema.Draft202012Validator(layout_schema)
includes = jsonschema.Draft202012Validator(include_schema)


def wallboard_accepts(path):
    r = subprocess.run([os.path.join(BIN, "wallboard"), "--check-layout", path],
                       capture_output=True, text=True, timeout=30)
    return r.returncode == 0


shipped = sorted(glob.glob(os.path.join(SOURCE, "layouts", "*.json")))
for path in shipped:
    with open(path) as f:
        doc = json.load(f)
    errors = [e.message for e in layouts.iter_errors(doc)]
    check(not errors, "%s follows the schema %s" % (os.path.basename(path), errors[:2]))
for path in sorted(glob.glob(os.path.join(SOURCE, "layouts", "shared", "*.json"))):
    with open(path) as f:
        doc = json.load(f)
    errors = [e.message for e in includes.iter_errors(doc)]
    check(not errors, "include %s follows its schema %s" % (os.path.basename(path), errors[:2]))

with open(os.path.join(SOURCE, "layouts", "team-1080p.json")) as f:
    base = json.load(f)
base.pop("include")
d = tempdir()


def mutated(change):
    doc = json.loads(json.dumps(base))
    change(doc)
    return doc


widgets = lambda doc: doc["pages"][0]["widgets"]
mistakes = {
    "an unknown top-level key": lambda doc: doc.update(colour="#fff"),
    "an unknown widget": lambda doc: widgets(doc).append({"type": "pie", "row": 11}),
    "an unknown widget option": lambda doc: widgets(doc)[1].update(titel="x"),
    "a bad colour": lambda doc: doc.update(theme={"panel": "navy"}),
    "a kpi metric that does not exist": lambda doc: widgets(doc)[1].update(metric="sl"),
    "a queue table column that does not exist": lambda doc: widgets(doc)[5].update(
        columns=["waiting", "depth"]),
    "text under 1/45 of the height": lambda doc: doc.update(theme={"text_size": 0.01}),
    "a wrong version": lambda doc: doc.update(version=2),
    "teams on a queue table": lambda doc: widgets(doc)[5].update(teams=["A组"]),
}
for what, change in mistakes.items():
    doc = mutated(change)
    path = os.path.join(d, "bad.json")
    with open(path, "w") as f:
        json.dump(doc, f, ensure_ascii=False)
    schema_refuses = bool(list(layouts.iter_errors(doc)))
    check(schema_refuses and not wallboard_accepts(path),
          "%s: refused by the schema and by --check-layout" % what)
print("ok")
