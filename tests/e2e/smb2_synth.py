"""Synthetic SMB2 conversations for the hostile-input generators
(gen_floods.py, gen_inject.py), built on the benchmark generator's TCP,
NetBIOS and SMB2 writers (bench/gen_smb2_pcap.py). Strings are passed as
UTF-16LE bytes, so a test can put anything on the wire: NUL, lone
surrogates, odd lengths."""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import gen_smb2_pcap as g  # noqa: E402  (path set just above)

FLAG_RESPONSE = g.FLAG_RESPONSE
ECHO = 0x0D


def u16(s):
    """UTF-16LE of s; lone surrogates ("\\ud800") are written as they are."""
    return s.encode("utf-16-le", "surrogatepass")


class Session:
    """One TCP connection from client idx to server 10.1.0.10:445 and what
    was said on it. Methods write request/response pairs into the pcap."""

    def __init__(self, w, idx, rng):
        self.w, self.rng = w, rng
        self.c = g.Conn(idx, rng)
        self.sess = self.c.session

    def mid(self):
        return g.next_mid(self.c)

    def hdr(self, cmd, mid, tree=0, status=0, flags=0, next_cmd=0):
        return g.smb2_hdr(cmd, mid, tree=tree, sess=self.sess, status=status, flags=flags, next_cmd=next_cmd)

    def send(self, from_client, msgs):
        """Each message in its own NetBIOS frame, all in one run of segments."""
        g.seg_send(self.w, self.c, from_client, b"".join(g.nbss(m) + m for m in msgs))

    def pair(self, req, resp):
        g.exchange(self.w, self.c, req, resp)

    def login(self, user, domain, workstation):
        """NEGOTIATE and NTLMSSP SESSION_SETUP (NEGOTIATE, CHALLENGE,
        AUTHENTICATE with these UTF-16LE names), accepted."""
        steps = g.conn_setup(self.w, self.c, self.rng)
        next(steps)  # handshake
        next(steps)  # NEGOTIATE
        next(steps)  # NTLM NEGOTIATE / CHALLENGE
        auth = authenticate(self.rng, user, domain, workstation)
        tok = g.spnego_resp(token=auth)
        m = self.mid()
        self.pair(self.hdr(g.SESSION_SETUP, m) + struct.pack("<HBBIIHHQ", 25, 0, 1, 1, 0, 88, len(tok), 0) + tok,
                  self.hdr(g.SESSION_SETUP, m, flags=FLAG_RESPONSE) + struct.pack("<HHHH", 9, 0, 72, 0))

    def tree(self, path, tid, share_type):
        m = self.mid()
        self.pair(self.hdr(g.TREE_CONNECT, m) + struct.pack("<HHHH", 9, 0, 72, len(path)) + path,
                  self.hdr(g.TREE_CONNECT, m, tree=tid, flags=FLAG_RESPONSE)
                  + struct.pack("<HBBIII", 16, share_type, 0, 0x30 if share_type == 2 else 0x800, 0, 0x001F01FF))

    def create_req(self, tid, name, mid):
        return (self.hdr(g.CREATE, mid, tree=tid)
                + struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0, 0x0012019F, 0, 7, 1, 0x40, 120,
                              len(name), 0, 0) + (name or b"\0"))

    def create_resp(self, tid, fid, mid):
        return (self.hdr(g.CREATE, mid, tree=tid, flags=FLAG_RESPONSE)
                + struct.pack("<HBBIQQQQQQII16sII", 89, 0, 0, 1, 0, 0, 0, 0, 4096, 0, 0x80, 0, fid, 0, 0))

    def create(self, tid, name, fid):
        m = self.mid()
        self.pair(self.create_req(tid, name, m), self.create_resp(tid, fid, m))

    def write_req(self, tid, fid, data, mid):
        return (self.hdr(g.WRITE, mid, tree=tid)
                + struct.pack("<HHIQ16sIIHHI", 49, 112, len(data), 0, fid, 0, 0, 0, 0, 0) + data)

    def write_resp(self, tid, n, mid):
        return self.hdr(g.WRITE, mid, tree=tid, flags=FLAG_RESPONSE) + struct.pack("<HHIIHH", 17, 0, n, 0, 0, 0)

    def pipe_call(self, tid, fid, pdu, reply):
        """A DCE/RPC PDU written to the pipe and the reply read back (FSCTL_PIPE_TRANSCEIVE)."""
        m = self.mid()
        self.pair(self.hdr(g.IOCTL, m, tree=tid)
                  + struct.pack("<HHI16sIIIIIIII", 57, 0, g.FSCTL_PIPE_TRANSCEIVE, fid, 120, len(pdu), 0, 120, 0,
                                65536, 1, 0) + pdu,
                  self.hdr(g.IOCTL, m, tree=tid, flags=FLAG_RESPONSE)
                  + struct.pack("<HHI16sIIIIII", 49, 0, g.FSCTL_PIPE_TRANSCEIVE, fid, 112, 0, 112, len(reply), 0, 0)
                  + reply)

    def bind(self, tid, fid, pipe):
        self.pipe_call(tid, fid, g.rpc_bind(1, pipe, 0x1234), g.rpc_bind_ack(1, pipe, 0x1234))

    def close(self):
        g.conn_teardown(self.w, self.c)


def authenticate(rng, user, domain, workstation):
    """An NTLMSSP AUTHENTICATE carrying these UTF-16LE names (an NTLMv2
    response without AV pairs: the sensor logs names, it checks no proof)."""
    nt = rng.randbytes(16) + b"\x01\x01" + bytes(6) + bytes(8) + rng.randbytes(8) + bytes(8)
    fields, payload, off = b"", b"", 88
    for item in (bytes(24), nt, domain, user, workstation, rng.randbytes(16)):
        fields += struct.pack("<HHI", len(item), len(item), off + len(payload))
        payload += item
    return (b"NTLMSSP\0" + struct.pack("<I", 3) + fields + struct.pack("<I", g.NTLM_FLAGS) + g.NTLM_VERSION
            + bytes(16) + payload)


def writer(path, seed):
    rng = random.Random(seed)
    return g.Writer(path, rng), rng
