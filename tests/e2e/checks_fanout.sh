# Fan-out notices on captures made from demo.pcap: CORP\alice's three
# successful connections (IPC$ + ADMIN$, IPC$ + C$, IPC$ + public) copied to
# 6 servers 10.99.0.10-15 (gen_fanout.py), 20 s or 24 minutes apart.

# fanout_run SPACING NAME CONFIG-TEXT: logs of the 6-server capture in $T/NAME.
fanout_run() {
	{ [ -f "$T/fanout-$1.pcap" ] || python3 "$E2E/gen_fanout.py" pcaps/demo.pcap "$T/fanout-$1.pcap" 6 "$1"; } &&
		printf '# fan-out check\n%s\n' "$3" >"$T/$2.conf" && mkdir -p "$T/$2" &&
		run -c "$T/$2.conf" -r "$T/fanout-$1.pcap" -w "$T/$2"
}
# The fan-out notes of a run, sorted: "note,note,".
fanout_notes() {
	bro-cut note <"$T/$1/notice.log" | grep _Fanout | sort | tr '\n' ,
}
# fanout_row NAME NOTE PATTERN: the NOTE row (msg, sub, src, dst, p, n tab-separated) matches.
fanout_row() {
	bro-cut note msg sub src dst p n <"$T/$1/notice.log" | grep "^$2	" | grep -q -- "$3"
}

fanout_quick() {
	fanout_run 20 fanout-quick "" &&
		[ "$(fanout_notes fanout-quick)" = "SMBSensor::Account_Fanout,SMBSensor::Source_Fanout," ] &&
		fanout_row fanout-quick SMBSensor::Account_Fanout \
			'	CORP\\\\alice reached 3 hosts in [0-9]* s (weight 6 > 5): 10.99.0.10, 10.99.0.11, 10.99.0.12	severity=high; sources=10.99.0.1; uids=C[^,]*,C[^,]*,C[^,	]*	10.99.0.1	10.99.0.12	445	3$' &&
		fanout_row fanout-quick SMBSensor::Source_Fanout \
			'	10.99.0.1 reached 3 hosts .*	severity=high; accounts=CORP\\\\alice; uids='
}
check "notice.log: alice on ADMIN\$ of 6 hosts 20 s apart: one Account_Fanout and one Source_Fanout at the 3rd host (admin weight 2)" \
	fanout_quick

fanout_unweighted() {
	fanout_run 20 fanout-w1 "fanout_admin_weight = 1" &&
		[ "$(fanout_notes fanout-w1)" = "SMBSensor::Account_Fanout,SMBSensor::Source_Fanout," ] &&
		fanout_row fanout-w1 SMBSensor::Account_Fanout \
			'	CORP\\\\alice reached 6 hosts in 99 s (weight 6 > 5): 10.99.0.10, 10.99.0.11, 10.99.0.12, 10.99.0.13, 10.99.0.14, 10.99.0.15	.*	10.99.0.1	10.99.0.15	445	6$'
}
check "notice.log: the same with fanout_admin_weight = 1: one Account_Fanout naming the 6 hosts in 99 s" \
	fanout_unweighted

fanout_slow() {
	fanout_run 1440 fanout-slow "" && [ "$(fanout_notes fanout-slow)" = "" ] &&
		[ "$(bro-cut id.resp_h <"$T/fanout-slow/smb_mapping.log" | sort -u | tr '\n' ' ')" = \
			"10.99.0.10 10.99.0.11 10.99.0.12 10.99.0.13 10.99.0.14 10.99.0.15 " ] # all 6 were reached
}
check "notice.log: the same 6 hosts 24 minutes apart (2 hours): no fan-out notice" fanout_slow

fanout_allowed() {
	fanout_run 20 fanout-allowed "allow_accounts = alice" &&
		[ "$(fanout_notes fanout-allowed)" = "SMBSensor::Source_Fanout," ]
}
check "notice.log: allow_accounts = alice: no Account_Fanout (the source still alerts)" fanout_allowed
