# Damaged and re-encoded copies of real sessions (tests/e2e/pcaptool.py):
# no handshake, a segment lost inside a WRITE, one direction only, IPv6,
# reordered and retransmitted segments, and the mid-stream captures from
# suricata-verify. Each check says what must still hold, and what the
# missing bytes really hid.
#
# The sources: pcaps/smb2.pcap is one connection 10.0.0.11:49208 ->
# 10.0.0.12:445 (frames 1-3 the handshake; NTLM session setup frames 6-9;
# tree connects \\10.0.0.12\smb2 frames 10/11 and \\10.0.0.12\IPC$ frames
# 14/15; from frame 38 on, 25 WRITEs of 65536 bytes in 1460-byte segments).
# pcaps/demo.pcap is five complete connections (see pcaps/README).

R=$T/rec
mkdir -p "$R"

# gen NAME SOURCE ARGS...: pcaptool's SUBCOMMAND applied to pcaps/SOURCE.pcap,
# written to $R/NAME.pcap (ARGS is the subcommand and its options).
gen() { # name source subcommand [options]
	gen_name=$1 gen_src=$2 gen_cmd=$3
	shift 3
	python3 "$E2E/pcaptool.py" "$gen_cmd" "pcaps/$gen_src.pcap" "$R/$gen_name.pcap" "$@"
}
# sensor NAME: runs the sensor on $R/NAME.pcap, logs in $R/NAME.
sensor() { run -r "$R/$1.pcap" -w "$R/$1"; }

# Data rows of a Zeek log (none if the file is missing) with fields
# rewritten, one SPEC each: "f" masks field f with '*', "f=V" sets it to V,
# "f=@v6" maps the IPv4 address in it as `pcaptool.py ipv6` does
# (a.b.c.d -> 2001:db8::a:b:c:d, written the way inet_ntop compresses it as
# long as a is not 0 and b.c.d holds no run of three zeros, true of every
# address used here).
rows_as() { # log spec...
	rows_log=$1
	shift
	[ -f "$rows_log" ] || return 0
	awk -F '\t' -v OFS='\t' -v specs="$*" '
		function v6(a, o) {
			if (split(a, o, ".") != 4) return a
			return "2001:db8::" o[1] ":" o[2] ":" o[3] ":" o[4]
		}
		/^#fields/ {
			for (i = 2; i <= NF; i++) col[$i] = i - 1
			n = split(specs, s, " ")
			for (i = 1; i <= n; i++) {
				f = s[i]; v = "*"
				if ((p = index(f, "=")) > 0) { v = substr(f, p + 1); f = substr(f, 1, p - 1) }
				if (!(f in col)) { print "no field " f " in " FILENAME > "/dev/stderr"; bad = 1; exit 1 }
				c[i] = col[f]; val[i] = v
			}
			next
		}
		/^#/ { next }
		{
			for (i = 1; i <= n; i++) $(c[i]) = val[i] == "@v6" ? v6($(c[i])) : val[i]
			print
		}
		END { exit bad }' "$rows_log"
}

# Log LOG in DIR has the rows of the reference (which must have some) after
# the SPECs of rows_as: masks ("f") apply to both, values ("f=V", "f=@v6")
# to the reference only.
same_rows_but() { # log-dir reference-dir log spec...
	srb_dir=$1 srb_ref=$2 srb_log=$3
	shift 3
	rows_as "$srb_ref/$srb_log" "$@" >"$T/ref" || return 1
	rows_as "$srb_dir/$srb_log" $(for s in "$@"; do case $s in *=*) ;; *) echo "$s" ;; esac; done) >"$T/got" ||
		return 1
	[ -s "$T/ref" ] || { echo "no rows in $srb_ref/$srb_log"; return 1; }
	diff -u "$T/ref" "$T/got"
}
# The uid hashes the 4-tuple with the time the connection was picked up:
# where a case changes either, only the uid may differ.
same_rows_except_uid() { same_rows_but "$1" "$2" "$3" uid; }

