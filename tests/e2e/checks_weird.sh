# weird.log: rows for the anomalies (tshark and Zeek's baselines as oracles),
# the per-connection rate limit, and the stats.log counters that add up.

all_runs() { for cap in $(captures); do out_of "$cap"; done; }
# shellcheck disable=SC2046
check "weird.log of every capture: weirds = rows + weirds_suppressed" \
	python3 "$E2E/weird_counts.py" $(all_runs)

# Zeek's btests for these captures check that it writes no weird.log.
for cap in smb2.pcap smb3.pcap smb311.pcap smb3_multichannel.pcap smb_v2_only_non_zero_reserved1.pcap; do
	check "no weird.log for pcaps/$cap, as Zeek" test ! -e "$(out_of "pcaps/$cap")/weird.log"
done

for cap in dce_rpc_netlogon.pcapng mapi.pcap dce_rpc_ntlm.pcapng; do
	check "weird.log of $cap has tshark's DCE/RPC auth types, as Zeek names them" \
		python3 "$E2E/weird_vs_tshark.py" "pcaps/$cap" "$(out_of "pcaps/$cap")/weird.log"
done

same_types_as_zeek() {
	z=$(grep '^#types' "$E2E/zeek/dce-rpc-netlogon/weird.log")
	o=$(grep '^#types' "$(out_of pcaps/dce_rpc_netlogon.pcapng)/weird.log")
	[ "$z" = "$o" ] || { printf 'zeek %s\nours %s\n' "$z" "$o"; return 1; }
}
check "weird.log has Zeek's #types" same_types_as_zeek

# One connection with 3000 non-SMB messages and one bad NetBIOS type.
python3 "$E2E/gen_weirds.py" "$T/weirds.pcap" --junk 3000
weirds_run() { # dir conf-lines...
	d=$1; shift
	printf '%s\n' "$@" >"$T/weirds.conf"
	run -c "$T/weirds.conf" -r "$T/weirds.pcap" -w "$d" 2>/dev/null
}
weirds_run "$T/wd" "weird_first = 1"
check "weird flood: one row per name and connection by default (Zeek's weird_ignore)" \
	python3 "$E2E/weird_counts.py" "$T/wd" --rows 2 --suppressed 2999 \
	--names SMB_not_smb_message,unknown_netbios_type
weirds_run "$T/ws" "weird_first = 25" "weird_sample = 1000"
check "weird flood: the first 25 of a name, then one in 1000" \
	python3 "$E2E/weird_counts.py" "$T/ws" --rows 28 --suppressed 2973
weirds_run "$T/ww" "weird_window = 1"
check "weird flood: a name's count starts again after weird_window" \
	python3 "$E2E/weird_counts.py" "$T/ww" --rows 4 --suppressed 2997
weirds_run "$T/wn" "weird_max_names = 1"
check "weird flood: names past weird_max_names are counted, not written" \
	python3 "$E2E/weird_counts.py" "$T/wn" --rows 1 --suppressed 3000 --refused 1
flood_summary() {
	run -r "$T/weirds.pcap" -w "$T/wsum" --summary >"$T/wsum.txt" 2>/dev/null || return 1
	grep -F "weird.log (2 rows)" "$T/wsum.txt"
}
check "weird flood: --summary lists weird.log with its rows" flood_summary
flood_json() {
	run -r "$T/weirds.pcap" -w "$T/wj" --json 2>/dev/null || return 1
	python3 "$E2E/json_vs_tsv.py" "$T/wj" "$T/wd"
}
check "weird flood: --json weird.log is valid JSON with the TSV rows" flood_json

# Zeek's smb2-max-pending-messages test: the responses filtered out, the
# limit at 20. Zeek writes one SMB_discarded_messages_state row (source
# SMB2) whose addl lists its script's tables; ours names the table it has.
printf 'smb_max_pending = 20\n' >"$T/pending.conf"
run -c "$T/pending.conf" -f 'src port not 445 or tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0' \
	-r pcaps/smb2_100_small_files.pcap -w "$T/pending" 2>/dev/null
check "smb2_100_small_files.pcap without responses, smb_max_pending 20: Zeek's weird" \
	python3 "$E2E/weird_counts.py" "$T/pending" --rows-as "SMB_discarded_messages_state state=pending SMB2"
