#!/usr/bin/env python3
"""Every line of every JSON log is one valid JSON object, and it carries the
same rows and values as the TSV log of the same run.

  json_vs_tsv.py JSON_DIR TSV_DIR
"""
import json
import os
import sys

import zeeklog


def tsv_string(v):
    return v.replace("\\\\", "\\")


def same(t, tv, jv):
    if tv == "-":
        return jv is None
    if tv == "(empty)":
        return jv in ("", [])
    if t in ("time", "interval", "double"):
        return abs(float(tv) - float(jv)) < 1e-6
    if t in ("count", "port"):
        return int(tv) == jv
    if t == "bool":
        return jv is (tv == "T")
    if t.startswith("set") or t.startswith("vector"):
        return [tsv_string(x) for x in tv.split(",")] == jv
    return "\\x" in tv or tsv_string(tv) == jv


def compare(jpath, tpath):
    fields, types, rows = zeeklog.read(tpath)
    lines = open(jpath, encoding="utf-8").read().splitlines()
    errors = []
    if len(lines) != len(rows):
        errors.append("%s: %d JSON lines, %d TSV rows" % (os.path.basename(jpath), len(lines), len(rows)))
    for i, (line, row) in enumerate(zip(lines, rows)):
        obj = json.loads(line)
        if list(obj) != [f for f in fields if row[f] != "-"]:
            errors.append("line %d: keys %s" % (i + 1, list(obj)))
        for f, t in zip(fields, types):
            v = row[f]
            if not same(t, v, obj.get(f)):
                errors.append("line %d %s: TSV %r, JSON %r" % (i + 1, f, v, obj.get(f)))
    return errors


def main():
    jdir, tdir = sys.argv[1], sys.argv[2]
    errors, n = [], 0
    for name in sorted(os.listdir(tdir)):
        if not name.endswith(".log"):
            continue
        if not os.path.exists(os.path.join(jdir, name)):
            errors.append("no JSON " + name)
            continue
        errors += compare(os.path.join(jdir, name), os.path.join(tdir, name))
        n += 1
    for e in errors:
        print("  " + e)
    print("  %d logs compared" % n)
    return 1 if errors or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
