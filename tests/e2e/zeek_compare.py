#!/usr/bin/env python3
"""Compares a log of ours with Zeek's baseline for the same capture: the same
rows in the same order, every field equal except ts (btest masks it) and uid
(Zeek's are seeded hashes), where only the mapping must agree: rows sharing a
uid in Zeek share one in ours, and no other.

  zeek_compare.py ZEEK_BASELINE_LOG OUR_LOG
"""
import sys

import zeeklog

SKIP = {"ts", "uid"}


def main():
    zf, _, zrows = zeeklog.read(sys.argv[1])
    of, _, orows = zeeklog.read(sys.argv[2])
    problems = []
    if zf != of:
        problems.append("fields differ:\n    zeek %s\n    ours %s" % (zf, of))
    if len(zrows) != len(orows):
        problems.append("zeek has %d rows, ours %d" % (len(zrows), len(orows)))
    uids = {}
    for i, (z, o) in enumerate(zip(zrows, orows)):
        for f in zf:
            if f not in SKIP and z.get(f) != o.get(f):
                problems.append("row %d %s: zeek %r, ours %r" % (i + 1, f, z.get(f), o.get(f)))
        if uids.setdefault(z["uid"], o["uid"]) != o["uid"]:
            problems.append("row %d: uid mapping differs from Zeek's" % (i + 1))
    if len(set(uids.values())) != len(uids):
        problems.append("distinct Zeek uids map to one of ours")
    for p in problems:
        print("  " + p)
    print("  %d rows compared with Zeek, %d problem(s)" % (len(zrows), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
