# Detectors (notice.log) on the recorded real traffic: impacket psexec,
# smbexec, atexec and services.py against smbd, and smbclient's benign
# demo session (it writes svc.exe to ADMIN$ but runs nothing).

notice_has() { # capture note pattern-on-"msg<TAB>sub<TAB>file_desc"
	bro-cut note msg sub file_desc <"$(out_of "$1")/notice.log" | grep "^$2	" | grep -q -- "$3"
}
# The lateral-movement notes of a capture (hardening findings left out),
# sorted: "note,note,".
movement() { # log-dir
	bro-cut note <"$1/notice.log" 2>/dev/null | grep -E 'Exec_Chain|Remote_Exec|_Fanout|Logon_Failures' | sort |
		tr '\n' ,
}
notices_are() { # capture expected-"note,note..."
	[ "$(movement "$(out_of "$1")")" = "$2" ]
}
check "notice.log: psexec's write to ADMIN\$ then CreateServiceW is one Exec_Chain (host, account, file, service)" \
	notice_has pcaps/exec-psexec.pcap SMBSensor::Exec_Chain \
	'	CORP\\\\alice wrote \\\\\\\\10.98.0.2\\\\ADMIN\$\\\\eUThYIRA.exe from 10.98.0.1, then svcctl CreateServiceW .EmFb. .* on 10.98.0.2 .*severity=high; order=write-then-exec'
check "notice.log: psexec: one Exec_Chain and one Remote_Exec" \
	notices_are pcaps/exec-psexec.pcap "SMBSensor::Exec_Chain,SMBSensor::Remote_Exec,"
check "notice.log: smbexec's service runs a command line: Remote_Exec, high, no chain (it writes no file)" \
	notice_has pcaps/exec-smbexec.pcap SMBSensor::Remote_Exec \
	"CreateServiceW 'BTOBTO' running '%COMSPEC% /Q /c echo cd .*severity=high; reason=shell or script host"
check "notice.log: smbexec raises no Exec_Chain" notices_are pcaps/exec-smbexec.pcap "SMBSensor::Remote_Exec,"
check "notice.log: atexec's sealed task registration is a Remote_Exec" \
	notice_has pcaps/exec-atexec.pcap SMBSensor::Remote_Exec 'ITaskSchedulerService SchRpcRegisterTask'
check "notice.log: services.py create and start: two Remote_Exec" \
	notices_are pcaps/exec-services.pcap "SMBSensor::Remote_Exec,SMBSensor::Remote_Exec,"
check "notice.log: benign smbclient session (a write to ADMIN\$, nothing run): no lateral-movement notice" \
	notices_are pcaps/demo.pcap ""
check "notice.log: benign file-share use, 3 users on 3 servers (benign.pcap): no lateral-movement notice" \
	notices_are pcaps/benign.pcap ""

# The chain's window, on packet time: psexec with everything from the svcctl
# BIND (frame 93) on 700 s later. The connection stays open (idle timeout
# raised), so the calls are still decoded.
chain_window() { # window expected-notes
	python3 "$E2E/pcaptool.py" delay pcaps/exec-psexec.pcap "$T/psexec-late.pcap" 93 700 &&
		printf 'conn_idle_timeout = 3600\nexec_chain_window = %s\n' "$1" >"$T/window.conf" &&
		run -c "$T/window.conf" -r "$T/psexec-late.pcap" -w "$T/window-$1" 2>/dev/null &&
		[ "$(movement "$T/window-$1")" = "$2" ]
}
check "notice.log: write and service creation 700 s apart: no chain in the default 600 s window" \
	chain_window 600 "SMBSensor::Remote_Exec,"

check "notice.log: the same within an 800 s window: a chain" \
	chain_window 800 "SMBSensor::Exec_Chain,SMBSensor::Remote_Exec,"
