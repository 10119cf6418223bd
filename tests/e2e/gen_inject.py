#!/usr/bin/env python3
"""Writes a capture whose names try to break the logs (issue 8): account,
domain, workstation, share, file, service name, display name, binary path
and service account carry TAB, newline, CR, NUL, backslash, quote, DEL,
ESC, '#', ',', unpaired UTF-16 surrogates and non-ASCII text; a second
connection sends them again at the largest size each field can carry (64
KiB less a little for the 16-bit length fields, 64 KiB for the NDR
strings). Deterministic, stdlib only.

  gen_inject.py OUT

check_inject.py holds the same strings (STRINGS, LONG) and what the logs
must say of them.
"""
import struct
import sys

from smb2_synth import Session, g, u16, writer

# The hostile core; each field gets its own prefix so rows can be told apart.
CORE = "\t|\n|\r|\0|\\|\"|\x7f|\x1b[31m|#|,|\ud800|\udc00x|\U0001F600é|-"
STRINGS = {
    "user": "#user" + CORE,
    "domain": "DOM" + CORE,
    "workstation": "WS" + CORE,
    "share": "share" + CORE,
    "file": "file" + CORE,
    "service": "svc" + CORE,
    "display": "display" + CORE,
    "binpath": "C:\\bin" + CORE,
    "account": "acct" + CORE,
}


def long_version(s, units):
    """s repeated to exactly units UTF-16 code units (the cut may leave half
    a surrogate pair at the end: one more unpaired surrogate)."""
    return (u16(s) * (units // len(s) + 1))[:2 * units].decode("utf-16-le", "surrogatepass")


def long_strings():
    """Every string at the largest size its field allows: the NTLM names
    share one 16-bit security buffer, the paths have 16-bit byte lengths."""
    big = {k: long_version(v, 32767) for k, v in STRINGS.items()}
    for k in ("user", "domain", "workstation"):
        big[k] = long_version(STRINGS[k], 10000)
    big["share"] = long_version(STRINGS["share"], 32700)
    return big


def ndr_str(s):
    d = u16(s + "\0")
    n = len(d) // 2
    return struct.pack("<III", n, 0, n) + d + bytes(-len(d) % 4)


def create_service_stub(names):
    return (bytes(20) + ndr_str(names["service"]) + struct.pack("<I", 0x20004) + ndr_str(names["display"])
            + struct.pack("<IIII", 0x000F01FF, 0x10, 3, 0) + ndr_str(names["binpath"])
            + struct.pack("<4I", 0, 0, 0, 0) + struct.pack("<I", 0x20008) + ndr_str(names["account"])
            + struct.pack("<II", 0, 0))


def rpc_request(call_id, opnum, stub):
    """A request split into fragments of at most 4280 bytes (Windows' max_xmit_frag)."""
    out, size = [], 4280 - 24
    for at in range(0, len(stub), size):
        flags = (g.PFC_FIRST if at == 0 else 0) | (g.PFC_LAST if at + size >= len(stub) else 0)
        body = struct.pack("<IHH", len(stub) - at, 0, opnum) + stub[at:at + size]
        out.append(struct.pack("<BBBB4sHHI", 5, 0, g.RPC_REQUEST, flags, b"\x10\0\0\0", 16 + len(body), 0, call_id)
                   + body)
    return out


def rpc_response(call_id, stub):
    body = struct.pack("<IHBB", len(stub), 0, 0, 0) + stub
    return struct.pack("<BBBB4sHHI", 5, 0, g.RPC_RESPONSE, 3, b"\x10\0\0\0", 16 + len(body), 0, call_id) + body


def connection(w, rng, idx, names):
    s = Session(w, idx, rng)
    s.login(u16(names["user"]), u16(names["domain"]), u16(names["workstation"]))
    s.tree(u16("\\\\10.1.0.10\\" + names["share"]), 5, 1)
    fid = struct.pack("<QQ", 1, idx)
    s.create(5, u16(names["file"]), fid)
    m = s.mid()
    s.pair(s.write_req(5, fid, b"MZ" + bytes(62), m), s.write_resp(5, 64, m))
    s.tree(u16("\\\\10.1.0.10\\IPC$"), 6, 2)
    pipe = struct.pack("<QQ", 2, idx)
    s.create(6, u16("svcctl"), pipe)
    s.bind(6, pipe, "svcctl")
    frags = rpc_request(2, g.SC_CREATE, create_service_stub(names))
    for f in frags[:-1]:
        m = s.mid()
        s.pair(s.write_req(6, pipe, f, m), s.write_resp(6, len(f), m))
    s.pipe_call(6, pipe, frags[-1], rpc_response(2, struct.pack("<I", 0) + bytes(20) + struct.pack("<I", 0)))
    s.close()


def main():
    w, rng = writer(sys.argv[1], 8)
    connection(w, rng, 1, STRINGS)
    connection(w, rng, 2, long_strings())
    w.close()


if __name__ == "__main__":
    main()
