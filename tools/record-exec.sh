#!/usr/bin/env bash
# record-exec.sh - record pcaps/exec-*.pcap: impacket's remote-execution
# example scripts (psexec, smbexec, atexec, services, reg) run against Samba smbd,
# inside private network namespaces on this machine, one capture per tool.
#
#   sudo bash tools/record-exec.sh [OUTDIR]     (default: pcaps/)
#
# Writes OUTDIR/exec-psexec.pcap, exec-smbexec.pcap, exec-atexec.pcap,
# exec-services.pcap and exec-reg.pcap (set TOOLS="psexec atexec" to record
# only some).
#
# What it sets up (all torn down again on exit, even on failure):
#
#   netns exec-cli   10.98.0.1  eth0  (impacket example scripts)
#   netns exec-srv   10.98.0.2  eth0  (smbd "FILESRV02", workgroup CORP)
#
# joined by one veth pair. tcpdump runs in the server namespace on eth0,
# filter "tcp port 445", snaplen 262144, Ethernet link type, one tcpdump per
# tool. Checksum/segmentation offloads are switched off on both ends so that
# the capture holds wire-sized frames with correct TCP checksums.
#
# smbd runs with its own smb.conf and state in a temp dir (nothing under
# /etc/samba or /var/lib/samba is read or written); the unix account alice
# exists only in nss_wrapper files in that temp dir. Shares ADMIN$, C$ and
# public (temp dirs, writable by alice). NTLMv2, SMB2_02 .. SMB3_11, signing
# not required, encryption off, so SMB and the DCE/RPC stub data on the
# svcctl pipe are readable. alice is made a member of BUILTIN\Administrators
# (group mapping of S-1-5-32-544 to a unix group of hers) so that Samba's
# svcctl grants her the SCM rights psexec & co ask for and the tools get as
# far as Samba lets them.
#
# Debugging: SMBD_LOG_LEVEL=10 KEEP_LOGS=/tmp/dir keeps smbd's logs.
#
# smbd starts samba-dcerpcd on demand; svcctl is served by its rpcd_classic
# helper. Samba's svcctl does not implement CreateServiceW or DeleteService
# (it answers with the DCE/RPC fault nca_op_rng_error) and only knows the
# services named in "svcctl list" (rc scripts under Samba's modules dir
# svcctl/). So that services.py start / config / delete reach Samba's
# StartServiceW / QueryServiceConfigW / DeleteService code, "svcctl list =
# SmbSensorExecTest" is set: Samba then has a service of that name, with its
# own binary path /usr/lib/x86_64-linux-gnu/samba/svcctl/SmbSensorExecTest
# (no such file: StartServiceW makes smbd try to run "<that> start", which
# fails, and it answers WERR_ACCESS_DENIED).
#
# Samba has no Task Scheduler (ITaskSchedulerService) server, so for atexec
# this script plugs a small stand-in endpoint (Python, below) into the place
# where smbd looks for the \pipe\atsvc socket (<ncalrpc dir>/np/atsvc).
# smbd itself accepts the pipe open and relays the bytes; the stand-in
# accepts the bind (NTLMSSP, with the auth level atexec asks for: packet
# privacy) and answers EVERY request with a DCE/RPC fault
# nca_s_fault_access_denied (0x5). So the capture holds what atexec sends up
# to its first call (SchRpcRegisterTask, sealed: tshark decrypts it when
# given alice's password, -o ntlmssp.nt_password:...) and the fault;
# nothing is ever scheduled, and SchRpcRun / SchRpcDelete are never sent.
#
# The tools (in this order; each may fail against Samba, that is expected):
#   psexec.py   CORP/alice@10.98.0.2 cmd.exe /c whoami
#               (default RemCom service binary shipped with impacket,
#               default random service and binary names)
#   smbexec.py  CORP/alice@10.98.0.2 (share mode, share C$, service BTOBTO),
#               stdin "whoami", "exit"
#   atexec.py   CORP/alice@10.98.0.2 whoami
#   services.py CORP/alice@10.98.0.2 create / start / config / delete of
#               service SmbSensorExecTest, binary path
#               C:\ProgramData\smbsensor\exec-test.exe -k run
# The password is a made-up lab value (below); no real credentials.
#
# Needs root (network namespaces). Installs missing Debian packages (samba,
# smbclient, tcpdump, python3-impacket, libnss-wrapper, ethtool, iproute2)
# with apt-get. Re-runnable: stale namespaces of an earlier run are removed
# first. The committed pcaps are the artefacts; this script documents how
# they were made.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=${1:-$HERE/pcaps}
case $OUTDIR in /*) ;; *) OUTDIR=$PWD/$OUTDIR ;; esac
TOOLS=${TOOLS:-psexec smbexec atexec services reg}

NS_SRV=exec-srv NS_CLI=exec-cli
SRV_IP=10.98.0.2 CLI_IP=10.98.0.1
ALICE_PW='Exec-Alice-2024!'      # lab-only password, not a real credential
PY=/usr/bin/python3              # Debian's python, where python3-impacket lives
SVC_NAME=SmbSensorExecTest
SVC_DISPLAY='smbsensor exec test service'
SVC_PATH='C:\ProgramData\smbsensor\exec-test.exe -k run'
TOOL_TIMEOUT=90
# shellcheck source=tools/lab.sh
. "$HERE/tools/lab.sh"

say() { printf 'record-exec: %s\n' "$*"; }
die() { printf 'record-exec: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, smbd)"

# --- packages ---------------------------------------------------------------
lab_install_missing record-exec samba smbclient tcpdump python3-impacket libnss-wrapper ethtool iproute2
NSSW=$(lab_nss_wrapper_lib)
[ -n "$NSSW" ] || die "libnss_wrapper.so not found"
EXAMPLES=/usr/share/doc/python3-impacket/examples

# --- cleanup ----------------------------------------------------------------
T=""
TCPDUMP_PID=""
SMBD_PID=""
STUB_PID=""
remove_namespaces() {
	# Anything still running inside our own namespaces (smbd children,
	# samba-dcerpcd and its rpcd_* helpers, the tools) was started by us.
	for ns in $NS_SRV $NS_CLI; do lab_del_ns "$ns" 2; done
	return 0
}
stop_tcpdump() {
	lab_stop INT "$TCPDUMP_PID"
	TCPDUMP_PID=""
	return 0
}
cleanup() {
	set +e
	trap '' INT TERM
	stop_tcpdump
	lab_stop TERM "$STUB_PID" "$SMBD_PID"
	remove_namespaces
	if [ -n "${KEEP_LOGS:-}" ] && [ -n "$T" ]; then
		rm -rf "$KEEP_LOGS"; cp -r "$T/srv/log" "$KEEP_LOGS" && say "smbd logs copied to $KEEP_LOGS"
	fi
	[ -n "$T" ] && rm -rf "$T"
	say "cleaned up namespaces, processes and temp files"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for ns in $NS_SRV $NS_CLI; do
	[ -e "/run/netns/$ns" ] && say "removing stale namespace $ns"
done
(set +e; remove_namespaces)
T=$(mktemp -d /tmp/record-exec.XXXXXX)
chmod 755 "$T"

# --- network ----------------------------------------------------------------
say "creating namespaces $NS_CLI ($CLI_IP) and $NS_SRV ($SRV_IP), one veth pair"
lab_add_netns $NS_SRV $NS_CLI
ip link add ex0 netns $NS_CLI type veth peer name ex0p netns $NS_SRV
ip -n $NS_CLI link set ex0 name eth0
ip -n $NS_SRV link set ex0p name eth0
ip -n $NS_CLI link set eth0 address 02:00:0a:62:00:01
ip -n $NS_SRV link set eth0 address 02:00:0a:62:00:02
ip -n $NS_CLI addr add $CLI_IP/24 dev eth0
ip -n $NS_SRV addr add $SRV_IP/24 dev eth0
for ns in $NS_SRV $NS_CLI; do
	ip -n "$ns" link set eth0 up
	lab_nooffload "$ns" eth0
done

# --- accounts (nss_wrapper) and samba config ----------------------------------
mkdir -p "$T"/srv/{private,lock,state,cache,run,ncalrpc,log} \
	"$T"/shares/{admin,c,public} "$T"/examples "$T"/home
lab_passwd "$T/passwd" 'alice:x:2001:2001:Alice Exec:/nonexistent:/usr/sbin/nologin'
lab_group "$T/group" 'alice:x:2001:' 'winadmins:x:2544:alice'
export NSS_WRAPPER_PASSWD="$T/passwd" NSS_WRAPPER_GROUP="$T/group"
NW="env LD_PRELOAD=$NSSW"

lab_smb_conf "$T/smb.conf" "$T/srv" FILESRV02 'smbsensor exec lab' eth0 disabled \
	"${SMBD_LOG_LEVEL:-1}" 'rpc start on demand helpers = yes' 'svcctl list = SmbSensorExecTest'
lab_smb_share "$T/smb.conf" 'ADMIN$' "$T/shares/admin" no alice 'Remote Admin'
lab_smb_share "$T/smb.conf" 'C$' "$T/shares/c" no alice 'Default share'
lab_smb_share "$T/smb.conf" public "$T/shares/public" no alice 'Public files'
chown 2001:2001 "$T/shares/admin" "$T/shares/c"
chmod 1777 "$T/shares/public"
mkdir -p "$T/shares/admin/Temp" "$T/shares/c/Windows/Temp"
chown 2001:2001 "$T/shares/admin/Temp" "$T/shares/c/Windows/Temp"

say "adding samba user alice to the private passdb"
# shellcheck disable=SC2086 # $NW: the nss_wrapper command prefix, words
lab_smbpasswd "$T/smb.conf" alice "$ALICE_PW" $NW >/dev/null
# BUILTIN\Administrators (S-1-5-32-544) for alice: Samba's svcctl grants
# SC_MANAGER_ALL_ACCESS to that group only (other users get read access and
# OpenSCManagerW fails with access denied). The unix group winadmins, of
# which alice is a member, is mapped to that SID.
# shellcheck disable=SC2086
lab_admin_groupmap "$T/smb.conf" winadmins $NW >/dev/null ||
	die "could not map BUILTIN\\Administrators to unix group winadmins"

# The example scripts (Debian ships them under /usr/share/doc, maybe gzipped).
for t in psexec smbexec atexec services reg; do
	if [ -f "$EXAMPLES/$t.py" ]; then cp "$EXAMPLES/$t.py" "$T/examples/"
	elif [ -f "$EXAMPLES/$t.py.gz" ]; then gzip -dc "$EXAMPLES/$t.py.gz" >"$T/examples/$t.py"
	else die "$EXAMPLES/$t.py not found (python3-impacket)"
	fi
done

# --- server -----------------------------------------------------------------
say "starting smbd in $NS_SRV"
lab_start_smbd "$NW" $NS_SRV $SRV_IP filesrv02 "$T/hosts" "$T/smb.conf" "$T/srv/log/smbd.out"
SMBD_PID=$LAB_PID
lab_wait_smbd $NS_SRV $SRV_IP 50 0.2 "$SMBD_PID" || case $? in
	2) cat "$T/srv/log/smbd.out" >&2; die "smbd exited" ;;
	*) die "smbd does not listen on $SRV_IP:445" ;;
esac

# --- stand-in \pipe\atsvc endpoint (for atexec) --------------------------------
# Samba 4.17 has no ITaskSchedulerService server: smbd answers the open of
# \pipe\atsvc with STATUS_OBJECT_NAME_NOT_FOUND and atexec stops before any
# DCE/RPC. smbd hands a named pipe to the unix socket <ncalrpc dir>/np/<name>
# (where samba-dcerpcd puts the pipes its rpcd_* helpers serve), after the
# "named pipe auth" exchange (NPAM). This stand-in listens there for atsvc:
# it answers the NPAM request (message-mode pipe), accepts the DCE/RPC bind
# (with an NTLMSSP CHALLENGE when the bind carries NTLMSSP: atexec uses
# packet privacy, so its calls are sealed), ignores AUTH3, and answers every
# request with a DCE/RPC fault nca_s_fault_access_denied (0x00000005). It
# checks no password and runs nothing. On that socket smbd (4.17) sends
# a named_pipe_auth_req (4-byte big-endian length, NDR, level 7) and
# expects a named_pipe_auth_rep of the same level; after that, each message
# written to or read from the pipe is framed by a 2-byte little-endian
# length.
cat >"$T/atsvc-stub.py" <<'PYEOF'
import os, socket, struct, sys, threading, time

path, logf = sys.argv[1], sys.argv[2]
NDR = bytes.fromhex("045d888aeb1cc9119fe808002b104860")  # 8a885d04-1ceb-11c9-9fe8-08002b104860

def log(msg):
    with open(logf, "a") as f:
        f.write(time.strftime("%H:%M:%S ") + msg + "\n")

def recv_all(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            raise EOFError
        b += d
    return b

def challenge(neg):
    flags = struct.unpack_from("<I", neg, 12)[0] if len(neg) >= 16 else 0xe2088297
    flags &= ~0x00000002                       # no OEM
    flags |= 0x00000001 | 0x00000200 | 0x00020000 | 0x00800000  # UNICODE NTLM SERVER TARGET_INFO
    name = "CORP".encode("utf-16le")
    ft = int((time.time() + 11644473600) * 10000000)
    av = b""
    for t, v in ((2, "CORP"), (1, "FILESRV02"), (4, "corp.example"),
                 (3, "filesrv02.corp.example")):
        v = v.encode("utf-16le")
        av += struct.pack("<HH", t, len(v)) + v
    av += struct.pack("<HHQ", 7, 8, ft) + struct.pack("<HH", 0, 0)
    off = 56
    return (b"NTLMSSP\0" + struct.pack("<I", 2)
            + struct.pack("<HHI", len(name), len(name), off)
            + struct.pack("<I", flags) + os.urandom(8) + b"\0" * 8
            + struct.pack("<HHI", len(av), len(av), off + len(name))
            + bytes([6, 1]) + struct.pack("<H", 7601) + b"\0\0\0\x0f"
            + name + av)

def pdu(ptype, call_id, body, auth=b""):
    flen = 16 + len(body) + len(auth)
    alen = len(auth) - 8 if auth else 0
    p = struct.pack("<BBBB4sHHI", 5, 0, ptype, 3, b"\x10\0\0\0", flen, alen, call_id) + body + auth
    return struct.pack("<H", len(p)) + p   # message framing on smbd's socket

def serve(c):
    try:
        n = struct.unpack(">I", recv_all(c, 4))[0]
        req = recv_all(c, n)
        level = struct.unpack_from("<I", req, 4)[0]
        log("NPAM request level %d, %d bytes" % (level, n))
        # named_pipe_auth_rep: length(BE) "NPAM" level, union(level):
        # file_type=2 (message mode) device_state=0x05ff allocation_size=4096,
        # status=0; NDR, aligned to 8
        rep = b"NPAM" + struct.pack("<II", level, level) + struct.pack("<HH4xQ", 2, 0x05ff, 4096) + struct.pack("<I", 0)
        c.sendall(struct.pack(">I", len(rep)) + rep)
        while True:
            mlen = struct.unpack("<H", recv_all(c, 2))[0]  # smbd: 2-byte length of each write
            hdr = recv_all(c, 16)
            ptype = hdr[2]
            flen, alen, call_id = struct.unpack_from("<HHI", hdr, 8)
            data = hdr + recv_all(c, flen - 16)
            if mlen != flen:
                log("write of %d bytes carries a PDU of %d bytes" % (mlen, flen))
            if ptype in (11, 14):  # bind, alter_context
                ctx_id = struct.unpack_from("<H", data, 28)[0]
                iface = data[32:52]
                u = iface[:16]
                log("%s call_id %d ctx %d iface %s v%d auth_len %d" % (
                    "bind" if ptype == 11 else "alter_context", call_id, ctx_id,
                    "%08x-%04x-%04x-%s-%s" % (struct.unpack_from("<IHH", u) + (u[8:10].hex(), u[10:].hex())),
                    struct.unpack_from("<H", iface, 16)[0], alen))
                sec = b"\\PIPE\\atsvc\0" if ptype == 11 else b""
                body = struct.pack("<HHIH", 4280, 4280, 0x12345, len(sec)) + sec
                body += b"\0" * ((4 - (16 + len(body)) % 4) % 4)
                body += struct.pack("<B3x", 1) + struct.pack("<HH", 0, 0) + NDR + struct.pack("<I", 2)
                auth = b""
                if alen:
                    tr = data[flen - alen - 8:flen - alen]
                    auth = tr[:2] + b"\0\0" + tr[4:8] + challenge(data[flen - alen:])
                c.sendall(pdu(12 if ptype == 11 else 15, call_id, body, auth))
            elif ptype == 16:  # auth3
                log("auth3 call_id %d" % call_id)
            elif ptype == 0:   # request
                ctx_id, opnum = struct.unpack_from("<HH", data, 20)
                log("request call_id %d opnum %d (%d bytes): fault access denied" % (call_id, opnum, flen))
                c.sendall(pdu(3, call_id, struct.pack("<IHBBII", 0, ctx_id, 0, 0, 5, 0)))
            else:
                log("ignoring PDU type %d" % ptype)
    except EOFError:
        log("connection closed")
    except Exception as e:
        log("error: %r" % e)
    finally:
        c.close()

if os.path.exists(path):
    os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
os.chmod(path, 0o777)
s.listen(8)
log("listening on " + path)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF
start_atsvc_stub() {
	mkdir -p "$T/srv/ncalrpc/np"
	ip netns exec $NS_SRV $PY "$T/atsvc-stub.py" "$T/srv/ncalrpc/np/atsvc" "$T/atsvc-stub.log" &
	STUB_PID=$!
	for _ in $(seq 50); do [ -S "$T/srv/ncalrpc/np/atsvc" ] && break; sleep 0.1; done
	[ -S "$T/srv/ncalrpc/np/atsvc" ] || die "atsvc stand-in did not start"
	say "atsvc stand-in listening on $T/srv/ncalrpc/np/atsvc"
}

# --- capture and tools --------------------------------------------------------
mkdir -p "$OUTDIR"
start_capture() {
	rm -f "$T/capture.pcap" "$T/tcpdump.err"
	lab_start_tcpdump $NS_SRV eth0 "$T/capture.pcap" "$T/tcpdump.err"
	TCPDUMP_PID=$LAB_PID
	lab_wait_tcpdump "$T/tcpdump.err" || die "tcpdump did not start"
}
finish_capture() { # $1: output file
	sleep 1 # let the last FIN/ACKs reach the capture
	stop_tcpdump
	grep -E 'packets (captured|dropped)' "$T/tcpdump.err" | sed 's/^/record-exec: tcpdump: /'
	cp "$T/capture.pcap" "$1"
	say "wrote $1 ($(stat -c %s "$1") bytes)"
}
tool() { # run an impacket example in the client namespace; never fails
	local rc=0
	say "\$ $*"
	ip netns exec $NS_CLI env HOME="$T/home" timeout -k 5 $TOOL_TIMEOUT \
		$PY "$T/examples/$1" "${@:2}" >"$T/tool.out" 2>&1 || rc=$?
	sed 's/^/    | /' "$T/tool.out"
	say "  (exit status $rc)"
	return 0
}
TARGET="CORP/alice:$ALICE_PW@$SRV_IP"

record_psexec() {
	tool psexec.py "$TARGET" cmd.exe /c whoami </dev/null
}
record_smbexec() {
	printf 'whoami\nexit\n' | tool smbexec.py "$TARGET"
}
record_atexec() {
	[ -n "$STUB_PID" ] || start_atsvc_stub
	tool atexec.py "$TARGET" whoami </dev/null
}
record_services() {
	tool services.py "$TARGET" create -name "$SVC_NAME" -display "$SVC_DISPLAY" -path "$SVC_PATH" </dev/null
	tool services.py "$TARGET" start -name "$SVC_NAME" </dev/null
	tool services.py "$TARGET" config -name "$SVC_NAME" </dev/null
	tool services.py "$TARGET" delete -name "$SVC_NAME" </dev/null
}
record_reg() {
	tool reg.py "$TARGET" add -keyName "HKLM\\SYSTEM\\CurrentControlSet\\Services\\$SVC_NAME" \
		-v ImagePath -vt REG_EXPAND_SZ -vd "$SVC_PATH" </dev/null
	tool reg.py "$TARGET" add -keyName 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run' \
		-v SmbSensorRun -vt REG_SZ -vd 'C:\ProgramData\smbsensor\run-test.exe' </dev/null
}

for t in $TOOLS; do
	out="$OUTDIR/exec-$t.pcap"
	say "=== $t -> $out"
	start_capture
	"record_$t"
	finish_capture "$out"
done
if [ -f "$T/atsvc-stub.log" ]; then
	sed 's/^/record-exec: atsvc stand-in: /' "$T/atsvc-stub.log"
fi

# --- check ------------------------------------------------------------------
if ! command -v tshark >/dev/null 2>&1; then
	say "tshark not installed: captures not checked"
	exit 0
fi
fail=0
for t in $TOOLS; do
	f="$OUTDIR/exec-$t.pcap"
	say "--- $f: DCE/RPC calls (frame, src, packet type, call, info)"
	tshark -r "$f" -o "ntlmssp.nt_password:$ALICE_PW" -Y 'dcerpc' -T fields \
		-e frame.number -e ip.src -e dcerpc.pkt_type -e _ws.col.Protocol -e _ws.col.Info 2>/dev/null |
		sed 's/^/    /'
	if [ "$t" = atexec ]; then
		say "    task XML in the SchRpcRegisterTask request (sealed; decrypted by tshark with alice's password):"
		tshark -r "$f" -o "ntlmssp.nt_password:$ALICE_PW" -Y 'dcerpc.pkt_type==0' -T fields \
			-e dcerpc.decrypted_stub_data 2>/dev/null | head -n1 |
			$PY -c 'import sys; print(bytes.fromhex(sys.stdin.read().strip()).decode("utf-16le", "replace"))' |
			grep -aE '<(Command|Arguments|UserId)>' | sed 's/^ */      /'
	else
		say "    svcctl: opnum, service name, display name, binary path, return code"
		tshark -r "$f" -Y svcctl -T fields -e frame.number -e svcctl.opnum -e svcctl.servicename \
			-e svcctl.displayname -e svcctl.binarypathname -e svcctl.rc 2>/dev/null | sed 's/^/      /'
	fi
	lab_tcp_counts "$f"
	say "    $LAB_PKTS packets, $LAB_STREAMS TCP connections, $LAB_SYNS SYN, $LAB_SYNACKS SYN/ACK," \
		"$LAB_FINS FIN; $LAB_BAD with a bad checksum, TCP analysis flag or malformed dissection"
	if [ "$LAB_STREAMS" -ne "$LAB_SYNS" ] || [ "$LAB_STREAMS" -ne "$LAB_SYNACKS" ] ||
		[ "$LAB_FINS" -ne $((2 * LAB_STREAMS)) ]; then
		say "    ERROR: some connection is incomplete in $f"; fail=1
	fi
done
[ $fail -eq 0 ] || die "some capture is incomplete"
say "done; namespaces and processes are removed on exit"
