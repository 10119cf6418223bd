# lab.sh - the steps shared by the project's Samba labs, sourced (not run) by
# tools/record-demo.sh, tools/record-exec.sh, tools/record-benign.sh and
# tests/e2e/live_lab.sh. Each of them builds private network namespaces
# with smbd (own smb.conf and state in a temp dir, unix accounts only in
# nss_wrapper files) and smbclient/impacket clients; only the parameters
# (names, addresses, accounts, shares) differ, and they are arguments here.
#
# POSIX sh: tests/e2e/run.sh (#!/bin/sh, set -u) sources it as well as the
# bash record scripts (set -euo pipefail). So no bash-only syntax, no
# `local`: the functions' own variables start with _lab_ so that they do not
# clobber the callers' (record-demo.sh calls them inside its own loops).
# Nothing here prints through the callers' say/die: the functions return a
# status and the callers report in their own words.

# Installs with apt-get those of the Debian packages named after $1 that are
# not installed yet, so that a record script runs on a fresh machine; says
# which, prefixed by $1 (the caller's name, as its own messages are).
lab_install_missing() { # tag package...
	_lab_tag=$1
	shift
	_lab_need=""
	for _lab_pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$_lab_pkg" 2>/dev/null | grep -q "install ok installed" ||
			_lab_need="$_lab_need $_lab_pkg"
	done
	[ -n "$_lab_need" ] || return 0
	printf '%s: installing:%s\n' "$_lab_tag" "$_lab_need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || return 1
	# shellcheck disable=SC2086 # a list of package names
	apt-get install -y -qq --no-install-recommends $_lab_need >/dev/null
}

# nss_wrapper's preload library, or nothing. The labs' accounts live only in
# nss_wrapper passwd/group files, so the host's /etc/passwd is never touched.
lab_nss_wrapper_lib() {
	dpkg -L libnss-wrapper 2>/dev/null | grep '/libnss_wrapper\.so$' | head -n 1
}

