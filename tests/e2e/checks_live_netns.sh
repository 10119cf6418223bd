# Live capture of real SMB software: Samba's smbd in a network namespace of
# its own, smbclient and impacket in another, one veth pair between them
# (10.96.0.1 client, 10.96.0.2 server). The sensor captures live on the
# server's veth (as nobody after -u) while tcpdump captures the same
# interface; the offline run of tcpdump's file must give the rows the live
# run wrote.
#   A: smbclient sessions and an impacket service-creation chain, SIGTERM
#      (exit 0), then every log compared with the offline run; a second
#      sensor with --workers 2 captures next to it, and its logs must equal
#      the offline run too (C).
#   B: one smbclient session, SIGKILL 1.5 s after it: the mapping and file
#      rows are already on disk, and no log ends in half a row.
# Needs root (network namespaces) and smbd, smbclient, tcpdump, ethtool,
# nss_wrapper and Debian's python3-impacket; otherwise both are skipped.
# About 5 s (7 with the sanitizer build); every step is bounded.

# The lab (namespaces, smbd, the samba account in nss_wrapper files), the
# traffic and the teardown: tests/e2e/live_lab.sh (uses $T and $L, the lab
# directory; sets $NS_SRV, $NS_CLI, $VETH_SRV, $SRV_IP).
. "$E2E/live_lab.sh"

# Packet sockets of process $1 bound to interface $2 of its namespace and
# running: the capture is up (/proc/PID/net/packet is that namespace's).
capturing_on() { # pid iface-index
	ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' >"$L/inodes.$1"
	[ -s "$L/inodes.$1" ] || return 1
	awk -v ifi="$2" 'NR == FNR { mine[$1] = 1; next }
		FNR > 1 && $5 == ifi && $6 == 1 && ($9 in mine) { found = 1 } END { exit !found }' \
		"$L/inodes.$1" "/proc/$1/net/packet"
}

# The child processes of $1 (a sensor's workers).
children() { cat "/proc/$1/task/"*/children 2>/dev/null; }
# Sensor $1 runs $3 workers, each capturing on interface $2.
workers_capturing() { # pid iface-index n
	kids=$(children "$1")
	[ "$(echo $kids | wc -w)" -eq "$3" ] || return 1
	for k in $kids; do capturing_on "$k" "$2" || return 1; done
}

# Starts a sensor live (as nobody) on the server's veth, with more options
# when given; sets $!.
start_sensor() { # log-dir [option...]
	d=$1; shift
	rm -rf "$d" && mkdir -p "$d" && chown nobody "$d" || return 1
	ip netns exec "$NS_SRV" "$SMBSENSOR" --no-progress -u nobody -i "$VETH_SRV" -w "$d" "$@" 2>"$d.err" &
}

# Starts the sensor (and a second one with --workers 2 when a third
# directory is given) and tcpdump on the server's veth; returns once all
# capture. Sets $sensor, $sensor2, $tcpdump.
start_captures() { # log-dir pcap [workers-log-dir]
	start_sensor "$1" || return 1
	sensor=$!
	sensor2=
	if [ -n "${3:-}" ]; then
		start_sensor "$3" --workers 2 || return 1
		sensor2=$!
	fi
	ip netns exec "$NS_SRV" tcpdump -Z root -i "$VETH_SRV" -n -U -s 262144 -w "$2" \
		'tcp port 445' 2>"$2.err" &
	tcpdump=$!
	ifi=$(ip -n "$NS_SRV" -o link show "$VETH_SRV" | cut -d: -f1)
	i=0
	until capturing_on "$sensor" "$ifi" && grep -q 'listening on' "$2.err" &&
		{ [ -z "$sensor2" ] || workers_capturing "$sensor2" "$ifi" 2; }; do
		kill -0 "$sensor" 2>/dev/null ||
			{ wait "$sensor"; echo "sensor exited with status $? before the capture was up"; cat "$1.err"; sensor=; return 1; }
		[ -z "$sensor2" ] || kill -0 "$sensor2" 2>/dev/null ||
			{ wait "$sensor2"; echo "sensor --workers 2 exited with status $? before the capture was up"; cat "$3.err"; sensor2=; return 1; }
		kill -0 "$tcpdump" 2>/dev/null ||
			{ echo "tcpdump exited before it was listening"; cat "$2.err"; tcpdump=; return 1; }
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "no capture up 5 s after the start"; cat "$1.err" "$2.err"; return 1; }
		sleep 0.1
	done
	sleep 0.3 # the filter is set right after the socket is bound
	for p in $sensor $sensor2 $(if [ -n "$sensor2" ]; then children "$sensor2"; fi); do
		[ "$(awk '/^Uid:/ { print $2 }' "/proc/$p/status")" = "$(id -u nobody)" ] ||
			{ echo "sensor process $p does not run as nobody"; return 1; }
	done
}

