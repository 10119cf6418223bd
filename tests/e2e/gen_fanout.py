#!/usr/bin/env python3
"""Builds a fan-out capture for the end-to-end tests from a classic pcap of
real SMB2 traffic (Ethernet, IPv4): the client's connections whose
SESSION_SETUP succeeded are copied to N servers. Copy i (0-based) talks to
SERVER_NET.(10+i) instead of the original server, from client ports shifted
by 1000*i, SPACING*i seconds later; IP and TCP checksums are recomputed.
Deterministic, stdlib only.

  gen_fanout.py IN OUT N SPACING [--client 10.99.0.1]
"""
import argparse
import socket
import struct
import sys

SMB2_SESSION_SETUP = 1


def read_pcap(path):
    data = open(path, "rb").read()
    if data[:4] != b"\xd4\xc3\xb2\xa1":
        sys.exit("gen_fanout: %s is not a little-endian microsecond pcap" % path)
    if struct.unpack("<I", data[20:24])[0] != 1:
        sys.exit("gen_fanout: %s is not Ethernet" % path)
    pkts, off = [], 24
    while off + 16 <= len(data):
        sec, usec, caplen, wirelen = struct.unpack("<IIII", data[off:off + 16])
        pkts.append((sec * 1000000 + usec, wirelen, data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return data[:24], pkts


def tcp_of(frame):
    """(ip offset, ip header length, src, dst, sport, dport, payload) of an
    Ethernet IPv4 TCP frame, or None."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return None
    ihl = (frame[14] & 15) * 4
    tcp = 14 + ihl
    sport, dport = struct.unpack(">HH", frame[tcp:tcp + 4])
    thl = (frame[tcp + 12] >> 4) * 4
    total = struct.unpack(">H", frame[16:18])[0]
    return (14, ihl, socket.inet_ntoa(frame[26:30]), socket.inet_ntoa(frame[30:34]), sport, dport,
            frame[tcp + thl:14 + total])


def session_ok(payload):
    """The segment starts an SMB2 SESSION_SETUP response with status 0."""
    if len(payload) < 4 + 64 or payload[4:8] != b"\xfeSMB":
        return False
    status, command = struct.unpack("<IH", payload[12:18])
    flags = struct.unpack("<I", payload[20:24])[0]
    return command == SMB2_SESSION_SETUP and status == 0 and flags & 1


def successful(pkts, client):
    """Client ports of the client's connections with a successful session."""
    ports = set()
    for _, _, frame in pkts:
        t = tcp_of(frame)
        if t and t[3] == client and session_ok(t[6]):
            ports.add(t[5])
    return ports


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def rewrite(frame, server, new_server, client, shift):
    """The frame with the server address and the client port replaced."""
    f = bytearray(frame)
    ip, ihl = 14, (f[14] & 15) * 4
    tcp = ip + ihl
    total = struct.unpack(">H", f[16:18])[0]
    new = socket.inet_aton(new_server)
    src, dst = socket.inet_ntoa(f[26:30]), socket.inet_ntoa(f[30:34])
    if src == server:
        f[26:30] = new
    if dst == server:
        f[30:34] = new
    port_at = tcp if src == client else tcp + 2
    port = struct.unpack(">H", f[port_at:port_at + 2])[0]
    f[port_at:port_at + 2] = struct.pack(">H", port + shift)
    f[ip + 10:ip + 12] = b"\0\0"
    f[ip + 10:ip + 12] = struct.pack(">H", checksum(bytes(f[ip:tcp])))
    f[tcp + 16:tcp + 18] = b"\0\0"
    seg = bytes(f[tcp:ip + total])
    pseudo = bytes(f[26:34]) + struct.pack(">BBH", 0, 6, len(seg))
    f[tcp + 16:tcp + 18] = struct.pack(">H", checksum(pseudo + seg))
    return bytes(f)


def main():
    ap = argparse.ArgumentParser(description="copy a client's successful SMB connections to N servers")
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("spacing", type=int, help="seconds between two copies")
    ap.add_argument("--client", default="10.99.0.1")
    a = ap.parse_args()
    hdr, pkts = read_pcap(a.inp)
    ports = successful(pkts, a.client)
    if not ports:
        sys.exit("gen_fanout: no successful session of %s in %s" % (a.client, a.inp))
    out = []
    for order, (ts, wirelen, frame) in enumerate(pkts):
        t = tcp_of(frame)
        if not t or not ((t[2] == a.client and t[4] in ports) or (t[3] == a.client and t[5] in ports)):
            continue
        server = t[3] if t[2] == a.client else t[2]
        net = server.rsplit(".", 1)[0]
        for i in range(a.n):
            new = rewrite(frame, server, "%s.%d" % (net, 10 + i), a.client, 1000 * i)
            out.append((ts + i * a.spacing * 1000000, i, order, wirelen, new))
    out.sort()
    with open(a.out, "wb") as f:
        f.write(hdr)
        for ts, _, _, wirelen, frame in out:
            f.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, len(frame), wirelen) + frame)


if __name__ == "__main__":
    main()
