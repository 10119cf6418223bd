#!/usr/bin/env python3
"""Every log under DIR is whole rows of its header's shape.

  check_rows.py DIR

For each *.log found under DIR (any depth), TSV (it starts with the
"#separator" line) or JSON (it starts with "{"):

  * the file ends with a newline, so the row count is the number of newline
    characters after the header: no row is torn, none is glued to the next;
  * every line is UTF-8 (the writer escapes what is not) without CR;
  * TSV: the header is Zeek's eight lines in Zeek's order, #types has as many
    entries as #fields, every data line has that many tab-separated fields,
    and the only later meta line is one #close, last;
  * JSON: every line is one JSON object.

A log killed before its first row may be empty (Zeek opens lazily, so does
the sensor). Prints one line per bad file and a count; exits 1 if any.
"""
import json
import os
import sys

HEADER = ("#separator", "#set_separator", "#empty_field", "#unset_field",
          "#path", "#open", "#fields", "#types")


def tsv_problem(lines):
    """What is wrong with the lines of a TSV log (all but the last ended by a
    newline), or None."""
    if len(lines) < len(HEADER):
        return "header cut short (%d lines)" % len(lines)
    for i, key in enumerate(HEADER):
        if lines[i].split("\t" if i else " ")[0] != key:
            return "line %d is not %s" % (i + 1, key)
    n = len(lines[6].split("\t")) - 1
    if len(lines[7].split("\t")) - 1 != n:
        return "#types has %d entries, #fields %d" % (len(lines[7].split("\t")) - 1, n)
    body = lines[len(HEADER):]
    if body and body[-1].startswith("#close\t"):
        body = body[:-1]
    for i, line in enumerate(body, len(HEADER) + 1):
        if line.startswith("#"):
            return "line %d: meta line inside the rows: %.60r" % (i, line)
        if len(line.split("\t")) != n:
            return "line %d has %d fields, #fields %d" % (i, len(line.split("\t")), n)
    return None


def json_problem(lines):
    for i, line in enumerate(lines, 1):
        try:
            if not isinstance(json.loads(line), dict):
                return "line %d is not a JSON object" % i
        except ValueError as e:
            return "line %d is not JSON (%s): %.60r" % (i, e, line)
    return None


def problem(path):
    data = open(path, "rb").read()
    if not data:
        return None
    if not data.endswith(b"\n"):
        return "does not end with a newline (torn last row)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "not UTF-8 at byte %d" % e.start
    if "\r" in text:
        return "carriage return at byte %d" % text.index("\r")
    lines = text[:-1].split("\n")
    if text.startswith("#separator "):
        return tsv_problem(lines)
    if text.startswith("{"):
        return json_problem(lines)
    return "neither a Zeek TSV header nor a JSON row first"


def main():
    logs = sorted(os.path.join(d, f) for d, _, files in os.walk(sys.argv[1])
                  for f in files if f.endswith(".log"))
    bad = 0
    for path in logs:
        why = problem(path)
        if why:
            bad += 1
            print("%s: %s" % (os.path.relpath(path, sys.argv[1]), why))
    print("check_rows: %d logs, %d bad" % (len(logs), bad))
    return 1 if bad or not logs else 0


if __name__ == "__main__":
    sys.exit(main())
