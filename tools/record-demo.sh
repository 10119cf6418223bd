#!/usr/bin/env bash
# record-demo.sh - record pcaps/demo.pcap: real SMB2/3 traffic between Samba
# and two clients, inside private network namespaces on this machine.
#
#   sudo bash tools/record-demo.sh [OUTPUT.pcap]      (default: pcaps/demo.pcap)
#
# What it sets up (all torn down again on exit, even on failure):
#
#   netns smbd-cli   10.99.0.1  (smbclient, user alice, workstation WKS-ALICE)
#   netns smbd-cli2  10.99.0.3  (python3-impacket SMBConnection, user bob, WKS-BOB)
#   netns smbd-srv   10.99.0.2  on bridge br0, smbd "FILESRV01", workgroup CORP
#
# Each client namespace has a veth pair whose other end is a port of br0 in
# the server namespace. tcpdump runs in the server namespace on br0 (the
# vantage point of a span port: it sees both clients), filter "tcp port 445",
# snaplen 262144, Ethernet link type. Checksum/segmentation offloads are
# switched off on every interface so that the capture holds wire-sized frames
# with correct TCP checksums (libnids drops packets with bad checksums).
#
# smbd runs with its own smb.conf and state in a temp dir (nothing under
# /etc/samba or /var/lib/samba is read or written). The unix accounts alice
# and bob exist only inside nss_wrapper files in that temp dir, so the
# host's /etc/passwd is not touched. Shares: ADMIN$, C$ and public (temp
# dirs). NTLMv2 only, SMB2_02 .. SMB3_11, signing not required, encryption
# off, so tree connects and file names are visible in clear.
#
# The traffic (in this order):
#   1. alice -> ADMIN$   put svc.exe (a 4 KiB fake PE file), dir
#   2. alice -> C$       ls Windows\System32\*
#   3. alice -> public   get readme.txt
#   4. alice -> public   WRONG password: STATUS_LOGON_FAILURE, no tree connect
#   5. bob   -> IPC$, public (list, put notes-bob.txt, get readme.txt), from
#      10.99.0.3 with impacket
# The passwords are made up for this lab (see below); no real credentials.
#
# Needs root (network namespaces). Installs missing Debian packages (samba,
# smbclient, tcpdump, python3-impacket, libnss-wrapper, ethtool, iproute2)
# with apt-get. Re-runnable: stale namespaces of an earlier run are removed
# first. The project's build does not need any of this; the committed
# pcaps/demo.pcap is the artefact, this script documents how it was made.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$HERE/pcaps/demo.pcap}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac

NS_SRV=smbd-srv NS_CLI=smbd-cli NS_CLI2=smbd-cli2
SRV_IP=10.99.0.2 CLI_IP=10.99.0.1 CLI2_IP=10.99.0.3
ALICE_PW='Demo-Alice-2024!'      # lab-only passwords, not real credentials
BOB_PW='Demo-Bob-2024!'
WRONG_PW='Winter2023'
PY=/usr/bin/python3              # Debian's python, where python3-impacket lives
# shellcheck source=tools/lab.sh
. "$HERE/tools/lab.sh"

