#!/usr/bin/env python3
"""Write a deterministic, SMB2-heavy classic pcap for the smbsensor benchmark.

    python3 bench/gen_smb2_pcap.py OUT.pcap [--workload bulk|files|rpc|tcp]
                                   [--size-mb 200] [--conns 300|1000]
                                   [--concurrency 128] [--seed 1]

Python 3 standard library only. The same arguments give the same bytes (with
the same Python minor version: the random module's algorithms are stable).
The default workload, bulk, is described first; --workload files (default
1000 connections), --workload rpc (default 300) and --workload tcp (default
300; no SMB at all) are described at the end.

The file (pcap 2.4, microsecond timestamps, DLT_EN10MB, snaplen 262144) holds
--conns TCP connections from clients 10.2.a.b to servers 10.1.x.y port 445,
with up to --concurrency of them open at the same time (their exchanges are
interleaved at random), until the file has at least --size-mb MiB. Each
connection is well formed for a strict reassembler such as libnids:

  * SYN / SYN-ACK / ACK with MSS option, no window scaling (window 65535),
    in-order, in-window segments of at most 1460 payload bytes, correct
    IPv4 and TCP checksums, a pure ACK from the receiver after every second
    full segment and after each response, FIN/ACK teardown both ways;
  * NetBIOS session service framing (type 0, 24-bit big-endian length);
  * SMB2: NEGOTIATE (dialect 0x0302), two SESSION_SETUP round trips with
    SPNEGO-wrapped NTLMSSP NEGOTIATE / CHALLENGE / AUTHENTICATE (NTLMv2
    response, per-connection user, domain and workstation in UTF-16LE),
    TREE_CONNECT \\\\10.1.x.y\\IPC$ (share type 2, pipe) and \\\\10.1.x.y\\ADMIN$
    or C$ (share type 1, disk), then a mix of CREATE / WRITE (1-64 KiB) /
    READ / CLOSE request-response pairs, some of them compounded
    (NextCommand chaining with SMB2_FLAGS_RELATED_OPERATIONS), a named-pipe
    CREATE/CLOSE on IPC$ now and then, and LOGOFF.

--workload files: file-server activity, many small files and many opens. The
same TCP, NetBIOS, NEGOTIATE and SESSION_SETUP as above; then one
TREE_CONNECT to a disk share (\\\\server-or-ip\\Projects, Finance, ...) and,
until the connection has its share of the bytes, a random mix of:

  * compounded CREATE + WRITE (100 B - 4 KiB) + CLOSE of a new file, the
    related WRITE and CLOSE with SMB2_FLAGS_RELATED_OPERATIONS and FileId
    ff..ff, as Windows copies a small file (14 %);
  * compounded CREATE + QUERY_INFO (basic, standard or network-open) + CLOSE,
    an attribute probe (8 %);
  * a CREATE of something that is not there (desktop.ini, Thumbs.db, ...)
    answered STATUS_OBJECT_NAME_NOT_FOUND (6 %);
  * a directory listing: CREATE of the directory, QUERY_DIRECTORY
    (FileIdBothDirectoryInformation of ., .. and what the connection has put
    there), QUERY_DIRECTORY answered STATUS_NO_MORE_FILES, CLOSE (8 %);
  * CREATE for DELETE, SET_INFO FileRenameInformation (8 %) or
    FileDispositionInformation (8 %), CLOSE;
  * CREATE, now and then QUERY_INFO, 1-3 WRITEs of 100 B - 4 KiB (28 %) or
    READs of the whole file in pieces of at most 4 KiB (20 %), CLOSE.

File names are UTF-16LE, varied (some non-ASCII), about two thirds of them
in subdirectories; half of the plain CREATEs carry MxAc and QFid create
contexts. Then TREE_DISCONNECT, LOGOFF and the TCP teardown.

--workload rpc: DCE/RPC over SMB2 named pipes, as remote service creation
and registry persistence tools do it. The same TCP, NetBIOS, NEGOTIATE and
SESSION_SETUP; then TREE_CONNECT \\\\server-or-ip\\IPC$ (share type 2, pipe),
CREATE of the pipes svcctl and winreg (open, success, a FileId each), and on
each a BIND (one context: svcctl 367abb81-... v2.0 or winreg 338cd001-...
v1.0, NDR 2.0 transfer syntax, max_xmit_frag 1024) as a WRITE and READ,
answered by a BIND_ACK with secondary address \\PIPE\\svcctl or \\PIPE\\winreg.
Then, until the connection has its share of the bytes, one of two call
sequences, with call_ids increasing per pipe:

  * svcctl (55 %): OpenSCManagerW, CreateServiceW (NDR20 stub per MS-SCMR:
    service name, display name, own-process service, demand start, binary
    path %SystemRoot%\\NAME.exe or, in 12 % of them, a 1-2.5 KB PowerShell
    command line sent as two or three request fragments), StartServiceW and
    DeleteService on the new handle, CloseServiceHandle of both handles;
  * winreg (45 %): OpenLocalMachine, BaseRegOpenKey of
    SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run, BaseRegSetValue of a
    REG_SZ, BaseRegCloseKey of both keys.

A single-fragment request and its response travel in an IOCTL
FSCTL_PIPE_TRANSCEIVE (80 %) or a WRITE and a READ (20 %); the fragments of
a longer request are WRITEs, the last one a transceive or WRITE and READ.
Then CLOSE of both pipes, TREE_DISCONNECT, LOGOFF and the TCP teardown.

--workload tcp: ordinary TCP traffic that is neither SMB nor DCE/RPC, which
the sensor must pass over at negligible cost. The same TCP rules as above
(handshake with MSS option, in-order segments of at most 1460 bytes, a pure
ACK after every second full segment and after each response, FIN/ACK
teardown), but no NetBIOS framing: each connection goes to server port 443
(80 %) or 80 (20 %) of 10.1.x.y and, until it has its share of the bytes,
repeats a small request from the client (100-600 bytes) and a response of
1-64 KiB from the server, split into full segments:

  * port 443: TLS records with random bodies (pool bytes): the first
    request is a handshake record (16 03 01 ...), the later ones
    application data (17 03 03 ...); the first response opens with a 1-4 KiB
    handshake record, then application data records of at most 16 KiB;
  * port 80: HTTP/1.1 GET of a varied path with a random base64 cookie,
    answered 200 OK with Content-Length and a random body.

No payload starts with 0x05 (the DCE/RPC version byte), and no port is 135,
139 or 445, so nothing in the file is for the sensor.
"""

import argparse
import base64
import random
import struct
import sys

MIB = 1 << 20
MSS = 1460
WINDOW = 65535
T0 = 1700000000  # 2023-11-14T22:13:20Z, first packet

# SMB2 commands
NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT = 0, 1, 2, 3
CREATE, CLOSE, READ, WRITE = 5, 6, 8, 9
FLAG_RESPONSE, FLAG_RELATED = 0x1, 0x4
STATUS_SUCCESS, STATUS_MORE_PROCESSING = 0, 0xC0000016

TCP_FIN, TCP_SYN, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x08, 0x10

CLIENT_MAC = bytes.fromhex("020000020001")
SERVER_MAC = bytes.fromhex("020000010001")

FIRST_NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace",
               "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy",
               "rupert", "sybil", "trent", "victor", "walter", "svc_backup",
               "administrator", "sqlsvc", "helpdesk", "j.smith", "m.garcia"]
DOMAINS = ["CORP", "CORP", "CORP", "LAB", "EU-SALES", "CONTOSO"]
FILE_NAMES = ["svc{n}.exe", "PSEXESVC.exe", "Temp\\payload{n}.dll",
              "Windows\\Temp\\update{n}.ps1", "data\\report{n}.docx",
              "backup\\db{n}.bak", "Users\\Public\\notes{n}.txt",
              "Windows\\System32\\drivers\\etc\\hosts"]
