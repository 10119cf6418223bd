# Live capture on lo: the SMB connections of pcaps/demo.pcap replayed over
# real TCP sockets on 127.0.0.1:445 give the rows of the offline run.
# Needs root (capture on lo, bind port 445); otherwise the check is skipped.

# Rows of a log with the columns that differ between a live and an offline
# run (time, uid, addresses and ports) dropped, found by the #fields header.
live_rows() { # log
	rows "$1" | awk -F '\t' -v OFS='\t' '
		/^#fields/ { for (i = 2; i <= NF; i++) if ($i ~ /^(ts|uid|id\.(orig|resp)_[hp])$/) drop[i - 1] = 1 }
		/^#/ { print; next }
		{ out = ""; n = 0
		  for (i = 1; i <= NF; i++) if (!drop[i]) { out = n++ ? out OFS $i : $i }
		  print out }'
}

# The value of column $2 in the last row of log $1.
last_field() { # log field
	awk -F '\t' -v f="$2" '/^#fields/ { for (i = 2; i <= NF; i++) if ($i == f) c = i - 1 }
		!/^#/ && c { v = $c } END { if (v == "") exit 1; print v }' "$1"
}

# Packet sockets of process $1 bound to lo and running: the capture is up.
capturing_on_lo() { # pid
	lo=$(cat /sys/class/net/lo/ifindex 2>/dev/null) || return 1
	ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' >"$T/live.inodes"
	[ -s "$T/live.inodes" ] || return 1
	awk -v lo="$lo" 'NR == FNR { mine[$1] = 1; next }
		FNR > 1 && $5 == lo && $6 == 1 && ($9 in mine) { found = 1 } END { exit !found }' \
		"$T/live.inodes" /proc/net/packet
}

data_rows() { if [ -f "$1" ]; then grep -vc '^#' "$1"; else echo 0; fi; }

# Exit 0 pass, 77 skip (last line says why), anything else fail. Runs in a
# subshell so its trap stops the sensor on every path without touching
# run.sh's trap; each step is bounded, so it always reaches the kill.
live_replay() ( # capture
	cap=$1 ref=$(out_of "$1") live=$T/live
	rm -rf "$live"
	mkdir -p "$live"
	# As root the sensor drops to nobody once lo is open (-u), as deployed.
	as_user=
	if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
		chmod o+x "$T" && chown nobody "$live" && as_user="-u nobody"
	fi
	sensor=
	stop_sensor() {
		[ -n "$sensor" ] || return 0
		kill -9 "$sensor" 2>/dev/null
		wait "$sensor" 2>/dev/null
		sensor=
	}
	trap 'stop_sensor' EXIT
	trap 'stop_sensor; exit 1' INT TERM HUP
	for f in smb_mapping.log ntlm.log; do
		[ -s "$ref/$f" ] || { echo "no offline $ref/$f to compare with"; return 1; }
	done

	# shellcheck disable=SC2086
	printf 'stats_interval = 1\n' >"$T/live.conf"
	"$SMBSENSOR" --no-progress -c "$T/live.conf" $as_user -i lo -f 'host 127.0.0.1' -w "$live" 2>"$T/live.err" &
	sensor=$!
	# No ready signal: poll (3 s at most) for the sensor's packet socket on lo.
	i=0
	until capturing_on_lo "$sensor"; do
		if ! kill -0 "$sensor" 2>/dev/null; then
			wait "$sensor"; st=$?; sensor=
			cat "$T/live.err"
			if [ "$st" -eq 2 ] && grep -qi 'cannot capture on lo.*\(permission\|not permitted\)' "$T/live.err"; then
				echo "cannot capture on lo (not root?)"; return 77
			fi
			echo "sensor exited with status $st before the capture was up"; return 1
		fi
		i=$((i + 1))
		[ "$i" -lt 30 ] || { echo "note: no packet socket on lo seen after 3 s, going on"; break; }
		sleep 0.1
	done
	sleep 0.2 # the filter is set right after the socket is bound
	if [ -n "$as_user" ] && [ "$(awk '/^Uid:/ { print $2 }' "/proc/$sensor/status")" != "$(id -u nobody)" ]; then
		echo "the sensor still runs as uid $(awk '/^Uid:/ { print $2 }' "/proc/$sensor/status"), not nobody"
		return 1
	fi

	# Full loopback speed: bursts the capture ring must absorb (LIVE_GAP
	# pauses before each turn, to tell a drop from a parsing problem).
	python3 "$E2E/replay_tcp.py" --gap "${LIVE_GAP:-0}" "$cap" >"$T/replay.out" 2>&1
	st=$?
	cat "$T/replay.out"
	if [ "$st" -eq 77 ]; then tail -1 "$T/replay.out"; return 77; fi
	[ "$st" -eq 0 ] || { echo "replay_tcp.py failed with status $st"; return 1; }
	nconns=$(grep -c '^ok conn' "$T/replay.out")

	# Rows are flushed every tick: wait (3 s at most) for as many as offline.
	want_m=$(data_rows "$ref/smb_mapping.log") want_n=$(data_rows "$ref/ntlm.log")
	i=0
	while [ "$(data_rows "$live/smb_mapping.log")" -lt "$want_m" ] ||
		[ "$(data_rows "$live/ntlm.log")" -lt "$want_n" ]; do
		i=$((i + 1))
		[ "$i" -lt 30 ] || break
		sleep 0.1
	done
	sleep 0.3 # the last FINs and ACKs

	# A periodic stats.log row (stats_interval = 1), then SIGUSR1: the
	# report, at the next tick (a live run writes none at its end).
	i=0
	until [ "$(data_rows "$live/stats.log")" -ge 1 ]; do
		i=$((i + 1))
		[ "$i" -lt 30 ] || { echo "no periodic stats.log row after 3 s"; return 1; }
		sleep 0.1
	done
	kill -USR1 "$sensor"
	i=0
	until grep -q '^smbsensor: [0-9]* notice' "$T/live.err"; do
		i=$((i + 1))
		[ "$i" -lt 30 ] || { echo "no report on stderr 3 s after SIGUSR1"; cat "$T/live.err"; return 1; }
		sleep 0.1
	done

	kill -TERM "$sensor"
	i=0
	while kill -0 "$sensor" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 50 ]; then
			echo "sensor still running 5 s after SIGTERM; killed"
			cat "$T/live.err"
			return 1
		fi
		sleep 0.1
	done
	wait "$sensor"; st=$?; sensor=
	cat "$T/live.err"
	[ "$st" -eq 0 ] || { echo "sensor exited with status $st after SIGTERM"; return 1; }

	bad=0
	for f in smb_mapping.log ntlm.log; do
		[ -f "$live/$f" ] || { echo "no $f written"; bad=1; continue; }
		live_rows "$ref/$f" >"$T/live.ref"
		live_rows "$live/$f" >"$T/live.got"
		a=$(grep -vc '^#' "$T/live.ref") b=$(grep -vc '^#' "$T/live.got")
		[ "$a" -eq "$b" ] || { echo "$f: $b rows live, $a offline"; bad=1; }
		diff -u "$T/live.ref" "$T/live.got" || { echo "$f: rows differ (- offline, + live)"; bad=1; }
	done
	[ -f "$live/stats.log" ] || { echo "no stats.log written"; return 1; }
	# a row every second (stats_interval = 1), and the last one at SIGTERM
	[ "$(data_rows "$live/stats.log")" -ge 2 ] || { echo "stats.log has no periodic rows"; bad=1; }
	conns=$(last_field "$live/stats.log" conns) || { echo "stats.log has no conns"; return 1; }
	echo "stats.log: pcap_recv $(last_field "$live/stats.log" pcap_recv)," \
		"pcap_drop $(last_field "$live/stats.log" pcap_drop), conns $conns"
	[ "$conns" -eq "$nconns" ] || { echo "stats.log conns $conns, replayed $nconns"; bad=1; }
	[ "$(last_field "$live/stats.log" pcap_drop)" -eq 0 ] || { echo "the kernel dropped packets"; bad=1; }
	return $bad
)

