# Floods (issue 8): each capture of gen_floods.py is built to exhaust one
# table or buffer. Under low limits the sensor must finish (exit 0), count
# what it refused or evicted, and keep its peak RSS within what the limits
# allow: the peak of a run over smb2.pcap with the same limits, plus the
# flood's allowance from its limits, plus 2 MiB for the allocator. Without
# the limits these captures take 77-450 MiB (tests/e2e/FLOODS.md). RSS is
# not checked under AddressSanitizer, whose quarantine grows it by design.

cat >"$T/flood.conf" <<'EOF'
max_connections = 1000
smb_max_buffered = 65536
smb_max_pending = 100
smb_max_compound = 16
smb_max_opens = 100
smb_max_trees = 16
smb_max_sessions = 16
smb_max_pipes = 8
dcerpc_max_calls = 4
dcerpc_max_call_bytes = 65536
EOF
flood_asan=
nm "$SMBSENSOR" 2>/dev/null | grep -q __asan_init && flood_asan=1

flood_rss() { # log-dir capture
	python3 "$E2E/peak_rss.py" "$SMBSENSOR" --no-progress --no-report -c "$T/flood.conf" -r "$2" -w "$1"
}
flood_base=$(flood_rss "$T/flood-base" pcaps/smb2.pcap)

# Each "counter op value" holds in the log directory's stats.log (op: -eq -ge ...).
counters_hold() { # log-dir "counter op value"...
	d=$1 bad=0
	shift
	for want in "$@"; do
		# shellcheck disable=SC2086 # the three words of $want
		set -- $want
		v=$(bro-cut "$1" <"$d/stats.log")
		[ -n "$v" ] && [ "$v" "$2" "$3" ] || { echo "stats.log: $1 = $v, wanted $2 $3"; bad=1; }
	done
	return $bad
}

flood() { # kind allowance-KiB "counter op value"...
	kind=$1 allow=$2
	shift 2
	python3 "$E2E/gen_floods.py" "$kind" "$T/flood-$kind.pcap" || return 1
	rss=$(flood_rss "$T/flood-$kind" "$T/flood-$kind.pcap") || { echo "the sensor failed"; return 1; }
	counters_hold "$T/flood-$kind" "$@" || return 1
	[ -n "$flood_asan" ] && return 0
	echo "peak RSS $rss KiB; bound $flood_base + $allow + 2048 KiB"
	[ "$rss" -le $((flood_base + allow + 2048)) ]
}

# max_connections 1000, about 12 KiB each at most (sensor.conf.example).
check "flood: 100,000 SYNs from as many sources: 99,000 evicted, peak RSS within max_connections" \
	flood syn $((1000 * 12)) "conns -eq 100000" "conns_evicted -eq 99000" "conns_open_at_exit -eq 1000"
# smb_max_opens 100, 1 KiB each.
check "flood: 100,000 FileIds opened on one connection: 99,900 refused, peak RSS within smb_max_opens" \
	flood fileids $((100 * 1)) "smb2_create -eq 100000" "smb_opens_refused -eq 99900"
check "tshark: gen_floods.py fileids has 100,000 CREATE responses" eval \
	'[ "$(tshark -r "$T/flood-fileids.pcap" -Y "smb2.flags.response == 1" -T fields -e smb2.cmd 2>/dev/null |
		tr , "\n" | grep -cx 5)" -eq 100000 ]'
# A call is reassembled up to dcerpc_max_call_bytes (64 KiB), in a buffer that doubles.
check "flood: 16 MiB of DCE/RPC fragments of one call: refused at dcerpc_max_call_bytes, the rest orphans" \
	flood pipe $((2 * 64)) "dcerpc_pdus -eq 4003" "dcerpc_too_much_data -eq 1" "dcerpc_orphan_fragments -ge 3900"
# smb_max_pipes 8 x dcerpc_max_calls 4 x dcerpc_max_call_bytes 64 KiB, doubled.
check "flood: 8 pipes each sent 24 unfinished calls: 4 reassembled per pipe, peak RSS within the DCE/RPC limits" \
	flood rpccalls $((8 * 4 * 64 * 2)) "dcerpc_too_many_calls -eq 140" "smb_pipes_refused -eq 1"
# smb_max_buffered 64 KiB (twice: a message being framed, one being parsed); smb_max_pending 100.
check "flood: 200 compound chains of 1,000 ECHOs: 16 followed in each, pending requests evicted, peak RSS within limits" \
	flood compound $((2 * 64 + 100)) "smb2_compound_cut -eq 200" "smb2_echo -eq 3200" "nb_truncated -eq 200" \
	"smb2_pending_evicted -ge 3000"
check "flood: 100,000 NetBIOS messages of length 0, one of 2^24-1: framing kept, 16 MiB not buffered" \
	flood netbios $((2 * 64)) "nb_messages -eq 100010" "smb_not_smb -eq 100000" "smb2_echo -eq 2" \
	"nb_bytes_unbuffered -ge 16711679"
lies_counted() {
	flood lying 0 "smb2_bad_headers -ge 90" "smb2_bad_bodies -ge 150" "smb2_compound_cut -ge 90" || return 1
	bro-cut path <"$T/flood-lying/smb_mapping.log" | grep -qxF '\\\\10.1.0.10\\after-lies' ||
		{ echo "the tree connect after the lies is not in smb_mapping.log"; return 1; }
}
check "flood: SMB2 messages with every length field lying: counted, and the next tree connect still logged" lies_counted