# The value of a field in the last row of DIR/stats.log.
stat_of() { # log-dir field
	awk -F '\t' -v f="$2" '/^#fields/ { for (i = 2; i <= NF; i++) if ($i == f) c = i - 1; next }
		/^#/ { next } { v = $c } END { if (!c) exit 1; print v }' "$1/stats.log"
}
# DIR's stats.log has the same values of FIELDs as the reference's.
same_stats() { # log-dir reference-dir field...
	ss_dir=$1 ss_ref=$2 ss_bad=0
	shift 2
	for f in "$@"; do
		a=$(stat_of "$ss_ref" "$f") b=$(stat_of "$ss_dir" "$f")
		[ "$a" = "$b" ] || { echo "stats.log $f: $b, intact capture $a"; ss_bad=1; }
	done
	return $ss_bad
}
# No data row in DIR/LOG (a missing file has none).
no_rows() { # log-dir log
	[ -f "$1/$2" ] || return 0
	rows "$1/$2" | grep -v '^#' >"$T/got"
	[ ! -s "$T/got" ] || { echo "unexpected rows in $2:"; cat "$T/got"; return 1; }
}
# How many frames of CAPTURE tshark matches with FILTER.
tshark_count() { # capture filter
	tshark -o tcp.check_checksum:TRUE -r "$1" -Y "$2" 2>/dev/null | wc -l
}
# The generator did what it says: tshark sees N frames matching FILTER
# (N is "+" for at least one).
generated() { # name filter n
	g=$(tshark_count "$R/$1.pcap" "$2")
	case $3 in
	+) [ "$g" -gt 0 ] ;;
	*) [ "$g" -eq "$3" ] ;;
	esac || { echo "generator: $R/$1.pcap has $g frames matching '$2', want $3"; return 1; }
}

# --- No handshake ---------------------------------------------------------
# Without SYN, SYN/ACK and the handshake's ACK every connection starts
# mid-stream at its first data segment (smb2: the client's SMB1 NEGOTIATE;
# demo: the SMB2 NEGOTIATE), so every SMB message is still on the wire.
# Same rows, same ts (smb_mapping's is the request's, ntlm's the first
# NTLMSSP message's, both unchanged); only the uid may differ, since the
# connection is now picked up at the first data segment, not at the
# handshake's ACK. conns_midstream counts every connection.
no_handshake() { # source
	gen "$1-nohs" "$1" nohandshake &&
		generated "$1-nohs" 'tcp.flags.syn == 1' 0 &&
		sensor "$1-nohs" &&
		same_rows_except_uid "$R/$1-nohs" "$T/out/$1.pcap" smb_mapping.log &&
		same_rows_except_uid "$R/$1-nohs" "$T/out/$1.pcap" ntlm.log &&
		same_stats "$R/$1-nohs" "$T/out/$1.pcap" conns smb2_msgs || return 1
	[ "$(stat_of "$R/$1-nohs" conns_midstream)" = "$(stat_of "$R/$1-nohs" conns)" ] ||
		{ echo "conns_midstream $(stat_of "$R/$1-nohs" conns_midstream) of $(stat_of "$R/$1-nohs" conns)"; return 1; }
}
check "recovery: smb2.pcap without the handshake gives the same rows (uid aside)" no_handshake smb2
check "recovery: demo.pcap without the handshakes gives the same rows (uid aside)" no_handshake demo

# The same no-handshake capture behind QinQ tags and in Linux SLL2: the link
# layer must not matter, so the rows, uids included, are those of the
# Ethernet no-handshake run (and so the intact rows, uid aside).
no_handshake_relinked() { # kind
	python3 "$E2E/pcaptool.py" relink "$R/smb2-nohs.pcap" "$R/smb2-nohs-$1.pcap" "$1" &&
		sensor "smb2-nohs-$1" &&
		same_rows_except_uid "$R/smb2-nohs-$1" "$T/out/smb2.pcap" smb_mapping.log &&
		same_rows_except_uid "$R/smb2-nohs-$1" "$T/out/smb2.pcap" ntlm.log &&
		same_rows_as "$R/smb2-nohs-$1" "$R/smb2-nohs" smb_mapping.log &&
		same_rows_as "$R/smb2-nohs-$1" "$R/smb2-nohs" ntlm.log
}
for kind in qinq sll2; do
	check "recovery: smb2.pcap without the handshake in $kind gives the same rows" no_handshake_relinked "$kind"
