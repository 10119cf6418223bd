# Bad input and bad configuration: one clear line on stderr and the exit
# status documented in --help.

# expect_exit CODE PATTERN CMD...: CMD exits CODE and stderr matches PATTERN
# on a single line.
expect_exit() {
	code=$1 pattern=$2; shift 2
	"$@" >"$T/stdout" 2>"$T/stderr"
	got=$?
	cat "$T/stderr"
	[ "$got" -eq "$code" ] || { echo "exit status $got, expected $code"; return 1; }
	[ "$code" -eq 0 ] || [ "$(wc -l <"$T/stderr")" -ge 1 ] || { echo "no message"; return 1; }
	[ -z "$pattern" ] || grep -q -- "$pattern" "$T/stderr" || { echo "stderr does not say '$pattern'"; return 1; }
}

check "unknown option: exit 1" expect_exit 1 "unrecognized option" run --bogus -r pcaps/smb3.pcap
check "no input: exit 1" expect_exit 1 "exactly one of -r FILE or -i IFACE" run -w "$T/x"
check "missing file: exit 2" expect_exit 2 "cannot read $T/nope.pcap" run -r "$T/nope.pcap" -w "$T/x"
: >"$T/empty.pcap"
check "empty (0-byte) file: exit 2" expect_exit 2 "cannot read" run -r "$T/empty.pcap" -w "$T/x"
check "not a capture: exit 2" expect_exit 2 "unknown file format" run -r sensor.conf.example -w "$T/x"
check "unknown interface: exit 2" expect_exit 2 "cannot capture on nosuchif0" run --allow-root -i nosuchif0 -w "$T/x"
check "bad BPF: exit 5" expect_exit 5 "bad filter 'port port'" run -r pcaps/smb3.pcap -f 'port port' -w "$T/x"
printf 'max_connections = 1024\nno_such_key = 3\n' >"$T/bad.conf"
check "unknown config key: exit 4 with file and line" expect_exit 4 "bad.conf:2: unknown key 'no_such_key'" \
	run -c "$T/bad.conf" -r pcaps/smb3.pcap -w "$T/x"
printf 'smb_max_pending = lots\n' >"$T/bad2.conf"
check "bad config value: exit 4" expect_exit 4 "bad2.conf:1: bad value 'lots' for smb_max_pending" \
	run -c "$T/bad2.conf" -r pcaps/smb3.pcap -w "$T/x"
check "missing config file: exit 4" expect_exit 4 "nope.conf" run -c "$T/nope.conf" -r pcaps/smb3.pcap -w "$T/x"
: >"$T/file"
check "log directory is a file: exit 6" expect_exit 6 "log directory $T/file/sub" run -r pcaps/smb3.pcap -w "$T/file/sub"
check "good config is accepted" expect_exit 0 "" run -c sensor.conf.example -r pcaps/smb3.pcap -w "$T/conf"

python3 "$E2E/pcaptool.py" truncate pcaps/smb2.pcap "$T/trunc.pcap" 700000
truncated_keeps_rows() {
	expect_exit 3 "input ended early" run -r "$T/trunc.pcap" -w "$T/trunc" || return 1
	grep -c 'smb2	-	-	DISK' "$T/trunc/smb_mapping.log" && grep -q Administrator "$T/trunc/ntlm.log" &&
		[ -f "$T/trunc/stats.log" ]
}
check "truncated capture: exit 3, rows read before the cut are logged" truncated_keeps_rows

python3 "$E2E/pcaptool.py" headeronly pcaps/smb3.pcap "$T/hdr.pcap"
no_packets() {
	expect_exit 0 "" run -r "$T/hdr.pcap" -w "$T/hdr" || return 1
	[ ! -f "$T/hdr/smb_mapping.log" ] && [ ! -f "$T/hdr/ntlm.log" ] && grep -q '^-	0	0	' "$T/hdr/stats.log"
}
check "capture with no packets: exit 0, only stats.log" no_packets

no_smb() {
	expect_exit 0 "" run -r pcaps/aduser1.pcap -f 'port 389' -w "$T/nosmb" || return 1
	ls "$T/nosmb"
	[ "$(ls "$T/nosmb")" = "stats.log" ]
}
check "capture with no SMB at all: exit 0, only stats.log" no_smb

help_documents_exits() {
	run --help >"$T/help" || return 1
	for c in 0 1 2 3 4 5 6 7; do grep -q "^  $c  " "$T/help" || { echo "exit $c undocumented"; return 1; }; done
	run --version | grep -q '^smbsensor [0-9]'
}
check "--help documents every exit status, --version works" help_documents_exits

# A signal stops an offline run that is waiting for input, and what was
# read before is still logged.
interrupted_offline_run() {
	mkfifo "$T/fifo" || return 1
	(cat pcaps/smb3.pcap; sleep 5) >"$T/fifo" &
	writer=$!
	"$SMBSENSOR" --no-progress -r "$T/fifo" -w "$T/intr" 2>"$T/intr.err" &
	sensor=$!
	sleep 1
	kill -INT "$sensor"
	wait "$sensor"
	st=$?
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	cat "$T/intr.err"
	[ "$st" -eq 3 ] || { echo "exit status $st, expected 3"; return 1; }
	grep -q "interrupted after 54 packets" "$T/intr.err" &&
		same_rows_as "$T/intr" "$T/out/smb3.pcap" smb_mapping.log
}
check "SIGINT ends an offline run: exit 3, rows so far logged" interrupted_offline_run

check "--workers 0: exit 1" expect_exit 1 "give a number of processes from 1 to 64" run --workers 0 -i lo -w "$T/x"
check "--workers 65: exit 1" expect_exit 1 "from 1 to 64" run --workers 65 -i lo -w "$T/x"
check "--workers with -r: exit 1" expect_exit 1 "a file is read by one process" run --workers 2 -r pcaps/smb3.pcap -w "$T/x"
check "--workers with an unknown interface: each worker says why, exit 2" \
	expect_exit 2 "worker [0-9]*: cannot capture on nosuchif0" run --allow-root --workers 2 -i nosuchif0 -w "$T/x"
