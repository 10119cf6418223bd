# A small SMB lab for the live checks (sourced by checks_live_netns.sh): the
# setup of tools/record-exec.sh and tools/record-demo.sh cut down.
#
#   netns smbsensor-e2e-PID-c  10.96.0.1  veth vPIDc  smbclient, impacket
#   netns smbsensor-e2e-PID-s  10.96.0.2  veth vPIDs  smbd "FILESRV96", CORP
#
# PID is the pid of run.sh, so parallel runs do not clash; namespaces of this
# prefix whose run.sh is gone are removed first. smbd runs with its own
# smb.conf and state under $L; its unix account alice exists only in
# nss_wrapper files there. Shares ADMIN$, C$, public. NTLMv2, SMB2_02 ..
# SMB3, no signing or encryption. alice is in BUILTIN\Administrators so
# Samba's svcctl lets her open the SCM; "svcctl list" gives Samba one
# service, E2ESvcKnown, so that OpenServiceW/StartServiceW/DeleteService reach
# Samba (StartServiceW fails: its rc script does not exist). Samba answers
# CreateServiceW with a fault (not implemented): only the traffic counts.
# The password is a made-up lab value.
#
# Uses: $T, $L, $E2E; sets NS_SRV NS_CLI VETH_SRV SRV_IP CLI_IP smbd_pid.
# The steps it shares with tools/record-*.sh are in tools/lab.sh.

# shellcheck source=tools/lab.sh
. "$E2E/../../tools/lab.sh"

NETNS_PREFIX=smbsensor-e2e-
SRV_IP=10.96.0.2 CLI_IP=10.96.0.1
LAB_PW='E2E-Alice-lab-96!'
LAB_PY=/usr/bin/python3 # Debian's python, where python3-impacket lives

lab_down() {
	for p in ${sensor:-} ${sensor2:-} ${tcpdump:-} $smbd_pid; do kill -KILL "$p" 2>/dev/null; done
	lab_del_ns "$NS_CLI"
	lab_del_ns "$NS_SRV"
	return 0
}

