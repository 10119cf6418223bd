#!/usr/bin/env python3
"""Checks ntlm.log against tshark, the oracle: for every SMB connection in a
capture, and every DCE/RPC-over-TCP connection the sensor follows
(rpc_streams.py; success stays unset there), the first NTLMSSP AUTHENTICATE (user, domain, workstation), or the
account of an SMB1 session setup without extended security, and the outcome
of the session setup it belongs to; a connection with NTLMSSP messages but
no AUTHENTICATE has a row with those fields unset. Exit 0 when they agree.

  ntlm_vs_tshark.py CAPTURE NTLM_LOG
"""
import sys

import rpc_streams
import tshark_fields
import zeeklog

FIELDS = ["frame.number", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport",
          "ntlmssp.messagetype", "ntlmssp.auth.username", "ntlmssp.auth.domain",
          "ntlmssp.auth.hostname", "smb2.cmd", "smb2.flags.response", "smb2.nt_status",
          "spnego.negResult", "smb.cmd", "smb.flags.response", "smb.nt_status", "smb.account",
          "smb.primary_domain", "smb.ansi_pwlen", "smb.error_class", "smb.error_code"]
SMB_PORTS = {"445", "139"}
MORE_PROCESSING = "0xc0000016"
PENDING = "0x00000103"


def tshark_rows(pcap):
    return tshark_fields.rows(pcap, "ntlmssp or smb2.cmd == 1 or smb.cmd == 0x73", FIELDS,
                              ("-E", "aggregator=|", "-E", "occurrence=a"))


def unset_if_null(v):
    return "-" if v in ("", "NULL") else v


def smb1_status(r):
    """The NT status, or 0 for a DOS-form success (class and code 0)."""
    if r["smb.nt_status"]:
        return r["smb.nt_status"].split("|")[0]
    ok = r["smb.error_class"] in ("", "0x00") and r["smb.error_code"] in ("", "0x0000")
    return "0x00000000" if ok else "dos-error"


def final_session_setup(r, row):
    """Sets row's success from the first final SESSION_SETUP response in the
    frame (one frame may carry several SMB2 messages; an interim
    STATUS_PENDING or MORE_PROCESSING_REQUIRED decides nothing)."""
    neg = r["spnego.negResult"].split("|")[0]
    msgs = list(zip(r["smb2.cmd"].split("|"), r["smb2.flags.response"].split("|"), r["smb2.nt_status"].split("|")))
    if "0x73" in r["smb.cmd"].split("|"):
        msgs.append(("1", r["smb.flags.response"], smb1_status(r)))
    for cmd, resp, status in msgs:
        if cmd != "1" or resp != "1" or status in (MORE_PROCESSING, PENDING):
            continue
        if neg in ("0", "2"):
            row[3] = "T" if neg == "0" else "F"
        else:
            row[3] = "T" if status == "0x00000000" else "F"
        return True
    return False


def expected(pcap):
    """conn 4-tuple -> [user, host, domain, success]"""
    conns = {}
    rpc = rpc_streams.streams(pcap)
    for r in tshark_rows(pcap):
        src, dst = r["ip.src"] or r["ipv6.src"], r["ip.dst"] or r["ipv6.dst"]
        if r["tcp.stream"] in rpc:
            client, server, first = rpc[r["tcp.stream"]]
            if int(r["frame.number"]) < first:
                continue
            key = client + server
        elif r["tcp.dstport"] in SMB_PORTS:
            key = (src, r["tcp.srcport"], dst, r["tcp.dstport"])
        elif r["tcp.srcport"] in SMB_PORTS:
            key = (dst, r["tcp.dstport"], src, r["tcp.srcport"])
        else:
            continue
        c = conns.setdefault(key, {"row": None, "done": False})
        if c["done"]:
            continue
        c["ntlm"] = c.get("ntlm") or bool(r["ntlmssp.messagetype"])
        if "0x00000003" in r["ntlmssp.messagetype"].split("|") and c["row"] is None:
            c["row"] = [unset_if_null(r["ntlmssp.auth.username"]),
                        unset_if_null(r["ntlmssp.auth.hostname"]),
                        unset_if_null(r["ntlmssp.auth.domain"]), "-"]
            continue
        if r["smb.ansi_pwlen"] and r["smb.flags.response"] == "0" and c["row"] is None:
            c["row"] = [unset_if_null(r["smb.account"]), "-", unset_if_null(r["smb.primary_domain"]), "-"]
            continue
        if c["row"] is not None and final_session_setup(r, c["row"]):
            c["done"] = True
    return {k: v["row"] if v["row"] is not None else ["-", "-", "-", "-"]
            for k, v in conns.items() if v["row"] is not None or v.get("ntlm")}


def logged(path):
    _, _, rows = zeeklog.read(path, missing_ok=True)
    return {zeeklog.conn_key(d): [d["username"], d["hostname"], d["domainname"], d["success"]] for d in rows}


def main():
    pcap, log = sys.argv[1], sys.argv[2]
    want, got = expected(pcap), logged(log)
    bad = 0
    for key in sorted(set(want) | set(got)):
        if want.get(key) != got.get(key):
            print("  %s: tshark %s, ntlm.log %s" % (" ".join(key), want.get(key), got.get(key)))
            bad += 1
    print("  %d connection(s) with NTLM, %d disagree" % (len(want), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
