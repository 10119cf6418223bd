# Failed-logon and hardening notices. The expected pairs come from tshark's
# reading of each capture, not from the sensor.

# "src dst" lines of the notices of one note, sorted.
notice_pairs() { # log-dir note
	[ -f "$1/notice.log" ] || return 0
	bro-cut note src dst <"$1/notice.log" | awk -v n="$2" '$1 == n { print $2, $3 }' | sort
}
# "client server" lines tshark finds with a display filter on server messages.
tshark_pairs() { # capture filter
	tshark -r "$1" -Y "$2" -T fields -e ip.dst -e ip.src 2>/dev/null | tr '\t' ' ' | sort -u
}
same_pairs() { # capture note filter-on-server-messages
	tshark_pairs "$1" "$3" >"$T/want"
	notice_pairs "$(out_of "$1")" "$2" >"$T/got"
	[ -s "$T/want" ] && diff -u "$T/want" "$T/got"
}

smb1_filter="smb.cmd == 0x72 && smb.flags.response == 1"
check "notice.log: SMB1: one per client and server that negotiated SMB1 (raw_ntlm_in_smb)" \
	same_pairs pcaps/raw_ntlm_in_smb.pcap SMBSensor::SMB1 "$smb1_filter"
check "notice.log: SMB1: one per client and server that negotiated SMB1 (sv-smb1-osx)" \
	same_pairs pcaps/sv-smb1-osx.pcap SMBSensor::SMB1 "$smb1_filter"
smb1_names_dialect() {
	bro-cut note msg <"$(out_of pcaps/raw_ntlm_in_smb.pcap)/notice.log" |
		grep -q '^SMBSensor::SMB1	192.168.56.1 -> 192.168.56.101 negotiated SMB1 (NT LM 0.12)$'
}
check "notice.log: SMB1 names the dialect tshark sees chosen (NT LM 0.12)" smb1_names_dialect
check "notice.log: no SMB1 finding where only SMB2/3 is spoken (demo: impacket's SMB1 NEGOTIATE gets an SMB2 answer)" \
	eval '[ -z "$(notice_pairs "$(out_of pcaps/demo.pcap)" SMBSensor::SMB1)" ]'
check "notice.log: NetBIOS_Transport: one per client and server with SMB on TCP 139 (mapi)" \
	same_pairs pcaps/mapi.pcap SMBSensor::NetBIOS_Transport "smb && tcp.srcport == 139"
check "notice.log: no NetBIOS_Transport on TCP 445 (demo)" \
	eval '[ -z "$(notice_pairs "$(out_of pcaps/demo.pcap)" SMBSensor::NetBIOS_Transport)" ]'

# demo.pcap: the server does not require signing (NEGOTIATE security mode)
# and the file opens travel unsigned, so each client's sessions are
# Unsigned, once per pair although 10.99.0.1 has three sessions.
check "notice.log: Unsigned: the pairs whose successful CREATE responses are unsigned, signing not required (demo)" \
	same_pairs pcaps/demo.pcap SMBSensor::Unsigned \
	"smb2.cmd == 5 && smb2.flags.response == 1 && smb2.nt_status == 0 && smb2.flags.signature == 0"
demo_signing_not_required() {
	[ "$(tshark -r pcaps/demo.pcap -Y 'smb2.cmd == 0 && smb2.flags.response == 1' -T fields \
		-e smb2.sec_mode.sign_required 2>/dev/null | sort -u | tr '\n' ,)" = "False," ] ||
		[ "$(tshark -r pcaps/demo.pcap -Y 'smb2.cmd == 0 && smb2.flags.response == 1' -T fields \
			-e smb2.sec_mode.sign_required 2>/dev/null | sort -u | tr '\n' ,)" = "0," ]
}
check "tshark: demo.pcap's server does not require signing (premise of the Unsigned check)" \
	demo_signing_not_required

# ADMIN$ (connection 1) and C$ (connection 2) are reached in clear by the
# same client: one finding for the pair, naming the first.
unencrypted_admin() {
	d=$(out_of pcaps/demo.pcap)
	[ "$(notice_pairs "$d" SMBSensor::Unencrypted_Sensitive)" = "10.99.0.1 10.99.0.2" ] &&
		bro-cut note msg <"$d/notice.log" | grep -q \
			'^SMBSensor::Unencrypted_Sensitive	10.99.0.1 -> 10.99.0.2 reached .*ADMIN\$ without encryption$'
}
check "notice.log: Unencrypted_Sensitive: ADMIN\$ reached in clear, once for the pair (demo)" unencrypted_admin
check "tshark: demo.pcap's ADMIN\$ and C\$ tree connects succeed without SMB2_SHAREFLAG_ENCRYPT_DATA" \
	eval '[ "$(tshark -r pcaps/demo.pcap -Y "smb2.cmd == 3 && smb2.nt_status == 0 && smb2.share_flags.encrypt_data == 0" \
		-T fields -e ip.dst 2>/dev/null | wc -l)" -ge 2 ]'

