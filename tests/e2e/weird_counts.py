#!/usr/bin/env python3
"""Checks the weird.log of runs against their stats.log: every anomaly is
either a row or suppressed (weirds = rows + weirds_suppressed), and, when
given, the numbers a run must have.

  weird_counts.py LOG_DIR... [--rows N] [--suppressed N] [--refused N] [--names N1,N2...]
                  [--rows-as "NAME ADDL SOURCE,..."]
"""
import argparse
import os

import zeeklog


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--rows", type=int)
    ap.add_argument("--suppressed", type=int)
    ap.add_argument("--refused", type=int)
    ap.add_argument("--names", help="the names of the rows, in order")
    ap.add_argument("--rows-as", help="name, addl and source of each row, in order")
    a = ap.parse_args()
    bad = sum(check(d, a) for d in a.dirs)
    return 1 if bad else 0


def check(d, a):
    """1 when the run in d is wrong (said on stdout), else 0."""
    _, _, stats = zeeklog.read(os.path.join(d, "stats.log"))
    _, _, rows = zeeklog.read(os.path.join(d, "weird.log"), missing_ok=True)
    last = stats[-1]
    weirds, suppressed = int(last["weirds"]), int(last["weirds_suppressed"])
    refused = int(last["weird_names_refused"])
    problems = []
    if weirds != len(rows) + suppressed:
        problems.append("weirds %d != %d rows + %d suppressed" % (weirds, len(rows), suppressed))
    for what, want, got in (("rows", a.rows, len(rows)), ("suppressed", a.suppressed, suppressed),
                            ("names refused", a.refused, refused)):
        if want is not None and want != got:
            problems.append("%s: %d, expected %d" % (what, got, want))
    names = ",".join(r["name"] for r in rows)
    if a.names is not None and names != a.names:
        problems.append("names %s, expected %s" % (names, a.names))
    rows_as = ",".join(" ".join((r["name"], r["addl"], r["source"])) for r in rows)
    if a.rows_as is not None and rows_as != a.rows_as:
        problems.append("rows %s, expected %s" % (rows_as, a.rows_as))
    for p in problems:
        print("  %s: %s" % (d, p))
    if weirds and not problems:
        print("  %s: weirds %d = %d rows + %d suppressed" % (d, weirds, len(rows), suppressed))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
