# Log injection (issue 8): names with TAB, newline, NUL, backslash,
# unpaired surrogates and 64 KiB lengths (gen_inject.py) are escaped as Zeek
# escapes them and cut at TEXT_MAX, in TSV and in JSON (check_inject.py);
# the closing check_rows.py then finds every line one whole row.

inject_pcap() {
	[ -f "$T/inject.pcap" ] || python3 "$E2E/gen_inject.py" "$T/inject.pcap"
}
inject_escaped() {
	inject_pcap &&
		run --no-report -r "$T/inject.pcap" -w "$T/inject" &&
		run --no-report --json -r "$T/inject.pcap" -w "$T/inject-json" &&
		python3 "$E2E/check_inject.py" "$T/inject" "$T/inject-json"
}
check "log injection: hostile account, share, file and service names escaped and cut at TEXT_MAX, TSV and JSON" \
	inject_escaped

inject_seen_by_tshark() {
	inject_pcap || return 1
	[ "$(tshark -r "$T/inject.pcap" -Y 'ntlmssp.messagetype == 3' -T fields -e ntlmssp.auth.domain 2>/dev/null |
		grep -c '^DOM')" -eq 2 ] &&
		[ "$(tshark -r "$T/inject.pcap" -Y 'svcctl.opnum == 12 && dcerpc.pkt_type == 0' 2>/dev/null | wc -l)" -eq 2 ]
}
check "tshark: gen_inject.py writes two NTLM AUTHENTICATEs (domain DOM...) and two CreateServiceW requests" \
	inject_seen_by_tshark

# The run's report and --summary go to a terminal: a name must not bring
# its own line breaks or escape sequences there.
report_plain() {
	inject_pcap && run --summary -r "$T/inject.pcap" -w "$T/inject-summary" >"$T/inject-summary.txt" 2>&1 || return 1
	cat "$T/inject-summary.txt"
	! LC_ALL=C grep -q '[[:cntrl:]]' "$T/inject-summary.txt" &&
		grep -qF 'DOM\x09|\x0a|\x0d|\x00|\|"|\x7f|\x1b[31m|#|,|' "$T/inject-summary.txt"
}
check "--summary and the report print hostile names escaped: no control byte reaches the terminal" report_plain