say() { printf 'record-demo: %s\n' "$*"; }
die() { printf 'record-demo: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, smbd)"

# --- packages ---------------------------------------------------------------
lab_install_missing record-demo samba smbclient tcpdump python3-impacket libnss-wrapper ethtool iproute2
NSSW=$(lab_nss_wrapper_lib)
[ -n "$NSSW" ] || die "libnss_wrapper.so not found"

# --- cleanup ----------------------------------------------------------------
T=""
TCPDUMP_PID=""
SMBD_PID=""
remove_namespaces() {
	# Anything still running inside our own namespaces (smbd children,
	# samba-dcerpcd started on demand) was started by this script.
	for ns in $NS_SRV $NS_CLI $NS_CLI2; do lab_del_ns "$ns" 2; done
	return 0
}
cleanup() {
	set +e
	trap '' INT TERM
	lab_stop INT "$TCPDUMP_PID"
	lab_stop TERM "$SMBD_PID"
	remove_namespaces
	[ -n "$T" ] && rm -rf "$T"
	say "cleaned up namespaces, processes and temp files"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stale namespaces from an interrupted earlier run.
for ns in $NS_SRV $NS_CLI $NS_CLI2; do
	[ -e "/run/netns/$ns" ] && say "removing stale namespace $ns"
done
(set +e; remove_namespaces)
T=$(mktemp -d /tmp/record-demo.XXXXXX)
chmod 755 "$T"

# --- network ----------------------------------------------------------------
say "creating namespaces $NS_SRV ($SRV_IP on br0), $NS_CLI ($CLI_IP), $NS_CLI2 ($CLI2_IP)"
lab_add_netns $NS_SRV $NS_CLI $NS_CLI2
lab_bridge $NS_SRV 02:00:0a:63:00:02 $SRV_IP
i=0
for pair in "$NS_CLI $CLI_IP 02:00:0a:63:00:01" "$NS_CLI2 $CLI2_IP 02:00:0a:63:00:03"; do
	set -- $pair
	i=$((i + 1))
	lab_bridge_port $NS_SRV "$1" "dm$i" "dm${i}p" "$3" "$2"
done
lab_bridge_up $NS_SRV

# --- accounts (nss_wrapper) and samba config ----------------------------------
mkdir -p "$T"/srv/{private,lock,state,cache,run,ncalrpc,log} \
	"$T"/shares/{admin,c,public} "$T"/cli/{lock,state,cache,private} "$T"/files "$T"/dl
lab_passwd "$T/passwd" \
	'alice:x:2001:2001:Alice Demo:/nonexistent:/usr/sbin/nologin' \
	'bob:x:2002:2002:Bob Demo:/nonexistent:/usr/sbin/nologin'
lab_group "$T/group" 'alice:x:2001:' 'bob:x:2002:'
export NSS_WRAPPER_PASSWD="$T/passwd" NSS_WRAPPER_GROUP="$T/group"
NW="env LD_PRELOAD=$NSSW"

lab_smb_conf "$T/smb.conf" "$T/srv" FILESRV01 'smbsensor demo' br0 disabled 1
lab_smb_share "$T/smb.conf" 'ADMIN$' "$T/shares/admin" no alice 'Remote Admin'
lab_smb_share "$T/smb.conf" 'C$' "$T/shares/c" no alice 'Default share'
lab_smb_share "$T/smb.conf" public "$T/shares/public" no 'alice bob' 'Public files'

# Share contents. The ADMIN$ share must be writable by alice (uid 2001).
chown 2001:2001 "$T/shares/admin" "$T/shares/c"
chmod 1777 "$T/shares/public"
mkdir -p "$T/shares/c/Windows/System32/drivers/etc" "$T/shares/c/Users/alice/Documents"
for f in kernel32.dll ntdll.dll cmd.exe svchost.exe; do
	head -c 2048 /dev/zero >"$T/shares/c/Windows/System32/$f"
done
printf '127.0.0.1 localhost\n' >"$T/shares/c/Windows/System32/drivers/etc/hosts"
printf 'Welcome to the CORP file server (smbsensor lab capture).\n' >"$T/shares/public/readme.txt"

# svc.exe: 4 KiB that look like a PE file at a glance but are not executable.
$PY - "$T/files/svc.exe" <<'EOF'
import sys
b = bytearray(4096)
b[0:2] = b"MZ"
b[0x3c:0x40] = (0x80).to_bytes(4, "little")
msg = b"This program cannot be run in DOS mode.\r\n$ smbsensor demo payload, not a real binary"
b[0x4e:0x4e + len(msg)] = msg
b[0x80:0x84] = b"PE\0\0"
for i in range(0x200, 4096):
    b[i] = (i * 31 + 7) & 0xff
open(sys.argv[1], "wb").write(b)
EOF
printf 'notes from bob\n' >"$T/files/notes-bob.txt"

say "adding samba users alice and bob to the private passdb"
# shellcheck disable=SC2086 # $NW: the nss_wrapper command prefix, words
lab_smbpasswd "$T/smb.conf" alice "$ALICE_PW" $NW >/dev/null
# shellcheck disable=SC2086
lab_smbpasswd "$T/smb.conf" bob "$BOB_PW" $NW >/dev/null

lab_client_conf "$T/client.conf" "$T/cli" WKS-ALICE 'client min protocol = SMB2_02' \
	'client max protocol = SMB3' 'client signing = if_required' 'client smb encrypt = off'

# --- server -----------------------------------------------------------------
say "starting smbd in $NS_SRV"
lab_start_smbd "$NW" $NS_SRV $SRV_IP filesrv01 "$T/hosts" "$T/smb.conf" "$T/srv/log/smbd.out"
SMBD_PID=$LAB_PID
lab_wait_smbd $NS_SRV $SRV_IP 50 0.2 "$SMBD_PID" || case $? in
	2) cat "$T/srv/log/smbd.out" >&2; die "smbd exited" ;;
	*) die "smbd does not listen on $SRV_IP:445" ;;
