#!/bin/sh
# bench/soak.sh - the soak run of issue 7: 24 hours of packet time, replayed
# from a loop of captures with new clients, servers, ports and accounts each
# time round, piped into `smbsensor -r -`; VmRSS/VmHWM at the end of every
# packet hour against the first hour (target: within 10 %). Not a test and
# not for CI: it exits 0 whatever the figures (non-zero only when the sensor
# fails). See bench/soak.py for the input.
#
#   sh bench/soak.sh            (or: make bench-soak; ~4 min for the 24 h run,
#                                ~5 more for the diagnosis runs, 2 cores)
#
# Environment: SMBSENSOR=PATH   the sensor binary (default build/smbsensor);
#                                it is copied first, so a rebuild during the
#                                run does not change what is measured
#              SOAK_BUILD=head  measure a clean build of the committed HEAD
#                                (git archive into bench/work/soak-head/)
#              SOAK_DIAG=0      skip the diagnosis runs (SOAK_DIAG_HOURS packet
#                                hours each, default 6, with detect = no and
#                                with smaller detector tables)
#              SOAK_EPISODES, SOAK_CLIENTS, SOAK_SERVERS, SOAK_ACCOUNTS
#                                episodes per packet hour (4000) and the pools
#                                (100000 client addresses, 5000 servers,
#                                100000 accounts)
# Rewrites the section of bench/RESULTS.md between <!-- soak:begin --> and
# <!-- soak:end -->; scratch files (samples as .tsv, logs) in bench/work/soak/.
set -eu
cd "$(dirname "$0")/.."
W=bench/work/soak
mkdir -p "$W"
say() { printf 'soak: %s\n' "$*"; }

REV=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [ "${SOAK_BUILD:-}" = head ]; then
	say "building a clean export of HEAD ($REV) in bench/work/soak-head"
	rm -rf bench/work/soak-head
	mkdir -p bench/work/soak-head
	git archive HEAD | tar -x -C bench/work/soak-head
	make -C bench/work/soak-head -j2 build/smbsensor >/dev/null
	SRC=bench/work/soak-head/build/smbsensor
	NOTE=" (clean build of the commit, SOAK_BUILD=head)"
else
	SRC=${SMBSENSOR:-build/smbsensor}
	NOTE=$(git status --porcelain 2>/dev/null | grep -q . && echo " (build/smbsensor of a tree with uncommitted changes)" || true)
fi
[ -x "$SRC" ] || { say "$SRC does not exist (run make first)"; exit 1; }
cp "$SRC" "$W/smbsensor"
SENSOR=$W/smbsensor

DIAG=$W/diag.md
: >"$DIAG"
if [ "${SOAK_DIAG:-1}" != 0 ]; then
	H=${SOAK_DIAG_HOURS:-6}
	printf 'detect = no\n' >"$W/nodetect.conf"
	printf 'detect_max_hosts = 256\n' >"$W/hosts256.conf"
	printf 'fanout_max_keys = 10000\n' >"$W/fanout10k.conf"
	printf 'finding_max_pairs = 1000\n' >"$W/findings1k.conf"
	printf 'detect_max_hosts = 256\nfanout_max_keys = 10000\nfinding_max_pairs = 1000\n' >"$W/allsmall.conf"
	for c in nodetect hosts256 fanout10k findings1k allsmall; do
		say "diagnosis run $c ($H packet hours, $(tr '\n' ' ' <"$W/$c.conf"))"
		python3 bench/soak.py --sensor "$SENSOR" --config "$W/$c.conf" --name "diag-$c" \
			--hours "$H" --no-results >"$W/diag-$c.out" 2>&1 || { tail -n 5 "$W/diag-$c.out"; exit 1; }
		tail -n 3 "$W/diag-$c.out" | head -n 1
	done
	python3 - "$W" "$H" >"$DIAG" <<'PY'
import csv, sys
w, h = sys.argv[1], int(sys.argv[2])
runs = [("nodetect", "detect = no"), ("hosts256", "detect_max_hosts = 256 (default 4096)"),
        ("fanout10k", "fanout_max_keys = 10000 (default 200000)"),
        ("findings1k", "finding_max_pairs = 1000 (default 65536)"),
        ("allsmall", "the three limits above together")]
print()
print("Diagnosis: the same input for %d packet hours with one setting changed "
      "(VmRSS KiB at the end of each hour; the last column is hour %d against hour 1):" % (h, h))
print()
print("| configuration | " + " | ".join("h%d" % i for i in range(1, h + 1)) + " | growth |")
print("| --- | " + " | ".join("---" for _ in range(h)) + " | --- |")
for name, label in runs:
    rows = list(csv.DictReader(open("%s/diag-%s.tsv" % (w, name)), delimiter="\t"))
    rss = [int(float(r["VmRSS"])) for r in rows]
    print("| %s | %s | %+.1f %% |" % (label, " | ".join(str(v) for v in rss), 100.0 * (rss[-1] / rss[0] - 1)))
PY
fi

say "the 24-hour run"
python3 bench/soak.py --sensor "$SENSOR" --name soak --source-note "$NOTE" \
	--diag "$DIAG"
