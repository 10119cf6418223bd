# The same SMB traffic reached through other link layers, with broken TCP
# checksums, and the progress display of offline runs.

for kind in vlan qinq sll sll2 null loop raw; do
	python3 "$E2E/pcaptool.py" relink pcaps/smb2.pcap "$T/$kind.pcap" "$kind"
	relinked() {
		run -r "$T/$kind.pcap" -w "$T/$kind" &&
			same_rows_as "$T/$kind" "$T/out/smb2.pcap" smb_mapping.log &&
			same_rows_as "$T/$kind" "$T/out/smb2.pcap" ntlm.log
	}
	check "link layer $kind gives the same rows as Ethernet" relinked
done

python3 "$E2E/pcaptool.py" badcsum pcaps/smb2.pcap "$T/badcsum.pcap"
bad_checksums() {
	tshark -o tcp.check_checksum:TRUE -r "$T/badcsum.pcap" -Y 'tcp.checksum.status == 0' | wc -l |
		awk '$1 < 1000 { print "only " $1 " bad checksums"; exit 1 }' &&
		run -r "$T/badcsum.pcap" -w "$T/badcsum" &&
		same_rows_as "$T/badcsum" "$T/out/smb2.pcap" smb_mapping.log &&
		same_rows_as "$T/badcsum" "$T/out/smb2.pcap" ntlm.log
}
check "a capture whose TCP checksums are all wrong still yields its rows" bad_checksums

progress_when_asked() {
	"$SMBSENSOR" --progress -r pcaps/smb2.pcap -w "$T/prog" 2>"$T/prog.err" || return 1
	grep -q 'ETA' "$T/prog.err" && grep -q 'packets/s' "$T/prog.err"
}
check "--progress reports bytes, packets/s and ETA on stderr" progress_when_asked

quiet_when_not_a_terminal() {
	"$SMBSENSOR" --no-report -r pcaps/smb2.pcap -w "$T/quiet" 2>"$T/quiet.err" </dev/null || return 1
	[ ! -s "$T/quiet.err" ]
}
check "no progress when stderr is not a terminal, no report with --no-report" quiet_when_not_a_terminal
report_at_end() {
	"$SMBSENSOR" -r pcaps/exec-psexec.pcap -w "$T/report" 2>"$T/report.err" </dev/null || return 1
	cat "$T/report.err"
	[ "$(cat "$T/report.err")" = "smbsensor: 4 notices: Exec_Chain 1, Remote_Exec 1, Unsigned 1, Unencrypted_Sensitive 1
  accounts by distinct hosts reached: CORP\\alice 1
  destinations by exec chains: 10.98.0.2 (1)" ]
}
check "the report on stderr at the end of an offline run: notices by kind, accounts by hosts, hosts by exec chains" \
	report_at_end

bpf_narrows() {
	run -r pcaps/smb3_multichannel.pcap -f 'tcp port 57093' -w "$T/narrow" || return 1
	[ "$(grep -vc '^#' "$T/narrow/ntlm.log")" -eq 1 ] && grep -q '	57093	' "$T/narrow/ntlm.log"
}
check "-f narrows the default filter to one connection" bpf_narrows

from_stdin() {
	run -r - -w "$T/stdin" <pcaps/smb3.pcap || return 1
	same_rows_as "$T/stdin" "$T/out/smb3.pcap" smb_mapping.log
}
check "-r - reads the capture from standard input" from_stdin
