"""The DCE/RPC-over-TCP connections of a capture as tshark decodes them, and
from which frame the sensor follows each one (rpc_tcp.h): a connection to
port 135, or one whose SYN goes to an endpoint an earlier ept_map response
handed out, from its first packet; any other from the first segment of its
client's first BIND or ALTER_CONTEXT. The oracles for conn.log and ntlm.log use it for the
connections that are not on the SMB ports.

  streams(pcap) -> {tcp.stream: (client (addr, port), server (addr, port), first frame)}
"""
import tshark_fields

FIELDS = ["frame.number", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst",
          "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "dcerpc.pkt_type", "epm.proto.tcp_port",
          "epm.proto.ip", "tcp.segment"]
SMB_PORTS = {"445", "139"}
BIND, ALTER_CONTEXT = "11", "14"


def streams(pcap):
    learned, syn, found = set(), {}, {}
    for r in tshark_fields.rows(pcap, "(dcerpc and not (smb or smb2)) or (tcp.flags.syn == 1 and tcp.flags.ack == 0)",
                                FIELDS, ("-E", "aggregator=|", "-E", "occurrence=a")):
        if r["tcp.srcport"] in SMB_PORTS or r["tcp.dstport"] in SMB_PORTS:
            continue
        src = (r["ip.src"] or r["ipv6.src"], r["tcp.srcport"])
        dst = (r["ip.dst"] or r["ipv6.dst"], r["tcp.dstport"])
        frame, s = int(r["frame.number"]), r["tcp.stream"]
        if r["tcp.flags.syn"] == "1" and r["tcp.flags.ack"] == "0":
            if s not in found and (dst[1] == "135" or dst in learned):
                found[s] = (src, dst, frame)
            syn.setdefault(s, frame)
            continue
        for port, ip in zip(r["epm.proto.tcp_port"].split("|"), r["epm.proto.ip"].split("|")):
            if port:
                learned.add((src[0] if ip in ("", "0.0.0.0") else ip, port))
        if s in found:
            continue
        if dst[1] == "135" or src[1] == "135":
            found[s] = (src, dst, syn.get(s, frame)) if dst[1] == "135" else (dst, src, syn.get(s, frame))
        elif set(r["dcerpc.pkt_type"].split("|")) & {BIND, ALTER_CONTEXT}:
            segments = [int(f) for f in r["tcp.segment"].split("|") if f]
            found[s] = (src, dst, min(segments + [frame]))
    return found