done

# --- A segment lost inside WRITE data ---------------------------------------
# pcaptool drops the middle segment of the first WRITE request's data that
# spans 3+ segments: smb2.pcap frame 62 (1460 bytes inside the 65536 data
# bytes of the WRITE whose header is in frame 38), demo.pcap frame 23 (1448
# bytes inside svc.exe's 4096). The header of that WRITE came before the
# hole and the tree connects and session setup long before, so the rows are
# the intact ones, uids included (the handshake is intact). The sensor does
# not buffer WRITE data (nb_bytes_unbuffered) and the NetBIOS length says
# where the next message starts, so the hole hides no SMB2 header: the
# sensor parses every message the intact capture has (smb2: 99, demo: 146),
# more than tshark (98 / 145: it gives up the WRITE whose reassembly needs
# the lost bytes), and never loses the framing (nb_resyncs as intact, 0).
drop_in_write() { # source
	gen "$1-dropw" "$1" dropseg --in-write &&
		generated "$1-dropw" tcp.analysis.lost_segment 1 &&
		sensor "$1-dropw" &&
		same_rows_as "$R/$1-dropw" "$T/out/$1.pcap" smb_mapping.log &&
		same_rows_as "$R/$1-dropw" "$T/out/$1.pcap" ntlm.log &&
		same_stats "$R/$1-dropw" "$T/out/$1.pcap" smb2_msgs nb_messages nb_resyncs
}
check "recovery: smb2.pcap missing a segment inside WRITE data keeps every row and message" drop_in_write smb2
check "recovery: demo.pcap missing a segment inside WRITE data keeps every row and message" drop_in_write demo

# smb2.pcap frame 14 is the whole TREE_CONNECT request for \\10.0.0.12\IPC$
# (108 bytes: one NetBIOS message, one segment). What the hole hid is that
# request, i.e. the path: the IPC$ row still comes from the response (frame
# 15: success, PIPE) with path unset and, the request being unseen, the time
# the tree was first seen, the response's (1323202695.378254). Everything
# else stands: the \smb2 row and the NTLM row (before the hole) are as
# intact, and every other SMB2 message is parsed (99 - 1 = 98, as tshark
# counts on the damaged capture), the next request starting right after the
# hole at a message boundary.
drop_tree_connect() {
	gen smb2-drop14 smb2 dropseg --frame 14 &&
		generated smb2-drop14 tcp.analysis.lost_segment 1 &&
		sensor smb2-drop14 &&
		same_rows_as "$R/smb2-drop14" "$T/out/smb2.pcap" ntlm.log || return 1
	rows_as "$T/out/smb2.pcap/smb_mapping.log" | awk -F '\t' -v OFS='\t' \
		'NR == 2 { $1 = "1323202695.378254"; $7 = "-" } { print }' >"$T/want" &&
		rows_as "$R/smb2-drop14/smb_mapping.log" >"$T/got" &&
		diff -u "$T/want" "$T/got" &&
		python3 "$E2E/smb2_count_vs_tshark.py" "$R/smb2-drop14.pcap" "$R/smb2-drop14/stats.log"
}
check "recovery: smb2.pcap missing the IPC\$ TREE_CONNECT request logs it with no path" drop_tree_connect

# --- One direction only -----------------------------------------------------
# Only the client's packets. A tree connect is logged at its response (the
# status says whether it worked, the share type is only there), so no
# smb_mapping row. The NTLM row keeps what the client sent (user, host,
# domain from the AUTHENTICATE; ts, the NEGOTIATE's, unchanged) while the
# server's CHALLENGE names and the outcome are unset: no CHALLENGE, no
# negResult, no SESSION_SETUP response (demo's failed logon too: its
# failure is only in the response). uid aside: no SYN/ACK, so the connection
# is picked up later than intact. Nothing is missing from the client's own
# stream, so every request tshark decodes is parsed.
client_only() { # source
	gen "$1-cli" "$1" onedir client &&
		sensor "$1-cli" &&
		no_rows "$R/$1-cli" smb_mapping.log &&
		same_rows_but "$R/$1-cli" "$T/out/$1.pcap" ntlm.log uid server_nb_computer_name=- \
			server_dns_computer_name=- server_tree_name=- success=- &&
		python3 "$E2E/smb2_count_vs_tshark.py" "$R/$1-cli.pcap" "$R/$1-cli/stats.log"
}
check "recovery: smb2.pcap client side only: NTLM user, no outcome, no mapping" client_only smb2
check "recovery: demo.pcap client side only: NTLM users, no outcome, no mapping" client_only demo