esac

# --- capture ----------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
TMPPCAP="$T/capture.pcap"
say "starting tcpdump in $NS_SRV on br0 (tcp port 445, snaplen 262144)"
lab_start_tcpdump $NS_SRV br0 "$TMPPCAP" "$T/tcpdump.err"
TCPDUMP_PID=$LAB_PID
lab_wait_tcpdump "$T/tcpdump.err" || die "tcpdump did not start"

# --- traffic ----------------------------------------------------------------
smbc() { # smbclient from WKS-ALICE; extra args follow
	ip netns exec $NS_CLI smbclient -s "$T/client.conf" -p 445 "$@"
}
step() { say "session $1"; sleep 0.3; }

step "1: alice -> \\\\$SRV_IP\\ADMIN\$ : put svc.exe"
smbc "//$SRV_IP/ADMIN\$" -U "CORP\\alice%$ALICE_PW" \
	-c "lcd $T/files; put svc.exe svc.exe; dir"

step "2: alice -> \\\\$SRV_IP\\C\$ : ls Windows\\System32"
smbc "//$SRV_IP/C\$" -U "CORP\\alice%$ALICE_PW" -c 'ls Windows\System32\*'

step "3: alice -> \\\\$SRV_IP\\public : get readme.txt"
smbc "//$SRV_IP/public" -U "CORP\\alice%$ALICE_PW" -c "lcd $T/dl; get readme.txt"

step "4: alice with a WRONG password -> \\\\$SRV_IP\\public (expected to fail)"
if smbc "//$SRV_IP/public" -U "CORP\\alice%$WRONG_PW" -c 'ls' 2>&1; then
	die "login with the wrong password succeeded"
fi

step "5: bob from $CLI2_IP (impacket) -> IPC\$ and public"
cat >"$T/bob.py" <<'EOF'
import sys
from impacket.smbconnection import SMBConnection
srv, pw, files, dl = sys.argv[1:5]
c = SMBConnection("FILESRV01", srv, myName="WKS-BOB", sess_port=445)
c.login("bob", pw, domain="CORP")
print("bob: logged in, dialect 0x%x" % c.getDialect())
tid = c.connectTree("IPC$")
c.disconnectTree(tid)
for f in c.listPath("public", "*"):
    print("bob: public\\%s %d" % (f.get_longname(), f.get_filesize()))
with open(files + "/notes-bob.txt", "rb") as fh:
    c.putFile("public", "notes-bob.txt", fh.read)
with open(dl + "/readme-bob.txt", "wb") as fh:
    c.getFile("public", "readme.txt", fh.write)
c.logoff()
c.close()
print("bob: done")
EOF
ip netns exec $NS_CLI2 $PY "$T/bob.py" "$SRV_IP" "$BOB_PW" "$T/files" "$T/dl"

sleep 1  # let the last FIN/ACKs reach the capture
lab_stop INT "$TCPDUMP_PID"; TCPDUMP_PID=""
cat "$T/tcpdump.err" | grep -E 'packets (captured|dropped)' | sed 's/^/record-demo: tcpdump: /'

cp "$TMPPCAP" "$OUT"
say "wrote $OUT ($(stat -c %s "$OUT") bytes)"

# --- check ------------------------------------------------------------------
if command -v tshark >/dev/null 2>&1; then
	say "tree connects (smb2.cmd==3) and NTLM AUTHENTICATE messages:"
	tshark -r "$OUT" -Y 'smb2.cmd==3 or ntlmssp.messagetype==3' -T fields \
		-e frame.number -e ip.src -e smb2.tree -e ntlmssp.auth.username \
		-e ntlmssp.auth.domain -e ntlmssp.auth.hostname -e smb2.nt_status 2>/dev/null
	say "failed session setups:"
	tshark -r "$OUT" -Y 'smb2.cmd==1 && smb2.flags.response==1 && smb2.nt_status!=0 && smb2.nt_status!=0xc0000016' \
		-T fields -e frame.number -e ip.dst -e smb2.nt_status 2>/dev/null
	lab_check_handshakes record-demo "$OUT" ||
		die "some connection lacks its handshake in the capture"
fi
say "done; namespaces and processes are removed on exit"