peers_outside() { # allow-list expected-pairs
	printf 'allow_smb_servers = %s\n' "$1" >"$T/allow.conf" &&
		run -c "$T/allow.conf" -r pcaps/demo.pcap -w "$T/allow-${1%%/*}" &&
		[ "$(notice_pairs "$T/allow-${1%%/*}" SMBSensor::Peer_Not_Allowed | tr '\n' ,)" = "$2" ]
}
check "notice.log: Peer_Not_Allowed with allow_smb_servers = 10.200.0.0/16: one per client of 10.99.0.2 (demo)" \
	peers_outside 10.200.0.0/16 "10.99.0.1 10.99.0.2,10.99.0.3 10.99.0.2,"
check "notice.log: no Peer_Not_Allowed when 10.99.0.0/16 is allowed (demo)" peers_outside 10.99.0.0/16 ""
check "notice.log: no Peer_Not_Allowed when allow_smb_servers is empty (demo)" \
	eval '[ -z "$(notice_pairs "$(out_of pcaps/demo.pcap)" SMBSensor::Peer_Not_Allowed)" ]'

# Failed logons: demo.pcap's 4th connection (CORP\alice, wrong password)
# eleven times, 10 s apart (100 s: inside the 300 s window) or 600 s apart.
failures() { # spacing
	python3 "$E2E/gen_failures.py" pcaps/demo.pcap "$T/failures-$1.pcap" 11 "$1" &&
		rm -rf "$T/failures-$1" && run -r "$T/failures-$1.pcap" -w "$T/failures-$1"
}
failures_seen_by_tshark() {
	python3 "$E2E/gen_failures.py" pcaps/demo.pcap "$T/failures-tshark.pcap" 11 10 &&
		[ "$(tshark -r "$T/failures-tshark.pcap" -Y 'smb2.nt_status == 0xc000006d' 2>/dev/null | wc -l)" -eq 11 ] &&
		[ "$(tshark -r "$T/failures-tshark.pcap" -Y 'ntlmssp.auth.username == "alice"' -T fields \
			-e ntlmssp.auth.domain 2>/dev/null | sort | uniq -c | tr -s ' ')" = " 11 CORP" ]
}
check "tshark: gen_failures.py writes 11 STATUS_LOGON_FAILURE sessions of alice (domain CORP)" failures_seen_by_tshark
logon_alert() {
	failures 10 && [ "$(bro-cut note <"$T/failures-10/notice.log" | grep -c .)" -eq 1 ] &&
		bro-cut note msg src n <"$T/failures-10/notice.log" |
		grep -q '^SMBSensor::Logon_Failures	CORP\\\\alice from 10.99.0.1 failed 11 logons in 100 s.*	10.99.0.1	11$'
}
check "notice.log: 11 failed logons of alice (CORP) in 100 s: one Logon_Failures naming the account" logon_alert
check "notice.log: the same 11 failures 600 s apart: no Logon_Failures" \
	eval 'failures 600 && [ -z "$(notice_pairs "$T/failures-600" SMBSensor::Logon_Failures)" ]'
check "notice.log: one failed logon (demo): no Logon_Failures" \
	eval '[ -z "$(notice_pairs "$(out_of pcaps/demo.pcap)" SMBSensor::Logon_Failures)" ]'
# smb3_multichannel.pcap: 26 SESSION_SETUP answers STATUS_ACCESS_DENIED,
# refused session bindings of a second channel, not refused credentials.
check "notice.log: ACCESS_DENIED session bindings are not failed logons (smb3_multichannel)" \
	eval '[ "$(tshark -r pcaps/smb3_multichannel.pcap -Y "smb2.cmd == 1 && smb2.nt_status == 0xc0000022" 2>/dev/null | wc -l)" -eq 26 ] &&
		[ -z "$(notice_pairs "$(out_of pcaps/smb3_multichannel.pcap)" SMBSensor::Logon_Failures)" ]'
