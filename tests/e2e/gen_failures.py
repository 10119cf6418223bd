#!/usr/bin/env python3
"""Builds a capture of repeated failed logons for the Logon_Failures checks.

  gen_failures.py IN OUT COUNT SPACING

Takes the 4th TCP connection of IN (pcaps/demo.pcap: CORP\\alice with a
wrong password, STATUS_LOGON_FAILURE) and writes it COUNT times into OUT,
each copy SPACING seconds after the previous one, with the client port
raised by 1000 per copy so every copy is its own 4-tuple; IP and TCP
checksums are recomputed. Classic pcap, Ethernet + IPv4 only (as demo.pcap
is). Deterministic, stdlib only.
"""
import struct
import sys

ETH = 14


def records(data):
    off = 24
    while off + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack_from("<IIII", data, off)
        yield sec, usec, data[off + 16:off + 16 + incl], orig
        off += 16 + incl


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ports(frame):
    ihl = (frame[ETH] & 0x0F) * 4
    return ETH + ihl, struct.unpack_from("!HH", frame, ETH + ihl)


def fixed(frame, old_port, new_port):
    """The frame with old_port (either side) replaced and checksums redone."""
    f = bytearray(frame)
    ihl = (f[ETH] & 0x0F) * 4
    tcp, (sp, dp) = ports(f)
    struct.pack_into("!HH", f, tcp, new_port if sp == old_port else sp, new_port if dp == old_port else dp)
    total = struct.unpack_from("!H", f, ETH + 2)[0]
    struct.pack_into("!H", f, ETH + 10, 0)
    struct.pack_into("!H", f, ETH + 10, csum(bytes(f[ETH:ETH + ihl])))
    seg = bytes(f[tcp:ETH + total])
    pseudo = bytes(f[ETH + 12:ETH + 20]) + struct.pack("!BBH", 0, 6, len(seg))
    struct.pack_into("!H", f, tcp + 16, 0)
    struct.pack_into("!H", f, tcp + 16, csum(pseudo + bytes(f[tcp:ETH + total])))
    return bytes(f)


def fourth_connection(data):
    """Frames of the 4th connection (by SYN order) and its client port."""
    syns, frames = [], []
    for rec in records(data):
        _, (sp, _) = ports(rec[2])
        flags = rec[2][ports(rec[2])[0] + 13]
        if flags & 0x12 == 0x02 and sp not in syns:
            syns.append(sp)
        frames.append(rec)
    client = syns[3]
    return [r for r in frames if client in ports(r[2])[1]], client


def main():
    src, dst, count, spacing = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    data = open(src, "rb").read()
    conn, client = fourth_connection(data)
    out = [data[:24]]
    for i in range(count):
        shift = int(i * spacing * 1000000)
        for sec, usec, frame, orig in conn:
            t = sec * 1000000 + usec + shift
            f = fixed(frame, client, client + 1000 * i) if i else frame
            out.append(struct.pack("<IIII", t // 1000000, t % 1000000, len(f), orig) + f)
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main()
