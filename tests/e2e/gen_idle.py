#!/usr/bin/env python3
"""Writes a classic pcap of many short SMB connections that go idle: each
one a handshake, an SMB2 NEGOTIATE request and response, then silence (no
FIN), arriving at a steady rate. It is the input of the bounded-memory
check: RSS after N connections must be what it was after the first
thousand, since idle ones expire.

  gen_idle.py OUT --conns N [--per-day 1000000]
"""
import argparse
import struct

NEGOTIATE_REQ = bytes.fromhex(
    "fe534d42400000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000002400020001000000000000000000000000"
    "000000000000000000000000000000000000000000000000000202100200")
NEGOTIATE_RESP = bytes.fromhex(
    "fe534d42400000000000000000000100010000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000004100010002020000000000000000000000"
    "0000000000000000000000000000010000000001000000000000000000000000000000000000000000"
    "0000000080000000000000")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00" + ip + tcp


def nbss(msg):
    return struct.pack("!I", len(msg)) + msg


def connection(i):
    cli = struct.pack("!BBBB", 10, 1 + (i >> 16) % 200, (i >> 8) & 255, i & 255)
    srv = bytes([10, 250, 0, 1 + i % 16])
    port = 1024 + i % 60000
    c, s = 1000, 5000
    req, resp = nbss(NEGOTIATE_REQ), nbss(NEGOTIATE_RESP)
    return [
        frame(cli, srv, port, 445, c, 0, 0x02),
        frame(srv, cli, 445, port, s, c + 1, 0x12),
        frame(cli, srv, port, 445, c + 1, s + 1, 0x10),
        frame(cli, srv, port, 445, c + 1, s + 1, 0x18, req),
        frame(srv, cli, 445, port, s + 1, c + 1 + len(req), 0x18, resp),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--conns", type=int, required=True)
    ap.add_argument("--per-day", type=int, default=1000000)
    a = ap.parse_args()
    gap_us = 86400 * 1000000 // a.per_day
    t0 = 1800000000 * 1000000
    with open(a.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(a.conns):
            for k, fr in enumerate(connection(i)):
                t = t0 + i * gap_us + k * 100
                f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(fr), len(fr)) + fr)


if __name__ == "__main__":
    main()
