#!/usr/bin/env python3
"""Checks smb_exec.log against tshark, the oracle, for svcctl: every
CreateServiceW, StartServiceW, DeleteService, ControlService and
ChangeServiceConfigW request tshark sees has one row on the same connection,
and where tshark decodes a field (service and display name, binary path,
start type, the return code or the FAULT status) the row carries the same
value. Exit 0 when they agree.

  smb_exec_vs_tshark.py CAPTURE SMB_EXEC_LOG
"""
import sys

import tshark_fields
import zeeklog

FIELDS = ["tcp.srcport", "tcp.dstport", "dcerpc.cn_call_id", "dcerpc.pkt_type", "svcctl.opnum",
          "svcctl.servicename", "svcctl.displayname", "svcctl.binarypathname",
          "svcctl.service_start_type", "svcctl.rc", "dcerpc.cn_status"]
OPS = {"1": "ControlService", "2": "DeleteService", "11": "ChangeServiceConfigW",
       "12": "CreateServiceW", "19": "StartServiceW"}
START_TYPES = ["SERVICE_BOOT_START", "SERVICE_SYSTEM_START", "SERVICE_AUTO_START",
               "SERVICE_DEMAND_START", "SERVICE_DISABLED"]


def tshark_calls(pcap):
    """{(client port, call id): {field: value}} for svcctl requests, with the
    answer's rc or fault status folded in."""
    calls = {}
    for r in tshark_fields.rows(pcap, "svcctl or dcerpc.pkt_type == 3", FIELDS, ("-E", "occurrence=f")):
        if r["dcerpc.pkt_type"] == "0" and r["svcctl.opnum"] in OPS:
            calls[(r["tcp.srcport"], r["dcerpc.cn_call_id"])] = r
        elif r["dcerpc.pkt_type"] in ("2", "3"):
            call = calls.get((r["tcp.dstport"], r["dcerpc.cn_call_id"]))
            if call is not None:
                call["status"] = r["svcctl.rc"] or r["dcerpc.cn_status"]
    return calls


def disagreements(call, row):
    want = {"operation": OPS[call["svcctl.opnum"]],
            "service_name": call["svcctl.servicename"],
            "display_name": call["svcctl.displayname"],
            "binary_path": call["svcctl.binarypathname"],
            "status": call.get("status", "")}
    st = call["svcctl.service_start_type"]
    want["start_type"] = START_TYPES[int(st)] if st and int(st) < len(START_TYPES) else ""
    got = {k: zeeklog.unescape(row[k]) for k in want}
    return ["%s: tshark %r, smb_exec.log %r" % (k, v, got[k]) for k, v in want.items() if v and v != got[k]]


def main():
    pcap, log = sys.argv[1], sys.argv[2]
    calls = tshark_calls(pcap)
    _, _, rows = zeeklog.read(log, missing_ok=True)
    rows = [r for r in rows if r["endpoint"] == "svcctl"]
    errors = []
    by_port = {}
    for r in rows:
        by_port.setdefault(r["id.orig_p"], []).append(r)
    for (port, _), call in sorted(calls.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
        mine = by_port.get(port, [])
        if not mine:
            errors.append("port %s: tshark has %s, smb_exec.log has no row" % (port, OPS[call["svcctl.opnum"]]))
            continue
        errors += ["port %s: %s" % (port, e) for e in disagreements(call, mine.pop(0))]
    errors += ["port %s: row tshark does not have: %s" % (p, r["operation"]) for p, rs in by_port.items() for r in rs]
    for e in errors:
        print(e, file=sys.stderr)
    print("%d svcctl calls compared, %d disagreements" % (len(calls), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
