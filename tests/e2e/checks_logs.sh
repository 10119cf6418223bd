# Log content: expected logs kept beside the captures, Zeek's own baselines,
# tshark as the oracle for ntlm.log, and the format as zeek-cut reads it.

same_logs() { # expected-dir actual-dir
	for f in "$1"/*.log; do
		[ -f "$2/$(basename "$f")" ] || { echo "missing $(basename "$f")"; return 1; }
		rows "$f" >"$T/a" && rows "$2/$(basename "$f")" >"$T/b" || return 1
		diff -u "$T/a" "$T/b" || return 1
	done
	for f in "$2"/*.log; do
		[ -f "$1/$(basename "$f")" ] || { echo "unexpected $(basename "$f")"; return 1; }
	done
}

for exp in "$E2E"/expected/*/; do
	name=$(basename "$exp")
	check "logs of $name equal tests/e2e/expected/$name" same_logs "$exp" "$T/out/$name"
done

# A baseline made with non-default Zeek settings comes with the sensor.conf
# that says the same.
for z in "$E2E"/zeek/*/; do
	cap=$(cat "$z/capture")
	out=$T/out/$cap
	if [ -f "$z/sensor.conf" ]; then
		out=$T/zeek/$(basename "$z")
		run -c "$z/sensor.conf" -r "pcaps/$cap" -w "$out"
	fi
	for f in "$z"/*.log; do
		extra=$z/$(basename "$f" .log).extra
		[ -f "$extra" ] || extra=
		check "$(basename "$f") of $cap matches Zeek's baseline ($(basename "$z"))" \
			python3 "$E2E/zeek_compare.py" "$f" "$out/$(basename "$f")" $extra
	done
done

for cap in $(captures); do
	check "ntlm.log of $cap agrees with tshark" python3 "$E2E/ntlm_vs_tshark.py" "$cap" "$(out_of "$cap")/ntlm.log"
	check "smb_mapping.log of $cap agrees with tshark" \
		python3 "$E2E/smb_mapping_vs_tshark.py" "$cap" "$(out_of "$cap")/smb_mapping.log"
	check "conn.log of $cap agrees with tshark (rows, packets, IP bytes, sizes)" \
		python3 "$E2E/conn_vs_tshark.py" "$cap" "$(out_of "$cap")/conn.log"
	check "smb_exec.log of $cap agrees with tshark's svcctl" \
		python3 "$E2E/smb_exec_vs_tshark.py" "$cap" "$(out_of "$cap")/smb_exec.log"
done

# conn_state and history as Zeek's TCP analyzer and conn_state() give them,
# worked out by hand from Zeek's source for these connections (no Zeek
# baseline exists for them): the handshake, data both ways, the closes.
conn_row_is() { # capture orig_port conn_state history
	bro-cut id.orig_p conn_state history <"$(out_of "$1")/conn.log" | grep -x "$2	$3	$4"
}
check "conn.log: smb2.pcap, open at the end of the capture: S1 ShADda" conn_row_is pcaps/smb2.pcap 49208 S1 ShADda
check "conn.log: 20-fids.pcap, closed by both: SF ShADadFf" conn_row_is pcaps/20-fids.pcap 38016 SF ShADadFf
check "conn.log: port 139 refused with a RST: REJ Sr" conn_row_is pcaps/smb2-zero-byte-error-ioctl.pcapng 62082 REJ Sr
check "conn.log: mid-stream start: OTH DdA" conn_row_is pcaps/smb1.pcap 55770 OTH DdA
check "conn.log: reset by the client after retransmissions: RSTO ShADadTtR" \
	conn_row_is pcaps/smb_v2_only_non_zero_reserved1.pcap 57829 RSTO ShADadTtR

# smb2_krb.pcap frame 43 was cut by the snaplen (10014 of 12018 bytes): the
# captured part is used and the rest is a hole the stream goes on after.
for cap in $(captures); do
	check "every SMB2 message tshark decodes in $cap is parsed" \
		python3 "$E2E/smb2_count_vs_tshark.py" "$cap" "$(out_of "$cap")/stats.log"
done

# zeek-cut reads the log, and every row has the header's field count, one per line.
well_formed() {
	bro-cut -c <"$1" >/dev/null || return 1
	awk -F '\t' '/^#fields/ { n = NF - 1; next } /^#/ { next }
		NF != n { printf "line %d has %d fields, header %d\n", NR, NF, n; bad = 1 }
		END { exit bad }' "$1"
}
for f in "$T"/out/*/*.log; do
	check "$(basename "$(dirname "$f")")/$(basename "$f") is read by bro-cut, fields per row" well_formed "$f"
done

json_matches_tsv() { # capture
	run -r "$1" -w "$T/json/$(basename "$1")" --json || return 1
	python3 "$E2E/json_vs_tsv.py" "$T/json/$(basename "$1")" "$(out_of "$1")"
}
for cap in pcaps/smb2.pcap pcaps/smb3_multichannel.pcap pcaps/demo.pcap; do
	[ -f "$cap" ] && check "--json logs of $cap are valid JSON with the TSV rows" json_matches_tsv "$cap"
done

summary_names() {
	run -r pcaps/smb2.pcap -w "$T/sum" --summary >"$T/sum.txt" || return 1
	grep -F 'CONTOSO\Administrator' "$T/sum.txt" && grep -F '\\10.0.0.12\IPC$' "$T/sum.txt" &&
		grep -F "logs written to $T/sum" "$T/sum.txt" || return 1
	for f in "$T"/sum/*.log; do # every log written, with its row count
		n=$(grep -vc '^#' "$f")
		grep -qF "$(basename "$f") ($n row" "$T/sum.txt" || { echo "$(basename "$f") ($n rows) not listed"; return 1; }
	done
}
check "--summary names the account, the shares, the log directory and every log with its rows" summary_names

# smb_session.log: the account of each session, how it authenticated, and
# what it did, as tshark shows the sessions of these captures.
session_row_is() { # capture orig_port auth account status trees files_written encrypted
	bro-cut id.orig_p auth account status trees files_written encrypted <"$(out_of "$1")/smb_session.log" |
		grep -x "$2	$3	$4	$5	$6	$7	$8"
}
check "smb_session.log: alice's failed logon" session_row_is pcaps/demo.pcap 50658 NTLM alice 0xc000006d 0 0 F
check "smb_session.log: bob's session, 4 trees, one file written" session_row_is pcaps/demo.pcap 34640 NTLM bob 0x00000000 4 1 F
check "smb_session.log: an SMB3 session that went encrypted" \
	session_row_is pcaps/smb3.pcap 38166 NTLM administrator 0x00000000 2 0 T
check "smb_session.log: a Kerberos session" session_row_is pcaps/smb2_krb.pcap 56493 Kerberos - 0x00000000 2 1 F
check "smb_session.log: SMB1, plain session setup answered as guest" \
	session_row_is pcaps/raw_ntlm_in_smb.pcap 56062 guest test 0x00000000 4 0 F

# dce_rpc.log: DCE/RPC over SMB2 named pipes, one row per call (tshark counts
# 102 requests in 20-fids.pcap), the tools' remote-execution calls by name.
dce_rows_with() { # capture count-of-rows-matching pattern
	[ "$(grep -v '^#' "$(out_of "$1")/dce_rpc.log" | grep -c -- "$3")" -eq "$2" ]
}
check "dce_rpc.log: 102 samr calls in 20-fids.pcap" dce_rows_with pcaps/20-fids.pcap 102 '\\\\PIPE\\\\samr	samr	Samr'
check "dce_rpc.log: psexec's CreateServiceW" dce_rows_with pcaps/exec-psexec.pcap 1 'svcctl	CreateServiceW$'
check "dce_rpc.log: services.py's StartServiceW and DeleteService" \
	dce_rows_with pcaps/exec-services.pcap 2 'svcctl	\(StartServiceW\|DeleteService\)$'
check "dce_rpc.log: atexec's SchRpcRegisterTask (sealed)" \
	dce_rows_with pcaps/exec-atexec.pcap 1 'ITaskSchedulerService	SchRpcRegisterTask$'

# smb_exec.log: what each tool asked for, whatever smbd answered. Columns
# from account: account share named_pipe endpoint operation sealed
# service_name display_name binary_path start_type service_account task_name
# command arguments key_name value_name value_data status file_path (psexec writes its binary to ADMIN$ before
# it creates the service).
exec_row() { # capture expected-columns-7-on
	[ "$(grep -v '^#' "$(out_of "$1")/smb_exec.log" | cut -f7- | grep -cxF -- "$2")" -eq 1 ]
}
TAB=$(printf '\t')
check "smb_exec.log: psexec's service and binary, tied to the file it wrote" exec_row pcaps/exec-psexec.pcap \
	"alice${TAB}\\\\\\\\10.98.0.2\\\\IPC\$${TAB}\\\\pipe\\\\svcctl${TAB}svcctl${TAB}CreateServiceW${TAB}F${TAB}EmFb${TAB}EmFb${TAB}%systemroot%\\\\eUThYIRA.exe${TAB}SERVICE_DEMAND_START${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}0x1c010002${TAB}\\\\\\\\10.98.0.2\\\\ADMIN\$\\\\eUThYIRA.exe"
check "smb_exec.log: StartServiceW named through OpenServiceW's handle, access denied" \
	exec_row pcaps/exec-services.pcap \
	"alice${TAB}\\\\\\\\10.98.0.2\\\\IPC\$${TAB}\\\\pipe\\\\svcctl${TAB}svcctl${TAB}StartServiceW${TAB}F${TAB}SmbSensorExecTest${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}0x00000005${TAB}-"
check "smb_exec.log: atexec's sealed SchRpcRegisterTask still has a row" exec_row pcaps/exec-atexec.pcap \
	"alice${TAB}\\\\\\\\10.98.0.2\\\\IPC\$${TAB}\\\\PIPE\\\\atsvc${TAB}ITaskSchedulerService${TAB}SchRpcRegisterTask${TAB}T${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}0x00000005${TAB}-"
check "smb_exec.log: reg.py's ImagePath written under a service key" exec_row pcaps/exec-reg.pcap \
	"alice${TAB}\\\\\\\\10.98.0.2\\\\IPC\$${TAB}\\\\pipe\\\\winreg${TAB}winreg${TAB}BaseRegSetValue${TAB}F${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-${TAB}SYSTEM\\\\CurrentControlSet\\\\Services\\\\SmbSensorExecTest${TAB}ImagePath${TAB}C:\\\\ProgramData\\\\smbsensor\\\\exec-test.exe -k run${TAB}0x00000000${TAB}-"

check "dce_rpc.log: SMB1 lsarpc and srvsvc over transactions, one row per request (tshark: 5)" \
	dce_rows_with pcaps/raw_ntlm_in_smb.pcap 5 '\\\\PIPE\\\\\(lsass\|srvsvc\)	\(lsarpc\|srvsvc\)	'

# DCE/RPC directly over TCP. mapi.pcap: ept_map on 135 hands out 4997 and
# then 1032; HTTP, DNS and other TCP in the capture get no conn.log row (the
# tshark oracle above checks the rows). With dcerpc_tcp off, only the SMB
# pipe calls on 139 remain; with room for one endpoint, learning 1032
# forgets 4997, whose connections had already begun.
rpc_tcp_off() {
	printf 'dcerpc_tcp = no\n' >"$T/rpc-off.conf"
	run -c "$T/rpc-off.conf" -r pcaps/mapi.pcap -w "$T/rpc-off" || return 1
	[ "$(bro-cut id.resp_p <"$T/rpc-off/dce_rpc.log" | sort -u)" = "139" ] &&
		[ "$(bro-cut rpc_tcp_conns <"$T/rpc-off/stats.log")" = 0 ]
}
check "dcerpc_tcp = no: only SMB's DCE/RPC is followed" rpc_tcp_off
rpc_one_endpoint() {
	printf 'rpc_max_endpoints = 1\n' >"$T/rpc-one.conf"
	run -c "$T/rpc-one.conf" -r pcaps/mapi.pcap -w "$T/rpc-one" || return 1
	[ "$(bro-cut rpc_endpoints_learned rpc_endpoints_evicted rpc_tcp_conns <"$T/rpc-one/stats.log")" = "2	1	6" ] &&
		same_rows_as "$T/rpc-one" "$(out_of pcaps/mapi.pcap)" dce_rpc.log
}
check "rpc_max_endpoints = 1: the older endpoint is forgotten and counted" rpc_one_endpoint
check "dce_rpc.log: DCE/RPC on port 1024 recognised by its BIND, which spans two segments" \
	dce_rows_with pcaps/cs_window7-join_stream092.pcap 3 '\\\\PIPE\\\\drsuapi	drsuapi	DRS'
