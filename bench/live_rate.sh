#!/bin/bash
# bench/live_rate.sh - the highest replay rate a live capture takes with
# no packet lost, on a veth pair between two network namespaces of its own:
# smbsensor alone, with --workers 1 and --workers 2, and tcpdump writing to
# /dev/null (the reference), all measured in this invocation.
#
#   sh bench/live_rate.sh      (or: make bench-live; needs root)
#
# The bulk workload of bench/run.sh (SMB2 transfers, 300 connections) is
# rewritten with tcprewrite into the namespaces' own ranges (servers
# 10.1.0.0/16 -> 10.97.0.0/16, clients 10.2.0.0/16 -> 10.98.0.0/16) and
# replayed with tcpreplay --mbps at each rate of RATES (Mbit/s, ascending),
# as many packets as last RUN_SECONDS at that rate (looping when needed);
# a capturer passes a rate when the
# kernel dropped nothing (libpcap's ps_drop + ps_ifdrop, or tcpdump's
# "dropped by kernel") and it received every packet tcpreplay sent. Every
# rate is tried (losses in a 3 s run are few and vary), and the table gives
# the highest rate below which every rate passed, and the drops at each.
# The rate is the one tcpreplay reports it reached.
#
# Environment: RATES="100 200 ..."  RUN_SECONDS=3  SMBSENSOR=build/smbsensor
# Rewrites the section of bench/RESULTS.md between <!-- liverate:begin -->
# and <!-- liverate:end -->; scratch files in bench/work/liverate/.
set -euo pipefail
cd "$(dirname "$0")/.."

SENSOR=${SMBSENSOR:-build/smbsensor}
RATES=${RATES:-"100 200 400 600 800 1000 1200 1600 2000 2400 3200 4000"}
RUN_SECONDS=${RUN_SECONDS:-3}
W=bench/work/liverate
SRC=bench/work/smb2-bench.pcap
PCAP=$W/replay.pcap
NS=smbsensor-bench-$$
RESULTS=bench/RESULTS.md