# Only the server's packets. Every successful tree connect is still logged
# from its response, share type included, but the path is in the request:
# unset. ts is masked: the request time is unknown, the row can only carry
# the response's. The NTLM row has what the server sent: the CHALLENGE's
# names and the outcome (negResult, or the SESSION_SETUP status for demo's
# failed logon), the client's user, host and domain unset (ts, the
# CHALLENGE's, masked). The orientation must still be client -> server
# (id.orig_h the client, from the ports). uid aside. Every response tshark
# decodes is parsed.
server_only() { # source
	gen "$1-srv" "$1" onedir server &&
		sensor "$1-srv" &&
		same_rows_but "$R/$1-srv" "$T/out/$1.pcap" smb_mapping.log ts uid path=- &&
		same_rows_but "$R/$1-srv" "$T/out/$1.pcap" ntlm.log ts uid username=- hostname=- domainname=- &&
		python3 "$E2E/smb2_count_vs_tshark.py" "$R/$1-srv.pcap" "$R/$1-srv/stats.log"
}
check "recovery: smb2.pcap server side only: mappings without path, NTLM outcome" server_only smb2
check "recovery: demo.pcap server side only: mappings without path, NTLM outcomes" server_only demo

# --- IPv6 -------------------------------------------------------------------
# Every packet re-encoded as IPv6 (TCP header and payload as they were, TCP
# checksums recomputed, all correct), with --ext behind an 8-byte Hop-by-Hop
# header. Same rows with the addresses mapped (10.0.0.11 ->
# 2001:db8::10:0:0:11); the uid hashes the addresses, so it differs.
# Same SMB2 messages as intact.
ipv6() { # source [--ext]
	set -- "$1" "${2-}"
	v6_name=$1-v6$2
	gen "$v6_name" "$1" ipv6 $2 &&
		generated "$v6_name" 'tcp.checksum.status != 1 or not ipv6' 0 &&
		{ [ -z "$2" ] || generated "$v6_name" 'not ipv6.hopopts' 0; } &&
		sensor "$v6_name" &&
		same_rows_but "$R/$v6_name" "$T/out/$1.pcap" smb_mapping.log uid id.orig_h=@v6 id.resp_h=@v6 &&
		same_rows_but "$R/$v6_name" "$T/out/$1.pcap" ntlm.log uid id.orig_h=@v6 id.resp_h=@v6 &&
		same_stats "$R/$v6_name" "$T/out/$1.pcap" smb2_msgs
}
# And the addresses spelled out, not through rows_as's mapping.
ipv6_addresses() { # suffix
	for log in smb_mapping.log ntlm.log; do
		rows_as "$R/smb2-v6$1/$log" >"$T/got"
		[ -s "$T/got" ] || { echo "no rows in $log"; return 1; }
		awk -F '\t' '$3 != "2001:db8::10:0:0:11" || $5 != "2001:db8::10:0:0:12" { print; bad = 1 }
			END { exit bad }' "$T/got" || { echo "in $log"; return 1; }
	done
}
for ext in "" --ext; do
	as="as IPv6${ext:+ with a Hop-by-Hop header}"
	check "recovery: smb2.pcap $as gives the same rows, IPv6 addresses" ipv6 smb2 $ext
	check "recovery: smb2.pcap $as logs 2001:db8::10:0:0:11 -> 2001:db8::10:0:0:12" ipv6_addresses "$ext"
	check "recovery: demo.pcap $as gives the same rows, IPv6 addresses" ipv6 demo $ext
done

