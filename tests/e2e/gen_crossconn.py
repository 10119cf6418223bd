#!/usr/bin/env python3
"""Builds an exec-chain capture whose write and execution travel on
different connections, as PsExec's do: demo.pcap's first connection
(CORP\\alice writes svc.exe to \\\\10.99.0.2\\ADMIN$), then, GAP seconds after its
last packet, exec-services.pcap (CORP\\alice creates and starts a service
over \\\\10.98.0.2\\IPC$) moved to the same hosts (10.98.0.x -> 10.99.0.x,
checksums recomputed). Deterministic, stdlib only.

  gen_crossconn.py DEMO SERVICES OUT GAP
"""
import socket
import struct
import sys

from gen_fanout import checksum, read_pcap, tcp_of


def moved(frame):
    """The frame with 10.98.0.x addresses as 10.99.0.x, checksums redone."""
    f = bytearray(frame)
    ip, ihl = 14, (f[14] & 15) * 4
    tcp, total = ip + ihl, struct.unpack(">H", f[16:18])[0]
    for at in (26, 30):
        if f[at:at + 3] == bytes([10, 98, 0]):
            f[at + 1] = 99
    f[ip + 10:ip + 12] = b"\0\0"
    f[ip + 10:ip + 12] = struct.pack(">H", checksum(bytes(f[ip:tcp])))
    f[tcp + 16:tcp + 18] = b"\0\0"
    seg = bytes(f[tcp:ip + total])
    f[tcp + 16:tcp + 18] = struct.pack(">H", checksum(bytes(f[26:34]) + struct.pack(">BBH", 0, 6, len(seg)) + seg))
    return bytes(f)


def main():
    demo, services, out, gap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    hdr, dpkts = read_pcap(demo)
    first = next(t for t in map(lambda p: tcp_of(p[2]), dpkts) if t and t[5] == 445)
    port = first[4]  # the client port of demo's first connection
    write = [p for p in dpkts if (t := tcp_of(p[2])) and port in (t[4], t[5])]
    _, spkts = read_pcap(services)
    shift = write[-1][0] + gap * 1000000 - spkts[0][0]
    with open(out, "wb") as f:
        f.write(hdr)
        for ts, wirelen, frame in write + [(ts + shift, w, moved(fr)) for ts, w, fr in spkts]:
            f.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, len(frame), wirelen) + frame)
    print("gen_crossconn: %s: demo connection from port %d, services %d s later" % (out, port, gap),
          file=sys.stderr)


if __name__ == "__main__":
    main()