say() { printf 'live_rate: %s\n' "$*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "needs root (network namespaces, capture)"; exit 1; }
for t in tcpreplay tcprewrite tcpdump ip ethtool; do
	command -v "$t" >/dev/null || { say "$t is missing: make bench-live installs it (tools/install-deps.sh bench)"; exit 1; }
done
mkdir -p "$W"

down() {
	for p in $(ip netns pids "$NS-b" 2>/dev/null) $(ip netns pids "$NS-a" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
	ip netns del "$NS-a" 2>/dev/null || true
	ip netns del "$NS-b" 2>/dev/null || true
}
trap down EXIT

[ -f "$SRC" ] || python3 bench/gen_smb2_pcap.py --workload bulk --size-mb 200 "$SRC" >&2
ip netns add "$NS-a"
ip netns add "$NS-b"
ip link add va netns "$NS-a" type veth peer name vb netns "$NS-b"
ip -n "$NS-a" addr add 10.98.255.254/16 dev va
ip -n "$NS-b" addr add 10.97.255.254/16 dev vb
ip -n "$NS-a" link set va up
ip -n "$NS-b" link set vb up
ip netns exec "$NS-b" ethtool -K vb gro off >/dev/null 2>&1 || true
dmac=$(ip -n "$NS-b" -o link show vb | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
tcprewrite --pnat=10.1.0.0/16:10.97.0.0/16,10.2.0.0/16:10.98.0.0/16 --enet-dmac="$dmac" \
	--infile="$SRC" --outfile="$PCAP" >&2
bytes=$(stat -c %s "$PCAP")
packets=$(python3 -c 'import sys
f = open(sys.argv[1], "rb"); f.seek(24); n = 0
while True:
    h = f.read(16)
    if len(h) < 16: break
    f.seek(int.from_bytes(h[8:12], "little"), 1); n += 1
print(n)' "$PCAP")

# Starts capturer $1 on vb writing to $2; sets $cap_pid once it captures.
start() { # kind dir
	rm -rf "$2" && mkdir -p "$2"
	case $1 in
	tcpdump) ip netns exec "$NS-b" tcpdump -i vb -n -s 262144 -B 65536 -w /dev/null 'tcp' 2>"$2/err" & ;;
	alone) ip netns exec "$NS-b" "$SENSOR" --no-progress --allow-root -i vb -w "$2" 2>"$2/err" & ;;
	workers*) ip netns exec "$NS-b" "$SENSOR" --no-progress --allow-root --workers "${1#workers}" -i vb -w "$2" \
			2>"$2/err" & ;;
	esac
	cap_pid=$!
	sleep 1.5
}

# Stops it (in this shell: only the parent can wait for it); writes
# "received dropped" as the capturer counted them to $2/counts.
stop() { # kind dir
	kill -TERM "$cap_pid"
	wait "$cap_pid" || true
	counts "$@" >"$2/counts"
}

counts() { # kind dir
	if [ "$1" = tcpdump ]; then
		awk '/packets received by filter/ { r = $1 } /dropped by kernel/ { d = $1 } END { print r + 0, d + 0 }' "$2/err"
	else
		awk -F '\t' '/^#fields/ { for (i = 2; i <= NF; i++) c[$i] = i - 1 }
			!/^#/ { r = $c["pcap_recv"]; d = $c["pcap_drop"] + $c["pcap_ifdrop"] } END { print r + 0, d + 0 }' "$2/stats.log"
	fi
}

# One replay at $2 Mbit/s against capturer $1, RUN_SECONDS long (--limit:
# the packets that take at that rate); sets sent mbps pps recv drop.
measure() { # kind rate
	d=$W/$1-$2
	n=$(awk -v r="$2" -v s="$RUN_SECONDS" -v b="$bytes" -v p="$packets" 'BEGIN { print int(r * 1e6 / 8 * s / (b / p)) + 1 }')
	start "$1" "$d"
	ip netns exec "$NS-a" tcpreplay --intf1=va --mbps="$2" --limit="$n" --loop=0 "$PCAP" >"$d/replay" 2>&1
	sleep 1
	stop "$1" "$d"
	sent=$(awk '/Actual:/ { print $2 }' "$d/replay")
	read -r mbps pps <<<"$(awk '/Rated:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^Mbps/) m = $(i - 1); if ($i ~ /^pps/) p = $(i - 1) } } END { print m + 0, p + 0 }' "$d/replay")"
	read -r recv drop <"$d/counts"
}

declare -A BEST BEST_PPS FIRST_FAIL LOST
KINDS="tcpdump alone workers1 workers2"
for k in $KINDS; do
	BEST[$k]=- BEST_PPS[$k]=- FIRST_FAIL[$k]=-
	for r in $RATES; do
		measure "$k" "$r"
		say "$k at $r Mbit/s: sent $sent ($mbps Mbit/s, $pps pkt/s), received $recv, dropped $drop"
		lost=$((drop + (sent > recv ? sent - recv : 0)))
		LOST[$k]="${LOST[$k]:-} $lost"
		if [ "$lost" -eq 0 ] && [ "${FIRST_FAIL[$k]}" = - ]; then
			BEST[$k]=$mbps BEST_PPS[$k]=$pps
		elif [ "${FIRST_FAIL[$k]}" = - ]; then
			FIRST_FAIL[$k]="$r (dropped $drop, received $recv of $sent)"
		fi
	done
done

{
	echo "<!-- liverate:begin -->"
	echo "## Live capture rate on a veth (bench/live_rate.sh)"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores. tcpreplay --mbps into a veth pair between two namespaces,"
	echo "the capturer on the receiving end; workload: bench/work/smb2-bench.pcap (bulk SMB2, 300"
	echo "connections, $((bytes / 1000000)) MB) rewritten into 10.97/10.98.0.0/16, ${RUN_SECONDS} s of it per rate."
	echo "Highest rate reached with no packet dropped by the kernel and every packet received;"
	echo "rates tried: $RATES Mbit/s."
	echo
	echo "| capturer | highest rate without loss (Mbit/s) | packets/s | first rate with loss | packets lost at each rate |"
	echo "|---|---|---|---|---|"
	for k in $KINDS; do
		case $k in
		tcpdump) name="tcpdump -w /dev/null (reference)" ;;
		alone) name="smbsensor" ;;
		workers*) name="smbsensor --workers ${k#workers}" ;;
		esac
		echo "| $name | ${BEST[$k]} | ${BEST_PPS[$k]} | ${FIRST_FAIL[$k]} |${LOST[$k]} |"
	done
	echo "<!-- liverate:end -->"
} >"$W/section.md"
python3 - "$RESULTS" "$W/section.md" <<'PY'
import sys
path, sec = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
old = open(path).read()
b, e = "<!-- liverate:begin -->", "<!-- liverate:end -->"
if b in old and e in old:
    head, rest = old.split(b, 1)
    new = head + sec + rest.split(e, 1)[1]
else:
    new = old.rstrip("\n") + "\n\n" + sec + "\n"
open(path, "w").write(new)
PY
cat "$W/section.md"
