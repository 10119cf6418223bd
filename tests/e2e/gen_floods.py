#!/usr/bin/env python3
"""Writes the flood captures of the end-to-end tests (issue 8): traffic
built to exhaust one table or buffer of the sensor. Deterministic, stdlib
only (classic pcap, Ethernet, IPv4).

  gen_floods.py KIND OUT [N]

  syn       N (100,000) SYNs to port 445, each from its own address and
            port, never answered
  fileids   one connection opening N (100,000) files on one tree, none
            closed: CREATE requests and responses, 50 to a segment run
  pipe      one named pipe (svcctl, bound) sent a DCE/RPC request whose
            fragments never end: a first fragment, then N (4,000) middle
            fragments of 4 KiB, never the last
  rpccalls  8 pipes (svcctl, bound) on one connection, each sent 24 calls
            of N (60) KiB whose last fragment never comes
  compound  N (200) compound chains of 1,000 ECHO requests each (72 KiB)
  netbios   NetBIOS framing at its extremes: N (100,000) session messages
            of length 0, one of length 2^24-1 (16 MiB), then an ECHO
  lying     SMB2 messages, requests and responses, whose every length or
            offset field lies: each 2- and 4-byte field of the first 64
            body bytes set to 0, 0xff.., and the message's length + 1, the
            header's StructureSize and NextCommand wrong; then a tree
            connect that must still be seen (\\\\10.1.0.10\\after-lies)
"""
import struct
import sys

from smb2_synth import ECHO, FLAG_RESPONSE, Session, g, u16, writer


def syn(w, rng, n):
    s = Session(w, 0, rng)
    c = s.c
    for i in range(n):
        c.cip = struct.pack("!BBBB", 10, 100 + (i >> 16), (i >> 8) & 255, i & 255)
        c.cport = 1024 + i % 60000
        w.packet(c, True, g.TCP_SYN)


def logged_in(w, rng, idx=1):
    s = Session(w, idx, rng)
    s.login(u16("flood"), u16("CORP"), u16("WS-FLOOD"))
    return s


def fileids(w, rng, n):
    s = logged_in(w, rng)
    s.tree(u16("\\\\10.1.0.10\\share"), 7, 1)
    for base in range(0, n, 50):
        mids = [s.mid() for _ in range(min(50, n - base))]
        s.send(True, [s.create_req(7, u16("f%d.txt" % (base + k)), m) for k, m in enumerate(mids)])
        s.send(False, [s.create_resp(7, struct.pack("<QQ", base + k + 1, 0xf00d), m) for k, m in enumerate(mids)])
    s.close()


def rpc_fragment(flags, stub, call_id=9):
    body = struct.pack("<IHH", 0, 0, g.SC_CREATE) + stub
    return struct.pack("<BBBB4sHHI", 5, 0, g.RPC_REQUEST, flags, b"\x10\0\0\0", 16 + len(body), 0, call_id) + body


def pipe(w, rng, n):
    s = logged_in(w, rng)
    s.tree(u16("\\\\10.1.0.10\\IPC$"), 3, 2)
    fid = b"\x11" * 16
    s.create(3, u16("svcctl"), fid)
    s.bind(3, fid, "svcctl")
    stub = bytes(4096)
    frags = [rpc_fragment(g.PFC_FIRST, stub)] + [rpc_fragment(0, stub)] * n
    for at in range(0, len(frags), 16):
        mids = [s.mid() for _ in frags[at:at + 16]]
        s.send(True, [s.write_req(3, fid, f, m) for f, m in zip(frags[at:at + 16], mids)])
        s.send(False, [s.write_resp(3, len(stub) + 24, m) for m in mids])
    s.close()


