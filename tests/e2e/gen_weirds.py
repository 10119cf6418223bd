#!/usr/bin/env python3
"""Writes a classic pcap of one SMB connection that floods anomalies: after
a NEGOTIATE, N NetBIOS session messages that carry no SMB protocol id
(SMB_not_smb_message each), one a millisecond, and one frame of an
impossible NetBIOS type (unknown_netbios_type 0x42) before a last NEGOTIATE.
It is the input of the weird.log rate-limit checks.

  gen_weirds.py OUT --junk N
"""
import argparse
import struct

from gen_idle import NEGOTIATE_REQ, NEGOTIATE_RESP, frame, nbss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--junk", type=int, required=True)
    a = ap.parse_args()
    cli, srv, port = bytes([10, 9, 0, 1]), bytes([10, 9, 0, 2]), 40000
    c, s = 1000, 5000
    pkts = [frame(cli, srv, port, 445, c, 0, 0x02), frame(srv, cli, 445, port, s, c + 1, 0x12)]
    c, s = c + 1, s + 1
    pkts.append(frame(cli, srv, port, 445, c, s, 0x10))
    payloads = [nbss(NEGOTIATE_REQ)] + [nbss(b"HTTP/1.1") for _ in range(a.junk)]
    payloads.append(b"\x42\x00\x00\x04junk" + nbss(NEGOTIATE_REQ))
    for p in payloads:
        pkts.append(frame(cli, srv, port, 445, c, s, 0x18, p))
        c += len(p)
    resp = nbss(NEGOTIATE_RESP)
    pkts.append(frame(srv, cli, 445, port, s, c, 0x18, resp))
    s += len(resp)
    pkts.append(frame(cli, srv, port, 445, c, s, 0x11))
    pkts.append(frame(srv, cli, 445, port, s, c + 1, 0x11))
    t0 = 1800000000 * 1000000
    with open(a.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for k, fr in enumerate(pkts):
            t = t0 + k * 1000
            f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(fr), len(fr)) + fr)


if __name__ == "__main__":
    main()
