# Bounded state: connections that go idle expire on packet time, so memory
# stays where it was once the table reached its steady size, however many
# connections pass. gen_idle.py spreads connections at the rate of a
# million a day; with conn_idle_timeout = 60 about 700 are open at any
# time, so the peak after 1,000 connections is the bar for 20,000.
# (bench/idle.sh makes the full run of 1,000,000.) Skipped under
# AddressSanitizer, whose quarantine of freed memory grows RSS by design.

memory_stays_flat() {
	printf 'conn_idle_timeout = 60\n' >"$T/idle.conf"
	python3 "$E2E/gen_idle.py" "$T/idle1k.pcap" --conns 1000 &&
		python3 "$E2E/gen_idle.py" "$T/idle20k.pcap" --conns 20000 || return 1
	a=$(python3 "$E2E/peak_rss.py" "$SMBSENSOR" --no-progress -c "$T/idle.conf" -r "$T/idle1k.pcap" -w "$T/idle1k") &&
		b=$(python3 "$E2E/peak_rss.py" "$SMBSENSOR" --no-progress -c "$T/idle.conf" -r "$T/idle20k.pcap" -w "$T/idle20k") ||
		return 1
	echo "peak RSS: $a KiB after 1,000 connections, $b KiB after 20,000"
	bro-cut conns conns_idle conns_open_at_exit <"$T/idle20k/stats.log"
	[ "$(bro-cut conns_idle <"$T/idle20k/stats.log")" -gt 19000 ] || { echo "connections did not expire"; return 1; }
	[ "$b" -le $((a + 1024)) ]
}

if nm "$SMBSENSOR" 2>/dev/null | grep -q __asan_init; then
	skip "memory stays flat as idle connections pass" "AddressSanitizer build"
else
	check "memory stays flat as idle connections pass (20,000 vs 1,000)" memory_stays_flat
fi

# When the table is full, the least recently active connection goes first:
# with room for 16, the 40 connections of this capture still give every
# tree connect, and the evictions are counted.
evicts_least_recent() {
	printf 'max_connections = 16\n' >"$T/c16.conf"
	run -c "$T/c16.conf" -r pcaps/sv-smb2-09-trunc-file-logging.pcap -w "$T/c16" || return 1
	bro-cut conns conns_evicted <"$T/c16/stats.log"
	[ "$(bro-cut conns_evicted <"$T/c16/stats.log")" -gt 0 ] || return 1
	bro-cut -n uid <"$T/out/sv-smb2-09-trunc-file-logging.pcap/smb_mapping.log" >"$T/c16.ref"
	bro-cut -n uid <"$T/c16/smb_mapping.log" >"$T/c16.got"
	diff "$T/c16.ref" "$T/c16.got"
}
check "a full table evicts the least recently active connection" evicts_least_recent
