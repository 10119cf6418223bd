#!/bin/sh
# bench/idle.sh - bounded memory: 1,000,000 short SMB connections that go
# idle, arriving over a day of packet time (tests/e2e/gen_idle.py), against
# the first 1,000 of them. With conn_idle_timeout = 60 about 700 are open at
# any time, so peak RSS after the million must be what it was after the
# first thousand. The scaled-down version (20,000) runs in `make check`.
#
#   sh bench/idle.sh        (or: make bench-idle)     IDLE_CONNS=N to change the count
#
# Rewrites the idle section of bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
W=bench/work
N=${IDLE_CONNS:-1000000}
SENSOR=${SMBSENSOR:-build/smbsensor}
RESULTS=bench/RESULTS.md
mkdir -p "$W"
[ -x "$SENSOR" ] || { echo "idle: build $SENSOR first (make)"; exit 1; }
printf 'conn_idle_timeout = 60\n' >"$W/idle.conf"
for n in 1000 "$N"; do
	[ -s "$W/idle-$n.pcap" ] || python3 tests/e2e/gen_idle.py "$W/idle-$n.pcap" --conns "$n"
done
rss() { python3 tests/e2e/peak_rss.py "$SENSOR" --no-progress -c "$W/idle.conf" -r "$1" -w "$2"; }
a=$(rss "$W/idle-1000.pcap" "$W/idle-logs-1000")
start=$(date +%s)
b=$(rss "$W/idle-$N.pcap" "$W/idle-logs-$N")
secs=$(($(date +%s) - start))
stats=$(bro-cut conns conns_idle conns_open_at_exit <"$W/idle-logs-$N/stats.log")
verdict=$([ "$b" -le $((a + 1024)) ] && echo "flat (within 1 MiB)" || echo "GREW")
section=$(cat <<EOT
<!-- idle:begin -->
## Bounded memory: idle connections (bench/idle.sh)

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)
- input: \`python3 tests/e2e/gen_idle.py FILE --conns N\` (handshake, SMB2 NEGOTIATE, then
  silence; a million a day of packet time), run with \`conn_idle_timeout = 60\`
- peak RSS after the first 1,000 connections: $a KiB
- peak RSS after $N connections: $b KiB ($secs s): **$verdict**
- stats.log (conns, conns_idle, conns_open_at_exit): $stats
<!-- idle:end -->
EOT
)
if grep -q '^<!-- idle:begin -->$' "$RESULTS" 2>/dev/null; then
	awk -v s="$section" '/^<!-- idle:begin -->$/ { print s; skip = 1; next }
		/^<!-- idle:end -->$/ { skip = 0; next } !skip' "$RESULTS" >"$RESULTS.tmp"
	mv "$RESULTS.tmp" "$RESULTS"
else
	printf '\n%s\n' "$section" >>"$RESULTS"
fi
echo "$section"
