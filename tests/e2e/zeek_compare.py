#!/usr/bin/env python3
"""Compares a log of ours with Zeek's baseline for the same capture: the same
rows in the same order, every field equal except ts (btest masks it) and uid
(Zeek's are seeded hashes), where only the mapping must agree: rows sharing a
uid in Zeek share one in ours, and no other. weird.log's peer names the node
that wrote the row: "zeek" in Zeek's, "smbsensor" in ours.

smb_files.log: Zeek writes a READ or WRITE row twice, without and then with
the fuid its file analysis gives the data; the sensor extracts no files and
has no fuid, so Zeek's rows that carry one are left out of the comparison.

  zeek_compare.py ZEEK_LOG OUR_LOG [EXTRA]

EXTRA lists rows of ours that Zeek does not write, on purpose: one row a
line, the fields from id.orig_h on, tab-separated; '#' lines say why. A
line that starts with "zeek<TAB>" is a row of Zeek's that the sensor does
not write (in the same form). A line "unordered" compares the rows sorted by
their fields from id.orig_h on: Zeek writes the rows of connections still
open at the end of a run in its connection table's order.

  zeek_compare.py ZEEK_BASELINE_LOG OUR_LOG
"""
import sys

import zeeklog

SKIP = {"ts", "uid", "peer"}


def id_on(fields, r):
    return "\t".join(r.get(f, "") for f in fields[fields.index("id.orig_h"):])


def drop_extra(fields, rows, extra):
    """rows without the first match of each EXTRA line."""
    keep, want = [], list(extra)
    for r in rows:
        line = id_on(fields, r)
        if line in want:
            want.remove(line)
        else:
            keep.append(r)
    if want:
        print("  expected extra rows not found: %s" % want)
        keep.append({})
    return keep


def main():
    zf, _, zrows = zeeklog.read(sys.argv[1])
    zrows = [r for r in zrows if r.get("fuid", "-") == "-"]
    of, _, orows = zeeklog.read(sys.argv[2])
    if len(sys.argv) > 3:
        extra = [l for l in open(sys.argv[3], encoding="utf-8").read().splitlines() if l and l[0] != "#"]
        ours = [l for l in extra if not l.startswith("zeek\t") and l != "unordered"]
        zeeks = [l[5:] for l in extra if l.startswith("zeek\t")]
        orows = drop_extra(of, orows, ours)
        zrows = drop_extra(zf, zrows, zeeks)
        if "unordered" in extra:
            orows.sort(key=lambda r: id_on(of, r))
            zrows.sort(key=lambda r: id_on(zf, r))
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
