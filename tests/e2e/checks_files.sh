# smb_files.log with every action enabled: tshark as the oracle for the
# (tree, name, action) set of each SMB2 connection, and a hole in a big
# WRITE that loses no row.

cat >"$T/all-actions.conf" <<'EOF'
smb_files_actions = FILE_OPEN FILE_READ FILE_WRITE FILE_CLOSE FILE_DELETE FILE_RENAME FILE_SET_ATTRIBUTE PIPE_READ PIPE_WRITE PIPE_OPEN PIPE_CLOSE PRINT_READ PRINT_WRITE PRINT_OPEN PRINT_CLOSE
EOF
files_dir() { echo "$T/files/$(basename "$1")"; }

files_agree() { # capture
	run -c "$T/all-actions.conf" -r "$1" -w "$(files_dir "$1")" || return 1
	python3 "$E2E/smb_files_vs_tshark.py" "$1" "$(files_dir "$1")/smb_files.log"
}
for cap in $(captures); do
	check "smb_files.log of $cap (all actions) agrees with tshark: (tree, name, action) per connection" \
		files_agree "$cap"
done

# Every row of the intact capture's log (all actions) is in the damaged one's:
# the messages after the hole keep being logged.
rows_kept_after_hole() {
	python3 "$E2E/pcaptool.py" dropseg pcaps/smb2.pcap "$T/hole.pcap" --in-write || return 1
	run -c "$T/all-actions.conf" -r "$T/hole.pcap" -w "$T/hole" || return 1
	rows "$(files_dir pcaps/smb2.pcap)/smb_files.log" | grep -v '^#' >"$T/ref"
	rows "$T/hole/smb_files.log" | grep -v '^#' >"$T/got"
	[ -s "$T/ref" ] || { echo "no rows from pcaps/smb2.pcap"; return 1; }
	if grep -vxF -f "$T/got" "$T/ref" >"$T/lost"; then
		echo "rows lost after the hole:"
		cat "$T/lost"
		return 1
	fi
}
check "smb2.pcap with a segment dropped inside its big WRITE still logs every smb_files row (all actions)" \
	rows_kept_after_hole
