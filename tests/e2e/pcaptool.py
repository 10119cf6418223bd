#!/usr/bin/env python3
"""Rewrites classic pcap files for the end-to-end tests: other link layers,
broken TCP checksums, truncation. Deterministic, stdlib only.

  pcaptool.py relink IN OUT {vlan,qinq,sll,sll2,null,loop,raw}
  pcaptool.py badcsum IN OUT
  pcaptool.py truncate IN OUT NBYTES
  pcaptool.py headeronly IN OUT
"""
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
    else:
        sys.exit("pcaptool: unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
