#!/usr/bin/env python3
"""Rewrites classic pcap files for the end-to-end tests: other link layers,
broken TCP checksums, truncation, and damaged or re-encoded SMB sessions
(TCP 445/139) for the gap-recovery checks. Deterministic, stdlib only.

  pcaptool.py relink IN OUT {vlan,qinq,sll,sll2,null,loop,raw}
  pcaptool.py badcsum IN OUT
  pcaptool.py truncate IN OUT NBYTES
  pcaptool.py headeronly IN OUT
  pcaptool.py nohandshake IN OUT    drop SYN, SYN/ACK and the handshake's ACK
  pcaptool.py dropseg IN OUT --in-write
                                    drop one segment from inside the data of
                                    the first SMB2 WRITE request spanning 3 or
                                    more segments; says which on stderr
  pcaptool.py dropseg IN OUT --frame N
                                    drop frame N (1-based, as tshark counts)
  pcaptool.py onedir IN OUT {client,server}
                                    keep only what the client (to 445/139) or
                                    the server sent
  pcaptool.py ipv6 IN OUT [--ext]   IPv4 a.b.c.d becomes 2001:db8::a:b:c:d
                                    (each decimal octet written as a hex
                                    group: 10.0.0.11 is 2001:db8::10:0:0:11);
                                    --ext adds an 8-byte Hop-by-Hop header
  pcaptool.py reorder IN OUT        swap every 7th pair of adjacent frames
                                    carrying data of the same direction
  pcaptool.py duplicate IN OUT      repeat every 5th data segment at once
                                    (a retransmission: IP id + 1)
  pcaptool.py delay IN OUT N SECONDS
                                    frames N (1-based) and later happen
                                    SECONDS later

The SMB commands take Ethernet (VLAN tags allowed) IPv4; other packets pass
through unchanged.
"""
import collections
import struct
import sys

LINKTYPE = {"ether": 1, "vlan": 1, "qinq": 1, "sll": 113, "sll2": 276,
            "null": 0, "loop": 108, "raw": 101}


def read_pcap(path):
    data = open(path, "rb").read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        sys.exit("pcaptool: %s is not a classic pcap" % path)
    hdr = data[:24]
    linktype = struct.unpack(endian + "I", hdr[20:24])[0]
    pkts, off = [], 24
    while off + 16 <= len(data):
        sec, usec, caplen, wirelen = struct.unpack(endian + "IIII", data[off:off + 16])
        pkts.append((sec, usec, wirelen, data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return endian, hdr, linktype, pkts


def write_pcap(path, linktype, pkts):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype))
        for sec, usec, wirelen, frame in pkts:
            f.write(struct.pack("<IIII", sec, usec, len(frame), wirelen))
            f.write(frame)


def ip_of_ether(frame):
    """(ethertype, ip bytes) of an Ethernet frame, skipping VLAN tags."""
    off, et = 12, struct.unpack(">H", frame[12:14])[0]
    while et in (0x8100, 0x88a8):
        off += 4
        et = struct.unpack(">H", frame[off:off + 2])[0]
    return et, frame[off + 2:]


def relink(frame, kind):
    et, ip = ip_of_ether(frame)
    macs = frame[:12]
    if kind == "vlan":
        return macs + struct.pack(">HH", 0x8100, 42) + struct.pack(">H", et) + ip
    if kind == "qinq":
        return macs + struct.pack(">HHHH", 0x88a8, 100, 0x8100, 42) + struct.pack(">H", et) + ip
    if kind == "sll":
        return struct.pack(">HHH", 0, 1, 6) + frame[6:12] + b"\0\0" + struct.pack(">H", et) + ip
    if kind == "sll2":
        return struct.pack(">HHIHBB", et, 0, 2, 1, 0, 6) + frame[6:12] + b"\0\0" + ip
    family = 2 if et == 0x0800 else 30
    if kind == "null":
        return struct.pack("<I", family) + ip
    if kind == "loop":
        return struct.pack(">I", family) + ip
    if kind == "raw":
        return ip
    sys.exit("pcaptool: unknown link kind " + kind)


