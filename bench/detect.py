#!/usr/bin/env python3
"""bench/detect.py - what the detectors cost, measured against the sensor
without them in the same invocation (issue 6's performance targets):

 1. run time: each bench capture (bench/work/smb2-bench.pcap, smb2-files.pcap,
    smb2-rpc.pcap; made by bench/run.sh's generator when missing) read with
    `detect = no` and `detect = yes`, alternately, BENCH_RUNS times each;
    the best CPU time (user + system) of each is kept. Target: the
    detectors add less than 10 %.
 2. state: build/detect_state (bench/detect_state.c) feeds 100,000 accounts,
    each reaching 20 hosts from its own source host, through the fan-out
    detector and reports its peak RSS. Target: under 200 MB.

    python3 bench/detect.py        (or: make bench-detect)

Rewrites the detect section of bench/RESULTS.md.
"""
import os
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
W = os.path.join(ROOT, "bench", "work")
SENSOR = os.environ.get("SMBSENSOR", os.path.join(ROOT, "build", "smbsensor"))
STATE = os.path.join(ROOT, "build", "detect_state")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
CAPTURES = [("bulk", "smb2-bench.pcap", []), ("files", "smb2-files.pcap", ["--workload", "files"]),
            ("rpc", "smb2-rpc.pcap", ["--workload", "rpc"])]


def cpu_of(cmd):
    """CPU seconds (user + system) of one run of cmd."""
    pid = os.spawnv(os.P_NOWAIT, cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("detect.py: %s failed" % " ".join(cmd))
    return ru.ru_utime + ru.ru_stime


def run_time(name, pcap, gen_args):
    path = os.path.join(W, pcap)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_smb2_pcap.py")] + gen_args + [path],
                       check=True)
    best = {}
    for _ in range(RUNS):
        for on in ("no", "yes"):
            conf = os.path.join(W, "detect-%s.conf" % on)
            with open(conf, "w") as f:
                f.write("# written by bench/detect.py\ndetect = %s\n" % on)
            cmd = [SENSOR, "--no-progress", "--no-report", "-c", conf, "-r", path, "-w",
                   os.path.join(W, "detect-logs-%s-%s" % (name, on))]
            best[on] = min(best.get(on, 1e9), cpu_of(cmd))
    return best["no"], best["yes"]


def state():
    out = subprocess.run([STATE], capture_output=True, text=True, check=True).stdout.strip()
    return out


def main():
    if not os.access(SENSOR, os.X_OK) or not os.access(STATE, os.X_OK):
        sys.exit("detect.py: build %s and %s first (make bench-detect)" % (SENSOR, STATE))
    os.makedirs(W, exist_ok=True)
    lines = ["<!-- detect:begin -->", "## Detector cost (bench/detect.py)", "",
             "- date: %s UTC, source: %s" % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                                           subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                                          capture_output=True, text=True).stdout.strip()),
             "- run time, best of %d CPU seconds, `detect = no` against `detect = yes` in the same invocation"
             " (target: less than +10 %%):" % RUNS, "",
             "| capture | detect = no | detect = yes | added |", "| --- | --- | --- | --- |"]
    for name, pcap, gen in CAPTURES:
        off, on = run_time(name, pcap, gen)
        lines.append("| %s (%s) | %.3f s | %.3f s | %+.1f %% |" % (name, pcap, off, on, 100.0 * (on - off) / off))
    lines += ["", "- state: " + state() + " (target: under 200 MB)", "<!-- detect:end -->"]
    section = "\n".join(lines)
    text = open(RESULTS).read() if os.path.exists(RESULTS) else ""
    if "<!-- detect:begin -->" in text:
        head, rest = text.split("<!-- detect:begin -->", 1)
        text = head + section + rest.split("<!-- detect:end -->", 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(RESULTS, "w").write(text)
    print(section)


if __name__ == "__main__":
    main()
