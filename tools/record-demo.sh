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

say() { printf 'record-demo: %s\n' "$*"; }
die() { printf 'record-demo: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, smbd)"

# --- packages ---------------------------------------------------------------
need=""
for p in samba smbclient tcpdump python3-impacket libnss-wrapper ethtool iproute2; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
	say "installing:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
NSSW=$(dpkg -L libnss-wrapper | grep '/libnss_wrapper\.so$' | head -n1)
[ -n "$NSSW" ] || die "libnss_wrapper.so not found"

# --- cleanup ----------------------------------------------------------------
T=""
TCPDUMP_PID=""
SMBD_PID=""
remove_namespaces() {
	# Anything still running inside our own namespaces (smbd children,
	# samba-dcerpcd started on demand) was started by this script.
	for ns in $NS_SRV $NS_CLI $NS_CLI2; do
		[ -e "/run/netns/$ns" ] || continue
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
		sleep 0.2
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}
cleanup() {
	set +e
	trap '' INT TERM
	if [ -n "$TCPDUMP_PID" ] && kill -0 "$TCPDUMP_PID" 2>/dev/null; then
		kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null
	fi
	if [ -n "$SMBD_PID" ] && kill -0 "$SMBD_PID" 2>/dev/null; then
		kill -TERM "$SMBD_PID"; wait "$SMBD_PID" 2>/dev/null
	fi
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
for ns in $NS_SRV $NS_CLI $NS_CLI2; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
nooffload() { ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 || true; }

ip -n $NS_SRV link add br0 type bridge
ip -n $NS_SRV link set br0 address 02:00:0a:63:00:02
ip -n $NS_SRV addr add $SRV_IP/24 dev br0

i=0
for pair in "$NS_CLI $CLI_IP 02:00:0a:63:00:01" "$NS_CLI2 $CLI2_IP 02:00:0a:63:00:03"; do
	set -- $pair
	i=$((i + 1))
	ip link add "dm$i" netns "$1" type veth peer name "dm${i}p" netns $NS_SRV
	ip -n "$1" link set "dm$i" name eth0
	ip -n "$1" link set eth0 address "$3"
	ip -n "$1" addr add "$2/24" dev eth0
	ip -n "$1" link set eth0 up
	nooffload "$1" eth0
	ip -n $NS_SRV link set "dm${i}p" master br0
	ip -n $NS_SRV link set "dm${i}p" up
	nooffload $NS_SRV "dm${i}p"
done
ip -n $NS_SRV link set br0 up
nooffload $NS_SRV br0

# --- accounts (nss_wrapper) and samba config ----------------------------------
mkdir -p "$T"/srv/{private,lock,state,cache,run,ncalrpc,log} \
	"$T"/shares/{admin,c,public} "$T"/cli/{lock,state,cache,private} "$T"/files "$T"/dl
cat >"$T/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
alice:x:2001:2001:Alice Demo:/nonexistent:/usr/sbin/nologin
bob:x:2002:2002:Bob Demo:/nonexistent:/usr/sbin/nologin
EOF
cat >"$T/group" <<EOF
root:x:0:
nogroup:x:65534:
alice:x:2001:
bob:x:2002:
EOF
export NSS_WRAPPER_PASSWD="$T/passwd" NSS_WRAPPER_GROUP="$T/group"
NW="env LD_PRELOAD=$NSSW"

cat >"$T/smb.conf" <<EOF
[global]
	workgroup = CORP
	netbios name = FILESRV01
	server string = smbsensor demo
	server role = standalone server
	interfaces = br0
	bind interfaces only = yes
	smb ports = 445
	disable netbios = yes
	server min protocol = SMB2_02
	server max protocol = SMB3
	ntlm auth = ntlmv2-only
	server signing = disabled
	server smb encrypt = off
	map to guest = never
	passdb backend = tdbsam:$T/srv/private/passdb.tdb
	private dir = $T/srv/private
	lock directory = $T/srv/lock
	state directory = $T/srv/state
	cache directory = $T/srv/cache
	pid directory = $T/srv/run
	ncalrpc dir = $T/srv/ncalrpc
	usershare path =
	log file = $T/srv/log/log.%m
	log level = 1
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes

[ADMIN\$]
	path = $T/shares/admin
	read only = no
	valid users = alice
	comment = Remote Admin

[C\$]
	path = $T/shares/c
	read only = no
	valid users = alice
	comment = Default share

[public]
	path = $T/shares/public
	read only = no
	valid users = alice bob
	comment = Public files
EOF

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
printf '%s\n%s\n' "$ALICE_PW" "$ALICE_PW" | $NW smbpasswd -c "$T/smb.conf" -s -a alice >/dev/null
printf '%s\n%s\n' "$BOB_PW" "$BOB_PW" | $NW smbpasswd -c "$T/smb.conf" -s -a bob >/dev/null

cat >"$T/client.conf" <<EOF
[global]
	workgroup = CORP
	netbios name = WKS-ALICE
	client min protocol = SMB2_02
	client max protocol = SMB3
	client signing = if_required
	client smb encrypt = off
	client use kerberos = disabled
	name resolve order = host
	lock directory = $T/cli/lock
	state directory = $T/cli/state
	cache directory = $T/cli/cache
	private dir = $T/cli/private
EOF

# --- server -----------------------------------------------------------------
say "starting smbd in $NS_SRV"
# smbd --foreground makes itself a session leader (setsid), so the
# kill(0, SIGTERM) that smbd does on shutdown reaches only its own children.
# nss_wrapper also gives smbd its host name (the DNS computer name in the
# NTLM CHALLENGE), instead of this machine's.
printf '%s filesrv01.corp.example filesrv01\n' "$SRV_IP" >"$T/hosts"
ip netns exec $NS_SRV $NW NSS_WRAPPER_HOSTNAME=filesrv01.corp.example \
	NSS_WRAPPER_HOSTS="$T/hosts" smbd --foreground \
	--configfile="$T/smb.conf" >"$T/srv/log/smbd.out" 2>&1 &
SMBD_PID=$!
for _ in $(seq 50); do
	ip netns exec $NS_SRV ss -ltn 2>/dev/null | grep -q "$SRV_IP:445" && break
	kill -0 $SMBD_PID 2>/dev/null || { cat "$T/srv/log/smbd.out" >&2; die "smbd exited"; }
	sleep 0.2
done
ip netns exec $NS_SRV ss -ltn | grep -q "$SRV_IP:445" || die "smbd does not listen on $SRV_IP:445"

# --- capture ----------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
TMPPCAP="$T/capture.pcap"
say "starting tcpdump in $NS_SRV on br0 (tcp port 445, snaplen 262144)"
ip netns exec $NS_SRV tcpdump -Z root -i br0 -n -U -s 262144 -w "$TMPPCAP" 'tcp port 445' \
	2>"$T/tcpdump.err" &
TCPDUMP_PID=$!
for _ in $(seq 50); do grep -q listening "$T/tcpdump.err" && break; sleep 0.1; done
grep -q listening "$T/tcpdump.err" || { cat "$T/tcpdump.err" >&2; die "tcpdump did not start"; }
sleep 0.5

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
kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true; TCPDUMP_PID=""
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
	streams=$(tshark -r "$OUT" -T fields -e tcp.stream 2>/dev/null | sort -u | wc -l)
	syns=$(tshark -r "$OUT" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' 2>/dev/null | wc -l)
	synacks=$(tshark -r "$OUT" -Y 'tcp.flags.syn==1 && tcp.flags.ack==1' 2>/dev/null | wc -l)
	bad=$(tshark -r "$OUT" -o tcp.check_checksum:TRUE -Y 'tcp.checksum.status==2 || tcp.analysis.flags || _ws.malformed' 2>/dev/null | wc -l)
	say "$bad packets with a bad checksum, TCP analysis flag or malformed dissection"
	say "$streams TCP connections, $syns SYN, $synacks SYN/ACK"
	[ "$streams" -eq "$syns" ] && [ "$streams" -eq "$synacks" ] ||
		die "some connection lacks its handshake in the capture"
fi
say "done; namespaces and processes are removed on exit"
