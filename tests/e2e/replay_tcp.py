#!/usr/bin/env python3
"""Replays the SMB connections of a capture over real TCP sockets.

  replay_tcp.py CAPTURE [--port 445] [--host 127.0.0.1] [--gap SECONDS]

CAPTURE is a classic pcap (Ethernet). For each TCP connection to port 445,
in order of its first packet, the payload of each direction is reassembled
by sequence number (retransmissions and duplicates dropped) into turns:
consecutive payload of one direction merged. A server thread accepts one
connection on HOST:PORT and a client connects; the side whose turn it is
sends its bytes and the other reads exactly that many before the next turn;
then both close. Connections run one after another. --gap makes the sender
of each turn wait that long first (a round trip; default 0), for a capture
that cannot take the bursts of loopback at full speed.

Prints one line per connection and exits 0 when every byte arrived as sent;
1 on a mismatch, a timeout or a bad capture; 77 ("skip: ...") when the port
cannot be bound (not root, or already in use). Stdlib only.
"""
import argparse
import errno
import socket
import struct
import sys
import threading
import time

import pcaptool

SMB_PORT = 445
OP_TIMEOUT = 3.0      # every connect/accept/send/recv
TOTAL_BUDGET = 8.0    # the whole replay, seconds


def die(msg, code=1):
    print("replay_tcp: " + msg, file=sys.stderr)
    sys.exit(code)


def read_pcap(path):
    """Yields the frames of a classic pcap with Ethernet link type."""
    _, _, linktype, pkts = pcaptool.read_pcap(path)
    if linktype != 1:
        die("%s: link type %d, only Ethernet (1) is supported" % (path, linktype))
    for i, (_, _, wirelen, frame) in enumerate(pkts):
        if len(frame) != wirelen:
            die("%s: frame %d is truncated" % (path, i + 1))
        yield frame


def tcp_of(frame):
    """(src, dst, sport, dport, seq, flags, payload) or None."""
    et, ip = pcaptool.ip_of_ether(frame)
    if et == 0x0800 and len(ip) >= 20:
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 6 or struct.unpack(">H", ip[6:8])[0] & 0x3fff:
            return None  # not TCP, or a fragment
        total = struct.unpack(">H", ip[2:4])[0]
        src, dst, seg = ip[12:16], ip[16:20], ip[ihl:total]
    elif et == 0x86dd and len(ip) >= 40:
        if ip[6] != 6:
            return None  # extension headers: not in our captures
        plen = struct.unpack(">H", ip[4:6])[0]
        src, dst, seg = ip[8:24], ip[24:40], ip[40:40 + plen]
    else:
        return None
    if len(seg) < 20:
        return None
    sport, dport, seq = struct.unpack(">HHI", seg[:8])
    doff = (seg[12] >> 4) * 4
    return src, dst, sport, dport, seq, seg[13], seg[doff:]


class Direction:
    """Reassembles one direction by sequence number, in capture order."""

    def __init__(self):
        self.next = None     # absolute sequence number of the next new byte
        self.pending = {}    # seq -> payload, segments beyond a hole

    def syn(self, seq):
        if self.next is None:
            self.next = (seq + 1) & 0xffffffff

    def add(self, seq, payload):
        """New in-order bytes this segment makes available."""
        if self.next is None:   # no SYN seen: start at the first payload
            self.next = seq
        self.pending[seq] = max(payload, self.pending.get(seq, b""), key=len)
        out = bytearray()
        progress = True
        while progress:
            progress = False
            for s in list(self.pending):
                p = self.pending[s]
                rel = (s - self.next) & 0xffffffff
                if rel >= 0x80000000:          # starts before next: old bytes
                    behind = (self.next - s) & 0xffffffff
                    del self.pending[s]
                    if behind < len(p):
                        out += p[behind:]
                        self.next = (self.next + len(p) - behind) & 0xffffffff
                        progress = True
                elif rel == 0:
                    del self.pending[s]
                    out += p
                    self.next = (self.next + len(p)) & 0xffffffff
                    progress = bool(p)
        return bytes(out)


