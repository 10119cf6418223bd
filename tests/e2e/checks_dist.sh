# The files of dist/: the man page renders and documents every option and
# configuration key, the systemd unit's command line is one the sensor
# accepts, and systemd and logrotate accept the unit and the rotation file
# (each skipped, with the reason, when its tool is not installed).

DIST_MAN=dist/smbsensor.8
DIST_UNIT=dist/smbsensor.service
DIST_ROTATE=dist/smbsensor.logrotate

# The man page source with groff's escapes of '-' and quotes undone.
man_text() { sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" "$DIST_MAN"; }

if command -v groff >/dev/null 2>&1; then
	man_renders() {
		groff -man -ww -z "$DIST_MAN" >"$T/groff.out" 2>&1
		rc=$?
		cat "$T/groff.out"
		[ "$rc" -eq 0 ] && [ ! -s "$T/groff.out" ]
	}
	check "dist: groff renders the man page without a warning" man_renders
else
	skip "dist: groff renders the man page without a warning" "groff is not installed"
fi
if command -v man >/dev/null 2>&1; then
	man_reads() {
		MANWIDTH=80 man -l "$DIST_MAN" >"$T/man.out" 2>&1 || { cat "$T/man.out"; return 1; }
		head -1 "$T/man.out" | grep -q 'SMBSENSOR(8)' && grep -q '^SYNOPSIS' "$T/man.out" &&
			grep -q '^EXIT STATUS' "$T/man.out" || { head -20 "$T/man.out"; return 1; }
	}
	check "dist: man -l reads the man page (NAME, SYNOPSIS ... EXIT STATUS)" man_reads
else
	skip "dist: man -l reads the man page" "man is not installed"
fi

# Every option of --help: the first column of its option lines ("  -r FILE",
# "  -h, --help", "      --no-progress"), short and long.
help_options() {
	"$SMBSENSOR" --help | grep -E '^ {2,6}-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '--?[A-Za-z][A-Za-z-]*' | sort -u
}
man_has_every_option() {
	help_options >"$T/help-options" || return 1
	n=$(wc -l <"$T/help-options")
	[ "$n" -ge 10 ] || { echo "only $n options found in --help"; cat "$T/help-options"; return 1; }
	man_text >"$T/man.txt"
	missing=0
	while read -r opt; do
		grep -qE -- "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" "$T/man.txt" ||
			{ echo "not in $DIST_MAN: $opt"; missing=1; }
	done <"$T/help-options"
	[ "$missing" -eq 0 ]
}
check "dist: every option of --help is in the man page" man_has_every_option

# Every key of sensor.conf.example, with the same default: the man page
# has a ".B key = default" line equal to the example's "key = default".
man_has_every_key() {
	grep -E '^[a-z_]+ *=' sensor.conf.example | sed -E 's/ +$//' >"$T/conf-keys"
	n=$(wc -l <"$T/conf-keys")
	[ "$n" -ge 20 ] || { echo "only $n keys found in sensor.conf.example"; return 1; }
	sed -n -E 's/^\.B ([a-z_]+ =.*)$/\1/p' "$DIST_MAN" | sed -E 's/ +$//' >"$T/man-keys"
	missing=0
	while IFS= read -r line; do
		grep -qxF -- "$line" "$T/man-keys" ||
			{ echo "not in $DIST_MAN as '.B $line' (missing, or another default)"; missing=1; }
	done <"$T/conf-keys"
	[ "$missing" -eq 0 ]
}
check "dist: every key of sensor.conf.example is in the man page, with its default" man_has_every_key

# The unit's ExecStart, made runnable here: the capture from demo.pcap
# instead of the interface, the example configuration, a temporary log
# directory and, as -u, nobody (the smbsensor user may not exist). Each
# substitution must apply, so that a changed unit is noticed.
unit_execstart() { sed -n 's/^ExecStart=//p' "$DIST_UNIT"; }
unit_args_accepted() { # user (empty: no -u)
	line=$(unit_execstart)
	[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] && [ -n "$line" ] || { echo "not one ExecStart= in $DIST_UNIT"; return 1; }
	case $line in
	"/usr/local/bin/smbsensor "*) ;;
	*) echo "ExecStart does not run /usr/local/bin/smbsensor: $line"; return 1 ;;
	esac
	d=$T/unit-logs${1:+-$1}
	mkdir -p "$d" || return 1
	if [ -n "$1" ]; then
		chmod o+x "$T" && chown "$1" "$d" || return 1
		to_user="-u $1"
	else
		to_user=""
	fi
	for pat in '-i ${SMBSENSOR_IFACE}' '-c /etc/smbsensor/sensor.conf' '-w /var/log/smbsensor' '-u smbsensor'; do
		case $line in
		*" $pat "* | *" $pat") ;;
		*) echo "ExecStart lacks '$pat': $line"; return 1 ;;
		esac
	done
	args=$(printf '%s\n' "$line" | sed -e 's#^/usr/local/bin/smbsensor ##' \
		-e 's#-i ${SMBSENSOR_IFACE}#-r pcaps/demo.pcap#' \
		-e 's#-c /etc/smbsensor/sensor.conf#-c sensor.conf.example#' \
		-e "s#-w /var/log/smbsensor#-w $d#" -e "s#-u smbsensor#$to_user#")
	echo "running: $SMBSENSOR $args"
	set -f
	# shellcheck disable=SC2086 # the words of ExecStart
	"$SMBSENSOR" --no-report $args
	rc=$?
	set +f
	[ "$rc" -eq 0 ] || { echo "exit $rc"; return 1; }
	[ -s "$d/smb_mapping.log" ] || { echo "no smb_mapping.log"; return 1; }
	[ -z "$1" ] || [ "$(stat -c %U "$d/smb_mapping.log")" = "$1" ] || { echo "smb_mapping.log not written by $1"; return 1; }
	same_rows_as "$d" "$(out_of pcaps/demo.pcap)" smb_mapping.log
}
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	check "dist: the unit's ExecStart options run the sensor (-r demo.pcap for -i, -u nobody)" \
		unit_args_accepted nobody
