#!/usr/bin/env bash
# record-benign.sh - record pcaps/benign.pcap: BENIGN, everyday SMB2/3
# file-share use (documents read and written on ordinary shares) between
# three workstations and three Samba servers, inside private network
# namespaces on this machine. For tests that check that the sensor's
# lateral-movement detectors stay quiet on normal traffic.
#
#   sudo bash tools/record-benign.sh [OUTPUT.pcap]    (default: pcaps/benign.pcap)
#
# What it sets up (all torn down again on exit, even on failure):
#
#   netns bn-sw     bridge br0 (no address): the "switch"; tcpdump runs here
#   netns bn-fs1    10.97.0.11  smbd FILESRV01 / filesrv01.corp.example
#                               shares projects, public (+ ADMIN$, C$)
#   netns bn-fs2    10.97.0.12  smbd FILESRV02 / filesrv02.corp.example
#                               shares home (per user: home/<user>), scans
#                               (+ ADMIN$, C$)
#   netns bn-ps     10.97.0.13  smbd PRINTSRV / printsrv.corp.example
#                               share software, read-only (+ ADMIN$, C$)
#   netns bn-carol  10.97.0.21  smbclient, user carol, workstation WKS-CAROL
#   netns bn-dave   10.97.0.22  smbclient, user dave,  workstation WKS-DAVE
#   netns bn-erin   10.97.0.23  smbclient, user erin,  workstation WKS-ERIN
#
# Each host namespace has one veth pair (eth0) whose other end is a port of
# br0 in bn-sw. tcpdump runs in bn-sw on br0 (promiscuous, so it sees every
# frame the bridge forwards, once: the vantage point of a span port that
# sees all six hosts), filter "tcp port 445", snaplen 262144, Ethernet link
# type. Checksum/segmentation offloads are switched off on every interface
# so that the capture holds wire-sized frames with correct TCP checksums
# (libnids drops packets with bad checksums).
#
# Every smbd runs with its own smb.conf and state in a temp dir (nothing
# under /etc/samba or /var/lib/samba is read or written). The unix accounts
# carol, dave, erin (and itadmin, which has no SMB password and never logs
# on) exist only in nss_wrapper files in that temp dir, so the host's
# /etc/passwd is not touched; each server has its own tdbsam passdb with
# carol, dave and erin. Workgroup CORP, standalone servers, NTLMv2 only,
# SMB2_02 .. SMB3_11, Samba's default signing for a standalone server
# (offered, not required: smbclient does not sign, except what SMB 3.1.1
# always signs), encryption off, so tree connects and file names are in
# clear. ADMIN$ and C$ are defined on every server (valid users = itadmin)
# but the traffic never connects to them. smbclient runs with Samba's
# client defaults, except kerberos off (no KDC in the lab: NTLMSSP only);
# it connects to the servers by name (\\FILESRV01\projects ...), resolved
# from an nss_wrapper hosts file (name resolve order = host), so the tree
# connects carry server names, not addresses.
#
# The traffic (in this order; every session is one smbclient run, which
# tree-connects IPC$ first for its DFS referral, then the share):
#   1. carol (10.97.0.21) -> \\FILESRV01\projects: put report.docx (6 KiB,
#      fixed pseudo-random bytes after a ZIP header), get readme.txt, dir
#   2. carol -> \\FILESRV01\public: dir
#   3. dave (10.97.0.22) -> \\FILESRV02\home with a mistyped password:
#      STATUS_LOGON_FAILURE, no tree connect
#   4. dave -> \\FILESRV02\home (his home directory): mkdir Documents, put
#      Documents\notes.txt, rename it to Documents\notes-monday.txt, get it
#      back, dir
#   5. dave -> \\PRINTSRV\software (read-only): dir, get installer.msi
#      (40 KiB, fixed pseudo-random bytes after an OLE2 header)
#   6. erin (10.97.0.23) -> \\FILESRV02\scans: put scan001.pdf (16 KiB,
#      fixed pseudo-random bytes after a PDF header), dir
#   7. erin -> \\FILESRV01\public: get readme.txt
# No writes to ADMIN$/C$, no svcctl/atsvc/winreg or other DCE/RPC calls.
# The file contents are the same on every run (seeded generator); the
# timestamps, ports, NTLM challenges and GUIDs are not.
# The passwords are made up for this lab (below); no real credentials.
#
# Debugging: SMBD_LOG_LEVEL=10 KEEP_LOGS=/tmp/dir keeps the smbd logs.
#
# Needs root (network namespaces). Installs missing Debian packages (samba,
# smbclient, tcpdump, libnss-wrapper, ethtool, iproute2) with apt-get.
# Re-runnable: stale namespaces of an earlier run are removed first. The
# project's build does not need any of this; the committed pcaps/benign.pcap
# is the artefact, this script documents how it was made.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$HERE/pcaps/benign.pcap}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac

