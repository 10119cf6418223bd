#!/bin/sh
# make valgrind: the sensor under valgrind memcheck over every capture in
# pcaps/, the flood captures (gen_floods.py, with the low limits of
# checks_floods.sh) and the injection capture (gen_inject.py, TSV and JSON).
# A run fails on any memory error or any leak (definite, indirect, possible);
# memory still reachable at exit is what libpcap and libnids keep, not a
# leak. Two runs at a time. Prints one PASS/FAIL line per run and the totals.
set -u

SMBSENSOR=${SMBSENSOR:-build/smbsensor}
E2E=tests/e2e

# sh tests/valgrind.sh --one DIR NAME OPTIONS...: one run, logs in DIR/NAME.
if [ "${1:-}" = "--one" ]; then
	dir=$2 name=$3
	shift 3
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --log-file="$dir/$name.vg" \
		"$SMBSENSOR" --no-progress --no-report "$@" -w "$dir/$name" >"$dir/$name.out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$dir/$name.vg" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name (exit $rc)"
		sed 's/^/    /' "$dir/$name.vg" "$dir/$name.out" | head -60
	fi
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/smbsensor-valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

# The limits the floods run into, as checks_floods.sh sets them.
sed -n "/^cat >\"\$T\/flood.conf\" <<'EOF'$/,/^EOF$/p" "$E2E/checks_floods.sh" | sed '1d;$d' >"$T/flood.conf"
[ -s "$T/flood.conf" ] || { echo "valgrind.sh: no flood.conf in checks_floods.sh"; exit 1; }
for kind in syn fileids pipe rpccalls compound netbios lying; do
	python3 "$E2E/gen_floods.py" "$kind" "$T/flood-$kind.pcap" || exit 1
done
python3 "$E2E/gen_inject.py" "$T/inject.pcap" || exit 1

# One line per run: its name, then the sensor's options.
{
	for cap in pcaps/*.pcap pcaps/*.pcapng; do
		echo "$(basename "$cap") -r $cap"
	done
	for kind in syn fileids pipe rpccalls compound netbios lying; do
		echo "flood-$kind -c $T/flood.conf -r $T/flood-$kind.pcap"
	done
	echo "inject -r $T/inject.pcap"
	echo "inject-json --json -r $T/inject.pcap"
} >"$T/runs"

start=$(date +%s)
xargs -P 2 -L 1 sh "$0" --one "$T" <"$T/runs" >"$T/results"
cat "$T/results"
pass=$(grep -c '^PASS' "$T/results")
fail=$(grep -c '^FAIL' "$T/results")
echo "valgrind: $pass passed, $fail failed, $(($(date +%s) - start)) s"
[ "$fail" -eq 0 ] && [ "$pass" -eq "$(wc -l <"$T/runs")" ]
