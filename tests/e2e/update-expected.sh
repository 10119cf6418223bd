#!/bin/sh
# Regenerates tests/e2e/expected/<capture>/ from the current build. Only for
# a deliberate change of output: review `git diff tests/e2e/expected` before
# committing, since these files are what the end-to-end tests hold us to.
set -eu
SMBSENSOR=${SMBSENSOR:-build/smbsensor}
for cap in pcaps/*.pcap pcaps/*.pcapng; do
	d=tests/e2e/expected/$(basename "$cap")
	rm -rf "$d"
	"$SMBSENSOR" --no-progress -r "$cap" -w "$d"
	for f in "$d"/*.log; do
		grep -v -e '^#open' -e '^#close' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
	done
done