# 77 with the reason on the last line when the lab cannot be built here.
lab_up() {
	NS_SRV=${NETNS_PREFIX}$$-s NS_CLI=${NETNS_PREFIX}$$-c
	VETH_SRV=v$$s
	smbd_pid=
	[ "$(id -u)" -eq 0 ] || { echo "not root (network namespaces)"; return 77; }
	id nobody >/dev/null 2>&1 || { echo "no user nobody"; return 77; }
	for c in ip smbd smbclient smbpasswd net tcpdump ethtool timeout; do
		command -v "$c" >/dev/null 2>&1 || { echo "$c not installed"; return 77; }
	done
	nssw=$(lab_nss_wrapper_lib)
	[ -n "$nssw" ] && [ -f "$nssw" ] || { echo "libnss-wrapper not installed"; return 77; }
	timeout 20 "$LAB_PY" -c 'import impacket.smbconnection, impacket.dcerpc.v5.scmr' 2>/dev/null ||
		{ echo "python3-impacket not installed for $LAB_PY"; return 77; }

	# Stale namespaces of this prefix: their run.sh is gone.
	for f in /run/netns/"$NETNS_PREFIX"*; do
		[ -e "$f" ] || continue
		ns=${f##*/} p=${ns#"$NETNS_PREFIX"}
		p=${p%-?}
		[ "$p" != "$$" ] && kill -0 "$p" 2>/dev/null && continue
		echo "removing stale namespace $ns"
		lab_del_ns "$ns"
	done

	mkdir -p "$L"/srv/private "$L"/srv/lock "$L"/srv/state "$L"/srv/cache "$L"/srv/run \
		"$L"/srv/ncalrpc "$L"/srv/log "$L"/shares/admin "$L"/shares/c "$L"/shares/public \
		"$L"/cli/lock "$L"/cli/state "$L"/cli/cache "$L"/cli/private "$L"/files "$L"/home || return 1
	# alice (smbd works as her in the shares) and nobody (the sensor writes
	# its logs under $L) need to get through $T.
	chmod o+x "$T" && chmod 755 "$L" || return 1

	ip netns add "$NS_SRV" 2>"$L/netns.err" || { cat "$L/netns.err"; echo "ip netns add failed"; return 77; }
	ip netns add "$NS_CLI" || return 1
	ip -n "$NS_SRV" link set lo up && ip -n "$NS_CLI" link set lo up &&
		ip link add "v$$c" netns "$NS_CLI" type veth peer name "$VETH_SRV" netns "$NS_SRV" &&
		ip -n "$NS_CLI" addr add "$CLI_IP/24" dev "v$$c" &&
		ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$VETH_SRV" &&
		ip -n "$NS_CLI" link set "v$$c" up && ip -n "$NS_SRV" link set "$VETH_SRV" up || return 1
	lab_nooffload "$NS_CLI" "v$$c"
	lab_nooffload "$NS_SRV" "$VETH_SRV"

	lab_passwd "$L/passwd" 'alice:x:2001:2001:Alice E2E:/nonexistent:/usr/sbin/nologin' &&
		lab_group "$L/group" 'alice:x:2001:' 'winadmins:x:2544:alice' &&
		lab_smb_conf "$L/smb.conf" "$L/srv" FILESRV96 '' "$VETH_SRV" disabled 1 \
			'rpc start on demand helpers = yes' 'svcctl list = E2ESvcKnown' &&
		lab_smb_share "$L/smb.conf" 'ADMIN$' "$L/shares/admin" no alice 'Remote Admin' &&
		lab_smb_share "$L/smb.conf" 'C$' "$L/shares/c" no alice 'Default share' &&
		lab_smb_share "$L/smb.conf" public "$L/shares/public" no alice 'Public files' &&
		lab_client_conf "$L/client.conf" "$L/cli" WKS-E2E 'client min protocol = SMB2_02' \
			'client max protocol = SMB3' 'client signing = if_required' \
			'client smb encrypt = off' || return 1
	chown 2001:2001 "$L/shares/admin" "$L/shares/c" && chmod 1777 "$L/shares/public" || return 1
	printf 'notes for the public share\n' >"$L/files/e2e-notes.txt"
	head -c 20000 /dev/urandom >"$L/files/e2e-admin.bin"
	printf 'MZ smbsensor e2e stand-in, not a program\n' >"$L/files/e2esvc.exe"

	nw="env LD_PRELOAD=$nssw NSS_WRAPPER_PASSWD=$L/passwd NSS_WRAPPER_GROUP=$L/group"
	# shellcheck disable=SC2086 # $nw: the nss_wrapper command prefix, words
	lab_smbpasswd "$L/smb.conf" alice "$LAB_PW" timeout 20 $nw >"$L/smbpasswd.out" 2>&1 ||
		{ cat "$L/smbpasswd.out"; echo "smbpasswd -a alice failed"; return 1; }
	# shellcheck disable=SC2086
	lab_admin_groupmap "$L/smb.conf" winadmins timeout 20 $nw >"$L/groupmap.out" 2>&1 ||
		{ cat "$L/groupmap.out"; echo "net groupmap add failed"; return 1; }

	lab_start_smbd "$nw" "$NS_SRV" "$SRV_IP" filesrv96 "$L/hosts" "$L/smb.conf" \
		"$L/srv/log/smbd.out" --no-process-group
	smbd_pid=$LAB_PID
	lab_wait_smbd "$NS_SRV" "$SRV_IP" 100 0.1 "$smbd_pid" || case $? in
		2) cat "$L/srv/log/smbd.out"; echo "smbd exited"; return 1 ;;
		*) echo "smbd not listening on $SRV_IP:445 after 10 s"; return 1 ;;
	esac
	return 0
}

