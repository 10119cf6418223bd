#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, cut from the captures in pcaps/.

  seeds.py PCAPDIR OUTDIR

writes OUTDIR/TARGET/NAME for every target of tests/fuzz/ (one file per
input; NAME says which capture and connection it came from):

  netbios   each SMB connection (TCP 445/139): its TCP payloads in capture
            order, one chunk per segment (retransmissions dropped, holes as
            FUZZ_GAP chunks), after one settings byte
  smb2      its NetBIOS session messages, one chunk per message, SMB2/3 ones
  smb1      the same, SMB1 ones (and the SMB2 answer to an SMB1 NEGOTIATE)
  ntlmssp   every SESSION_SETUP security blob and every NTLMSSP message
  dcerpc    the DCE/RPC PDUs of each connection (found in SMB messages, or
            the TCP payloads of a DCE/RPC connection), one chunk per PDU
  ndr       the stub of each unfragmented REQUEST and RESPONSE whose
            interface the BIND named: interface UUID, opnum, stub
  task_xml  the UTF-16LE task XML of SchRpcRegisterTask calls; no capture
            has one in clear, so a task like atexec.py's is also written, as
            XML and as the NDR stub of its SchRpcRegisterTask (for ndr)
  pipeline  each capture cut to its first packets, and each of its first
            connections alone, as classic pcap files of at most 32 KiB

