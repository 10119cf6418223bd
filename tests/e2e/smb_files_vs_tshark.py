#!/usr/bin/env python3
"""Checks smb_files.log against tshark, the oracle, for SMB2/3: the set of
(tree path, file name, action) a sensor logging every action writes, per
connection 4-tuple (ts, uid, size and times are not compared; Zeek's
3-minute dedup only skips rows equal to one already in the set). Exit 0
when they agree.

  smb_files_vs_tshark.py CAPTURE SMB_FILES_LOG

The log must come from a run with every action enabled (smb_files_actions =
FILE_OPEN FILE_READ FILE_WRITE FILE_CLOSE FILE_DELETE FILE_RENAME
FILE_SET_ATTRIBUTE PIPE_* PRINT_*). Requests and responses are paired per
connection by MessageId (and command); interim STATUS_PENDING responses
(async flag) are not answers yet. The expected rows:

  OPEN        a CREATE response with status 0: the request's tree and name
              (<share_root> when empty; '-' when the request is not in the
              capture); FILE_/PIPE_/PRINT_ by the tree's share type (1 disk,
              2 pipe, 3 print, from its TREE_CONNECT response; FILE_ when
              the tree is unknown)
  DELETE      that CREATE with FILE_DELETE_ON_CLOSE (0x1000) in its
              CreateOptions; a SET_INFO FileDispositionInformation (13) with
              DeletePending, or FileDispositionInformationEx (64) with flag
              1, answered with status 0
  RENAME      a SET_INFO FileRenameInformation (10) answered with status 0:
              the new name, which later rows of that FileId carry
  SET_ATTRIBUTE  a SET_INFO FileBasicInformation (4) answered with status 0
  READ        a READ response paired with its request
  WRITE       a WRITE request
  CLOSE       a CLOSE response paired with its request

The file of READ/WRITE/CLOSE/SET_INFO is the open of its FileId on this
connection (the CREATE response's FileId); a related request of a compound
whose FileId is all ones names the file of the previous request in the
chain. A file whose open is not in the capture has the name '-' and the
tree of the message's TreeId. A TREE_DISCONNECT request forgets its tree, a
successful CLOSE its open. Connections on which tshark decodes only SMB1
are out of scope (their rows are not compared).

tshark's PDML is read rather than its field output, so the messages of a
compound and the NetBIOS messages sharing a TCP segment stay apart. Only
what is on the wire is used (header fields, request bodies); tshark's own
generated cross-references (the Tree name it shows in every header, the
file name it shows in responses) are not.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

import tshark_fields
import zeeklog

SMB_PORTS = {"445", "139"}
STATUS_SUCCESS = 0
STATUS_PENDING = 0x103
FLAGS_RESPONSE = 0x1
FLAGS_ASYNC = 0x2
FLAGS_RELATED = 0x4
OPLOCK_BREAK_MSG_ID = 0xFFFFFFFFFFFFFFFF
PREVIOUS_FILE = "ffffffff-ffff-ffff-ffff-ffffffffffff"
DELETE_ON_CLOSE = 0x1000
INFO_FILE = 1
CLASS_BASIC, CLASS_RENAME, CLASS_DISPOSITION, CLASS_DISPOSITION_EX = 4, 10, 13, 64
SHARE_ROOT = "<share_root>"
FAMILY = {2: "PIPE_", 3: "PRINT_"}     # share type -> prefix; FILE_ otherwise

CMD_TREE_CONNECT, CMD_TREE_DISCONNECT, CMD_CREATE, CMD_CLOSE = 3, 4, 5, 6
CMD_READ, CMD_WRITE, CMD_SET_INFO = 8, 9, 17


def conn_key(src, sport, dst, dport):
    if dport in SMB_PORTS:
        return (src, sport, dst, dport)
    if sport in SMB_PORTS:
        return (dst, dport, src, sport)
    return None


def message(proto):
    """The fields of one <proto name="smb2">: the first of each name, but the
    last smb2.tree (a TREE_CONNECT request's path, after the one tshark
    shows under the header's TreeId) and no generated (size 0) share type;
    plus the raw bytes of the body (the element after the header)."""
    fields = {}
    for f in proto.iter("field"):
        name = f.get("name")
        if name == "smb2.tree":
            fields[name] = f
        elif name == "smb2.share_type" and f.get("size") == "0":
            continue
        else:
            fields.setdefault(name, f)
    parts = proto.findall("field")
    body = parts[1].get("value") if len(parts) > 1 else None
    fields["body"] = bytes.fromhex(body) if body else b""
    return fields


def tshark_packets(pcap):
    """Yields, per frame with SMB2, (frame, conn key, [fields per SMB2
    message, in wire order])."""
    cmd = ["tshark", "-r", pcap, "-Y", "smb2", "-T", "pdml"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for _, elem in ET.iterparse(proc.stdout, events=("end",)):
        if elem.tag != "packet":
            continue
        frame, src, dst, sport, dport, msgs = "?", None, None, None, None, []
        for proto in elem.findall("proto"):
            name = proto.get("name")
            if name == "frame":
                f = proto.find("field[@name='frame.number']")
                frame = f.get("show") if f is not None else "?"
            elif name in ("ip", "ipv6"):
                s, d = proto.find("field[@name='%s.src']" % name), proto.find("field[@name='%s.dst']" % name)
                src = s.get("show") if s is not None else None
                dst = d.get("show") if d is not None else None
            elif name == "tcp":
                sport = proto.find("field[@name='tcp.srcport']").get("show")
                dport = proto.find("field[@name='tcp.dstport']").get("show")
            elif name == "smb2":
                msgs.append(message(proto))
        elem.clear()
        key = conn_key(src, sport, dst, dport) if src and sport else None
        if msgs and key:
            yield frame, key, msgs
    proc.stdout.close()
    if proc.wait() != 0:
        sys.exit("tshark failed on %s" % pcap)


def smb1_conns(pcap):
    """Connections with SMB1 messages."""
    cols = ["ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport"]
    conns = set()
    for r in tshark_fields.rows(pcap, "smb", cols):
        key = conn_key(r["ip.src"] or r["ipv6.src"], r["tcp.srcport"], r["ip.dst"] or r["ipv6.dst"], r["tcp.dstport"])
        if key:
            conns.add(key)
    return conns


def num(m, name):
    f = m.get(name)
    if f is None or f.get("show") in (None, ""):
        return None
    return int(f.get("show"), 0)


def text(f):
    """A UTF-16LE string from its raw bytes rather than tshark's display
    string; '' for a field without bytes (an empty name)."""
    if f is None:
        return None
    raw = f.get("value")
    if raw is None:
        return f.get("show") if f.get("size") != "0" else ""
    return bytes.fromhex(raw).decode("utf-16-le", errors="replace")


def le(b, off, n):
    return int.from_bytes(b[off:off + n], "little") if len(b) >= off + n else None


def set_info_request(m, req):
    """The info class and what the buffer says: the body is StructureSize(2)
    InfoType(1) FileInfoClass(1) BufferLength(4) BufferOffset(2) ...; the
    offset counts from the header, which is 64 bytes."""
    body = m["body"]
    req["info_type"], req["info_class"] = num(m, "smb2.class"), num(m, "smb2.file_info.infolevel")
    if req["info_type"] != INFO_FILE:
        return
    size, off = le(body, 4, 4), le(body, 8, 2)
    buf = body[off - 64:off - 64 + size] if size is not None and off is not None and off >= 64 else b""
    if req["info_class"] == CLASS_RENAME:
        new = m.get("smb2.filename")
        if new is not None:
            req["new_name"] = text(new)
        elif len(buf) >= 20:    # ReplaceIfExists(1) Reserved(7) RootDirectory(8) FileNameLength(4)
            req["new_name"] = buf[20:20 + le(buf, 16, 4)].decode("utf-16-le", errors="replace")
    elif req["info_class"] == CLASS_DISPOSITION:
        dp = num(m, "smb2.disposition.delete_on_close")
        req["delete"] = bool(dp if dp is not None else (buf[:1] or b"\0")[0])
    elif req["info_class"] == CLASS_DISPOSITION_EX:
        req["delete"] = bool((le(buf, 0, 4) or 0) & 1)


class Conn:
    """What one connection has said so far, and the rows expected of it."""

    def __init__(self):
        self.trees = {}      # TreeId -> (path or None, share type)
        self.pending = {}    # MessageId -> request
        self.opens = {}      # FileId -> {"name", "tid"}
        self.rows = {}       # (path, name, action) -> first frame

    def emit(self, frame, tid, name, action, family=True):
        path, share = self.trees.get(tid, (None, None))
        if family:    # READ, WRITE, OPEN, CLOSE
            action = FAMILY.get(share, "FILE_") + action
        path = "-" if path is None else path or "(empty)"
        name = "-" if name is None else name or SHARE_ROOT
        self.rows.setdefault((path, name, action), frame)

    def file_of(self, ref, tid):
        """(TreeId, name) of the file a request names, and its FileId when
        known: an open seen on this connection, the CREATE earlier in the
        compound (its request when not answered yet), or unknown."""
        kind, val = ref
        if kind == "create":
            if "fid" in val:
                ref = ("fid", val["fid"])
            elif not val.get("answered"):
                return val["tid"], val["name"], None
            else:
                return tid, None, None    # the CREATE failed: no file
        fid = ref[1]
        o = self.opens.get(fid)
        if o:
            return o["tid"], o["name"], fid
        return tid, None, fid

    def request(self, frame, m, chain):
        cmd, msg_id, tid = num(m, "smb2.cmd"), num(m, "smb2.msg_id"), num(m, "smb2.tid")
        flags = num(m, "smb2.flags") or 0
        req = {"cmd": cmd, "tid": tid, "frame": frame}
        fid = m.get("smb2.fid")
        if fid is not None and cmd != CMD_CREATE:
            fid = fid.get("show")
            if fid == PREVIOUS_FILE and flags & FLAGS_RELATED and chain[0] is not None:
                req["ref"] = chain[0]
            else:
                req["ref"] = ("fid", fid)
            if req["ref"][0] == "create" and (tid is None or tid == 0xFFFFFFFF):
                req["tid"] = tid = req["ref"][1]["tid"]
            chain[0] = req["ref"]
        if cmd == CMD_TREE_CONNECT:
            path = text(m.get("smb2.tree"))
            req["path"] = path
        elif cmd == CMD_TREE_DISCONNECT:
            self.trees.pop(tid, None)
        elif cmd == CMD_CREATE:
            req["name"] = text(m.get("smb2.filename")) or ""
            req["options"] = num(m, "smb.create_options") or 0
            chain[0] = ("create", req)
        elif cmd == CMD_WRITE and "ref" in req:
            t, name, _ = self.file_of(req["ref"], tid)
            self.emit(frame, t, name, "WRITE")
        elif cmd == CMD_SET_INFO:
            set_info_request(m, req)
        if msg_id is not None:
            self.pending[msg_id] = req

    def response(self, frame, m):
        cmd, msg_id = num(m, "smb2.cmd"), num(m, "smb2.msg_id")
        status, flags = num(m, "smb2.nt_status"), num(m, "smb2.flags") or 0
        if msg_id == OPLOCK_BREAK_MSG_ID or (status == STATUS_PENDING and flags & FLAGS_ASYNC):
            return
        req = self.pending.get(msg_id)
        if req is not None and req["cmd"] == cmd:
            del self.pending[msg_id]
        else:
            req = None
        if cmd == CMD_TREE_CONNECT and status == STATUS_SUCCESS:
            self.trees[num(m, "smb2.tid")] = (req["path"] if req else None, num(m, "smb2.share_type"))
        elif cmd == CMD_CREATE:
            if req:
                req["answered"] = True
            if status != STATUS_SUCCESS:
                return
            fid = m.get("smb2.fid").get("show")
            tid = req["tid"] if req else (num(m, "smb2.tid") if not flags & FLAGS_ASYNC else None)
            name = req["name"] if req else None
            self.opens[fid] = {"name": name, "tid": tid}
            if req:
                req["fid"] = fid
            self.emit(frame, tid, name, "OPEN")
            if req and req["options"] & DELETE_ON_CLOSE:
                self.emit(frame, tid, name, "FILE_DELETE", family=False)
        elif req is None or "ref" not in req:
            return
        elif cmd == CMD_READ:
            t, name, _ = self.file_of(req["ref"], req["tid"])
            self.emit(frame, t, name, "READ")
        elif cmd == CMD_CLOSE:
            t, name, fid = self.file_of(req["ref"], req["tid"])
            self.emit(frame, t, name, "CLOSE")
            if status == STATUS_SUCCESS and fid is not None:
                self.opens.pop(fid, None)
        elif cmd == CMD_SET_INFO and status == STATUS_SUCCESS and req.get("info_type") == INFO_FILE:
            t, name, fid = self.file_of(req["ref"], req["tid"])
            cls = req.get("info_class")
            if cls == CLASS_RENAME and req.get("new_name") is not None:
                if fid is not None:
                    self.opens[fid] = {"name": req["new_name"], "tid": t}
                self.emit(frame, t, req["new_name"], "FILE_RENAME", family=False)
            elif cls in (CLASS_DISPOSITION, CLASS_DISPOSITION_EX) and req.get("delete"):
                self.emit(frame, t, name, "FILE_DELETE", family=False)
            elif cls == CLASS_BASIC:
                self.emit(frame, t, name, "FILE_SET_ATTRIBUTE", family=False)


def expected(pcap):
    """conn 4-tuple -> {(path, name, action): first frame}."""
    conns = {}
    for frame, key, msgs in tshark_packets(pcap):
        c = conns.setdefault(key, Conn())
        chain = [None]    # the file of the previous request in a compound
        for m in msgs:
            if (num(m, "smb2.flags") or 0) & FLAGS_RESPONSE:
                c.response(frame, m)
            else:
                if not (num(m, "smb2.flags") or 0) & FLAGS_RELATED:
                    chain[0] = None
                c.request(frame, m, chain)
    return {k: c.rows for k, c in conns.items()}


def logged(path):
    rows = {}
    for d in zeeklog.read(path, missing_ok=True)[2]:
        p, n, a = d["path"], d["name"], d["action"]
        row = (p if p == "-" else zeeklog.unescape(p), n if n == "-" else zeeklog.unescape(n),
               a[5:] if a.startswith("SMB::") else a)
        rows.setdefault(zeeklog.conn_key(d), set()).add(row)
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    pcap, log = sys.argv[1], sys.argv[2]
    want, got = expected(pcap), logged(log)
    smb1_only = smb1_conns(pcap) - set(want)
    total = sum(len(v) for v in want.values())
    bad = 0
    for key in sorted(set(want) | set(got)):
        if key in smb1_only:
            continue
        w, g = want.get(key, {}), got.get(key, set())
        for row in sorted(set(w) | g):
            if row in w and row in g:
                continue
            if row in w:
                print("  %s: tshark (frame %s) %s %s %s, not in smb_files.log" % (" ".join(key), w[row], row[2],
                                                                                 row[0], row[1]))
            else:
                print("  %s: smb_files.log %s %s %s, not from tshark" % (" ".join(key), row[2], row[0], row[1]))
            bad += 1
    print("  %d (tree, name, action) on %d SMB2 connections, %d disagree" % (total, len(want), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
