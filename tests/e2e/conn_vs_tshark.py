#!/usr/bin/env python3
"""Checks conn.log against tshark, the oracle: one row per TCP connection
on 445/139 and per DCE/RPC-over-TCP connection (from the frame the sensor
follows it, rpc_streams.py), and per direction the packets, the IP bytes (IP total length;
IPv6 payload length + 40) and, for connections whose SYN was captured, the
payload bytes from sequence numbers (highest sequence number sent or
acknowledged, less the SYN and a FIN), as Zeek counts them.

  conn_vs_tshark.py CAPTURE CONN_LOG
"""
import sys

import rpc_streams
import tshark_fields
import zeeklog

SMB_PORTS = {"445", "139"}
FIELDS = ["frame.number", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport", "ip.len",
          "ipv6.plen", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.reset", "tcp.seq_raw",
          "tcp.ack_raw", "tcp.len"]


def packets(pcap, rpc):
    wanted = "tcp.port == 445 or tcp.port == 139"
    if rpc:
        wanted += "".join(" or tcp.stream == %s" % s for s in rpc)
    return tshark_fields.rows(pcap, wanted, FIELDS, ("-o", "tcp.analyze_sequence_numbers:FALSE"))


class Side:
    def __init__(self):
        self.pkts = self.ip_bytes = 0
        self.isn = None
        self.top = None  # highest sequence end sent or acknowledged (unwrapped)
        self.fin = False

    def reach(self, end):
        if self.isn is None:
            return
        rel = (end - self.isn) % 2**32
        self.top = rel if self.top is None else max(self.top, rel)

    def size(self):
        if self.isn is None or self.top is None:
            return None
        n = max(self.top - 1, 0)
        return max(n - 1, 0) if self.fin and n else n


def expected(pcap):
    conns = {}
    rpc = rpc_streams.streams(pcap)
    for p in packets(pcap, rpc):
        src, dst = p["ip.src"] or p["ipv6.src"], p["ip.dst"] or p["ipv6.dst"]
        from_client = p["tcp.dstport"] in SMB_PORTS
        if p["tcp.stream"] in rpc:
            client, _, first = rpc[p["tcp.stream"]]
            if int(p["frame.number"]) < first:
                continue
            from_client = (src, p["tcp.srcport"]) == client
        key = (src, p["tcp.srcport"], dst, p["tcp.dstport"]) if from_client else \
            (dst, p["tcp.dstport"], src, p["tcp.srcport"])
        c = conns.setdefault(key, {True: Side(), False: Side()})
        me, peer = c[from_client], c[not from_client]
        me.pkts += 1
        me.ip_bytes += int(p["ip.len"]) if p["ip.len"] else int(p["ipv6.plen"]) + 40
        seq, length = int(p["tcp.seq_raw"]), int(p["tcp.len"] or 0)
        syn, fin, rst = p["tcp.flags.syn"] == "1", p["tcp.flags.fin"] == "1", p["tcp.flags.reset"] == "1"
        if syn and me.isn is None:
            me.isn = seq
        if fin:
            me.fin = True
        if not rst:
            me.reach(seq + length + syn + fin)
        if p["tcp.flags.ack"] == "1" and not rst:
            peer.reach(int(p["tcp.ack_raw"]))
    return conns


def main():
    want = expected(sys.argv[1])
    rows = {zeeklog.conn_key(r): r for r in zeeklog.read(sys.argv[2], missing_ok=True)[2]}
    bad = []
    for key, c in want.items():
        r = rows.get(key)
        if r is None:
            bad.append("%s: no conn.log row" % " ".join(key))
            continue
        for who, side in (("orig", c[True]), ("resp", c[False])):
            got = (int(r[who + "_pkts"]), int(r[who + "_ip_bytes"]))
            if got != (side.pkts, side.ip_bytes):
                bad.append("%s %s: pkts/ip_bytes %s, tshark %s" % (" ".join(key), who, got, (side.pkts, side.ip_bytes)))
            size = side.size() if c[True].isn is not None and c[False].isn is not None else None
            if size is not None and r["duration"] != "-" and int(r[who + "_bytes"]) != size:
                bad.append("%s %s_bytes %s, tshark %d" % (" ".join(key), who, r[who + "_bytes"], size))
    extra = set(rows) - set(want)
    for key in extra:
        bad.append("%s: row without a connection in tshark" % " ".join(key))
    for b in bad:
        print("  " + b)
    print("  %d connections, %d problem(s)" % (len(want), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
