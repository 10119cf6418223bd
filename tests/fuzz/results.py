#!/usr/bin/env python3
"""tests/fuzz/RESULTS.md from the logs of a `make fuzz` campaign.

  results.py SECONDS LOGDIR TARGET... > RESULTS.md

Per target: executions and exec/s (libFuzzer's -print_final_stats), the
coverage of its last status line (cov: edges, ft: features), the corpus it
ended with, peak RSS, and whether it stopped on a crash, leak or UBSan report.
"""
import os
import re
import subprocess
import sys
import time


def parse(text):
    r = {}
    for line in text.splitlines():
        m = re.match(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", line)
        if m:
            r.update(cov=m.group(2), ft=m.group(3), corp="%s (%s)" % (m.group(4), m.group(5)))
        m = re.match(r"stat::(\w+):\s+(\d+)", line)
        if m:
            r[m.group(1)] = m.group(2)
        if re.search(r"ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:", line):
            r.setdefault("error", line.strip().lstrip("=0123456789").strip()[:70])
    return r


def machine():
    try:
        cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        cpu = "?"
    return "%s CPU%s, %s" % (cpu, "" if cpu == "1" else "s", os.uname().sysname + " " + os.uname().release)


def main(argv):
    secs, logdir, targets = argv[1], argv[2], argv[3:]
    print("# Fuzzing results\n")
    print("Written by `make fuzz FUZZ_SECONDS=%s` (tests/fuzz/results.py) on %s UTC, %s." %
          (secs, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), machine()))
    print("Each target ran alone for %s s, from its seeds (build/fuzz-seeds), its regressions and the\n"
          "corpus of earlier runs in build/fuzz/corpus. cov: edges covered and ft: features, from\n"
          "libFuzzer's last status line; corpus: inputs kept at the end (files, size).\n" % secs)
    print("| target | seconds | executions | exec/s | cov | ft | corpus | peak RSS MB | result |")
    print("|---|---|---|---|---|---|---|---|---|")
    for t in targets:
        path = os.path.join(logdir, t + ".log")
        r = parse(open(path, errors="replace").read()) if os.path.exists(path) else {}
        if "number_of_executed_units" not in r:
            r.setdefault("error", "did not finish (see build/fuzz/logs/%s.log)" % t)
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            t, secs, r.get("number_of_executed_units", "?"), r.get("average_exec_per_sec", "?"),
            r.get("cov", "?"), r.get("ft", "?"), r.get("corp", "?"), r.get("peak_rss_mb", "?"),
            r.get("error", "no crash, leak or UBSan report")))


if __name__ == "__main__":
    main(sys.argv)