# SIGTERM to sensor $1 and its exit status (1 when it does not end in 10 s).
stop_sensor() { # pid log-dir
	kill -TERM "$1"
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "sensor still running 10 s after SIGTERM"; cat "$2.err"; return 1; }
		sleep 0.1
	done
	wait "$1"
}

# SIGINT to tcpdump; its file is complete once it has exited.
stop_tcpdump() {
	[ -n "$tcpdump" ] || return 0
	kill -INT "$tcpdump" 2>/dev/null
	i=0
	while kill -0 "$tcpdump" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || { kill -KILL "$tcpdump" 2>/dev/null; echo "tcpdump still running 5 s after SIGINT"; }
		sleep 0.1
	done
	wait "$tcpdump" 2>/dev/null
	tcpdump=
}

# Live and offline timestamps are not the same to the microsecond: with no
# socket on the host asking for timestamps, the kernel stamps a packet as it
# hands it to each packet socket (tpacket_rcv: ktime_get_real), so the
# sensor's and tcpdump's stamps of one packet differ by a few us. The
# connection uid is a hash over the first packet's time as well. So:
#   uidmap DIR-OFF DIR-LIVE: "live-uid offline-uid" lines, paired through
#     the connection's 4-tuple (every log row carries uid and 4-tuple);
#   same_as_offline LOG DIR-OFF DIR-LIVE: the rows of LOG pair up in order;
#     in each, ts, duration and rtt agree within 10 ms, every other column
#     exactly once live uids are mapped (also inside notice.log's sub, e.g.
#     write_uid=) and the "N.N s later" of an Exec_Chain message (a rounded
#     difference of two such stamps) is set aside.
uidmap() { # dir-off dir-live
	for d in "$1" "$2"; do
		for f in "$d"/*.log; do
			case $f in */stats.log) continue ;; esac
			awk -F '\t' -v side="$d" '/^#fields/ { for (i = 2; i <= NF; i++) c[$i] = i - 1 }
				!/^#/ && c["uid"] && c["id.resp_p"] && $c["uid"] != "-" {
					print side, $c["uid"], $c["id.orig_h"] " " $c["id.orig_p"] " " $c["id.resp_h"] " " $c["id.resp_p"] }' "$f"
		done
	done | awk -v off="$1" '$1 == off { u[$3 " " $4 " " $5 " " $6] = $2; next }
		{ k = $3 " " $4 " " $5 " " $6; if (k in u && !seen[$2]++) print $2, u[k] }'
}
same_as_offline() { # log dir-off dir-live [by-conn]
	${4:-data_of} "$2" "$1" >"$L/ref"
	${4:-data_of} "$3" "$1" >"$L/got"
	echo "$1: $(wc -l <"$L/got") rows live, $(wc -l <"$L/ref") offline"
	awk -F '\t' -v lname="$1" -v map="$L/uids" '
		BEGIN { while ((getline l <map) > 0) { split(l, a, " "); m[a[1]] = a[2] } }
		FILENAME == ARGV[1] { if (/^#fields/) for (i = 2; i <= NF; i++) name[i - 1] = $i; next }
		FILENAME == ARGV[2] { ref[++n] = $0; next }
		{ k++
		  if (k > n) { print lname ": row " k " live only: " $0; bad = 1; next }
		  for (u in m) gsub(u, m[u])
		  sub(/ [0-9]+\.[0-9] s later/, " _ s later")
		  r = ref[k]; sub(/ [0-9]+\.[0-9] s later/, " _ s later", r)
		  nf = split(r, want, "\t")
		  if (nf != NF) { print lname ": row " k ": " NF " columns live, " nf " offline"; bad = 1; next }
		  for (i = 1; i <= NF; i++) {
			t = name[i] ~ /^(ts|duration|rtt)$/ && $i != "-" && want[i] != "-"
			d = $i - want[i]
			if (t ? (d > 0.01 || d < -0.01) : $i != want[i]) {
				print lname ": row " k " column " name[i] ": offline " want[i] ", live " $i; bad = 1 }
		  } }
		END { if (k < n) { print lname ": " n - k " rows offline only"; bad = 1 }; exit bad }' \
		"$3/$1" "$L/ref" "$L/got"
}

# Rows (no '#' line) of log $2 in directory $1.
data_of() { if [ -f "$1/$2" ]; then grep -v '^#' "$1/$2"; fi; }
# The same grouped by client port, each connection's rows in their order:
# with --workers, rows of connections in different workers interleave as
# they reach the coordinator.
by_conn() { # dir log
	c=$(awk -F '\t' '/^#fields/ { for (i = 2; i <= NF; i++) if ($i == "id.orig_p") print i - 1; exit }' "$1/$2" 2>/dev/null)
	if [ -n "$c" ]; then data_of "$1" "$2" | sort -s -t "$(printf '\t')" -k "$c,$c"n; else data_of "$1" "$2"; fi
}
secs() { awk -v a="$1" -v b="$2" -v c="${3:-0}" 'BEGIN { printf "%.1f", b - a - c }'; } # from to [minus]
nrows() { data_of "$1" "$2" | wc -l; }

# Scenario A. Prints what it did; exit 0 pass, else fail.
netns_sigterm() {
	live=$L/a.live off=$L/a.off cap=$L/a.pcap
	t0=$(date +%s.%N)
	start_captures "$live" "$cap" "$L/c.live" || return 1
	t1=$(date +%s.%N)
	drive_share_list && drive_put_public && drive_admin_roundtrip && drive_exec_chain || return 1
	t2=$(date +%s.%N)
	sleep 1 # the last FIN/ACKs, and the rows of the last packets
	stop_sensor "$sensor" "$live"; st=$?; sensor=
	stop_sensor "$sensor2" "$L/c.live"; echo $? >"$L/c.st"; sensor2=
	t3=$(date +%s.%N)
	stop_tcpdump
	grep -E 'packets (captured|received|dropped)' "$cap.err"
	[ "$st" -eq 0 ] || { echo "sensor exited with status $st after SIGTERM"; cat "$live.err"; return 1; }
	timeout 60 "$SMBSENSOR" --no-progress --no-report -r "$cap" -w "$off" >"$off.err" 2>&1 ||
		{ echo "offline run over tcpdump's capture failed"; cat "$off.err"; return 1; }
	t4=$(date +%s.%N)
	echo "times: captures up $(secs "$t0" "$t1") s, traffic $(secs "$t1" "$t2") s," \
		"SIGTERM to exit $(secs "$t2" "$t3" 1) s, offline $(secs "$t3" "$t4") s"

	bad=0
	# The same logs, and in each the same rows (see same_as_offline): the
	# sensor saw the packets tcpdump saw. stats.log differs by nature (live
	# counters, one row a tick). Every connection was closed (FIN) a second
	# before SIGTERM, so conn.log rows must match too: none is cut short.
	(cd "$live" && ls *.log) | grep -vx stats.log >"$L/a.logs.live"
	(cd "$off" && ls *.log) | grep -vx stats.log >"$L/a.logs.off"
	diff "$L/a.logs.off" "$L/a.logs.live" >/dev/null ||
		{ echo "log files differ (- offline, + live):"; diff "$L/a.logs.off" "$L/a.logs.live"; bad=1; }
	uidmap "$off" "$live" >"$L/uids"
	for f in $(cat "$L/a.logs.live"); do
		same_as_offline "$f" "$off" "$live" || bad=1
	done
	for f in smb_mapping.log smb_files.log ntlm.log smb_session.log dce_rpc.log smb_exec.log notice.log conn.log; do
		[ "$(nrows "$live" "$f")" -gt 0 ] || { echo "no rows in $f"; bad=1; }
	done
	for share in 'public' 'ADMIN$'; do
		grep -qF "$SRV_IP\\\\$share	" "$live/smb_mapping.log" ||
			{ echo "no tree connect to $share in smb_mapping.log"; bad=1; }
	done
	grep -q 'SMB::FILE_WRITE.*ADMIN\$.*e2e-admin\.bin' "$live/smb_files.log" ||
		{ echo "no write of e2e-admin.bin to ADMIN\$ in smb_files.log"; bad=1; }
	grep -q '	CreateServiceW	.*e2esvc\.exe' "$live/smb_exec.log" ||
		{ echo "no CreateServiceW row in smb_exec.log"; bad=1; }
	grep -q '	StartServiceW	' "$live/smb_exec.log" ||
		{ echo "no StartServiceW row in smb_exec.log"; bad=1; }
	for n in Remote_Exec Exec_Chain; do
		grep -q "SMBSensor::$n	" "$live/notice.log" || { echo "no SMBSensor::$n in notice.log"; bad=1; }
	done
	return $bad
}

# Scenario C: the --workers 2 sensor of scenario A against A's offline run.
netns_workers() {
	live=$L/c.live off=$L/a.off
	cat "$live.err"
	[ "$(cat "$L/c.st" 2>/dev/null)" = 0 ] || { echo "sensor --workers 2 exited with status $(cat "$L/c.st") after SIGTERM"; return 1; }
	[ -d "$off" ] || { echo "no offline run (scenario A failed first)"; return 1; }
	bad=0
	(cd "$live" && ls *.log) | grep -vx stats.log >"$L/c.logs.live"
	diff "$L/a.logs.off" "$L/c.logs.live" >/dev/null ||
		{ echo "log files differ (- offline, + workers):"; diff "$L/a.logs.off" "$L/c.logs.live"; bad=1; }
	uidmap "$off" "$live" >"$L/uids"
	for f in $(cat "$L/c.logs.live"); do
		same_as_offline "$f" "$off" "$live" by_conn || bad=1
	done
	echo "stats.log: $(awk -F '\t' '/^#fields/ { for (i = 2; i <= NF; i++) c[$i] = i - 1 }
		!/^#/ { l = "pkts " $c["pkts"] ", conns " $c["conns"] ", pcap_drop " $c["pcap_drop"] ", pkts_before_fanout " $c["pkts_before_fanout"] } END { print l }' "$live/stats.log")"
	return $bad
}

# Scenario B. Prints what it did; exit 0 pass, else fail.
netns_sigkill() {
	live=$L/b.live off=$L/b.off cap=$L/b.pcap
	start_captures "$live" "$cap" || return 1
	drive_put_public || return 1
	sleep 1.5 # the sensor flushes its logs at least every second
	kill -0 "$sensor" 2>/dev/null || { echo "the sensor died before SIGKILL"; cat "$live.err"; return 1; }
	kill -KILL "$sensor"
	wait "$sensor" 2>/dev/null; sensor=
	stop_tcpdump
	timeout 60 "$SMBSENSOR" --no-progress --no-report -r "$cap" -w "$off" >"$off.err" 2>&1 ||
		{ echo "offline run over tcpdump's capture failed"; cat "$off.err"; return 1; }
	bad=0
	uidmap "$off" "$live" >"$L/uids"
	for f in smb_mapping.log smb_files.log; do
		[ "$(nrows "$off" "$f")" -gt 0 ] || { echo "$f: no rows offline"; bad=1; }
		same_as_offline "$f" "$off" "$live" || bad=1
	done
	for f in "$live"/*.log; do
		[ -f "$f" ] || continue
		[ ! -s "$f" ] || [ -z "$(tail -c 1 "$f")" ] ||
			{ echo "$(basename "$f") ends in half a line: $(tail -1 "$f")"; bad=1; }
	done
	echo "logs on disk: $(cd "$live" && ls *.log | tr '\n' ' ')"
	return $bad
}

# Exit 0 when both ran (results in $L/{a,b}.rc and .out), 77 when the lab
# cannot be built here (last line says why), 1 when it failed. A subshell,
# so that its trap tears the lab down on every path without touching
# run.sh's trap.
live_netns() (
	L=$T/netns
	sensor='' tcpdump=''
	trap 'lab_down' EXIT
	trap 'exit 1' INT TERM HUP
	lab_up || return $?
	netns_sigterm >"$L/a.out" 2>&1; echo $? >"$L/a.rc"
	kill -KILL $sensor ${sensor2:-} 2>/dev/null; sensor= sensor2=; stop_tcpdump >>"$L/a.out" 2>&1
	netns_workers >"$L/c.out" 2>&1; echo $? >"$L/c.rc"
	netns_sigkill >"$L/b.out" 2>&1; echo $? >"$L/b.rc"
	return 0
)

name_a="live on a veth next to real smbd (smbclient, impacket svcctl chain), SIGTERM: exit 0 and every log's rows equal the offline run of a tcpdump capture"
name_c="live with --workers 2 (PACKET_FANOUT) next to the same sensor alone, SIGTERM: exit 0 and every log's rows equal the offline run (none lost or doubled)"
name_b="live on a veth next to real smbd, SIGKILL 1.5 s after a session: smb_mapping/smb_files rows already on disk, no half line"
rm -rf "$T/netns"
live_netns >"$T/netns.out" 2>&1
case $? in
0)
	for s in a c b; do
		case $s in a) name=$name_a ;; b) name=$name_b ;; c) name=$name_c ;; esac
		cp "$T/netns/$s.out" "$T/why"
		if [ "$(cat "$T/netns/$s.rc")" -eq 0 ]; then ok "$name"; else ko "$name"; fi
		[ -z "${NETNS_VERBOSE:-}" ] || sed 's/^/    /' "$T/netns/$s.out"
	done
	;;
77)
	skip "$name_a" "$(tail -1 "$T/netns.out")"
	skip "$name_c" "$(tail -1 "$T/netns.out")"
	skip "$name_b" "$(tail -1 "$T/netns.out")"
	;;
*)
	cp "$T/netns.out" "$T/why"
	ko "$name_a"
	ko "$name_c"
	ko "$name_b"
	;;
esac
