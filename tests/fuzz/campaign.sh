#!/bin/sh
# make fuzz: each target in turn for SECONDS, from its seeds, regressions and
# what earlier campaigns found (DIR/corpus/TARGET, kept), then
# tests/fuzz/RESULTS.md rewritten from libFuzzer's final lines.
#   campaign.sh DIR SEEDDIR SECONDS TARGET...   (binaries in DIR/fuzz/)
# A crash leaves its input in DIR/crashes/TARGET/ and fails the run (the
# other targets still run); see README for making it a regression.
set -u
dir=$1 seeds=$2 secs=$3
shift 3
failed=""
mkdir -p "$dir/logs"
for t; do
	mkdir -p "$dir/corpus/$t" "$dir/crashes/$t"
	echo "fuzz: $t for $secs s" >&2
	regs=""
	[ -d "tests/fuzz/regressions/$t" ] && regs="tests/fuzz/regressions/$t"
	# shellcheck disable=SC2086
	"$dir/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$t/" "$dir/corpus/$t" "$seeds/$t" $regs \
		>"$dir/logs/$t.log" 2>&1 || failed="$failed $t"
	tail -n 3 "$dir/logs/$t.log" >&2
done
python3 tests/fuzz/results.py "$secs" "$dir/logs" "$@" > tests/fuzz/RESULTS.md
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed (inputs in $dir/crashes/, logs in $dir/logs/)" >&2
	exit 1
fi