NS_SW=bn-sw
SERVERS="fs1 fs2 ps"             # namespace bn-<name>
CLIENTS="carol dave erin"        # namespace bn-<name>
ALL_NS="$NS_SW bn-fs1 bn-fs2 bn-ps bn-carol bn-dave bn-erin"
declare -A IP=([fs1]=10.97.0.11 [fs2]=10.97.0.12 [ps]=10.97.0.13
	[carol]=10.97.0.21 [dave]=10.97.0.22 [erin]=10.97.0.23)
declare -A NBNAME=([fs1]=FILESRV01 [fs2]=FILESRV02 [ps]=PRINTSRV
	[carol]=WKS-CAROL [dave]=WKS-DAVE [erin]=WKS-ERIN)
declare -A PW=(                  # lab-only passwords, not real credentials
	[carol]='Benign-Carol-2024!'
	[dave]='Benign-Dave-2024!'
	[erin]='Benign-Erin-2024!')
DAVE_TYPO='Benign-Dave-2O24!'    # dave's typo (letter O for zero)
PY=/usr/bin/python3              # only for the seeded file contents (stdlib)
# shellcheck source=tools/lab.sh
. "$HERE/tools/lab.sh"

say() { printf 'record-benign: %s\n' "$*"; }
die() { printf 'record-benign: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, smbd)"

# --- packages ---------------------------------------------------------------
lab_install_missing record-benign samba smbclient tcpdump libnss-wrapper ethtool iproute2
NSSW=$(lab_nss_wrapper_lib)
[ -n "$NSSW" ] || die "libnss_wrapper.so not found"

# --- cleanup ----------------------------------------------------------------
T=""
TCPDUMP_PID=""
SMBD_PIDS=""
remove_namespaces() {
	# Anything still running inside our own namespaces (smbd and its
	# children, samba-dcerpcd if started on demand) was started by this
	# script.
	for ns in $ALL_NS; do lab_del_ns "$ns" 2; done
	return 0
}
cleanup() {
	set +e
	trap '' INT TERM
	lab_stop INT "$TCPDUMP_PID"
	# shellcheck disable=SC2086 # a list of pids
	lab_stop TERM $SMBD_PIDS
	remove_namespaces
	if [ -n "${KEEP_LOGS:-}" ] && [ -n "$T" ]; then
		rm -rf "$KEEP_LOGS"; mkdir -p "$KEEP_LOGS"
		for s in $SERVERS; do cp -r "$T/$s/log" "$KEEP_LOGS/$s"; done
		say "smbd logs copied to $KEEP_LOGS"
	fi
	[ -n "$T" ] && rm -rf "$T"
	say "cleaned up namespaces, processes and temp files"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stale namespaces from an interrupted earlier run.
for ns in $ALL_NS; do
	[ -e "/run/netns/$ns" ] && say "removing stale namespace $ns"
done
(set +e; remove_namespaces)
T=$(mktemp -d /tmp/record-benign.XXXXXX)
chmod 755 "$T"

# --- network ----------------------------------------------------------------
say "creating namespaces: switch $NS_SW (br0), servers and clients on 10.97.0.0/24"
# shellcheck disable=SC2086 # a list of names
lab_add_netns $ALL_NS
lab_bridge $NS_SW 02:00:0a:61:00:fe
for h in $SERVERS $CLIENTS; do
	ns=bn-$h addr=${IP[$h]}
	last=${addr##*.}
	mac=$(printf '02:00:0a:61:00:%02x' "$last")
	lab_bridge_port $NS_SW "$ns" "bn-$last" "p-$h" "$mac" "$addr"
done
lab_bridge_up $NS_SW

# --- accounts (nss_wrapper) ---------------------------------------------------
lab_passwd "$T/passwd" \
	'carol:x:2101:2100:Carol Lab:/nonexistent:/usr/sbin/nologin' \
	'dave:x:2102:2100:Dave Lab:/nonexistent:/usr/sbin/nologin' \
	'erin:x:2103:2100:Erin Lab:/nonexistent:/usr/sbin/nologin' \
	'itadmin:x:2199:2199:IT Admin Lab:/nonexistent:/usr/sbin/nologin'
lab_group "$T/group" 'staff:x:2100:carol,dave,erin' 'itadmin:x:2199:'
export NSS_WRAPPER_PASSWD="$T/passwd" NSS_WRAPPER_GROUP="$T/group"
NW="env LD_PRELOAD=$NSSW"

# --- samba config, one per server ---------------------------------------------
srv_conf() { # name -> writes $T/<name>/smb.conf (global part and admin shares)
	local s=$1 d=$T/$1
	mkdir -p "$d"/{private,lock,state,cache,run,ncalrpc,log} "$d"/shares/{admin,c}
	lab_smb_conf "$d/smb.conf" "$d" "${NBNAME[$s]}" 'smbsensor benign lab' eth0 default \
		"${SMBD_LOG_LEVEL:-1}"
	lab_smb_share "$d/smb.conf" 'ADMIN$' "$d/shares/admin" no itadmin 'Remote Admin'
	lab_smb_share "$d/smb.conf" 'C$' "$d/shares/c" no itadmin 'Default share'
	chown 2199:2199 "$d/shares/admin" "$d/shares/c"
	chmod 700 "$d/shares/admin" "$d/shares/c"
}
share() { # server name path readonly comment
	local d=$T/$1
	mkdir -p "$d/shares/${3%%/%*}"
	lab_smb_share "$d/smb.conf" "$2" "$d/shares/$3" "$4" 'carol dave erin' "$5"
}

for s in $SERVERS; do srv_conf "$s"; done
share fs1 projects projects no "Project documents"
share fs1 public public no "Public files"
share fs2 home 'home/%U' no "Home directories"
share fs2 scans scans no "Scanner drop folder"
share ps software software yes "Software installers"

# Share contents.
chmod 1777 "$T"/fs1/shares/{projects,public} "$T"/fs2/shares/scans
chmod 755 "$T"/fs2/shares/home "$T"/ps/shares/software
for u in $CLIENTS; do
	mkdir -p "$T/fs2/shares/home/$u"
	chown "$(awk -F: -v u="$u" '$1 == u { print $3 ":" $4 }' "$T/passwd")" "$T/fs2/shares/home/$u"
	chmod 700 "$T/fs2/shares/home/$u"
done
printf 'Q3 project folder: put drafts here, final versions in Final\\.\r\n' \
	>"$T/fs1/shares/projects/readme.txt"
mkdir -p "$T/fs1/shares/projects/Final"
printf 'Welcome to the CORP public share (smbsensor benign lab capture).\r\n' \
	>"$T/fs1/shares/public/readme.txt"
printf 'Canteen menu, week 12: soup, pasta, salad.\r\n' >"$T/fs1/shares/public/menu.txt"

# Client-side files and the installer on PRINTSRV: pseudo-random bytes from
# a fixed seed after a plausible file header (none of them is a real
# document or program), the same on every run.
mkdir -p "$T/files" "$T/dl"
$PY - "$T/files" "$T/ps/shares/software" <<'EOF'
import random, sys
files, software = sys.argv[1:3]
r = random.Random(20240517)
def blob(path, header, size):
    with open(path, "wb") as f:
        f.write(header + bytes(r.getrandbits(8) for _ in range(size - len(header))))
blob(files + "/report.docx", b"PK\x03\x04\x14\x00\x06\x00", 6144)
blob(files + "/scan001.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 16384)
blob(software + "/installer.msi", bytes.fromhex("d0cf11e0a1b11ae1"), 40960)
EOF
printf 'Monday: call the printer vendor, review Q3 budget.\r\n' >"$T/files/notes.txt"
chmod 644 "$T/ps/shares/software/installer.msi"

say "adding samba users carol, dave and erin to each server's passdb"
for s in $SERVERS; do
	for u in $CLIENTS; do
		# shellcheck disable=SC2086 # $NW: the nss_wrapper command prefix, words
		lab_smbpasswd "$T/$s/smb.conf" "$u" "${PW[$u]}" $NW >/dev/null
	done
done

# --- client config, one per workstation ----------------------------------------
for u in $CLIENTS; do
	mkdir -p "$T/cli-$u"/{lock,state,cache,private}
	lab_client_conf "$T/cli-$u/client.conf" "$T/cli-$u" "${NBNAME[$u]}"
done

# --- servers ----------------------------------------------------------------
for s in $SERVERS; do
	say "starting smbd ${NBNAME[$s]} in bn-$s (${IP[$s]})"
	lab_start_smbd "$NW" "bn-$s" "${IP[$s]}" "${NBNAME[$s],,}" "$T/$s/hosts" \
		"$T/$s/smb.conf" "$T/$s/log/smbd.out"
	SMBD_PIDS="$SMBD_PIDS $LAB_PID"
done
for s in $SERVERS; do
	lab_wait_smbd "bn-$s" "${IP[$s]}" 50 0.2 ||
		{ cat "$T/$s/log/smbd.out" >&2; die "smbd ${NBNAME[$s]} does not listen on ${IP[$s]}:445"; }
done

# --- capture ----------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
TMPPCAP="$T/capture.pcap"
say "starting tcpdump in $NS_SW on br0 (tcp port 445, snaplen 262144)"
lab_start_tcpdump $NS_SW br0 "$TMPPCAP" "$T/tcpdump.err"
TCPDUMP_PID=$LAB_PID
lab_wait_tcpdump "$T/tcpdump.err" || die "tcpdump did not start"

# --- traffic ----------------------------------------------------------------
# The clients resolve the server names from an nss_wrapper hosts file (the
# lab has no DNS), so the tree connects name \\FILESRV01\<share> etc.
for srv in $SERVERS; do
	printf '%s %s.corp.example %s\n' "${IP[$srv]}" "${NBNAME[$srv],,}" "${NBNAME[$srv]}"
done >"$T/client-hosts"
smbc() { # user //server/share password commands
	ip netns exec "bn-$1" $NW NSS_WRAPPER_HOSTS="$T/client-hosts" \
		smbclient -s "$T/cli-$1/client.conf" -p 445 "$2" -U "CORP\\$1%$3" -c "$4"
}
step() { say "session $1"; sleep 0.5; }

step "1: carol -> \\\\FILESRV01\\projects : put report.docx, get readme.txt"
smbc carol "//FILESRV01/projects" "${PW[carol]}" \
	"lcd $T/files; put report.docx; lcd $T/dl; get readme.txt readme-carol.txt; dir"

step "2: carol -> \\\\FILESRV01\\public : dir"
smbc carol "//FILESRV01/public" "${PW[carol]}" "dir"

step "3: dave with a mistyped password -> \\\\FILESRV02\\home (expected to fail)"
if smbc dave "//FILESRV02/home" "$DAVE_TYPO" "dir" >"$T/typo.out" 2>&1; then
	die "login with the mistyped password succeeded"
fi
cat "$T/typo.out"
grep -q NT_STATUS_LOGON_FAILURE "$T/typo.out" || die "the mistyped password did not fail with LOGON_FAILURE"

step "4: dave -> \\\\FILESRV02\\home : mkdir, put, rename, get"
smbc dave "//FILESRV02/home" "${PW[dave]}" \
	"mkdir Documents; cd Documents; lcd $T/files; put notes.txt; rename notes.txt notes-monday.txt; lcd $T/dl; get notes-monday.txt; dir"

step "5: dave -> \\\\PRINTSRV\\software : get installer.msi"
smbc dave "//PRINTSRV/software" "${PW[dave]}" "dir; lcd $T/dl; get installer.msi"

step "6: erin -> \\\\FILESRV02\\scans : put scan001.pdf"
smbc erin "//FILESRV02/scans" "${PW[erin]}" "lcd $T/files; put scan001.pdf; dir"

step "7: erin -> \\\\FILESRV01\\public : get readme.txt"
smbc erin "//FILESRV01/public" "${PW[erin]}" "lcd $T/dl; get readme.txt readme-erin.txt"

cmp -s "$T/files/notes.txt" "$T/dl/notes-monday.txt" || die "notes-monday.txt came back different"
cmp -s "$T/ps/shares/software/installer.msi" "$T/dl/installer.msi" || die "installer.msi differs"
cmp -s "$T/files/report.docx" "$T/fs1/shares/projects/report.docx" || die "report.docx differs on the server"
cmp -s "$T/files/scan001.pdf" "$T/fs2/shares/scans/scan001.pdf" || die "scan001.pdf differs on the server"
[ -z "$(find "$T"/{fs1,fs2,ps}/shares/{admin,c} -mindepth 1)" ] ||
	die "something was written to ADMIN\$ or C\$"

sleep 1  # let the last FIN/ACKs reach the capture
lab_stop INT "$TCPDUMP_PID"; TCPDUMP_PID=""
grep -E 'packets (captured|dropped)' "$T/tcpdump.err" | sed 's/^/record-benign: tcpdump: /'

cp "$TMPPCAP" "$OUT"
say "wrote $OUT ($(stat -c %s "$OUT") bytes)"

# --- check ------------------------------------------------------------------
if command -v tshark >/dev/null 2>&1; then
	say "tree connects (smb2.cmd==3) and NTLM AUTHENTICATE messages:"
	tshark -r "$OUT" -Y 'smb2.cmd==3 or ntlmssp.messagetype==3' -T fields \
		-e frame.number -e ip.src -e ip.dst -e smb2.tree -e ntlmssp.auth.username \
		-e ntlmssp.auth.domain -e ntlmssp.auth.hostname -e smb2.nt_status 2>/dev/null
	say "failed session setups:"
	tshark -r "$OUT" -Y 'smb2.cmd==1 && smb2.flags.response==1 && smb2.nt_status!=0 && smb2.nt_status!=0xc0000016' \
		-T fields -e frame.number -e ip.dst -e smb2.nt_status 2>/dev/null
	admin=$(tshark -r "$OUT" -Y 'smb2.cmd==3 && (upper(smb2.tree) contains "\\ADMIN$" || upper(smb2.tree) contains "\\C$")' 2>/dev/null | wc -l)
	[ "$admin" -eq 0 ] || die "$admin tree connects to ADMIN\$/C\$ in the capture"
	lab_check_handshakes record-benign "$OUT" ||
		die "some connection lacks its handshake in the capture"
fi
say "done; namespaces and processes are removed on exit"
