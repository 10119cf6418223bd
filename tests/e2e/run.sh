#!/bin/sh
# End-to-end tests of the built binary on the captures in pcaps/.
# Prints one PASS/FAIL line per check and a closing "N passed, N failed".
set -u

SMBSENSOR=${SMBSENSOR:-build/smbsensor}
E2E=tests/e2e
T=$(mktemp -d "${TMPDIR:-/tmp}/smbsensor-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
skipped=0

ok() { pass=$((pass + 1)); echo "PASS $1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; sed 's/^/    /' "$T/why" 2>/dev/null | head -40; }
# check NAME CMD...: passes when CMD exits 0; its output explains a failure.
check() {
	name=$1; shift
	if "$@" >"$T/why" 2>&1; then ok "$name"; else ko "$name"; fi
}

run() { "$SMBSENSOR" --no-progress "$@"; }
# Rows of a log without the #open/#close lines, which carry the wall clock.
rows() { grep -v -e '^#open' -e '^#close' "$1"; }
# The data rows of log $3 in directory $1 equal those in $2 (non-empty).
same_rows_as() { # log-dir reference-dir log
	rows "$2/$3" | grep -v '^#' >"$T/ref"
	rows "$1/$3" | grep -v '^#' >"$T/got"
	[ -s "$T/ref" ] && diff -u "$T/ref" "$T/got"
}
captures() { ls pcaps/*.pcap pcaps/*.pcapng 2>/dev/null; }
out_of() { echo "$T/out/$(basename "$1")"; }

# Every capture runs once; the later checks read these logs.
for cap in $(captures); do
	o=$(out_of "$cap")
	check "runs cleanly on $cap" run -r "$cap" -w "$o"
done

. "$E2E/checks_build.sh"
. "$E2E/checks_logs.sh"
. "$E2E/checks_weird.sh"
. "$E2E/checks_files.sh"
. "$E2E/checks_errors.sh"
. "$E2E/checks_input.sh"
. "$E2E/checks_live.sh"
. "$E2E/checks_memory.sh"
. "$E2E/checks_floods.sh"
. "$E2E/checks_inject.sh"
. "$E2E/checks_recovery.sh"
. "$E2E/checks_detect.sh"
. "$E2E/checks_fanout.sh"
. "$E2E/checks_findings.sh"
. "$E2E/checks_signals.sh"
. "$E2E/checks_live_netns.sh"
. "$E2E/checks_dist.sh"

# Last, over the logs of every run above (so no check may delete its logs).
check "every log every check wrote: rows = newlines after the header, each with #fields' count or one JSON object" \
	python3 "$E2E/check_rows.py" "$T"

echo "e2e: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
