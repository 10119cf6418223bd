# Signals and privileges of a sensor left running: SIGHUP reopens the logs
# (logrotate), -u drops root, live capture as root is refused without -u.

# demo.pcap through a FIFO in two parts. While the sensor waits for the
# second, smb_mapping.log is moved away (as logrotate does) and the sensor
# gets SIGHUP: the moved file must end with #close, the new one start with
# a header, and the two together hold exactly the offline rows.
hup_reopens() {
	d=$T/hup
	rm -rf "$d" "$T/hup.fifo" && mkdir -p "$d" && mkfifo "$T/hup.fifo" || return 1
	"$SMBSENSOR" --no-progress --no-report -r "$T/hup.fifo" -w "$d" 2>"$T/hup.err" &
	pid=$!
	python3 - "$T/hup.fifo" pcaps/demo.pcap 120 <<'PY' &
import sys, time
fifo, src, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
off = 24
for _ in range(first):
    off += 16 + int.from_bytes(data[off + 8:off + 12], "little")
with open(fifo, "wb") as f:
    f.write(data[:off])
    f.flush()
    time.sleep(2)
    f.write(data[off:])
PY
	feeder=$!
	sleep 1
	mv "$d/smb_mapping.log" "$d/smb_mapping.log.1" && kill -HUP "$pid"
	wait "$feeder"
	wait "$pid" || { cat "$T/hup.err"; return 1; }
	tail -1 "$d/smb_mapping.log.1" | grep -q '^#close' || { echo "no #close in the moved file"; return 1; }
	head -1 "$d/smb_mapping.log" | grep -q '^#separator' || { echo "no header in the new file"; return 1; }
	[ "$(grep -vc '^#' "$d/smb_mapping.log.1")" -gt 0 ] || { echo "no row before SIGHUP"; return 1; }
	cat "$d/smb_mapping.log.1" "$d/smb_mapping.log" | grep -v '^#' >"$T/hup.rows"
	grep -v '^#' "$(out_of pcaps/demo.pcap)/smb_mapping.log" | diff - "$T/hup.rows"
}
check "SIGHUP: the moved smb_mapping.log is closed, a new one started, no row lost or doubled" hup_reopens

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	check "live capture as root without -u is refused (exit 1, says why)" \
		expect_exit 1 'refusing to capture live as root' "$SMBSENSOR" -i lo -w "$T/root-live"
	# LeakSanitizer reads /proc at exit, which a chroot hides: no leak check
	# in these runs (the sanitizer build's other runs have it).
	as_nobody() { # extra-options
		d=$T/nobody${1:-}
		mkdir -p "$d" && chmod o+x "$T" && chown nobody "$d" &&
			ASAN_OPTIONS=detect_leaks=0 run --no-report -u nobody "$@" -r pcaps/demo.pcap -w "$d" &&
			[ "$(stat -c %U "$d/smb_mapping.log")" = nobody ] &&
			same_rows_as "$d" "$(out_of pcaps/demo.pcap)" smb_mapping.log
	}
	check "-u nobody: the logs are written by nobody, the same rows" as_nobody
	check "-u nobody --chroot: the same, from inside the log directory" as_nobody --chroot
	new_dir_for_nobody() {
		rm -rf "$T/made" && chmod o+x "$T" && run --no-report -u nobody -r pcaps/demo.pcap -w "$T/made/logs" &&
			[ "$(stat -c %U "$T/made/logs")" = nobody ] && [ "$(stat -c %U "$T/made/logs/conn.log")" = nobody ]
	}
	check "-u nobody with a log directory to create: made, and given to nobody" new_dir_for_nobody
	mkdir -p "$T/root-owned"
	check "-u nobody with an existing log directory nobody cannot write: exit 7, says why" \
		expect_exit 7 'Permission denied for user nobody' \
		"$SMBSENSOR" --no-progress -u nobody -r pcaps/demo.pcap -w "$T/root-owned"
else
	skip "privilege drop checks" "not root"
fi
check "-u with an unknown user: exit 1, says why" \
	expect_exit 1 "unknown user 'no-such-user-x'" "$SMBSENSOR" -u no-such-user-x -r pcaps/demo.pcap -w "$T/nouser"
check "--chroot without -u: exit 1" expect_exit 1 'needs -u' "$SMBSENSOR" --chroot -r pcaps/demo.pcap -w "$T/nochroot"