# The traffic, from the client namespace; each step bounded.
lab_smbclient() { # smbclient arguments
	printf '$ smbclient %s\n' "$*"
	ip netns exec "$NS_CLI" timeout -k 2 20 smbclient -s "$L/client.conf" -p 445 \
		-U "CORP\\alice%$LAB_PW" "$@" >"$L/smbclient.out" 2>&1
	st=$?
	[ "$st" -eq 0 ] || { sed 's/^/    | /' "$L/smbclient.out"; echo "smbclient failed with status $st"; }
	return $st
}
drive_share_list() { lab_smbclient -L "//$SRV_IP"; }
drive_put_public() { lab_smbclient "//$SRV_IP/public" -c "lcd $L/files; put e2e-notes.txt"; }
drive_admin_roundtrip() {
	lab_smbclient "//$SRV_IP/ADMIN\$" -c "lcd $L/files; put e2e-admin.bin; get e2e-admin.bin e2e-admin.back" &&
		cmp "$L/files/e2e-admin.bin" "$L/files/e2e-admin.back"
}
# What psexec does, with impacket: the binary to ADMIN$, then svcctl
# OpenSCManagerW, CreateServiceW (Samba: fault), OpenServiceW,
# StartServiceW (Samba: access denied), DeleteService, and the binary
# deleted again. Errors of Samba are expected and printed, not fatal.
drive_exec_chain() {
	printf '%s\n' '$ impacket: put ADMIN$\e2esvc.exe, svcctl CreateServiceW, StartServiceW, DeleteService'
	ip netns exec "$NS_CLI" env HOME="$L/home" timeout -k 2 30 "$LAB_PY" - \
		"$SRV_IP" "$LAB_PW" "$L/files/e2esvc.exe" >"$L/impacket.out" 2>&1 <<'PY'
import sys
from impacket.smbconnection import SMBConnection
from impacket.dcerpc.v5 import transport, scmr

host, pw, exe = sys.argv[1:4]
c = SMBConnection(host, host, sess_port=445, timeout=10)
c.login("alice", pw, "CORP")
with open(exe, "rb") as f:
    c.putFile("ADMIN$", "e2esvc.exe", f.read)
print("wrote ADMIN$\\e2esvc.exe")
rpc = transport.SMBTransport(host, 445, r"\svcctl", smb_connection=c)
d = rpc.get_dce_rpc()
d.connect()
d.bind(scmr.MSRPC_UUID_SCMR)
scm = scmr.hROpenSCManagerW(d)["lpScHandle"]
print("OpenSCManagerW ok")

def call(what, f):
    try:
        r = f()
        print(what, "ok")
        return r
    except Exception as e:
        print(what, "failed:", str(e)[:200])

call("CreateServiceW", lambda: scmr.hRCreateServiceW(
    d, scm, "E2ESvc\x00", "smbsensor e2e service\x00",
    lpBinaryPathName="%systemroot%\\e2esvc.exe\x00",
    dwStartType=scmr.SERVICE_DEMAND_START))
r = call("OpenServiceW", lambda: scmr.hROpenServiceW(d, scm, "E2ESvcKnown\x00"))
if r is not None:
    svc = r["lpServiceHandle"]
    call("StartServiceW", lambda: scmr.hRStartServiceW(d, svc))
    call("DeleteService", lambda: scmr.hRDeleteService(d, svc))
    call("CloseServiceHandle", lambda: scmr.hRCloseServiceHandle(d, svc))
call("CloseServiceHandle", lambda: scmr.hRCloseServiceHandle(d, scm))
d.disconnect()
c.deleteFile("ADMIN$", "e2esvc.exe")
print("deleted ADMIN$\\e2esvc.exe")
c.logoff()
c.close()
PY
	st=$?
	sed 's/^/    | /' "$L/impacket.out"
	[ "$st" -eq 0 ] || echo "impacket chain failed with status $st"
	return $st
}
