#!/usr/bin/env python3
"""Checks smb_mapping.log against tshark, the oracle: one row per successful
SMB2 TREE_CONNECT (response status 0), with the connection's 4-tuple, the
UNC path of the request paired with the response by MessageId on the same
connection ('-' when the request is not in the capture) and the share type
of the response. Rows are compared in order, per connection. Exit 0 when
they agree.

  smb_mapping_vs_tshark.py CAPTURE SMB_MAPPING_LOG

tshark's PDML is read rather than its field output: PDML gives every SMB2
message its own <proto name="smb2"> element, in wire order, so the messages
of a compound and the NetBIOS messages sharing a TCP segment stay apart and
each field belongs to the message it came from.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

import tshark_fields
import zeeklog

SMB_PORTS = {"445", "139"}
SHARE_TYPES = {1: "DISK", 2: "PIPE", 3: "PRINT"}
STATUS_SUCCESS = 0
STATUS_PENDING = 0x103
FLAGS_ASYNC = 0x2


def tshark_packets(pcap):
    """Yields, per frame with an SMB2 TREE_CONNECT, (frame, ip src, tcp src
    port, ip dst, tcp dst port, [dict per SMB2 message, in order])."""
    cmd = ["tshark", "-r", pcap, "-Y", "smb2.cmd == 3", "-T", "pdml"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for _, elem in ET.iterparse(proc.stdout, events=("end",)):
        if elem.tag != "packet":
            continue
        frame, src, dst, sport, dport, msgs = "?", None, None, None, None, []
        for proto in elem.findall("proto"):
            name = proto.get("name")
            fields = {}
            for f in proto.iter("field"):
                if f.get("name") == "smb2.tree":
                    fields[f.get("name")] = f    # the request body's, last
                else:
                    fields.setdefault(f.get("name"), f)
            if name == "frame":
                frame = fields["frame.number"].get("show") if "frame.number" in fields else "?"
            elif name in ("ip", "ipv6"):
                src = fields.get(name + ".src")
                dst = fields.get(name + ".dst")
                src = src.get("show") if src is not None else None
                dst = dst.get("show") if dst is not None else None
            elif name == "tcp":
                sport = fields["tcp.srcport"].get("show")
                dport = fields["tcp.dstport"].get("show")
            elif name == "smb2":
                msgs.append(fields)
        elem.clear()
        if msgs and src and sport:
            yield frame, src, sport, dst, dport, msgs
    proc.stdout.close()
    if proc.wait() != 0:
        sys.exit("tshark failed on %s" % pcap)


def num(fields, name):
    f = fields.get(name)
    if f is None:
        return None
    return int(f.get("show"), 0)


def tree_path(f):
    """The UNC path as the request carries it (UTF-16LE), from the raw bytes
    rather than tshark's display string."""
    raw = f.get("value")
    if raw is None:
        return f.get("show")
    return bytes.fromhex(raw).decode("utf-16-le", errors="replace")


def expected(pcap):
    """conn 4-tuple -> [(frame, path, share_type)] in response order."""
    conns, pending = {}, {}
    for frame, src, sport, dst, dport, msgs in tshark_packets(pcap):
        if dport in SMB_PORTS:
            key = (src, sport, dst, dport)
        elif sport in SMB_PORTS:
            key = (dst, dport, src, sport)
        else:
            continue
        for m in msgs:
            if num(m, "smb2.cmd") != 3 or num(m, "smb2.msg_id") is None:
                continue
            msg_id = num(m, "smb2.msg_id")
            if num(m, "smb2.flags.response") != 1:
                tree = m.get("smb2.tree")
                path = tree_path(tree) if tree is not None else None
                pending[(key, msg_id)] = "(empty)" if path == "" else path
                continue
            status = num(m, "smb2.nt_status")
            flags = num(m, "smb2.flags") or 0
            if status == STATUS_PENDING and flags & FLAGS_ASYNC:
                continue    # interim response: the final one follows
            path = pending.pop((key, msg_id), None)
            if status != STATUS_SUCCESS:
                continue
            st = num(m, "smb2.share_type")
            share = SHARE_TYPES.get(st, "unknown-%s" % st)
            conns.setdefault(key, []).append((frame, path if path is not None else "-", share))
    return conns


SMB1_FIELDS = ["frame.number", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport",
               "smb.cmd", "smb.flags.response", "smb.path", "smb.service", "smb.nt_status",
               "smb.error_class", "smb.error_code"]


def smb1_expected(pcap, conns):
    """SMB1 TREE_CONNECT_ANDX responses: tshark pairs them with their request
    and shows that request's path in the response ('-' when unpaired);
    service IPC means a pipe share, as for Zeek."""
    for r in tshark_fields.rows(pcap, "smb.cmd == 0x75 and smb.flags.response == 1", SMB1_FIELDS,
                                ("-E", "aggregator=|")):
        dos_ok = r["smb.error_class"] in ("", "0x00") and r["smb.error_code"] in ("", "0x0000")
        if (r["smb.nt_status"].split("|")[0] or ("0x00000000" if dos_ok else "error")) != "0x00000000":
            continue
        src, dst = r["ip.src"] or r["ipv6.src"], r["ip.dst"] or r["ipv6.dst"]
        key = (dst, r["tcp.dstport"], src, r["tcp.srcport"])
        share = "PIPE" if r["smb.service"].startswith("IPC") else "DISK"
        conns.setdefault(key, []).append((r["frame.number"], r["smb.path"].split("|")[-1] or "-", share))
    for rows in conns.values():
        rows.sort(key=lambda row: int(row[0]) if row[0].isdigit() else 0)
    return conns


def logged(path):
    rows = {}
    for d in zeeklog.read(path, missing_ok=True)[2]:
        p = d["path"]
        rows.setdefault(zeeklog.conn_key(d), []).append((p if p == "-" else zeeklog.unescape(p), d["share_type"]))
    return rows


def show(row):
    return "no row" if row is None else "%s %s" % row


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    pcap, log = sys.argv[1], sys.argv[2]
    want, got = smb1_expected(pcap, expected(pcap)), logged(log)
    total = sum(len(v) for v in want.values())
    bad = 0
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, []), got.get(key, [])
        for i in range(max(len(w), len(g))):
            wr = w[i][1:] if i < len(w) else None
            gr = g[i] if i < len(g) else None
            if wr != gr:
                where = " (tshark frame %s)" % w[i][0] if i < len(w) else ""
                print("  %s #%d%s: tshark %s, smb_mapping.log %s"
                      % (" ".join(key), i + 1, where, show(wr), show(gr)))
                bad += 1
    print("  %d tree connects, %d disagree" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