def break_checksum(frame):
    et, ip = ip_of_ether(frame)
    if et != 0x0800 or len(ip) < 20 or ip[9] != 6:
        return frame
    ihl = (ip[0] & 15) * 4
    at = len(frame) - len(ip) + ihl + 16
    if at + 2 > len(frame):
        return frame
    b = bytearray(frame)
    b[at] ^= 0x5a
    b[at + 1] ^= 0xa5
    return bytes(b)


SMB_PORTS = (445, 139)
TH_FIN, TH_SYN, TH_RST, TH_PSH, TH_ACK = 0x01, 0x02, 0x04, 0x08, 0x10

# A TCP segment of a frame: addresses as bytes, payload as frame offsets.
Seg = collections.namedtuple("Seg", "src dst sport dport seq ack flags ip_off payload_off payload_len")


def tcp_of(frame):
    """The Seg of an Ethernet frame carrying an unfragmented IPv4 TCP
    segment, else None. payload_len is what the IP header says."""
    et, ip = ip_of_ether(frame)
    if et != 0x0800 or len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
        return None
    ihl = (ip[0] & 15) * 4
    total, frag = struct.unpack(">H2xH", ip[2:8])
    if frag & 0x3fff or len(ip) < ihl + 20:
        return None
    sport, dport, seq, ack, doff, flags = struct.unpack(">HHIIBB", ip[ihl:ihl + 14])
    ip_off = len(frame) - len(ip)
    thl = (doff >> 4) * 4
    return Seg(ip[12:16], ip[16:20], sport, dport, seq, ack, flags,
               ip_off, ip_off + ihl + thl, max(0, total - ihl - thl))


def smb_conn(t):
    """(connection key, sent by the client) of an SMB segment, else None.
    The key is (client addr, client port, server addr, server port)."""
    if t is None:
        return None
    if t.dport in SMB_PORTS:
        return (t.src, t.sport, t.dst, t.dport), True
    if t.sport in SMB_PORTS:
        return (t.dst, t.dport, t.src, t.sport), False
    return None


def no_handshake(pkts):
    """Drops the SYN, the SYN/ACK and the client's first pure ACK after the
    SYN/ACK of every SMB connection."""
    out, synack = [], {}
    for p in pkts:
        t = tcp_of(p[3])
        c = smb_conn(t)
        if c:
            key, from_client = c
            if t.flags & TH_SYN:
                if not from_client and t.flags & TH_ACK:
                    synack[key] = (t.seq + 1) & 0xffffffff
                continue
            if from_client and key in synack:
                want = synack.pop(key)
                if t.flags & (TH_FIN | TH_RST | TH_ACK) == TH_ACK and t.payload_len == 0 and t.ack == want:
                    continue
        out.append(p)
    return out


def client_segments(pkts, key):
    """[(stream offset, frame index, payload)] of the data the client sent on
    connection key, first copy of each offset, in stream order. Offsets
    count from the SYN's seq + 1, or from the first data segment's seq."""
    base, segs, seen = None, [], set()
    for i, p in enumerate(pkts):
        t = tcp_of(p[3])
        c = smb_conn(t)
        if not c or c[0] != key or not c[1]:
            continue
        if t.flags & TH_SYN:
            base = (t.seq + 1) & 0xffffffff
            continue
        if t.payload_len == 0:
            continue
        if base is None:
            base = t.seq
        off = (t.seq - base) & 0xffffffff
        if off not in seen:
            seen.add(off)
            segs.append((off, i, p[3][t.payload_off:t.payload_off + t.payload_len]))
    segs.sort()
    return segs


def contiguous_stream(segs):
    """The client's bytes from offset 0 up to the first hole."""
    data = bytearray()
    for off, _, payload in segs:
        if off > len(data):
            break
        data += payload[len(data) - off:]
    return bytes(data)