else
	check "dist: the unit's ExecStart options run the sensor (-r demo.pcap for -i, without -u)" \
		unit_args_accepted ""
	skip "dist: the unit's -u drop" "not root, or no user nobody"
fi

# The rotated directory is the unit's log directory, and postrotate signals
# the unit by its name.
dist_consistent() {
	grep -q '^/var/log/smbsensor/\*\.log {' "$DIST_ROTATE" || { echo "logrotate does not rotate /var/log/smbsensor/*.log"; return 1; }
	grep -q 'smbsensor\.service' "$DIST_ROTATE" || { echo "postrotate does not name smbsensor.service"; return 1; }
	grep -q '^ReadWritePaths=/var/log/smbsensor$' "$DIST_UNIT" && grep -q '^LogsDirectory=smbsensor$' "$DIST_UNIT" &&
		grep -q '^ExecReload=/bin/kill -HUP \$MAINPID$' "$DIST_UNIT"
}
check "dist: the unit and the logrotate file agree (log directory, SIGHUP)" dist_consistent

# systemd-analyze verify, on a copy of the unit that runs the binary under
# test (/usr/local/bin/smbsensor is not installed here); man pages are not
# looked up. Unknown keys only warn, so its output must not name the unit.
if command -v systemd-analyze >/dev/null 2>&1; then
	unit_verifies() {
		bin=$(cd "$(dirname "$SMBSENSOR")" && pwd)/$(basename "$SMBSENSOR")
		mkdir -p "$T/unit" && sed "s#^ExecStart=/usr/local/bin/smbsensor #ExecStart=$bin #" "$DIST_UNIT" \
			>"$T/unit/smbsensor.service" || return 1
		systemd-analyze verify --man=no "$T/unit/smbsensor.service" >"$T/verify.out" 2>&1
		rc=$?
		cat "$T/verify.out"
		[ "$rc" -eq 0 ] && ! grep -q 'smbsensor\.service' "$T/verify.out"
	}
	check "dist: systemd-analyze verify accepts the unit" unit_verifies
else
	skip "dist: systemd-analyze verify accepts the unit" "systemd-analyze is not installed"
fi

# logrotate -d (dry run) with its own state file; the smbsensor user may
# not exist, so the su and create lines name nobody.
if command -v logrotate >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	rotate_parses() {
		sed "s/smbsensor smbsensor/nobody $(id -gn nobody)/g" "$DIST_ROTATE" >"$T/logrotate.conf" &&
			grep -q '^	su nobody ' "$T/logrotate.conf" || { echo "no 'su smbsensor smbsensor' line"; return 1; }
		logrotate -d -s "$T/logrotate.state" "$T/logrotate.conf" >"$T/logrotate.out" 2>&1
		rc=$?
		cat "$T/logrotate.out"
		[ "$rc" -eq 0 ] && ! grep -qi '^error' "$T/logrotate.out" &&
			grep -q 'rotating pattern: /var/log/smbsensor/\*\.log  after 1 days (14 rotations)' "$T/logrotate.out"
	}
	check "dist: logrotate -d accepts the rotation file (daily, 14)" rotate_parses
else
	skip "dist: logrotate -d accepts the rotation file" "logrotate is not installed (or no user nobody)"
fi
