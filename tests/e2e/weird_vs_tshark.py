#!/usr/bin/env python3
"""weird.log's DCE/RPC auth-type rows against tshark: every connection with
a PDU whose auth verifier has a type Zeek gives no analyzer (not 9 SPNEGO,
10 NTLMSSP or 16 Kerberos) has one row per type, named as Zeek names it
(tls_/netlogon_/unknown_dce_rpc_auth_type, addl the type), and no other
connection has one. Rows are one per name and connection (the default rate
limit).

  weird_vs_tshark.py CAPTURE WEIRD_LOG
"""
import sys

import tshark_fields
import zeeklog

NAMES = {14: "tls_dce_rpc_auth_type", 68: "netlogon_dce_rpc_auth_type"}
AUTH_NAMES = set(NAMES.values()) | {"unknown_dce_rpc_auth_type"}


def main():
    cap, log = sys.argv[1], sys.argv[2]
    fields = ["ip.src", "tcp.srcport", "ip.dst", "tcp.dstport", "dcerpc.auth_type"]
    want = set()
    for r in tshark_fields.rows(cap, "dcerpc.auth_type", fields):
        ends = [(r["ip.src"], r["tcp.srcport"]), (r["ip.dst"], r["tcp.dstport"])]
        for t in set(int(x) for x in r["dcerpc.auth_type"].split(",") if x):
            if t not in (9, 10, 16):
                want.add((frozenset(ends), NAMES.get(t, "unknown_dce_rpc_auth_type"), str(t)))
    _, _, rows = zeeklog.read(log, missing_ok=True)
    got = [(frozenset([(r["id.orig_h"], r["id.orig_p"]), (r["id.resp_h"], r["id.resp_p"])]), r["name"], r["addl"])
           for r in rows if r["name"] in AUTH_NAMES]
    if len(got) != len(set(got)):
        print("  a connection has two rows of one auth type")
        return 1
    got = set(got)
    for w in sorted(want - got, key=str):
        print("  tshark has, weird.log lacks: %s" % (w,))
    for g in sorted(got - want, key=str):
        print("  weird.log has, tshark lacks: %s" % (g,))
    print("  %d auth-type weird(s) per tshark, %d in weird.log" % (len(want), len(got)))
    return 0 if want == got else 1


if __name__ == "__main__":
    raise SystemExit(main())