def rpccalls(w, rng, n):
    """8 pipes, each sent 24 calls of N KiB whose last fragment never comes."""
    s = logged_in(w, rng)
    s.tree(u16("\\\\10.1.0.10\\IPC$"), 3, 2)
    fids = [struct.pack("<QQ", 0x100 + p, 0xbeef) for p in range(8)]
    for fid in fids:
        s.create(3, u16("svcctl"), fid)
        s.bind(3, fid, "svcctl")
    stub = bytes(4096)
    for call in range(24):
        for fid in fids:
            frags = [rpc_fragment(g.PFC_FIRST, stub, 100 + call)] + [rpc_fragment(0, stub, 100 + call)] * (n // 4 - 1)
            mids = [s.mid() for _ in frags]
            s.send(True, [s.write_req(3, fid, f, m) for f, m in zip(frags, mids)])
            s.send(False, [s.write_resp(3, len(f), m) for f, m in zip(frags, mids)])
    s.close()


def compound(w, rng, n):
    s = logged_in(w, rng)
    for _ in range(n):
        chain = [s.hdr(ECHO, s.mid()) + struct.pack("<HH", 4, 0) for _ in range(1000)]
        s.send(True, [g.compound(chain)])
    s.close()


def netbios(w, rng, n):
    s = logged_in(w, rng)
    g.seg_send(w, s.c, True, bytes(4) * n)
    big = s.hdr(ECHO, s.mid()) + struct.pack("<HH", 4, 0)
    g.seg_send(w, s.c, True, b"\0\xff\xff\xff" + big + bytes(0xFFFFFF - len(big)))
    s.send(True, [s.hdr(ECHO, s.mid()) + struct.pack("<HH", 4, 0)])
    s.close()


def lies(msg):
    """Copies of msg with one length/offset field lying each time."""
    out = []
    for at in range(64, min(len(msg), 128), 2):
        for size, fmt in ((2, "<H"), (4, "<I")):
            if at + size > len(msg) or (size == 4 and at % 4):
                continue
            for v in (0, (1 << 8 * size) - 1, min(len(msg) + 1, (1 << 8 * size) - 1)):
                out.append(msg[:at] + struct.pack(fmt, v) + msg[at + size:])
    for v in (0, 2, 63, 65, 0xFFFF):               # StructureSize
        out.append(msg[:4] + struct.pack("<H", v) + msg[6:])
    for v in (8, 60, 65, len(msg), len(msg) + 8, 0xFFFFFFF8):  # NextCommand
        out.append(msg[:20] + struct.pack("<I", v) + msg[24:])
    return out


def lying(w, rng, n):
    s = logged_in(w, rng)
    fid = b"\x22" * 16
    name, path = u16("dir\\file.txt"), u16("\\\\10.1.0.10\\share")
    blob = g.spnego_init(g.ntlm_negotiate())
    samples = [  # (request, response) pairs of each body layout
        (s.hdr(g.SESSION_SETUP, 0) + struct.pack("<HBBIIHHQ", 25, 0, 1, 1, 0, 88, len(blob), 0) + blob,
         s.hdr(g.SESSION_SETUP, 0, flags=FLAG_RESPONSE) + struct.pack("<HHHH", 9, 0, 72, len(blob)) + blob),
        (s.hdr(g.TREE_CONNECT, 0) + struct.pack("<HHHH", 9, 0, 72, len(path)) + path,
         s.hdr(g.TREE_CONNECT, 0, tree=5, flags=FLAG_RESPONSE) + struct.pack("<HBBIII", 16, 1, 0, 0, 0, 0x1F01FF)),
        (s.create_req(5, name, 0), s.create_resp(5, fid, 0)),
        (s.write_req(5, fid, b"x" * 40, 0), s.write_resp(5, 40, 0)),
        (s.hdr(g.READ, 0, tree=5) + struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, 64, 0, fid, 0, 0, 0, 0, 0) + b"\0",
         s.hdr(g.READ, 0, tree=5, flags=FLAG_RESPONSE) + struct.pack("<HBBIII", 17, 80, 0, 16, 0, 0) + b"y" * 16),
        (s.hdr(g.IOCTL, 0, tree=5) + struct.pack("<HHI16sIIIIIIII", 57, 0, g.FSCTL_PIPE_TRANSCEIVE, fid, 120, 24, 0,
                                                 120, 0, 1024, 1, 0) + bytes(24),
         s.hdr(g.IOCTL, 0, tree=5, flags=FLAG_RESPONSE)
         + struct.pack("<HHI16sIIIIII", 49, 0, g.FSCTL_PIPE_TRANSCEIVE, fid, 112, 0, 112, 24, 0, 0) + bytes(24)),
        (s.hdr(g.QUERY_DIRECTORY, 0, tree=5) + struct.pack("<HBBI16sHHI", 33, 37, 0, 0, fid, 96, 2, 65536) + u16("*"),
         s.hdr(g.QUERY_DIRECTORY, 0, tree=5, flags=FLAG_RESPONSE) + struct.pack("<HHI", 9, 72, 8) + bytes(8)),
        (s.hdr(g.SET_INFO, 0, tree=5) + struct.pack("<HBBIHHI16s", 33, 1, 10, 24, 96, 0, 0, fid)
         + struct.pack("<B7xQI", 1, 0, 4) + u16("a.b"),
         s.hdr(g.SET_INFO, 0, tree=5, flags=FLAG_RESPONSE) + struct.pack("<H", 2)),
        (s.hdr(g.CLOSE, 0, tree=5) + struct.pack("<HHI16s", 24, 1, 0, fid),
         s.hdr(g.CLOSE, 0, tree=5, flags=FLAG_RESPONSE) + struct.pack("<HHIQQQQQQI", 60, 1, 0, 1, 1, 1, 1, 8, 8, 0)),
    ]
    for req, resp in samples:
        for bad_req, bad_resp in [(r, resp) for r in lies(req)] + [(req, r) for r in lies(resp)]:
            m = struct.pack("<Q", s.mid())
            s.pair(bad_req[:24] + m + bad_req[32:], bad_resp[:24] + m + bad_resp[32:])
    s.tree(u16("\\\\10.1.0.10\\after-lies"), 9, 1)
    s.close()


KINDS = {"syn": (syn, 100000), "fileids": (fileids, 100000), "pipe": (pipe, 4000), "rpccalls": (rpccalls, 60),
         "compound": (compound, 200), "netbios": (netbios, 100000), "lying": (lying, 0)}


def main():
    kind, out = sys.argv[1], sys.argv[2]
    fn, n = KINDS[kind]
    w, rng = writer(out, 8)
    fn(w, rng, int(sys.argv[3]) if len(sys.argv) > 3 else n)
    w.close()


if __name__ == "__main__":
    main()