The layout of a chunked input is tests/fuzz/common.h's. Stdlib only; every
input is written once (duplicates dropped), so the output is deterministic.
"""
import hashlib
import os
import struct
import sys

FROM_CLIENT, GAP, RESYNC, ALT = 0x01, 0x02, 0x04, 0x08
SEED_MAX = 32 * 1024     # bytes of one seed: keeps the runs fast
MSG_MAX = 8 * 1024       # bytes kept of one SMB message
CONNS_PER_PCAP = 4       # connections cut out alone for the pipeline target
SMB_PORTS = (445, 139)


def read_pcap(data):
    """(linktype, [(ts_sec, ts_frac, frame)]) of a classic pcap."""
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    pkts, off = [], 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        pkts.append((sec, frac, data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return linktype, pkts


def read_pcapng(data):
    """The same for a pcapng file (first interface's link type, usec stamps)."""
    pkts, linktypes, off, endian = [], [], 0, "<"
    while off + 12 <= len(data):
        btype = struct.unpack(endian + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            endian = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        blen = struct.unpack(endian + "I", data[off + 4:off + 8])[0]
        if blen < 12:
            break
        body = data[off + 8:off + blen - 4]
        if btype == 1:
            linktypes.append(struct.unpack(endian + "H", body[:2])[0])
        elif btype == 6:
            _, hi, lo, caplen, _ = struct.unpack(endian + "IIIII", body[:20])
            ts = (hi << 32 | lo)
            pkts.append((ts // 1000000, ts % 1000000, body[20:20 + caplen]))
        off += blen
    return (linktypes[0] if linktypes else 1), pkts


def read_capture(path):
    data = open(path, "rb").read()
    return read_pcapng(data) if data[:4] == b"\x0a\x0d\x0d\x0a" else read_pcap(data)


def tcp_of(frame):
    """(src, sport, dst, dport, seq, flags, payload) of an Ethernet frame
    carrying TCP over IPv4 or IPv6 (VLAN tags allowed), else None."""
    off, etype = 14, struct.unpack(">H", frame[12:14])[0] if len(frame) >= 14 else 0
    while etype in (0x8100, 0x88A8) and len(frame) >= off + 4:
        etype = struct.unpack(">H", frame[off + 2:off + 4])[0]
        off += 4
    ip = frame[off:]
    if etype == 0x0800 and len(ip) >= 20 and ip[9] == 6:
        total = struct.unpack(">H", ip[2:4])[0] or len(ip)
        src, dst, tcp = ip[12:16], ip[16:20], ip[(ip[0] & 15) * 4:total]
    elif etype == 0x86DD and len(ip) >= 40 and ip[6] == 6:
        src, dst, tcp = ip[8:24], ip[24:40], ip[40:40 + struct.unpack(">H", ip[4:6])[0]]
    else:
        return None
    if len(tcp) < 20:
        return None
    sport, dport, seq = struct.unpack(">HHI", tcp[:8])
    return src, sport, dst, dport, seq, tcp[13], tcp[(tcp[12] >> 4) * 4:]


class Conn:
    """One TCP connection: its data chunks in capture order, with holes."""

    def __init__(self, client, server):
        self.client, self.server = client, server
        self.next = {}
        self.chunks = []   # (from_client, bytes or None for a hole, hole size)
        self.packets = []

    def add(self, from_client, seq, payload):
        nxt = self.next.get(from_client)
        if nxt is not None:
            ahead = (seq - nxt) & 0xFFFFFFFF
            if ahead >= 0x80000000:          # old bytes: keep only the new tail
                behind = 0x100000000 - ahead
                if behind >= len(payload):
                    return
                payload, seq = payload[behind:], nxt
            elif ahead:
                self.chunks.append((from_client, None, ahead))
        self.chunks.append((from_client, payload, len(payload)))
        self.next[from_client] = (seq + len(payload)) & 0xFFFFFFFF


def connections(pkts):
    conns, order = {}, []
    for i, (_, _, frame) in enumerate(pkts):
        t = tcp_of(frame)
        if not t:
            continue
        src, sport, dst, dport, seq, flags, payload = t
        key = frozenset(((src, sport), (dst, dport)))
        c = conns.get(key)
        if c is None:
            if sport in SMB_PORTS or (flags & 0x12) == 0x12 or (dport not in SMB_PORTS and sport < dport):
                c = Conn((dst, dport), (src, sport))
            else:
                c = Conn((src, sport), (dst, dport))
            conns[key] = c
            order.append(c)
        c.packets.append(i)
        if flags & 0x02:
            c.next[(src, sport) == c.client] = (seq + 1) & 0xFFFFFFFF
        elif payload:
            c.add((src, sport) == c.client, seq, payload)
    return order


def chunk(flags, data):
    """A record; a hole's is its size alone (data: an int)."""
    if isinstance(data, int):
        return struct.pack("<BH", flags | GAP, min(data, 0xFFFF))
    return struct.pack("<BH", flags, min(len(data), 0xFFFF)) + data[:0xFFFF]


def chunked(settings, records):
    """A chunked input: settings byte, then records until SEED_MAX."""
    out = bytearray([settings])
    for flags, data in records:
        rec = chunk(flags, data)
        if len(out) + len(rec) > SEED_MAX and len(out) > 1:
            break
        out += rec
    return bytes(out)


def nb_messages(c):
    """NetBIOS session messages of both directions, in the order they completed."""
    bufs, lost, msgs = {True: b"", False: b""}, set(), []
    for from_client, data, _ in c.chunks:
        if data is None:
            lost.add(from_client)     # framing after a hole is the sensor's job
        if from_client in lost:
            continue
        buf = bufs[from_client] + data
        while len(buf) >= 4:
            n = struct.unpack(">I", buf[:4])[0] & 0xFFFFFF
            if len(buf) < 4 + n:
                break
            if buf[0] == 0:
                msgs.append((from_client, buf[4:4 + n]))
            buf = buf[4 + n:]
        bufs[from_client] = buf
    return msgs


def dcerpc_pdus(data):
    """PDUs (little-endian, version 5.0) found anywhere in data."""
    i = 0
    while i + 16 <= len(data):
        if data[i] == 5 and data[i + 1] == 0 and data[i + 2] <= 0x13 and data[i + 4] == 0x10:
            n = struct.unpack("<H", data[i + 8:i + 10])[0]
            if n >= 16:
                yield data[i:i + n]
                i += n
                continue
        i += 1


def security_blob(msg, from_client):
    """SMB2 SESSION_SETUP security buffer, or None."""
    if len(msg) < 72 or msg[:4] != b"\xfeSMB" or struct.unpack("<H", msg[12:14])[0] != 1:
        return None
    at = 64 + (12 if from_client else 4)
    off, n = struct.unpack("<HH", msg[at:at + 4])
    return msg[off:off + n] or None


def ntlmssp_messages(data):
    i = data.find(b"NTLMSSP\0")
    while i >= 0:
        yield data[i:i + 2048]
        i = data.find(b"NTLMSSP\0", i + 8)


TASK_START = "<Task".encode("utf-16-le")
TASK_END = "</Task>".encode("utf-16-le")


def task_xml(data):
    i = data.find(TASK_START)
    if i < 0:
        return None
    j = data.find(TASK_END, i)
    return data[i:j + len(TASK_END)] if j > 0 else data[i:]


class Stubs:
    """Request and response stubs of the calls of one connection."""

    def __init__(self):
        self.ifaces, self.calls, self.out = {}, {}, []

    def pdu(self, p):
        ptype, flags = p[2], p[3]
        if len(p) < 24:
            return
        auth = struct.unpack("<H", p[10:12])[0]
        call_id = struct.unpack("<I", p[12:16])[0]
        end = len(p) - (auth + 8 if auth else 0)
        if ptype in (0x0B, 0x0E):
            self.bind(p)
        elif ptype == 0x00 and flags & 3 == 3:
            ctx, opnum = struct.unpack("<HH", p[20:24])
            uuid = self.ifaces.get(ctx)
            if uuid:
                self.calls[call_id] = (uuid, opnum)
                self.out.append(uuid + struct.pack("<H", opnum) + p[40 if flags & 0x80 else 24:end])
        elif ptype == 0x02 and flags & 3 == 3 and call_id in self.calls:
            uuid, opnum = self.calls.pop(call_id)
            self.out.append(uuid + struct.pack("<H", opnum) + p[24:end])

    def bind(self, p):
        if len(p) < 29:
            return
        off = 28
        for _ in range(p[24]):
            if off + 24 > len(p):
                return
            ctx, ntrans = struct.unpack("<HB", p[off:off + 3])
            self.ifaces[ctx] = p[off + 4:off + 20]
            off += 24 + 20 * ntrans


class Seeds:
    def __init__(self, outdir):
        self.outdir, self.seen, self.count = outdir, set(), {}

    def add(self, target, name, data):
        digest = hashlib.sha1(target.encode() + data).hexdigest()
        if not data or digest in self.seen:
            return
        self.seen.add(digest)
        d = os.path.join(self.outdir, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "%s-%s" % (name, digest[:8])), "wb") as f:
            f.write(data)
        self.count[target] = self.count.get(target, 0) + 1


def smb_seeds(seeds, name, c, msgs):
    smb2, smb1 = [], []
    for from_client, m in msgs:
        flags = FROM_CLIENT if from_client else 0
        if m[:4] == b"\xffSMB":
            smb1.append((flags, m[:MSG_MAX]))
        elif m[:4] in (b"\xfeSMB", b"\xfdSMB", b"\xfcSMB"):
            kind = {0xFD: ALT, 0xFC: RESYNC}.get(m[0], 0)
            smb2.append((flags | kind, m[:MSG_MAX]))
            if m[0] == 0xFE:
                smb1.append((flags | ALT, m[:MSG_MAX]))
        blob = security_blob(m, from_client)
        if blob:
            seeds.add("ntlmssp", name, blob)
        for n in ntlmssp_messages(m):
            seeds.add("ntlmssp", name, n)
    if smb2:
        seeds.add("smb2", name, chunked(0, smb2))
    if any(m[:4] == b"\xffSMB" for _, m in msgs):
        seeds.add("smb1", name, chunked(0, smb1))


def rpc_seeds(seeds, name, c, msgs):
    pdus = []
    if msgs:
        for from_client, m in msgs:
            pdus += [(from_client, p) for p in dcerpc_pdus(m)]
    else:
        for from_client, data, _ in c.chunks:
            pdus += [(from_client, p) for p in dcerpc_pdus(data or b"")]
    if not pdus:
        return
    stubs = Stubs()
    for _, p in pdus:
        stubs.pdu(p)
        for n in ntlmssp_messages(p):
            seeds.add("ntlmssp", name, n)
    for s in stubs.out:
        seeds.add("ndr", name, s[:SEED_MAX])
        xml = task_xml(s)
        if xml:
            seeds.add("task_xml", name, xml)
    if msgs:
        seeds.add("dcerpc", name, chunked(0, [(FROM_CLIENT if fc else 0, p) for fc, p in pdus]))
    else:
        records = [(FROM_CLIENT if fc else 0, d if d is not None else n) for fc, d, n in c.chunks]
        seeds.add("dcerpc", name, chunked(0, records))


def netbios_seed(c):
    records = [(FROM_CLIENT if fc else 0, d if d is not None else n) for fc, d, n in c.chunks]
    return chunked(2, records)


def write_pcap(linktype, pkts):
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
    for sec, frac, frame in pkts:
        rec = struct.pack("<IIII", sec, frac, len(frame), len(frame)) + frame
        if len(out) + len(rec) > SEED_MAX and len(out) > 24:
            break
        out += rec
    return bytes(out)


def one_capture(seeds, path):
    base = os.path.basename(path).rsplit(".", 1)[0]
    linktype, pkts = read_capture(path)
    seeds.add("pipeline", base, write_pcap(linktype, pkts))
    conns = connections(pkts)
    with_data = [c for c in conns if c.chunks]
    for i, c in enumerate(with_data):
        name = "%s-%d" % (base, i)
        smb = c.server[1] in SMB_PORTS
        msgs = nb_messages(c) if smb else []
        if smb:
            seeds.add("netbios", name, netbios_seed(c))
            smb_seeds(seeds, name, c, msgs)
        rpc_seeds(seeds, name, c, msgs)
        if i < CONNS_PER_PCAP and len(with_data) > 1:
            seeds.add("pipeline", name, write_pcap(linktype, [pkts[j] for j in c.packets]))


TSCH = bytes.fromhex("4959d386c9834440b424db363231fd0c")
TASK = ('<?xml version="1.0" encoding="UTF-16"?><Task version="1.2"><Triggers><CalendarTrigger>'
        '<StartBoundary>2015-07-15T20:35:13</StartBoundary></CalendarTrigger></Triggers>'
        '<Principals><Principal id="LocalSystem"><UserId>S-1-5-18</UserId></Principal></Principals>'
        '<Actions Context="LocalSystem"><Exec><Command>cmd.exe</Command>'
        '<Arguments>/C whoami &amp; echo &lt;x&gt; &#x3e; %windir%\\Temp\\a.tmp 2&gt;&amp;1</Arguments>'
        '</Exec></Actions></Task>')


def ndr_wstring(s):
    """A [string] wchar_t array: max count, offset, actual count, UTF-16LE, padded to 4."""
    u = (s + "\0").encode("utf-16-le")
    n = len(u) // 2
    return struct.pack("<III", n, 0, n) + u + b"\0" * (-len(u) % 4)


def task_seeds(seeds):
    xml = TASK.encode("utf-16-le")
    seeds.add("task_xml", "atexec-template", xml)
    stub = (struct.pack("<I", 0x20000) + ndr_wstring("\\aTask") + ndr_wstring(TASK)
            + struct.pack("<IIIII", 2, 0, 0, 0, 0))
    seeds.add("ndr", "atexec-template", TSCH + struct.pack("<H", 1) + stub)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    seeds = Seeds(argv[2])
    task_seeds(seeds)
    for f in sorted(os.listdir(argv[1])):
        if f.endswith((".pcap", ".pcapng")):
            one_capture(seeds, os.path.join(argv[1], f))
    print("seeds: " + ", ".join("%s %d" % kv for kv in sorted(seeds.count.items())))


if __name__ == "__main__":
    main(sys.argv)