chain_not_admin() {
	printf 'admin_shares = C$\n' >"$T/admin.conf" &&
		run -c "$T/admin.conf" -r pcaps/exec-psexec.pcap -w "$T/not-admin" 2>/dev/null &&
		[ "$(movement "$T/not-admin")" = "SMBSensor::Remote_Exec," ]
}
check "notice.log: ADMIN\$ left out of admin_shares: no chain" chain_not_admin
detect_off() {
	printf 'detect = no\n' >"$T/detect-off.conf" &&
		run -c "$T/detect-off.conf" -r pcaps/exec-psexec.pcap -w "$T/detect-off" 2>/dev/null &&
		[ ! -f "$T/detect-off/notice.log" ] && [ -f "$T/detect-off/smb_exec.log" ]
}
check "detect = no: the logs without notice.log" detect_off

# --graph: the account -> host graph in Graphviz DOT, fan-out edges red.
graph_dot() {
	python3 "$E2E/gen_fanout.py" pcaps/demo.pcap "$T/graph.pcap" 6 20 &&
		run --graph "$T/graph.dot" -r "$T/graph.pcap" -w "$T/graph" 2>/dev/null &&
		head -1 "$T/graph.dot" | grep -qx 'digraph smb_fanout {' && tail -1 "$T/graph.dot" | grep -qx '}' &&
		[ "$(grep -c '^	"a:CORP\\\\alice" -> "h:10.99.0.1[0-5]" \[label="IPC\$ x3, ADMIN\$ x1, C\$ x1, public x1"' "$T/graph.dot")" -eq 6 ] &&
		[ "$(grep -c 'color=red' "$T/graph.dot")" -eq 3 ]
}
check "--graph: six account -> host edges with their shares, the three of the alert in red" graph_dot
graph_unwritable() {
	run --graph /nonexistent/dir/g.dot -r pcaps/demo.pcap -w "$T/graph-bad" 2>"$T/graph-bad.err"
	[ $? -eq 6 ] && grep -q 'writing the graph to /nonexistent/dir/g.dot' "$T/graph-bad.err"
}
check "--graph to an unwritable path: exit 6 and a message" graph_unwritable

# Across connections: demo.pcap's write of svc.exe to ADMIN$ (alice), then
# 20 s later exec-services.pcap's service calls moved to the same hosts, on
# other connections and sessions (gen_crossconn.py): one chain, two uids.
cross_chain() { # gap expected-lateral-notes
	python3 "$E2E/gen_crossconn.py" pcaps/demo.pcap pcaps/exec-services.pcap "$T/cross-$1.pcap" "$1" 2>/dev/null &&
		run -r "$T/cross-$1.pcap" -w "$T/cross-$1" 2>/dev/null && [ "$(movement "$T/cross-$1")" = "$2" ]
}
cross_chain_row() {
	cross_chain 20 "SMBSensor::Exec_Chain,SMBSensor::Remote_Exec,SMBSensor::Remote_Exec," &&
		bro-cut note msg sub <"$T/cross-20/notice.log" | grep '^SMBSensor::Exec_Chain	' >"$T/cross.row" &&
		grep -q 'CORP\\\\alice wrote \\\\\\\\10.99.0.2\\\\ADMIN\$\\\\svc.exe from 10.99.0.1, then svcctl CreateServiceW .SmbSensorExecTest. .* 20.0 s later	severity=medium; order=write-then-exec; write_uid=\(C[^;]*\); exec_uid=' "$T/cross.row" &&
		! grep -q 'write_uid=\(C[^;]*\); exec_uid=\1$' "$T/cross.row"
}
check "notice.log: write on one connection, CreateService on another 20 s later: one Exec_Chain naming both uids" \
	cross_chain_row
check "notice.log: the same 700 s apart: Remote_Exec only" cross_chain 700 "SMBSensor::Remote_Exec,SMBSensor::Remote_Exec,"

# Exec-chain state lasts the window: alice's ADMIN$ writes on 6 hosts 24
# minutes apart (gen_fanout.py) leave each host idle past the 600 s window
# when the next one comes, and it is forgotten (5 of 6).
hosts_expire() {
	python3 "$E2E/gen_fanout.py" pcaps/demo.pcap "$T/expire.pcap" 6 1440 &&
		run -r "$T/expire.pcap" -w "$T/expire" 2>/dev/null &&
		[ "$(bro-cut detect_hosts_expired detect_hosts_evicted <"$T/expire/stats.log")" = "5	0" ]
}
check "stats.log: exec-chain hosts idle past the window are forgotten (detect_hosts_expired 5 of 6)" hosts_expire