def connections(path, port=SMB_PORT):
    """[(name, [(from_client, bytes), ...])] in order of first packet."""
    conns = {}  # (client ip, client port, server ip) -> [name, c2s, s2c, turns]
    for frame in read_pcap(path):
        t = tcp_of(frame)
        if t is None:
            continue
        src, dst, sport, dport, seq, flags, payload = t
        if dport == port:
            key, from_client = (src, sport, dst), True
        elif sport == port:
            key, from_client = (dst, dport, src), False
        else:
            continue
        if key not in conns:
            name = "%s:%d" % (socket.inet_ntop(socket.AF_INET6 if len(src) == 16 else socket.AF_INET,
                                               key[0]), key[1])
            conns[key] = [name, Direction(), Direction(), []]
        c = conns[key]
        d = c[1] if from_client else c[2]
        if flags & 0x02:  # SYN
            d.syn(seq)
        if flags & 0x04 or not payload:  # RST, or no data
            continue
        new = d.add(seq, payload)
        if not new:
            continue
        turns = c[3]
        if turns and turns[-1][0] == from_client:
            turns[-1] = (from_client, turns[-1][1] + new)
        else:
            turns.append((from_client, new))
    return [(c[0], c[3]) for c in conns.values()]


def recv_exactly(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise ConnectionError("peer closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return bytes(buf)


def play(sock, turns, as_client, errors, who, gap):
    """Sends this side's turns and checks the other side's; then closes."""
    try:
        for i, (from_client, data) in enumerate(turns):
            if from_client == as_client:
                if gap:
                    time.sleep(gap)
                sock.sendall(data)
            else:
                got = recv_exactly(sock, len(data))
                if got != data:
                    errors.append("%s: turn %d: received bytes differ from the capture" % (who, i))
                    return
        # Orderly close: the client shuts its side first, the server waits
        # for that FIN, then closes, and the client waits for the server's.
        if as_client:
            sock.shutdown(socket.SHUT_WR)
        extra = sock.recv(1)
        if extra:
            errors.append("%s: unexpected bytes after the last turn" % who)
    except (OSError, ConnectionError) as e:
        errors.append("%s: %s" % (who, e))
    finally:
        sock.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("capture")
    ap.add_argument("--port", type=int, default=445)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--gap", type=float, default=0.0)
    a = ap.parse_args()

    conns = [c for c in connections(a.capture) if c[1]]
    if not conns:
        die("%s: no TCP connection to port %d with payload" % (a.capture, SMB_PORT))

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((a.host, a.port))
    except OSError as e:
        listener.close()
        if e.errno in (errno.EACCES, errno.EPERM, errno.EADDRINUSE):
            print("skip: cannot bind %s:%d: %s" % (a.host, a.port, e.strerror))
            sys.exit(77)
        die("cannot bind %s:%d: %s" % (a.host, a.port, e))
    listener.listen(1)
    listener.settimeout(OP_TIMEOUT)

    start = time.monotonic()
    failed = False
    for n, (name, turns) in enumerate(conns, 1):
        errors = []

        def serve():
            try:
                s, _ = listener.accept()
            except OSError as e:
                errors.append("server: accept: %s" % e)
                return
            s.settimeout(OP_TIMEOUT)
            play(s, turns, False, errors, "server", a.gap)

        server = threading.Thread(target=serve, daemon=True)
        server.start()
        try:
            c = socket.create_connection((a.host, a.port), timeout=OP_TIMEOUT)
            play(c, turns, True, errors, "client", a.gap)
        except OSError as e:
            errors.append("client: connect: %s" % e)
        server.join(2 * OP_TIMEOUT + 1)
        if server.is_alive():
            errors.append("server: did not finish")
        sent = [sum(len(d) for f, d in turns if f is side) for side in (True, False)]
        print("%s conn %d (%s in the capture): %d turns, %d bytes to server, %d to client%s" %
              ("FAIL" if errors else "ok", n, name, len(turns), sent[0], sent[1],
               "".join("\n    " + e for e in errors)))
        if errors:
            failed = True
            break
        if time.monotonic() - start > TOTAL_BUDGET:
            print("FAIL replay took over %.0f s" % TOTAL_BUDGET)
            failed = True
            break
    listener.close()
    print("replayed %d of %d connections in %.2f s" % (n if not failed else n - 1, len(conns),
                                                      time.monotonic() - start))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
