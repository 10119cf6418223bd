#!/bin/sh
# make fuzz-regress: every fuzz target once over each of its seeds and each
# committed regression input, under the sanitizers of the build; any crash,
# leak or UBSan report fails (libFuzzer's exit status).
#   regress.sh BINDIR SEEDDIR TARGET...
set -eu
bin=$1 seeds=$2
shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t; do
	n=$(find "$seeds/$t" "tests/fuzz/regressions/$t" -type f 2>/dev/null | wc -l)
	if [ "$n" -eq 0 ]; then
		echo "fuzz-regress: $t: no seeds and no regressions" >&2
		exit 1
	fi
	start=$(date +%s)
	# Inputs as file arguments: libFuzzer runs each once and stops.
	if ! find "$seeds/$t" "tests/fuzz/regressions/$t" -type f 2>/dev/null | sort |
		xargs "$bin/fuzz_$t" -timeout=25 -rss_limit_mb=2048 >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "fuzz-regress: $t FAILED (log above)" >&2
		exit 1
	fi
	echo "fuzz-regress: $t: $n inputs, $(( $(date +%s) - start )) s, ok"
done