# The nss_wrapper passwd file $1: root and nobody (smbd needs both) followed
# by the lab's own accounts, one passwd(5) line per further argument.
lab_passwd() { # file [passwd-line...]
	_lab_f=$1; shift
	{
		printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
			'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'
		[ $# -eq 0 ] || printf '%s\n' "$@"
	} >"$_lab_f"
}

# The nss_wrapper group file $1: root and nogroup, then the lab's groups,
# one group(5) line per further argument.
lab_group() { # file [group-line...]
	_lab_f=$1; shift
	{
		printf '%s\n' 'root:x:0:' 'nogroup:x:65534:'
		[ $# -eq 0 ] || printf '%s\n' "$@"
	} >"$_lab_f"
}

# The [global] section of a lab smbd's smb.conf, written to $1 (replacing
# it): a standalone server of workgroup CORP on port 445 only, bound to one
# interface, NTLMv2, SMB2_02 .. SMB3, encryption off (tree connects and
# file names in clear for the sensor), every state directory under $2 (so
# nothing under /etc/samba or /var/lib/samba is used), no printing. An
# empty server string leaves that line out (the live test has none).
# Further arguments are extra global lines (rpc helpers, svcctl list).
# Shares are appended with lab_smb_share.
lab_smb_conf() { # file statedir netbios-name server-string iface signing log-level [line...]
	_lab_f=$1 _lab_d=$2
	{
		printf '[global]\n\tworkgroup = CORP\n\tnetbios name = %s\n' "$3"
		[ -z "$4" ] || printf '\tserver string = %s\n' "$4"
		cat <<EOF
	server role = standalone server
	interfaces = $5
	bind interfaces only = yes
	smb ports = 445
	disable netbios = yes
	server min protocol = SMB2_02
	server max protocol = SMB3
	ntlm auth = ntlmv2-only
	server signing = $6
	server smb encrypt = off
	map to guest = never
	passdb backend = tdbsam:$_lab_d/private/passdb.tdb
	private dir = $_lab_d/private
	lock directory = $_lab_d/lock
	state directory = $_lab_d/state
	cache directory = $_lab_d/cache
	pid directory = $_lab_d/run
	ncalrpc dir = $_lab_d/ncalrpc
	usershare path =
	log file = $_lab_d/log/log.%m
	log level = $7
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes
EOF
		shift 7
		[ $# -eq 0 ] || printf '\t%s\n' "$@"
	} >"$_lab_f"
}

# One share appended to the smb.conf $1: every lab share is a directory
# with an access list of lab accounts, nothing else differs between them.
lab_smb_share() { # file name path read-only valid-users comment
	printf '\n[%s]\n\tpath = %s\n\tread only = %s\n\tvalid users = %s\n\tcomment = %s\n' \
		"$2" "$3" "$4" "$5" "$6" >>"$1"
}

# The client smb.conf $1 for smbclient: workgroup CORP, its own netbios
# name $3 (the workstation name in the NTLM AUTHENTICATE), kerberos off (no
# KDC in the labs: NTLMSSP only), names from the hosts file only, state
# under $2 (nothing of the host's samba state). Further arguments are extra
# lines right after the netbios name (protocol, signing, encryption).
lab_client_conf() { # file statedir netbios-name [line...]
	_lab_f=$1 _lab_d=$2 _lab_n=$3
	shift 3
	{
		printf '[global]\n\tworkgroup = CORP\n\tnetbios name = %s\n' "$_lab_n"
		[ $# -eq 0 ] || printf '\t%s\n' "$@"
		cat <<EOF
	client use kerberos = disabled
	name resolve order = host
	lock directory = $_lab_d/lock
	state directory = $_lab_d/state
	cache directory = $_lab_d/cache
	private dir = $_lab_d/private
EOF
	} >"$_lab_f"
}

# Adds the samba account $2 with password $3 to the passdb of smb.conf $1.
# smbpasswd must run under nss_wrapper to find the unix account: the words
# after $3 are the command prefix that does that (env LD_PRELOAD=..., maybe
# behind a timeout). Output goes where the caller redirects it.
lab_smbpasswd() { # smb.conf user password wrapper-words...
	_lab_c=$1 _lab_u=$2 _lab_pw=$3
	shift 3
	printf '%s\n%s\n' "$_lab_pw" "$_lab_pw" | "$@" smbpasswd -c "$_lab_c" -s -a "$_lab_u"
}

# Maps BUILTIN\Administrators (S-1-5-32-544) to the unix group $2 in the
# passdb of smb.conf $1: Samba's svcctl grants the SCM rights that psexec &
# co ask for to that group only. The words after $2 are the nss_wrapper
# command prefix, as for lab_smbpasswd.
lab_admin_groupmap() { # smb.conf unix-group wrapper-words...
	_lab_c=$1 _lab_g=$2
	shift 2
	"$@" net -s "$_lab_c" groupmap add sid=S-1-5-32-544 unixgroup="$_lab_g" \
		type=builtin ntgroup=Administrators
}

# Creates the namespaces named in the arguments, each with its loopback up.
lab_add_netns() { # ns...
	for _lab_ns in "$@"; do
		ip netns add "$_lab_ns" || return 1
		ip -n "$_lab_ns" link set lo up || return 1
	done
}

# Checksum and segmentation offloads off on interface $2 of namespace $1,
# so that captures hold wire-sized frames with correct TCP checksums
# (libnids drops packets with bad checksums). Never fails: a veth without
# ethtool support still works, only with odd frames.
lab_nooffload() { # ns iface
	ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 || true
}

# Bridge br0 in namespace $1 with the fixed MAC $2 and, if given, the
# address $3 (a /24): the "switch" whose ports are the hosts' veths, so that
# a capture on br0 sees every host like a span port.
lab_bridge() { # ns mac [addr]
	ip -n "$1" link add br0 type bridge &&
		ip -n "$1" link set br0 address "$2" || return 1
	[ -z "${3:-}" ] || ip -n "$1" addr add "$3/24" dev br0
}

# One host on the bridge of namespace $1: a veth pair $3 (in the host's
# namespace $2, renamed eth0, fixed MAC $5, address $6/24) and $4 (a port of
# br0 in $1), both up, offloads off on both ends.
lab_bridge_port() { # bridge-ns host-ns veth port mac addr
	ip link add "$3" netns "$2" type veth peer name "$4" netns "$1" &&
		ip -n "$2" link set "$3" name eth0 &&
		ip -n "$2" link set eth0 address "$5" &&
		ip -n "$2" addr add "$6/24" dev eth0 &&
		ip -n "$2" link set eth0 up || return 1
	lab_nooffload "$2" eth0
	ip -n "$1" link set "$4" master br0 &&
		ip -n "$1" link set "$4" up || return 1
	lab_nooffload "$1" "$4"
}

# Bridge br0 of namespace $1 up, once all its ports are added.
lab_bridge_up() { # ns
	ip -n "$1" link set br0 up || return 1
	lab_nooffload "$1" br0
}

# Starts smbd in namespace $2, in the background (pid in LAB_PID), with
# smb.conf $6 and its output in $7. $1 is the nss_wrapper command prefix
# (word-split: "env LD_PRELOAD=... [NSS_WRAPPER_...=...]"). nss_wrapper
# also gives smbd the host name $4.corp.example, from the hosts file $5
# written here with the address $3: the DNS computer name in the NTLM
# CHALLENGE is then the lab's, not this machine's. Further arguments are
# smbd options after --foreground. smbd --foreground makes itself a session
# leader (setsid), so the kill(0, SIGTERM) that smbd does on shutdown
# reaches only its own children.
lab_start_smbd() { # wrapper ns addr host hosts-file smb.conf out [smbd-option...]
	_lab_w=$1 _lab_ns=$2 _lab_c=$6 _lab_o=$7
	printf '%s %s.corp.example %s\n' "$3" "$4" "$4" >"$5" || return 1
	_lab_h=$4 _lab_hf=$5
	shift 7
	# shellcheck disable=SC2086 # the wrapper is a list of words
	ip netns exec "$_lab_ns" $_lab_w NSS_WRAPPER_HOSTNAME="$_lab_h.corp.example" \
		NSS_WRAPPER_HOSTS="$_lab_hf" smbd --foreground "$@" \
		--configfile="$_lab_c" >"$_lab_o" 2>&1 &
	# shellcheck disable=SC2034 # read by the callers
	LAB_PID=$!
}

# Waits until smbd listens on $2:445 in namespace $1: up to $3 polls $4
# seconds apart, then one last look. 0: listening; 1: not listening; 2:
# the smbd of pid $5 (if given) exited. The callers say why in their words.
lab_wait_smbd() { # ns addr polls interval [pid]
	_lab_i=0
	while [ "$_lab_i" -lt "$3" ]; do
		ip netns exec "$1" ss -ltn 2>/dev/null | grep -q "$2:445 " && return 0
		[ -z "${5:-}" ] || kill -0 "$5" 2>/dev/null || return 2
		_lab_i=$((_lab_i + 1))
		sleep "$4"
	done
	ip netns exec "$1" ss -ltn 2>/dev/null | grep -q "$2:445 " && return 0
	return 1
}

# Starts tcpdump in namespace $1 on interface $2, in the background (pid in
# LAB_PID): SMB only (tcp port 445), snaplen 262144, Ethernet link type,
# packet-buffered into $3, its messages in $4. Wait with lab_wait_tcpdump.
lab_start_tcpdump() { # ns iface pcap errfile
	ip netns exec "$1" tcpdump -Z root -i "$2" -n -U -s 262144 -w "$3" 'tcp port 445' \
		2>"$4" &
	# shellcheck disable=SC2034 # read by the callers
	LAB_PID=$!
}

# Waits (5 s at most) until the tcpdump whose messages go to $1 says it is
# listening, then half a second more so that the first SYN is captured.
# Not started: its messages on stderr, status 1.
lab_wait_tcpdump() { # errfile
	_lab_i=0
	while [ "$_lab_i" -lt 50 ] && ! grep -q listening "$1"; do
		_lab_i=$((_lab_i + 1)); sleep 0.1
	done
	grep -q listening "$1" || { cat "$1" >&2; return 1; }
	sleep 0.5
}

# Stops the processes in the further arguments (empty ones and those gone
# are skipped) with signal $1 and reaps them: tcpdump with INT (so that it
# flushes its file), smbd with TERM (so that it stops its children).
lab_stop() { # signal pid...
	_lab_sig=$1
	shift
	for _lab_p in "$@"; do
		if [ -n "$_lab_p" ] && kill -0 "$_lab_p" 2>/dev/null; then
			kill -"$_lab_sig" "$_lab_p"
			wait "$_lab_p" 2>/dev/null || true
		fi
	done
	return 0
}

# Kills what still runs in namespace $1 and deletes it. Everything in a lab
# namespace was started by the lab (smbd children, samba-dcerpcd and its
# rpcd_* helpers started on demand, the clients), so TERM, up to $2 polls
# (default 10) 0.1 s apart for them to go, then KILL. Never fails.
lab_del_ns() { # ns [polls]
	[ -e "/run/netns/$1" ] || return 0
	for _lab_p in $(ip netns pids "$1" 2>/dev/null); do kill -TERM "$_lab_p" 2>/dev/null; done
	_lab_i=0
	while [ -n "$(ip netns pids "$1" 2>/dev/null)" ] && [ "$_lab_i" -lt "${2:-10}" ]; do
		_lab_i=$((_lab_i + 1)); sleep 0.1
	done
	for _lab_p in $(ip netns pids "$1" 2>/dev/null); do kill -KILL "$_lab_p" 2>/dev/null; done
	ip netns del "$1" 2>/dev/null
	return 0
}

# TCP counts of the capture $1, for the record scripts' check that every
# connection is whole in it (the sensor's reassembly needs the handshakes,
# libnids drops packets with bad checksums): LAB_PKTS packets, LAB_STREAMS
# connections, LAB_SYNS SYN, LAB_SYNACKS SYN/ACK, LAB_FINS FIN, LAB_BAD
# packets with a bad checksum, a TCP analysis flag or a malformed dissection.
# shellcheck disable=SC2034 # the LAB_ variables are read by the callers
lab_tcp_counts() { # pcap
	LAB_STREAMS=$(tshark -r "$1" -T fields -e tcp.stream 2>/dev/null | sort -u | wc -l)
	LAB_SYNS=$(tshark -r "$1" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' 2>/dev/null | wc -l)
	LAB_SYNACKS=$(tshark -r "$1" -Y 'tcp.flags.syn==1 && tcp.flags.ack==1' 2>/dev/null | wc -l)
	LAB_FINS=$(tshark -r "$1" -Y 'tcp.flags.fin==1' 2>/dev/null | wc -l)
	LAB_BAD=$(tshark -r "$1" -o tcp.check_checksum:TRUE \
		-Y 'tcp.checksum.status==2 || tcp.analysis.flags || _ws.malformed' 2>/dev/null | wc -l)
	LAB_PKTS=$(tshark -r "$1" 2>/dev/null | wc -l)
}

# Says (prefixed by $1, the caller's name) how many packets of the capture
# $2 are bad and how many connections and handshakes it holds; status 1 if
# some connection lacks its SYN or SYN/ACK.
lab_check_handshakes() { # tag pcap
	lab_tcp_counts "$2"
	printf '%s: %s packets with a bad checksum, TCP analysis flag or malformed dissection\n' \
		"$1" "$LAB_BAD"
	printf '%s: %s TCP connections, %s SYN, %s SYN/ACK\n' "$1" "$LAB_STREAMS" "$LAB_SYNS" "$LAB_SYNACKS"
	[ "$LAB_STREAMS" -eq "$LAB_SYNS" ] && [ "$LAB_STREAMS" -eq "$LAB_SYNACKS" ]
}