PIPES = ["srvsvc", "wkssvc", "samr", "lsarpc", "svcctl", "winreg"]

OID_SPNEGO = bytes.fromhex("06062b0601050502")
OID_NTLMSSP = bytes.fromhex("060a2b0601040182370202 0a".replace(" ", ""))
NTLM_FLAGS = 0xE2088297
NTLM_VERSION = bytes.fromhex("0a0063450000000f")  # 10.0.17763, revision 15


def u16le(s):
    return s.encode("utf-16-le")


def der(tag, body):
    n = len(body)
    if n < 0x80:
        hdr = bytes([tag, n])
    elif n < 0x100:
        hdr = bytes([tag, 0x81, n])
    else:
        hdr = bytes([tag, 0x82]) + n.to_bytes(2, "big")
    return hdr + body


def filetime(usec):
    return (usec // 1000000 + 11644473600) * 10000000 + (usec % 1000000) * 10


def csum(data):
    """Internet checksum: the one's-complement sum of 16-bit words equals the
    big-endian integer modulo 0xffff (2**16 == 1 mod 0xffff)."""
    if len(data) & 1:
        data += b"\0"
    n = int.from_bytes(data, "big")
    if n == 0:
        return 0xFFFF
    s = n % 0xFFFF
    if s == 0:
        s = 0xFFFF
    return ~s & 0xFFFF


# --- NTLMSSP / SPNEGO -------------------------------------------------------

def ntlm_negotiate():
    # domain and workstation fields empty, as modern Windows sends them
    return (b"NTLMSSP\0" + struct.pack("<II", 1, NTLM_FLAGS | 0x00000000)
            + struct.pack("<HHI", 0, 0, 40) + struct.pack("<HHI", 0, 0, 40)
            + NTLM_VERSION)


def av_pairs(server, domain, usec):
    out = b""
    for av_id, val in ((2, u16le(domain)), (1, u16le(server)),
                       (4, u16le(domain.lower() + ".example")),
                       (3, u16le(server.lower() + "." + domain.lower() + ".example")),
                       (7, struct.pack("<Q", filetime(usec)))):
        out += struct.pack("<HH", av_id, len(val)) + val
    return out + struct.pack("<HH", 0, 0)


def ntlm_challenge(rng, server, domain, usec):
    target = u16le(domain)
    info = av_pairs(server, domain, usec)
    off = 56
    return (b"NTLMSSP\0" + struct.pack("<I", 2)
            + struct.pack("<HHI", len(target), len(target), off)
            + struct.pack("<I", NTLM_FLAGS) + rng.randbytes(8) + bytes(8)
            + struct.pack("<HHI", len(info), len(info), off + len(target))
            + NTLM_VERSION + target + info)


def ntlm_authenticate(rng, user, domain, workstation, server_info, usec):
    blob = (b"\x01\x01" + bytes(6) + struct.pack("<Q", filetime(usec))
            + rng.randbytes(8) + bytes(4) + server_info[:-4]
            + struct.pack("<HHI", 6, 4, 2)          # MsvAvFlags: MIC present
            + struct.pack("<HH", 0, 0) + bytes(4))
    nt = rng.randbytes(16) + blob                    # NTProofStr + blob
    lm = bytes(24)
    dom, usr, wks = u16le(domain), u16le(user), u16le(workstation)
    skey = rng.randbytes(16)
    off = 88
    fields = b""
    payload = b""
    for item in (lm, nt, dom, usr, wks, skey):
        fields += struct.pack("<HHI", len(item), len(item), off + len(payload))
        payload += item
    # fields are in wire order Lm, Nt, Domain, User, Workstation, SessionKey
    return (b"NTLMSSP\0" + struct.pack("<I", 3) + fields
            + struct.pack("<I", NTLM_FLAGS) + NTLM_VERSION + rng.randbytes(16)
            + payload)


def ntlm_mic(rng, seq):
    """mechListMIC: an NTLMSSP message signature (version 1, checksum, seq)."""
    return struct.pack("<I", 1) + rng.randbytes(8) + struct.pack("<I", seq)


def spnego_init(mech_token=None):
    inner = der(0xA0, der(0x30, OID_NTLMSSP))
    if mech_token is not None:
        inner += der(0xA2, der(0x04, mech_token))
    return der(0x60, OID_SPNEGO + der(0xA0, der(0x30, inner)))


def spnego_resp(state=None, mech=False, token=None, mic=None):
    inner = b""
    if state is not None:
        inner += der(0xA0, der(0x0A, bytes([state])))
    if mech:
        inner += der(0xA1, OID_NTLMSSP)
    if token is not None:
        inner += der(0xA2, der(0x04, token))
    if mic is not None:
        inner += der(0xA3, der(0x04, mic))
    return der(0xA1, der(0x30, inner))


# --- SMB2 -------------------------------------------------------------------

def smb2_hdr(cmd, mid, tree=0, sess=0, status=0, flags=0, credits=1,
             charge=1, next_cmd=0):
    return struct.pack("<4sHHIHHIIQIIQ16s", b"\xfeSMB", 64, charge, status,
                       cmd, credits, flags, next_cmd, mid, 0xFEFF, tree, sess,
                       bytes(16))


def compound(parts):
    """Chain complete SMB2 messages (header+body): pad all but the last to 8
    bytes and set NextCommand (offset 20 in the header)."""
    out = b""
    for i, p in enumerate(parts):
        if i < len(parts) - 1:
            p += bytes(-len(p) % 8)
            p = p[:20] + struct.pack("<I", len(p)) + p[24:]
        out += p
    return out


def nbss(msg):
    return struct.pack(">I", len(msg))  # type 0 in the top byte, 24-bit length


# --- pcap / TCP ---------------------------------------------------------------

class Writer:
    def __init__(self, path, rng):
        self.f = open(path, "wb", buffering=4 * MIB)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        self.size = 24
        self.packets = 0
        self.usec = T0 * 1000000
        self.rng = rng

    def packet(self, c, from_client, flags, payload=b"", options=b""):
        if from_client:
            src, dst, sport, dport = c.cip, c.sip, c.cport, c.sport
            seq, ack = c.cseq, c.sseq
            smac, dmac = CLIENT_MAC, SERVER_MAC
            c.cipid = (c.cipid + 1) & 0xFFFF
            ipid = c.cipid
        else:
            src, dst, sport, dport = c.sip, c.cip, c.sport, c.cport
            seq, ack = c.sseq, c.cseq
            smac, dmac = SERVER_MAC, CLIENT_MAC
            c.sipid = (c.sipid + 1) & 0xFFFF
            ipid = c.sipid
        if not flags & TCP_ACK:
            ack = 0
        thl = 20 + len(options)
        tcp = struct.pack(">HHIIBBHHH", sport, dport, seq, ack, (thl // 4) << 4,
                          flags, WINDOW, 0, 0) + options
        pseudo = src + dst + struct.pack(">BBH", 0, 6, thl + len(payload))
        ck = csum(pseudo + tcp + payload)
        tcp = tcp[:16] + struct.pack(">H", ck) + tcp[18:]
        tot = 20 + thl + len(payload)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, tot, ipid, 0x4000,
                         128 if from_client else 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack(">H", csum(ip)) + ip[12:]
        frame = dmac + smac + b"\x08\x00" + ip + tcp + payload
        self.usec += self.rng.randint(2, 40)
        n = len(frame)
        self.f.write(struct.pack("<IIII", self.usec // 1000000,
                                 self.usec % 1000000, n, n))
        self.f.write(frame)
        rec = 16 + n
        self.size += rec
        self.packets += 1
        c.bytes += rec
        return rec

    def close(self):
        self.f.close()


class Conn:
    def __init__(self, idx, rng):
        self.idx = idx
        self.cip = bytes([10, 2, 1 + idx // 250, 1 + idx % 250])
        s = idx % 37
        self.sip = bytes([10, 1, s // 10, 10 + s])
        self.server_ip = "10.1.%d.%d" % (s // 10, 10 + s)
        self.server_name = "FS%02d" % s
        self.cport = 49152 + (idx * 7) % 16000
        self.sport = 445  # the server's port; the tcp workload changes it
        self.cseq = rng.getrandbits(32)
        self.sseq = rng.getrandbits(32)
        self.cipid = rng.getrandbits(16)
        self.sipid = rng.getrandbits(16)
        self.bytes = 0
        name = rng.choice(FIRST_NAMES)
        self.user = name if rng.random() < 0.5 else "%s%d" % (name, idx)
        self.domain = rng.choice(DOMAINS)
        self.workstation = "WS-%04d" % (1000 + idx)
        self.mid = 0
        self.session = rng.getrandbits(64) | 1
        self.files = 0


def seg_send(w, c, from_client, data):
    """Send one message as in-order segments; the receiver ACKs every second
    segment. Every segment carries ACK; the last one PSH."""
    n = len(data)
    i = 0
    nseg = 0
    while i < n:
        chunk = data[i:i + MSS]
        i += len(chunk)
        last = i >= n
        w.packet(c, from_client, TCP_ACK | (TCP_PSH if last else 0), chunk)
        if from_client:
            c.cseq = (c.cseq + len(chunk)) & 0xFFFFFFFF
        else:
            c.sseq = (c.sseq + len(chunk)) & 0xFFFFFFFF
        nseg += 1
        if nseg % 2 == 0 and not last:
            w.packet(c, not from_client, TCP_ACK)


def exchange(w, c, req, resp):
    """Request from the client, response from the server (its segments
    acknowledge the request), then the client's pure ACK."""
    seg_send(w, c, True, nbss(req) + req)
    seg_send(w, c, False, nbss(resp) + resp)
    w.packet(c, True, TCP_ACK)


def next_mid(c):
    m = c.mid
    c.mid += 1
    return m


def handshake(w, c):
    """SYN, SYN/ACK (both with an MSS option) and ACK."""
    mss_opt = struct.pack(">BBH", 2, 4, MSS)
    w.packet(c, True, TCP_SYN, options=mss_opt)
    c.cseq = (c.cseq + 1) & 0xFFFFFFFF
    w.packet(c, False, TCP_SYN | TCP_ACK, options=mss_opt)
    c.sseq = (c.sseq + 1) & 0xFFFFFFFF
    w.packet(c, True, TCP_ACK)


def conn_setup(w, c, rng):
    """TCP handshake, NEGOTIATE and the two NTLMSSP SESSION_SETUP round trips
    of connection c, one exchange per next()."""
    handshake(w, c)
    yield

    # NEGOTIATE, dialect 3.0.2
    dialects = (0x0202, 0x0210, 0x0300, 0x0302)
    body = struct.pack("<HHHHI16sQ", 36, len(dialects), 1, 0, 0x7F,
                       rng.randbytes(16), 0) + struct.pack("<4H", *dialects)
    req = smb2_hdr(NEGOTIATE, next_mid(c), charge=0) + body
    sec = spnego_init()
    body = struct.pack("<HHHH16sIIIIQQHHI", 65, 1, 0x0302, 0,
                       rng.randbytes(16), 0x2F, 8 * MIB, 8 * MIB, 8 * MIB,
                       filetime(w.usec), 0, 128, len(sec), 0) + sec
    resp = smb2_hdr(NEGOTIATE, 0, flags=FLAG_RESPONSE, charge=0) + body
    exchange(w, c, req, resp)
    yield

    # SESSION_SETUP 1: NTLMSSP NEGOTIATE -> CHALLENGE
    tok = spnego_init(ntlm_negotiate())
    req = (smb2_hdr(SESSION_SETUP, next_mid(c), credits=33)
           + struct.pack("<HBBIIHHQ", 25, 0, 1, 1, 0, 88, len(tok), 0) + tok)
    chal = ntlm_challenge(rng, c.server_name, c.domain, w.usec)
    tok = spnego_resp(state=1, mech=True, token=chal)
    resp = (smb2_hdr(SESSION_SETUP, c.mid - 1, sess=c.session,
                     status=STATUS_MORE_PROCESSING, flags=FLAG_RESPONSE,
                     credits=1)
            + struct.pack("<HHHH", 9, 0, 72, len(tok)) + tok)
    exchange(w, c, req, resp)
    yield

    # SESSION_SETUP 2: AUTHENTICATE -> success
    info = chal[56 + 2 * len(c.domain):]
    auth = ntlm_authenticate(rng, c.user, c.domain, c.workstation, info, w.usec)
    tok = spnego_resp(token=auth, mic=ntlm_mic(rng, 0))
    req = (smb2_hdr(SESSION_SETUP, next_mid(c), sess=c.session, credits=33)
           + struct.pack("<HBBIIHHQ", 25, 0, 1, 1, 0, 88, len(tok), 0) + tok)
    tok = spnego_resp(state=0, mic=ntlm_mic(rng, 0))
    resp = (smb2_hdr(SESSION_SETUP, c.mid - 1, sess=c.session,
                     flags=FLAG_RESPONSE, credits=32)
            + struct.pack("<HHHH", 9, 0, 72, len(tok)) + tok)
    exchange(w, c, req, resp)
    yield


def conn_teardown(w, c):
    """LOGOFF, then FIN from the client, FIN/ACK from the server, last ACK."""
    m = c.mid
    exchange(w, c, smb2_hdr(LOGOFF, next_mid(c), sess=c.session)
             + struct.pack("<HH", 4, 0),
             smb2_hdr(LOGOFF, m, sess=c.session, flags=FLAG_RESPONSE)
             + struct.pack("<HH", 4, 0))
    w.packet(c, True, TCP_FIN | TCP_ACK)
    c.cseq = (c.cseq + 1) & 0xFFFFFFFF
    w.packet(c, False, TCP_FIN | TCP_ACK)
    c.sseq = (c.sseq + 1) & 0xFFFFFFFF
    w.packet(c, True, TCP_ACK)


def conn_gen(w, c, rng, pool, budget):
    """The bulk workload: a generator that emits one exchange of connection c
    per next()."""
    yield from conn_setup(w, c, rng)

    # TREE_CONNECT IPC$ (pipe) and ADMIN$ or C$ (disk)
    trees = {}
    disk_share = "ADMIN$" if rng.random() < 0.75 else "C$"
    for share, stype in (("IPC$", 2), (disk_share, 1)):
        path = u16le("\\\\%s\\%s" % (c.server_ip, share))
        req = (smb2_hdr(TREE_CONNECT, next_mid(c), sess=c.session)
               + struct.pack("<HHHH", 9, 0, 72, len(path)) + path)
        tid = rng.randint(1, 0xFFFF)
        trees[stype] = tid
        resp = (smb2_hdr(TREE_CONNECT, c.mid - 1, tree=tid, sess=c.session,
                         flags=FLAG_RESPONSE, credits=32)
                + struct.pack("<HBBIII", 16, stype, 0,
                              0x30 if stype == 2 else 0x800, 0, 0x001F01FF))
        exchange(w, c, req, resp)
        yield
    disk, ipc = trees[1], trees[2]

    def create_req(tid, name, write, related=False):
        nm = u16le(name)
        return (smb2_hdr(CREATE, next_mid(c), tree=tid, sess=c.session,
                         flags=FLAG_RELATED if related else 0)
                + struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0,
                              0x0012019F if write else 0x00120089, 0x80,
                              0x7, 3 if write else 1, 0x40, 120, len(nm), 0, 0)
                + nm)

    def create_resp(mid, tid, fid, size):
        ft = filetime(w.usec)
        return (smb2_hdr(CREATE, mid, tree=tid, sess=c.session,
                         flags=FLAG_RESPONSE)
                + struct.pack("<HBBIQQQQQQII16sII", 89, 0, 0, 1, ft, ft, ft,
                              ft, (size + 4095) & ~4095, size, 0x80, 0, fid,
                              0, 0))

    def write_req(tid, fid, off, data, related=False):
        return (smb2_hdr(WRITE, next_mid(c), tree=tid, sess=c.session,
                         flags=FLAG_RELATED if related else 0)
                + struct.pack("<HHIQ16sIIHHI", 49, 112, len(data), off, fid,
                              0, 0, 0, 0, 0) + data)

    def write_resp(mid, tid, n):
        return (smb2_hdr(WRITE, mid, tree=tid, sess=c.session,
                         flags=FLAG_RESPONSE)
                + struct.pack("<HHIIHH", 17, 0, n, 0, 0, 0))

    def read_req(tid, fid, off, n, related=False):
        return (smb2_hdr(READ, next_mid(c), tree=tid, sess=c.session,
                         flags=FLAG_RELATED if related else 0)
                + struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, n, off, fid, 1,
                              0, 0, 0, 0) + b"\0")

    def read_resp(mid, tid, data):
        return (smb2_hdr(READ, mid, tree=tid, sess=c.session,
                         flags=FLAG_RESPONSE)
                + struct.pack("<HBBIII", 17, 80, 0, len(data), 0, 0) + data)

    def close_req(tid, fid, related=False):
        return (smb2_hdr(CLOSE, next_mid(c), tree=tid, sess=c.session,
                         flags=FLAG_RELATED if related else 0)
                + struct.pack("<HHI16s", 24, 1, 0, fid))

    def close_resp(mid, tid, size):
        ft = filetime(w.usec)
        return (smb2_hdr(CLOSE, mid, tree=tid, sess=c.session,
                         flags=FLAG_RESPONSE)
                + struct.pack("<HHIQQQQQQI", 60, 1, 0, ft, ft, ft, ft,
                              (size + 4095) & ~4095, size, 0x80))

    def payload(n):
        o = rng.randrange(0, len(pool) - n)
        return pool[o:o + n]

    related_fid = b"\xff" * 16
    while c.bytes < budget:
        c.files += 1
        name = rng.choice(FILE_NAMES).format(n=c.files)
        fid = rng.randbytes(16)
        r = rng.random()
        if r < 0.08:
            # named pipe open/close on IPC$
            m = c.mid
            req = create_req(ipc, rng.choice(PIPES), True)
            exchange(w, c, req, create_resp(m, ipc, fid, 0))
            yield
            m = c.mid
            exchange(w, c, close_req(ipc, fid), close_resp(m, ipc, 0))
            yield
        elif r < 0.28:
            # compounded CREATE + WRITE|READ + CLOSE (related operations)
            n = rng.randint(1024, 65536)
            data = payload(n)
            write = rng.random() < 0.6
            m0 = c.mid
            parts = [create_req(disk, name, write)]
            if write:
                parts.append(write_req(disk, related_fid, 0, data, True))
            else:
                parts.append(read_req(disk, related_fid, 0, n, True))
            parts.append(close_req(disk, related_fid, True))
            req = compound(parts)
            rparts = [create_resp(m0, disk, fid, 0 if write else n),
                      write_resp(m0 + 1, disk, n) if write
                      else read_resp(m0 + 1, disk, data),
                      close_resp(m0 + 2, disk, n)]
            exchange(w, c, req, compound(rparts))
            yield
        else:
            write = rng.random() < 0.6
            size = 0 if write else rng.randint(1024, 4 * 65536)
            m = c.mid
            exchange(w, c, create_req(disk, name, write),
                     create_resp(m, disk, fid, size))
            yield
            off = 0
            for _ in range(rng.randint(1, 6)):
                n = rng.randint(1024, 65536)
                data = payload(n)
                m = c.mid
                if write:
                    exchange(w, c, write_req(disk, fid, off, data),
                             write_resp(m, disk, n))
                else:
                    exchange(w, c, read_req(disk, fid, off, n),
                             read_resp(m, disk, data))
                off += n
                yield
                if c.bytes >= budget:
                    break
            m = c.mid
            exchange(w, c, close_req(disk, fid), close_resp(m, disk, off))
            yield

    conn_teardown(w, c)


# --- files workload -------------------------------------------------------------

TREE_DISCONNECT, QUERY_DIRECTORY, QUERY_INFO, SET_INFO = 4, 0x0E, 0x10, 0x11
STATUS_NO_MORE_FILES = 0x80000006
STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034

# DesiredAccess masks as Windows clients send them
ACC_RW = 0x0012019F        # generic read/write
ACC_READ = 0x00120089      # read data, EA, attributes, READ_CONTROL, SYNCHRONIZE
ACC_ATTRS = 0x00100080     # read attributes, SYNCHRONIZE
ACC_DELETE = 0x00110080    # DELETE, read attributes, SYNCHRONIZE
ACC_LIST = 0x00100081      # list directory, read attributes, SYNCHRONIZE
# CreateDisposition, CreateAction
FILE_OPEN, FILE_CREATE, FILE_OPEN_IF, FILE_OVERWRITE_IF = 1, 2, 3, 5
OPENED, CREATED, OVERWRITTEN = 1, 2, 3
# CreateOptions
OPT_DIR, OPT_SYNC, OPT_NONDIR, OPT_REPARSE = 0x1, 0x20, 0x40, 0x00200000
ATTR_DIR, ATTR_ARCHIVE = 0x10, 0x20
# file information classes
FI_BASIC, FI_STANDARD, FI_RENAME, FI_DISPOSITION = 4, 5, 10, 13
FI_NETWORK_OPEN, FI_ID_BOTH_DIR = 34, 37

SHARES = ["Shared", "Projects", "Finance", "HR", "Public", "Engineering",
          "Scans", "Users", "Marketing"]
DIRS = ["Reports", "Reports\\2023", "Reports\\2023\\Q4", "Invoices",
        "Scans\\Inbox", "Temp", "Projektdaten\\Übersicht", "資料\\会議",
        "Archive\\old", "Users\\{user}\\Documents", "Users\\{user}\\Desktop",
        "build\\obj\\x64", "Marketing\\Präsentationen"]
STEMS = ["report", "invoice", "notes", "budget", "minutes", "scan", "draft",
         "Präsentation", "résumé", "契約書", "todo", "config", "build",
         "readme", "photo", "Q4 forecast", "Kündigung", "data", "New Text Document"]
EXTS = [".docx", ".xlsx", ".pdf", ".txt", ".csv", ".json", ".log", ".pptx",
        ".jpg", ".tmp", ".xml", ".ps1"]
PROBES = ["desktop.ini", "Thumbs.db", "autorun.inf", "AppData", "folder.jpg",
          "~$report.docx", "srvsvc"]

# what the files workload did (printed at the end)
OPS = {}


def count(what, n=1):
    OPS[what] = OPS.get(what, 0) + n


def parent(path):
    return path.rpartition("\\")[0]


def files_gen(w, c, rng, pool, budget):
    """The files workload: many small files on one disk share, one exchange
    of connection c per next()."""
    yield from conn_setup(w, c, rng)
    sess = c.session

    # TREE_CONNECT to a disk share (type 1)
    share = rng.choice(SHARES)
    host = c.server_ip if rng.random() < 0.5 else c.server_name
    path = u16le("\\\\%s\\%s" % (host, share))
    tid = rng.randint(1, 0xFFFF)
    m = c.mid
    req = (smb2_hdr(TREE_CONNECT, next_mid(c), sess=sess)
           + struct.pack("<HHHH", 9, 0, 72, len(path)) + path)
    resp = (smb2_hdr(TREE_CONNECT, m, tree=tid, sess=sess,
                     flags=FLAG_RESPONSE, credits=32)
            + struct.pack("<HBBIII", 16, 1, 0, 0, 0, 0x001F01FF))
    exchange(w, c, req, resp)
    count("tree_connect")
    yield

    # the connection's view of the share: directories and files (path -> size)
    dirs = {""}
    for d in rng.sample(DIRS, rng.randint(3, 7)):
        d = d.format(user=c.user)
        while d:
            dirs.add(d)
            d = parent(d)
    dirs = sorted(dirs)
    files = {}
    serial = [0]

    def new_name():
        serial[0] += 1
        d = "" if rng.random() < 0.35 else rng.choice(dirs)
        name = "%s_%d%s" % (rng.choice(STEMS), serial[0], rng.choice(EXTS))
        return d + "\\" + name if d else name

    def hdr(cmd, status=0, mid=None, related=False):
        """A request header (mid None: takes the next MessageId) or the
        response header for mid."""
        flags = FLAG_RELATED if related else 0
        if mid is None:
            mid = next_mid(c)
        else:
            flags |= FLAG_RESPONSE
        return smb2_hdr(cmd, mid, tree=tid, sess=sess, status=status,
                        flags=flags)

    def error(cmd, mid, status):
        return hdr(cmd, status, mid) + struct.pack("<HBBI", 9, 0, 0, 0) + b"\0"

    def contexts_req():
        # MxAc (maximal access) and QFid (on-disk file id), no data
        return (struct.pack("<IHHHHI", 24, 16, 4, 0, 0, 0) + b"MxAc" + bytes(4)
                + struct.pack("<IHHHHI", 0, 16, 4, 0, 0, 0) + b"QFid" + bytes(4))

    def contexts_resp():
        return (struct.pack("<IHHHHI", 32, 16, 4, 0, 24, 8) + b"MxAc" + bytes(4)
                + struct.pack("<II", 0, 0x001F01FF)
                + struct.pack("<IHHHHI", 0, 16, 4, 0, 24, 32) + b"QFid"
                + bytes(4) + rng.randbytes(32))

    def create_req(name, access, disp, opts, ctx=False, attrs=0):
        nm = u16le(name)
        buf = nm
        cc = b""
        if ctx:
            buf += bytes(-len(buf) % 8)
            cc = contexts_req()
        elif not nm:
            buf = b"\0"                    # Buffer is at least one byte
        count("create")
        return (hdr(CREATE)
                + struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0, access,
                              attrs, 0x7, disp, opts, 120, len(nm),
                              120 + len(buf) if cc else 0, len(cc))
                + buf + cc)

    def create_resp(mid, fid, action, size, attrs, ctx=False):
        ft = filetime(w.usec)
        cc = contexts_resp() if ctx else b""
        return (hdr(CREATE, mid=mid)
                + struct.pack("<HBBIQQQQQQII16sII", 89, 0, 0, action, ft, ft,
                              ft, ft, (size + 4095) & ~4095, size, attrs, 0,
                              fid, 152 if cc else 0, len(cc))
                + cc)

    def write_req(fid, off, data, related=False):
        count("write")
        count("write_bytes", len(data))
        return (hdr(WRITE, related=related)
                + struct.pack("<HHIQ16sIIHHI", 49, 112, len(data), off, fid,
                              0, 0, 0, 0, 0) + data)

    def write_resp(mid, n, related=False):
        return (hdr(WRITE, mid=mid, related=related)
                + struct.pack("<HHIIHH", 17, 0, n, 0, 0, 0))

    def read_req(fid, off, n):
        count("read")
        return (hdr(READ)
                + struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, n, off, fid, 0,
                              0, 0, 0, 0) + b"\0")

    def read_resp(mid, data):
        count("read_bytes", len(data))
        return (hdr(READ, mid=mid)
                + struct.pack("<HBBIII", 17, 80, 0, len(data), 0, 0) + data)

    def close_req(fid, postquery, related=False):
        count("close")
        return (hdr(CLOSE, related=related)
                + struct.pack("<HHI16s", 24, 1 if postquery else 0, 0, fid))

    def close_resp(mid, postquery, size, attrs, related=False):
        ft = filetime(w.usec) if postquery else 0
        alloc = (size + 4095) & ~4095 if postquery else 0
        return (hdr(CLOSE, mid=mid, related=related)
                + struct.pack("<HHIQQQQQQI", 60, 1 if postquery else 0, 0, ft,
                              ft, ft, ft, alloc, size if postquery else 0,
                              attrs if postquery else 0))

    def query_info_req(fid, cls, related=False):
        count("query_info")
        return (hdr(QUERY_INFO, related=related)
                + struct.pack("<HBBIHHIII16s", 41, 1, cls, 4096, 0x68, 0, 0,
                              0, 0, fid) + b"\0")

    def query_info_resp(mid, cls, size, attrs, related=False):
        ft = filetime(w.usec - rng.randint(10**6, 10**11))
        alloc = (size + 4095) & ~4095
        if cls == FI_BASIC:
            buf = struct.pack("<QQQQII", ft, ft, ft, ft, attrs, 0)
        elif cls == FI_STANDARD:
            buf = struct.pack("<QQIBBH", alloc, size, 1, 0,
                              1 if attrs & ATTR_DIR else 0, 0)
        else:
            buf = struct.pack("<QQQQQQII", ft, ft, ft, ft, alloc, size, attrs, 0)
        return (hdr(QUERY_INFO, mid=mid, related=related)
                + struct.pack("<HHI", 9, 72, len(buf)) + buf)

    def set_info_req(fid, cls, buf):
        count("set_info")
        return (hdr(SET_INFO)
                + struct.pack("<HBBIHHI16s", 33, 1, cls, len(buf), 96, 0, 0,
                              fid) + buf)

    def set_info_resp(mid):
        return hdr(SET_INFO, mid=mid) + struct.pack("<H", 2)

    def query_dir_req(fid, restart):
        count("query_directory")
        pat = u16le("*")
        return (hdr(QUERY_DIRECTORY)
                + struct.pack("<HBBI16sHHI", 33, FI_ID_BOTH_DIR,
                              1 if restart else 0, 0, fid, 96, len(pat), 65536)
                + pat)

    def query_dir_resp(mid, d):
        """FileIdBothDirectoryInformation for ., .. and d's children."""
        pre = d + "\\" if d else ""
        kids = [(".", 0, ATTR_DIR), ("..", 0, ATTR_DIR)]
        kids += [(x[len(pre):], 0, ATTR_DIR) for x in dirs
                 if x and parent(x) == d]
        kids += [(p[len(pre):], n, ATTR_ARCHIVE) for p, n in files.items()
                 if parent(p) == d][:200]
        ft = filetime(w.usec - rng.randint(10**6, 10**11))
        out = b""
        for i, (name, size, attrs) in enumerate(kids):
            nm = u16le(name)
            e = (struct.pack("<IIQQQQQQIIIBB24sHQ", 0, 0, ft, ft, ft, ft, size,
                             (size + 4095) & ~4095, attrs, len(nm), 0, 0, 0,
                             bytes(24), 0, rng.getrandbits(48)) + nm)
            if i < len(kids) - 1:
                e += bytes(-len(e) % 8)
                e = struct.pack("<I", len(e)) + e[4:]
            out += e
        return (hdr(QUERY_DIRECTORY, mid=mid)
                + struct.pack("<HHI", 9, 72, len(out)) + out)

    def data(n):
        o = rng.randrange(0, len(pool) - n)
        return pool[o:o + n]

    def small():
        return rng.randint(100, 4096)

    related = b"\xff" * 16
    while c.bytes < budget:
        fid = rng.randbytes(16)
        ctx = rng.random() < 0.5
        r = rng.random()
        if not files and (0.14 <= r < 0.22 or 0.36 <= r < 0.52 or r >= 0.80):
            r = 0.6                       # nothing to open yet: write one
        if r < 0.14:
            # compounded CREATE + WRITE + CLOSE of a new file, as Windows
            # copies a small file
            name, n = new_name(), small()
            m = c.mid
            req = compound([create_req(name, ACC_RW, FILE_OVERWRITE_IF,
                                       OPT_NONDIR | OPT_SYNC),
                            write_req(related, 0, data(n), True),
                            close_req(related, True, True)])
            resp = compound([create_resp(m, fid, CREATED, 0, ATTR_ARCHIVE),
                             write_resp(m + 1, n, True),
                             close_resp(m + 2, True, n, ATTR_ARCHIVE, True)])
            exchange(w, c, req, resp)
            files[name] = n
            count("compound")
            yield
        elif r < 0.22:
            # compounded CREATE + QUERY_INFO + CLOSE: an attribute probe
            name = rng.choice(list(files))
            n, cls = files[name], rng.choice((FI_BASIC, FI_STANDARD,
                                              FI_NETWORK_OPEN))
            m = c.mid
            req = compound([create_req(name, ACC_ATTRS, FILE_OPEN,
                                       OPT_REPARSE),
                            query_info_req(related, cls, True),
                            close_req(related, False, True)])
            resp = compound([create_resp(m, fid, OPENED, n, ATTR_ARCHIVE),
                             query_info_resp(m + 1, cls, n, ATTR_ARCHIVE, True),
                             close_resp(m + 2, False, n, ATTR_ARCHIVE, True)])
            exchange(w, c, req, resp)
            count("compound")
            yield
        elif r < 0.28:
            # an open of something that is not there
            d = rng.choice(dirs)
            name = rng.choice(PROBES)
            name = d + "\\" + name if d else name
            m = c.mid
            exchange(w, c, create_req(name, ACC_ATTRS, FILE_OPEN, 0, ctx),
                     error(CREATE, m, STATUS_OBJECT_NAME_NOT_FOUND))
            count("create_not_found")
            yield
        elif r < 0.36:
            # directory listing: open, QUERY_DIRECTORY until NO_MORE_FILES
            d = rng.choice(dirs)
            m = c.mid
            exchange(w, c, create_req(d, ACC_LIST, FILE_OPEN, OPT_DIR, ctx),
                     create_resp(m, fid, OPENED, 0, ATTR_DIR, ctx))
            yield
            m = c.mid
            exchange(w, c, query_dir_req(fid, True), query_dir_resp(m, d))
            yield
            m = c.mid
            exchange(w, c, query_dir_req(fid, False),
                     error(QUERY_DIRECTORY, m, STATUS_NO_MORE_FILES))
            yield
            m = c.mid
            exchange(w, c, close_req(fid, False),
                     close_resp(m, False, 0, ATTR_DIR))
            yield
        elif r < 0.52:
            # rename or delete: open for DELETE, SET_INFO, CLOSE
            name = rng.choice(list(files))
            n = files.pop(name)
            m = c.mid
            exchange(w, c, create_req(name, ACC_DELETE, FILE_OPEN,
                                      OPT_REPARSE, ctx),
                     create_resp(m, fid, OPENED, n, ATTR_ARCHIVE, ctx))
            yield
            if r < 0.44:
                new = new_name()
                nm = u16le(new)
                buf = struct.pack("<B7sQI", 0, bytes(7), 0, len(nm)) + nm
                files[new] = n
                cls = FI_RENAME
                count("rename")
            else:
                buf = b"\x01"
                cls = FI_DISPOSITION
                count("delete")
            m = c.mid
            exchange(w, c, set_info_req(fid, cls, buf), set_info_resp(m))
            yield
            m = c.mid
            exchange(w, c, close_req(fid, False),
                     close_resp(m, False, 0, ATTR_ARCHIVE))
            yield
        else:
            # open, maybe QUERY_INFO, small WRITEs or a READ, CLOSE
            write = r < 0.80
            if write:
                if files and rng.random() < 0.3:
                    name = rng.choice(list(files))
                    disp, action = FILE_OPEN_IF, OPENED
                else:
                    name = new_name()
                    disp, action = FILE_CREATE, CREATED
                size = files.get(name, 0)
                access = ACC_RW
            else:
                name = rng.choice(list(files))
                size, disp, action, access = files[name], FILE_OPEN, OPENED, ACC_READ
            m = c.mid
            exchange(w, c, create_req(name, access, disp, OPT_NONDIR | OPT_SYNC,
                                      ctx, ATTR_ARCHIVE if write else 0),
                     create_resp(m, fid, action, size, ATTR_ARCHIVE, ctx))
            yield
            if rng.random() < 0.3:
                cls = rng.choice((FI_STANDARD, FI_NETWORK_OPEN))
                m = c.mid
                exchange(w, c, query_info_req(fid, cls),
                         query_info_resp(m, cls, size, ATTR_ARCHIVE))
                yield
            if write:
                off = size if action == OPENED else 0
                for _ in range(rng.randint(1, 3)):
                    n = small()
                    m = c.mid
                    exchange(w, c, write_req(fid, off, data(n)),
                             write_resp(m, n))
                    off += n
                    yield
                size = off
                files[name] = size
            else:
                off = 0
                while off < size:
                    n = min(size - off, 4096)
                    m = c.mid
                    exchange(w, c, read_req(fid, off, n),
                             read_resp(m, data(n)))
                    off += n
                    yield
            m = c.mid
            exchange(w, c, close_req(fid, True),
                     close_resp(m, True, size, ATTR_ARCHIVE))
            yield
        if len(files) > 400:
            del files[next(iter(files))]

    m = c.mid
    exchange(w, c, hdr(TREE_DISCONNECT) + struct.pack("<HH", 4, 0),
             hdr(TREE_DISCONNECT, mid=m) + struct.pack("<HH", 4, 0))
    yield
    conn_teardown(w, c)


# --- rpc workload -------------------------------------------------------------

IOCTL = 0x0B
FSCTL_PIPE_TRANSCEIVE = 0x0011C017

# DCE/RPC connection-oriented PDU types and flags
RPC_REQUEST, RPC_RESPONSE, RPC_BIND, RPC_BIND_ACK = 0, 2, 11, 12
PFC_FIRST, PFC_LAST = 0x01, 0x02
MAX_FRAG = 1024            # max_xmit_frag / max_recv_frag, both ways

NDR20 = (bytes.fromhex("045d888aeb1cc9119fe808002b104860"), 2)  # 8a885d04-1ceb-11c9-9fe8-08002b104860 v2
RPC_IFACES = {
    # pipe: (abstract syntax uuid (wire order), major, minor)
    "svcctl": (bytes.fromhex("81bb7a364498f135ad3298f038001003"), 2, 0),
    "winreg": (bytes.fromhex("01d08c334422f131aaaa900038001003"), 1, 0),
}
# MS-SCMR and MS-RRP opnums
SC_CLOSE, SC_DELETE, SC_CREATE, SC_OPEN_SCM, SC_START = 0, 2, 12, 15, 19
RG_OPEN_HKLM, RG_CLOSE_KEY, RG_OPEN_KEY, RG_SET_VALUE = 2, 5, 15, 22

SVC_STEMS = ["xyz", "upd", "svc", "mgmt", "agent", "helper", "BTOBTO",
             "remcom", "PSEXESVC", "wmisvc", "backup", "inst"]
RUN_KEY = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"
RUN_VALUES = ["OneDriveSync", "Updater", "SecurityHealth", "agent", "helper"]


def ndr_str(s):
    """A conformant varying UTF-16LE string with its NUL (max, offset,
    actual count), padded to 4 bytes."""
    d = u16le(s + "\0")
    n = len(d) // 2
    return struct.pack("<III", n, 0, n) + d + bytes(-len(d) % 4)


def rrp_str(s, ref):
    """RRP_UNICODE_STRING (Length and MaximumLength in bytes, with the NUL)
    and the deferred Buffer."""
    d = u16le(s + "\0")
    return struct.pack("<HHI", len(d), len(d), ref) + ndr_str(s)


def rpc_pdus(ptype, call_id, stub, opnum=0):
    """A request (ptype 0) or response (2) split into fragments of at most
    MAX_FRAG bytes."""
    body_max = MAX_FRAG - 24
    out = []
    i = 0
    while True:
        chunk = stub[i:i + body_max]
        flags = (PFC_FIRST if i == 0 else 0)
        i += len(chunk)
        if i >= len(stub):
            flags |= PFC_LAST
        alloc = len(stub) - i + len(chunk)
        if ptype == RPC_REQUEST:
            body = struct.pack("<IHH", alloc, 0, opnum) + chunk
        else:
            body = struct.pack("<IHBB", alloc, 0, 0, 0) + chunk
        out.append(struct.pack("<BBBB4sHHI", 5, 0, ptype, flags,
                               b"\x10\0\0\0", 16 + len(body), 0, call_id)
                   + body)
        if flags & PFC_LAST:
            return out


def rpc_bind(call_id, pipe, assoc):
    uuid, major, minor = RPC_IFACES[pipe]
    body = (struct.pack("<HHIB3s", MAX_FRAG, MAX_FRAG, assoc, 1, bytes(3))
            + struct.pack("<HBB16sHH16sI", 0, 1, 0, uuid, major, minor,
                          NDR20[0], NDR20[1]))
    return (struct.pack("<BBBB4sHHI", 5, 0, RPC_BIND, PFC_FIRST | PFC_LAST,
                        b"\x10\0\0\0", 16 + len(body), 0, call_id) + body)


def rpc_bind_ack(call_id, pipe, assoc):
    sec = ("\\PIPE\\%s" % pipe).encode() + b"\0"
    body = struct.pack("<HHIH", MAX_FRAG, MAX_FRAG, assoc, len(sec)) + sec
    body += bytes(-(16 + len(body)) % 4)
    body += (struct.pack("<B3sHH", 1, bytes(3), 0, 0)
             + struct.pack("<16sI", NDR20[0], NDR20[1]))
    return (struct.pack("<BBBB4sHHI", 5, 0, RPC_BIND_ACK, PFC_FIRST | PFC_LAST,
                        b"\x10\0\0\0", 16 + len(body), 0, call_id) + body)


def rpc_gen(w, c, rng, pool, budget):
    """The rpc workload: DCE/RPC over SMB2 named pipes (svcctl and winreg),
    one exchange of connection c per next()."""
    yield from conn_setup(w, c, rng)
    sess = c.session

    # TREE_CONNECT \\server\IPC$ (share type 2, pipe)
    host = c.server_ip if rng.random() < 0.5 else c.server_name
    path = u16le("\\\\%s\\IPC$" % host)
    tid = rng.randint(1, 0xFFFF)
    m = c.mid
    req = (smb2_hdr(TREE_CONNECT, next_mid(c), sess=sess)
           + struct.pack("<HHHH", 9, 0, 72, len(path)) + path)
    resp = (smb2_hdr(TREE_CONNECT, m, tree=tid, sess=sess,
                     flags=FLAG_RESPONSE, credits=32)
            + struct.pack("<HBBIII", 16, 2, 0, 0x30, 0, 0x001F01FF))
    exchange(w, c, req, resp)
    count("tree_connect")
    yield

    def hdr(cmd, status=0, mid=None):
        if mid is None:
            return smb2_hdr(cmd, next_mid(c), tree=tid, sess=sess)
        return smb2_hdr(cmd, mid, tree=tid, sess=sess, status=status,
                        flags=FLAG_RESPONSE)

    def write_read(fid, pdu, reply):
        """WRITE the PDU to the pipe, then READ the reply (if any)."""
        m = c.mid
        exchange(w, c, hdr(WRITE)
                 + struct.pack("<HHIQ16sIIHHI", 49, 112, len(pdu), 0, fid,
                               0, 0, 0, 0, 0) + pdu,
                 hdr(WRITE, mid=m) + struct.pack("<HHIIHH", 17, 0, len(pdu),
                                                 0, 0, 0))
        count("smb2_write")
        if reply is None:
            return
        m = c.mid
        exchange(w, c, hdr(READ)
                 + struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, MAX_FRAG, 0, fid,
                               0, 0, 0, 0, 0) + b"\0",
                 hdr(READ, mid=m) + struct.pack("<HBBIII", 17, 80, 0,
                                                len(reply), 0, 0) + reply)
        count("smb2_read")

    def transceive(fid, pdu, reply):
        m = c.mid
        exchange(w, c, hdr(IOCTL)
                 + struct.pack("<HHI16sIIIIIIII", 57, 0, FSCTL_PIPE_TRANSCEIVE,
                               fid, 120, len(pdu), 0, 120, 0, MAX_FRAG, 1, 0)
                 + pdu,
                 hdr(IOCTL, mid=m)
                 + struct.pack("<HHI16sIIIIII", 49, 0, FSCTL_PIPE_TRANSCEIVE,
                               fid, 112, 0, 112, len(reply), 0, 0) + reply)
        count("smb2_ioctl")

    # CREATE the two pipes and BIND (WRITE + READ, as Windows does)
    pipes = {}
    for pipe in ("svcctl", "winreg"):
        fid = rng.randbytes(16)
        nm = u16le(pipe)
        m = c.mid
        exchange(w, c, hdr(CREATE)
                 + struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0,
                               0x0012019F, 0, 0x7, 1, 0x00400040, 120,
                               len(nm), 0, 0) + nm,
                 hdr(CREATE, mid=m)
                 + struct.pack("<HBBIQQQQQQII16sII", 89, 0, 0, 1, 0, 0, 0, 0,
                               4096, 0, 0x80, 0, fid, 0, 0))
        count("create")
        yield
        assoc = rng.randint(0x1000, 0xFFFF)
        write_read(fid, rpc_bind(1, pipe, assoc), rpc_bind_ack(1, pipe, assoc))
        count("bind")
        yield
        pipes[pipe] = [fid, 2]     # FileId, next call_id

    def call(pipe, opnum, stub, rstub):
        """One request/response: a single-fragment request goes in an IOCTL
        transceive (80 %) or a WRITE and a READ; the fragments of a longer
        one are WRITEs, the last of them a transceive."""
        fid = pipes[pipe][0]
        cid = pipes[pipe][1]
        pipes[pipe][1] += 1
        frags = rpc_pdus(RPC_REQUEST, cid, stub, opnum)
        reply = rpc_pdus(RPC_RESPONSE, cid, rstub)[0]
        count("%s_calls" % pipe)
        if len(frags) > 1:
            count("multi_fragment_requests")
        for f in frags[:-1]:
            write_read(fid, f, None)
        if rng.random() < 0.8:
            transceive(fid, frags[-1], reply)
        else:
            write_read(fid, frags[-1], reply)

    def handle():
        return bytes(4) + rng.randbytes(16)

    ref = [0]

    def referent():
        ref[0] += 4
        return struct.pack("<I", 0x00020000 + ref[0])

    ok = struct.pack("<I", 0)
    while c.bytes < budget:
        ref[0] = 0
        if rng.random() < 0.55:
            # service control manager: open, create, start, delete, close
            scm = handle()
            machine = "\\\\" + (c.server_name if rng.random() < 0.5
                                else c.server_ip)
            db = referent() + ndr_str("ServicesActive") if rng.random() < 0.5 \
                else bytes(4)
            call("svcctl", SC_OPEN_SCM,
                 referent() + ndr_str(machine) + db
                 + struct.pack("<I", 0x000F003F), scm + ok)
            yield
            name = "%s%d" % (rng.choice(SVC_STEMS), rng.randint(0, 99999))
            if rng.random() < 0.12:
                # a long command line: two or three request fragments
                cmd = base64.b64encode(rng.randbytes(rng.randint(400, 900)))
                binpath = ("%COMSPEC% /b /c start /b /min powershell.exe "
                           "-nop -w hidden -noni -enc " + cmd.decode())
            else:
                binpath = "%%SystemRoot%%\\%s.exe" % name
            display = name if rng.random() < 0.5 else "%s Service" % name
            svc = handle()
            ref[0] = 0
            call("svcctl", SC_CREATE,
                 scm + ndr_str(name) + referent() + ndr_str(display)
                 + struct.pack("<IIII", 0x000F01FF, 0x10, 3, 0)
                 + ndr_str(binpath) + struct.pack("<7I", 0, 0, 0, 0, 0, 0,
                                                  0),
                 struct.pack("<I", 0) + svc + ok)
            count("create_service")
            yield
            call("svcctl", SC_START, svc + struct.pack("<II", 0, 0), ok)
            count("start_service")
            yield
            call("svcctl", SC_DELETE, svc, ok)
            count("delete_service")
            yield
            for h in (svc, scm):
                call("svcctl", SC_CLOSE, h, bytes(20) + ok)
                yield
        else:
            # registry: HKLM, open the Run key, set a REG_SZ value, close
            hklm, key = handle(), handle()
            call("winreg", RG_OPEN_HKLM, bytes(4)
                 + struct.pack("<I", 0x02000000), hklm + ok)
            yield
            call("winreg", RG_OPEN_KEY, hklm + rrp_str(RUN_KEY, 0x00020000)
                 + struct.pack("<II", 0, 0x000F003F), key + ok)
            yield
            value = "%s%d" % (rng.choice(RUN_VALUES), rng.randint(0, 999))
            data = u16le("C:\\ProgramData\\%s\\%s.exe\0"
                         % (rng.choice(SVC_STEMS), value))
            call("winreg", RG_SET_VALUE, key + rrp_str(value, 0x00020000)
                 + struct.pack("<II", 1, len(data)) + data
                 + bytes(-len(data) % 4) + struct.pack("<I", len(data)), ok)
            count("set_value")
            yield
            for h in (key, hklm):
                call("winreg", RG_CLOSE_KEY, h, bytes(20) + ok)
                yield

    # CLOSE the pipes, TREE_DISCONNECT
    for fid, _ in pipes.values():
        m = c.mid
        exchange(w, c, hdr(CLOSE) + struct.pack("<HHI16s", 24, 0, 0, fid),
                 hdr(CLOSE, mid=m) + struct.pack("<HHIQQQQQQI", 60, 0, 0, 0,
                                                 0, 0, 0, 0, 0, 0))
        count("close")
        yield
    m = c.mid
    exchange(w, c, hdr(TREE_DISCONNECT) + struct.pack("<HH", 4, 0),
             hdr(TREE_DISCONNECT, mid=m) + struct.pack("<HH", 4, 0))
    yield
    conn_teardown(w, c)


HTTP_PATHS = ["index.html", "api/v1/status", "static/app.js",
              "static/css/site.css", "images/logo.png", "updates/manifest.xml",
              "download/package.bin", "api/v2/items", "favicon.ico"]


def tcp_gen(w, c, rng, pool, budget):
    """The tcp workload: HTTPS- or HTTP-like request/response traffic on
    port 443 or 80, one exchange per next()."""
    https = rng.random() < 0.8
    c.sport = 443 if https else 80
    count("conns_port_%d" % c.sport)
    handshake(w, c)
    yield

    def payload(n):
        o = rng.randrange(0, len(pool) - n)
        return pool[o:o + n]

    def tls_records(rtype, n):
        out = b""
        while n > 0:
            k = min(16384, n)
            out += struct.pack(">BHH", rtype, 0x0303, k) + payload(k)
            n -= k
        return out

    first = True
    while c.bytes < budget:
        n = rng.randint(100, 600)
        body = rng.randint(1024, 65536)
        if https:
            if first:
                req = struct.pack(">BHH", 0x16, 0x0301, n - 5) + payload(n - 5)
                hs = rng.randint(1024, 4096)
                resp = (struct.pack(">BHH", 0x16, 0x0303, hs) + payload(hs)
                        + tls_records(0x17, max(1, body - hs)))
            else:
                req = struct.pack(">BHH", 0x17, 0x0303, n - 5) + payload(n - 5)
                resp = tls_records(0x17, body)
        else:
            head = ("GET /%s?r=%d HTTP/1.1\r\nHost: 10.1.%d.%d\r\n"
                    "Cookie: sid=" % (rng.choice(HTTP_PATHS),
                                      rng.randint(0, 99999),
                                      c.sip[2], c.sip[3])).encode()
            pad = max(8, n - len(head) - 4)
            cookie = base64.b64encode(rng.randbytes(pad))[:pad]
            req = head + cookie + b"\r\n\r\n"
            resp = (b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream"
                    b"\r\nContent-Length: %d\r\n\r\n" % body) + payload(body)
        first = False
        seg_send(w, c, True, req)
        seg_send(w, c, False, resp)
        w.packet(c, True, TCP_ACK)
        count("requests")
        count("request_bytes", len(req))
        count("response_bytes", len(resp))
        yield
    w.packet(c, True, TCP_FIN | TCP_ACK)
    c.cseq = (c.cseq + 1) & 0xFFFFFFFF
    w.packet(c, False, TCP_FIN | TCP_ACK)
    c.sseq = (c.sseq + 1) & 0xFFFFFFFF
    w.packet(c, True, TCP_ACK)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=200.0,
                    help="minimum file size in MiB (default 200)")
    ap.add_argument("--workload", choices=("bulk", "files", "rpc", "tcp"),
                    default="bulk",
                    help="bulk: 1-64 KiB transfers (default); files: many "
                    "small files and opens; rpc: DCE/RPC svcctl and winreg "
                    "calls over named pipes; tcp: non-SMB TCP (HTTPS and "
                    "HTTP on 443 and 80) that the sensor must ignore")
    ap.add_argument("--conns", type=int, default=None,
                    help="number of TCP connections (default 1000 for files, "
                    "300 for the others)")
    ap.add_argument("--concurrency", type=int, default=128,
                    help="connections open at the same time (default 128)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.conns is None:
        a.conns = 1000 if a.workload == "files" else 300
    if a.conns < 1 or a.conns > 60000 or a.concurrency < 1:
        ap.error("--conns must be 1..60000 and --concurrency >= 1")

    rng = random.Random(a.seed)
    pool = rng.randbytes(MIB)
    target = int(a.size_mb * MIB)
    budget = max(1, target // a.conns + 1)
    w = Writer(a.out, rng)
    gen = {"bulk": conn_gen, "files": files_gen, "rpc": rpc_gen,
           "tcp": tcp_gen}[a.workload]
    active = []
    started = 0
    max_open = 0
    while started < a.conns or active:
        while started < a.conns and len(active) < a.concurrency:
            c = Conn(started, rng)
            active.append(gen(w, c, rng, pool, budget))
            started += 1
        max_open = max(max_open, len(active))
        i = rng.randrange(len(active))
        try:
            next(active[i])
        except StopIteration:
            active[i] = active[-1]
            active.pop()
    w.close()
    print("gen_smb2_pcap: wrote %s: %d bytes (%.1f MiB), %d packets, "
          "%d connections, up to %d open at once"
          % (a.out, w.size, w.size / MIB, w.packets, a.conns, max_open))
    if OPS:
        print("gen_smb2_pcap: %s workload: " % a.workload + ", ".join(
            "%s %d" % (k, v) for k, v in sorted(OPS.items())))
    if w.size < target:
        print("gen_smb2_pcap: warning: smaller than the requested %d bytes"
              % target, file=sys.stderr)


if __name__ == "__main__":
    main()