if [ -f pcaps/demo.pcap ]; then
	name="live capture on lo (as nobody after -u) of demo.pcap replayed over TCP gives the offline rows, SIGUSR1 a report, stats.log a row a second"
	live_replay pcaps/demo.pcap >"$T/why" 2>&1
	case $? in
	0) ok "$name" ;;
	77) skip "$name" "$(tail -1 "$T/why")" ;;
	*) ko "$name" ;;
	esac
fi

# --workers 2 on lo, one worker killed: the coordinator says so, stops the
# other and exits 7; no process is left behind.
worker_killed() (
	d=$T/wkill
	rm -rf "$d"
	"$SMBSENSOR" --no-progress --allow-root --workers 2 -i lo -f 'host 127.0.0.2' -w "$d" 2>"$d.err" &
	sensor=$!
	trap 'kill -9 $sensor $kids 2>/dev/null' EXIT
	i=0
	until kids=$(echo $(cat /proc/$sensor/task/*/children 2>/dev/null)) && [ "$(echo $kids | wc -w)" -eq 2 ] &&
		capturing_on_lo "${kids%% *}" && capturing_on_lo "${kids##* }"; do
		if ! kill -0 "$sensor" 2>/dev/null; then
			wait "$sensor"; st=$?
			cat "$d.err"
			grep -qi 'permission\|not permitted' "$d.err" && { echo "cannot capture on lo (not root?)"; return 77; }
			echo "exited with status $st before capturing"; return 1
		fi
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "no two workers capturing after 5 s"; return 1; }
		sleep 0.1
	done
	kill -KILL "${kids%% *}"
	i=0
	while kill -0 "$sensor" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 30 ] || { echo "coordinator still running 3 s after a worker was killed"; return 1; }
		sleep 0.1
	done
	wait "$sensor"; st=$?
	cat "$d.err"
	[ "$st" -eq 7 ] || { echo "exit status $st, expected 7"; return 1; }
	grep -q "worker ${kids%% *} killed by signal 9" "$d.err" || { echo "no message naming the killed worker"; return 1; }
	! kill -0 "${kids##* }" 2>/dev/null || { echo "the other worker is still running"; return 1; }
)

if [ "$(id -u)" -eq 0 ]; then
	name="--workers 2: a worker killed with SIGKILL makes the coordinator stop the other and exit 7, naming it"
	worker_killed >"$T/why" 2>&1
	case $? in
	0) ok "$name" ;;
	77) skip "$name" "$(tail -1 "$T/why")" ;;
	*) ko "$name" ;;
	esac
fi