# --- Reordered and retransmitted segments ------------------------------------
# reorder swaps every 7th pair of adjacent data frames of one direction
# (smb2.pcap: 125 pairs, mostly WRITE data, among them WRITE headers and two
# whole WRITE responses, frames 1151/1152; demo.pcap has fewer than 7 such
# pairs, so it is not used); duplicate repeats every 5th data segment right
# after itself (smb2: 222, demo: 29). Neither touches a handshake packet, so
# the connection is picked up at the same packet and time: the rows are
# identical, uids included, and so is the count of SMB2 messages (tshark's
# own count on the reordered capture is lower unless told to reassemble out
# of order).
shuffled() { # source subcommand tshark-flag
	gen "$1-$2" "$1" "$2" &&
		generated "$1-$2" "$3" + &&
		sensor "$1-$2" &&
		same_rows_as "$R/$1-$2" "$T/out/$1.pcap" smb_mapping.log &&
		same_rows_as "$R/$1-$2" "$T/out/$1.pcap" ntlm.log &&
		same_stats "$R/$1-$2" "$T/out/$1.pcap" smb2_msgs
}
check "recovery: smb2.pcap with reordered segments gives the same rows" shuffled smb2 reorder tcp.analysis.out_of_order
check "recovery: smb2.pcap with retransmitted segments gives the same rows" shuffled smb2 duplicate tcp.analysis.retransmission
check "recovery: demo.pcap with retransmitted segments gives the same rows" shuffled demo duplicate tcp.analysis.retransmission

# --- Mid-stream captures from suricata-verify -----------------------------------
# smb_mapping_vs_tshark.py already checks the IPC$ row (path, PIPE) of
# sv-smb3-02-midstream.pcap. Beyond it: the row's ts is the request's (frame
# 15), the connection is counted mid-stream, all 44 transform (encrypted)
# messages and both cleartext ones are framed (46 NetBIOS messages, one per
# frame, the first at the very first byte), and no NTLM row (no session
# setup in the capture; the SessionId alone is no session to log). It is the
# same session as sv-smb3-03-midstream.pcap picked up one packet earlier:
# the same row, uid aside.
sv_smb3_midstream() {
	o=$(out_of pcaps/sv-smb3-02-midstream.pcap)
	rows_as "$o/smb_mapping.log" ts >/dev/null &&
		[ "$(rows_as "$o/smb_mapping.log" | cut -f1)" = 1495015336.569009 ] &&
		[ "$(stat_of "$o" conns_midstream)" = 1 ] &&
		[ "$(stat_of "$o" smb_transform_msgs)" = "$(tshark_count pcaps/sv-smb3-02-midstream.pcap smb2.header.transform.msg_size)" ] &&
		[ "$(stat_of "$o" nb_messages)" = 46 ] &&
		no_rows "$o" ntlm.log &&
		same_rows_except_uid "$o" "$(out_of pcaps/sv-smb3-03-midstream.pcap)" smb_mapping.log ||
		{ cat "$o/smb_mapping.log" "$o/stats.log"; return 1; }
}
check "recovery: sv-smb3-02-midstream.pcap: the IPC\$ tree connect at its request time, every message framed" sv_smb3_midstream

# sv-smb1-03-midstream.pcap is SMB1 only, not parsed yet. Now: it runs
# (checked with every capture), the 5 SMB1 messages tshark decodes are
# counted, the connection is mid-stream, and there is no tree connect, so no
# smb_mapping row, ever. Later, with SMB1 parsing: an ntlm row at the end of
# the connection with server_nb_computer_name TS412,
# server_dns_computer_name ts412, server_tree_name unset (empty DNS domain),
# no user (there is no AUTHENTICATE) and success unset (the only negResult
# is accept-incomplete; LOGOFF follows). Until then only: no ntlm row names
# a user.
sv_smb1_midstream() {
	o=$(out_of pcaps/sv-smb1-03-midstream.pcap)
	[ "$(stat_of "$o" smb1_msgs)" = "$(tshark_count pcaps/sv-smb1-03-midstream.pcap 'smb.cmd')" ] &&
		[ "$(stat_of "$o" conns_midstream)" = 1 ] &&
		no_rows "$o" smb_mapping.log &&
		! rows_as "$o/ntlm.log" | awk -F '\t' '$7 != "-"' | grep . ||
		{ cat "$o/stats.log"; return 1; }
}
check "recovery: sv-smb1-03-midstream.pcap: SMB1 messages counted, no tree connect, no user" sv_smb1_midstream
