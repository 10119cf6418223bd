# The binary itself. libnids exports unprefixed internals (tcp_init,
# process_tcp, mkhash, ...); a function of ours with one of those names
# would silently replace libnids' own (../shared/LIBNIDS.md, Symbols).

no_symbol_shadows_libnids() {
	lib=$(ldd "$SMBSENSOR" | awk '/libnids/ { print $3 }')
	[ -n "$lib" ] || { echo "not linked against libnids"; return 1; }
	nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort -u >"$T/nids.sym"
	nm --defined-only "$SMBSENSOR" | awk '$2 == "T" || $2 == "t" { print $3 }' | sort -u >"$T/ours.sym"
	[ -s "$T/nids.sym" ] && [ -s "$T/ours.sym" ] || { echo "nm found no symbols"; return 1; }
	clash=$(comm -12 "$T/nids.sym" "$T/ours.sym")
	[ -z "$clash" ] || { echo "shadowing libnids: $clash"; return 1; }
}
check "no function of ours shadows a libnids symbol" no_symbol_shadows_libnids