def smb2_writes(stream):
    """(data start, data end) stream offsets of every SMB2 WRITE request,
    walking NetBIOS messages and SMB2 compounds from offset 0."""
    at = 0
    while at + 4 <= len(stream):
        nb_len = struct.unpack(">I", b"\0" + stream[at + 1:at + 4])[0]
        msg, end = at + 4, at + 4 + nb_len
        while stream[msg:msg + 4] == b"\xfeSMB" and msg + 72 <= len(stream):
            cmd, flags, nxt = struct.unpack("<H2xII", stream[msg + 12:msg + 24])
            if cmd == 0x09 and not flags & 1:
                data_off, length = struct.unpack("<HI", stream[msg + 66:msg + 72])
                yield msg + data_off, msg + data_off + length
            if not nxt:
                break
            msg += nxt
        at = end


def write_inner_segment(pkts):
    """(frame index, payload bytes) of the segment to drop: the middle one
    of the segments carrying the data of the first WRITE request whose data
    spans at least 3 segments, never the first or last of them."""
    keys = []
    for p in pkts:
        c = smb_conn(tcp_of(p[3]))
        if c and c[0] not in keys:
            keys.append(c[0])
    for key in keys:
        segs = client_segments(pkts, key)
        for start, end in smb2_writes(contiguous_stream(segs)):
            inside = [s for s in segs if s[0] < end and s[0] + len(s[2]) > start]
            if len(inside) >= 3:
                off, i, payload = inside[len(inside) // 2]
                return i, len(payload)
    sys.exit("pcaptool: no SMB2 WRITE request spans 3 segments")


def one_direction(pkts, side):
    """Only the SMB segments sent by side (client or server)."""
    out = []
    for p in pkts:
        c = smb_conn(tcp_of(p[3]))
        if c and c[1] == (side == "client"):
            out.append(p)
    return out


def v6_addr(v4):
    """2001:db8::a:b:c:d, each decimal octet read as a hex group, so that
    10.0.0.11 reads 2001:db8::10:0:0:11."""
    groups = [0x2001, 0xdb8, 0, 0] + [int(str(o), 16) for o in v4]
    return struct.pack(">8H", *groups)


def inet_sum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def checksum(data):
    return ~inet_sum(data) & 0xffff


def to_ipv6(frame, wirelen, ext):
    """The frame with its IPv4 header replaced by IPv6 (hop limit 64, traffic
    class from the TOS) and, with ext, a Hop-by-Hop header holding one PadN
    option. TCP and UDP checksums are recomputed over the IPv6 pseudo-header
    when the segment was captured whole. Other frames are unchanged."""
    et, ip = ip_of_ether(frame)
    if et != 0x0800 or len(ip) < 20 or ip[0] >> 4 != 4:
        return frame, wirelen
    ihl = (ip[0] & 15) * 4
    total, frag = struct.unpack(">H2xH", ip[2:8])
    if frag & 0x3fff:
        return frame, wirelen
    proto, src, dst = ip[9], v6_addr(ip[12:16]), v6_addr(ip[16:20])
    upper = bytearray(ip[ihl:total])
    ulen = total - ihl
    at = {6: 16, 17: 6}.get(proto)
    if at is not None and len(upper) == ulen and ulen >= at + 2:
        upper[at:at + 2] = b"\0\0"
        pseudo = src + dst + struct.pack(">IxxxB", ulen, proto)
        c = checksum(pseudo + bytes(upper))
        if proto == 17 and c == 0:
            c = 0xffff
        upper[at:at + 2] = struct.pack(">H", c)
    hbh = struct.pack(">BBBB4x", proto, 0, 1, 4) if ext else b""
    v6 = struct.pack(">IHBB", (6 << 28) | (ip[1] << 20), len(hbh) + ulen,
                     0 if ext else proto, 64) + src + dst + hbh
    l2 = len(frame) - len(ip)
    new = frame[:l2 - 2] + b"\x86\xdd" + v6 + bytes(upper)
    return new, l2 + len(v6) + ulen


def reorder(pkts, every=7):
    """Swaps the payloads of every 7th pair of adjacent frames that carry
    data of the same connection and direction; timestamps stay in place."""
    out, i, pairs = list(pkts), 0, 0
    while i + 1 < len(out):
        a, b = tcp_of(out[i][3]), tcp_of(out[i + 1][3])
        ca, cb = smb_conn(a), smb_conn(b)
        if ca and ca == cb and a.payload_len and b.payload_len:
            pairs += 1
            if pairs % every == 0:
                (s1, u1, w1, f1), (s2, u2, w2, f2) = out[i], out[i + 1]
                out[i], out[i + 1] = (s1, u1, w2, f2), (s2, u2, w1, f1)
                i += 2
                continue
        i += 1
    return out


def retransmitted(frame, t):
    """A copy of the frame with the IP id one higher (the IP checksum
    fixed): what a sender's retransmission looks like."""
    b = bytearray(frame)
    ip = t.ip_off
    ihl = (b[ip] & 15) * 4
    b[ip + 4:ip + 6] = struct.pack(">H", (struct.unpack(">H", b[ip + 4:ip + 6])[0] + 1) & 0xffff)
    b[ip + 10:ip + 12] = b"\0\0"
    b[ip + 10:ip + 12] = struct.pack(">H", checksum(bytes(b[ip:ip + ihl])))
    return bytes(b)


def duplicate(pkts, every=5):
    """Every 5th SMB segment carrying data, sent again right after itself
    with the same timestamp."""
    out, n = [], 0
    for p in pkts:
        out.append(p)
        t = tcp_of(p[3])
        if smb_conn(t) and t.payload_len:
            n += 1
            if n % every == 0:
                out.append(p[:3] + (retransmitted(p[3], t),))
    return out


def main(argv):
    cmd, src, dst = argv[1], argv[2], argv[3]
    endian, hdr, linktype, pkts = read_pcap(src)
    if cmd == "headeronly":
        write_pcap(dst, linktype, [])
        return
    if cmd == "truncate":
        data = open(src, "rb").read()
        open(dst, "wb").write(data[:int(argv[4])])
        return
    if cmd == "delay":
        first, secs = int(argv[4]) - 1, int(argv[5])
        write_pcap(dst, linktype, [(s + secs if i >= first else s, u, w, f)
                                   for i, (s, u, w, f) in enumerate(pkts)])
        return
    if linktype != 1:
        sys.exit("pcaptool: input must be Ethernet")
    if cmd == "badcsum":
        out = [(s, u, w, break_checksum(f)) for s, u, w, f in pkts]
        write_pcap(dst, 1, out)
    elif cmd == "relink":
        kind = argv[4]
        out = []
        for s, u, w, f in pkts:
            nf = relink(f, kind)
            out.append((s, u, w - len(f) + len(nf), nf))
        write_pcap(dst, LINKTYPE[kind], out)
    elif cmd == "nohandshake":
        write_pcap(dst, 1, no_handshake(pkts))
    elif cmd == "dropseg":
        if argv[4:5] == ["--in-write"]:
            drop, size = write_inner_segment(pkts)
        elif argv[4:5] == ["--frame"]:
            drop = int(argv[5]) - 1
            t = tcp_of(pkts[drop][3])
            size = t.payload_len if t else 0
        else:
            sys.exit("pcaptool: dropseg IN OUT {--in-write,--frame N}")
        print("pcaptool: dropped frame %d (%d payload bytes)" % (drop + 1, size), file=sys.stderr)
        write_pcap(dst, 1, pkts[:drop] + pkts[drop + 1:])
    elif cmd == "onedir":
        if argv[4] not in ("client", "server"):
            sys.exit("pcaptool: onedir IN OUT {client,server}")
        write_pcap(dst, 1, one_direction(pkts, argv[4]))
    elif cmd == "ipv6":
        ext = argv[4:5] == ["--ext"]
        out = []
        for s, u, w, f in pkts:
            nf, nw = to_ipv6(f, w, ext)
            out.append((s, u, nw, nf))
        write_pcap(dst, 1, out)
    elif cmd == "reorder":
        write_pcap(dst, 1, reorder(pkts))
    elif cmd == "duplicate":
        write_pcap(dst, 1, duplicate(pkts))
    else:
        sys.exit("pcaptool: unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
