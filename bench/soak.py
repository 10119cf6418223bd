#!/usr/bin/env python3
"""bench/soak.py - 24 hours of packet time through smbsensor, RSS sampled at
the end of every packet hour (issue 7: RSS stays within 10 % of its
first-hour level). A soak run, not a test: it exits 0 whatever the figures,
unless the sensor fails.

    python3 bench/soak.py [options]        (or: sh bench/soak.sh, make bench-soak)

The input is generated on the fly and piped into `smbsensor -r -`; nothing
of the 24 hours is written to disk. It is a loop of "episodes": an episode
is one source capture (every classic Ethernet pcap in pcaps/, plus two small
captures of bench/gen_smb2_pcap.py's files and rpc workloads) replayed from
a start time in the day, with
  - every packet's timestamp shifted to that start (the capture's own gaps
    kept: a few sources span minutes to hours, so idle expiry, close delay
    and the detectors' windows all come round many times a day);
  - every client address (the side that sent the SYN, or else the side with
    the higher port / not on 135, 139, 445) replaced by the next address of a
    client pool, every server address by one of a server pool, and every
    client port shifted, so that each episode's connections are new;
  - the user name of each NTLMSSP AUTHENTICATE message rewritten in place
    (same length, its last characters replaced) to an account of an account
    pool;
  - the IPv4 header and TCP checksums updated incrementally (RFC 1624).
Episodes start at evenly spaced, jittered times (--episodes-per-hour), round
robin over the sources, and are merged in timestamp order; the stream stops
at exactly 24 h of packet time.

At each packet-hour boundary the writer stops, waits until the sensor has
read the pipe empty and sleeps in read(), then records VmRSS and VmHWM from
/proc/PID/status (and RssAnon), with the packet time reached. At the end it
closes the pipe, waits for the sensor and reads its stats.log.

Writes the soak section of bench/RESULTS.md (between <!-- soak:begin -->
and <!-- soak:end -->) unless --no-results; the samples also go to
bench/work/soak/NAME.tsv.
"""
import argparse
import fcntl
import glob
import heapq
import os
import random
import socket
import struct
import subprocess
import sys
import termios
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
W = os.path.join(ROOT, "bench", "work", "soak")
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
GEN = os.path.join(ROOT, "bench", "gen_smb2_pcap.py")
HOUR_US = 3600 * 1000000
DAY0 = 1767225600  # 2026-01-01 00:00:00 UTC
SERVER_PORTS = (445, 139, 135)
F_SETPIPE_SZ = 1031
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# generated sources: (file name, generator arguments)
GENERATED = [("gen-files.pcap", ["--workload", "files", "--size-mb", "2", "--conns", "16", "--seed", "7"]),
             ("gen-rpc.pcap", ["--workload", "rpc", "--size-mb", "2", "--conns", "16", "--seed", "7"])]


def fold(s):
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def words(b4):
    return (b4[0] << 8 | b4[1]), (b4[2] << 8 | b4[3])


class Source:
    """One capture, preprocessed into packet templates."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.relpath(path, ROOT)
        data = open(path, "rb").read()
        if data[:4] != b"\xd4\xc3\xb2\xa1" or struct.unpack("<I", data[20:24])[0] != 1:
            raise ValueError("not a little-endian microsecond Ethernet pcap")
        raw, off = [], 24
        while off + 16 <= len(data):
            sec, usec, caplen, wirelen = struct.unpack("<IIII", data[off:off + 16])
            frame = data[off + 16:off + 16 + caplen]
            off += 16 + caplen
            if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6 or frame[14] >> 4 != 4:
                continue  # IPv4 TCP only
            ihl = (frame[14] & 15) * 4
            if len(frame) < 14 + ihl + 18:
                continue
            raw.append((sec * 1000000 + usec, wirelen, frame, 14 + ihl))
        if not raw:
            raise ValueError("no IPv4 TCP packets")
        raw.sort(key=lambda r: r[0])
        t0 = raw[0][0]
        # the client of each connection: the SYN's sender, else by port
        client_of = {}
        for _, _, f, tcp in raw:
            src, dst = f[26:30], f[30:34]
            sp, dp = struct.unpack(">HH", f[tcp:tcp + 4])
            key = frozenset(((src, sp), (dst, dp)))
            if key in client_of:
                continue
            flags = f[tcp + 13]
            if flags & 0x02:  # SYN: the sender is the client, SYN+ACK: the receiver
                client_of[key] = (src, sp) if not flags & 0x10 else (dst, dp)
            elif dp in SERVER_PORTS and sp not in SERVER_PORTS:
                client_of[key] = (src, sp)
            elif sp in SERVER_PORTS and dp not in SERVER_PORTS:
                client_of[key] = (dst, dp)
            else:
                client_of[key] = (src, sp) if sp > dp else (dst, dp)
        clients = {c[0] for c in client_of.values()}
        ips = sorted({f[26:30] for _, _, f, _ in raw} | {f[30:34] for _, _, f, _ in raw})
        self.ip_index = {ip: i for i, ip in enumerate(ips)}
        self.ip_words = [words(ip) for ip in ips]
        self.ip_is_client = [ip in clients for ip in ips]
        self.users = []  # distinct original user names (bytes), indexed by ntlm entries
        user_index = {}
        self.pkts = []
        self.nntlm = 0
        for ts, wirelen, f, tcp in raw:
            src, dst = f[26:30], f[30:34]
            sp, dp = struct.unpack(">HH", f[tcp:tcp + 4])
            cl = client_of[frozenset(((src, sp), (dst, dp)))]
            port_at = 0
            if cl == (src, sp):
                port_at, port = tcp, sp
            else:
                port_at, port = tcp + 2, dp
            ntlm = None
            n = f.find(b"NTLMSSP\x00\x03\x00\x00\x00")
            if n >= 0 and n + 64 <= len(f):
                ulen, _, uoff = struct.unpack("<HHI", f[n + 36:n + 44])
                flags = struct.unpack("<I", f[n + 60:n + 64])[0]
                wide = 2 if flags & 1 else 1
                at = n + uoff
                if ulen >= wide and at + ulen <= len(f):
                    user = f[at:at + ulen]
                    if user not in user_index:
                        user_index[user] = len(self.users)
                        self.users.append(user)
                    nch = min(ulen // wide, 4)
                    ntlm = (user_index[user], at + ulen - nch * wide, nch, wide)
                    self.nntlm += 1
            self.pkts.append((ts - t0, wirelen, f, tcp, self.ip_index[src], self.ip_index[dst],
                              port_at, port, ntlm))
        self.span_us = self.pkts[-1][0]
        self.nbytes = sum(len(p[2]) for p in self.pkts)


class Episode:
    """A source replayed from start_us with fresh clients, servers, ports
    and accounts."""

    def __init__(self, src, start_us, pools, k):
        self.src = src
        self.start = start_us
        new_ip, delta = [], []
        for i, (w1, w2) in enumerate(src.ip_words):
            if src.ip_is_client[i]:
                a = pools.next_client()
            else:
                a = pools.server(k, i)
            n1, n2 = words(a)
            new_ip.append(a)
            delta.append((~w1 & 0xffff) + (~w2 & 0xffff) + n1 + n2)
        self.new_ip = new_ip
        self.delta = delta
        self.shift = pools.port_shift(k)
        self.accounts = [pools.next_account() for _ in src.users]


class Pools:
    def __init__(self, a):
        self.clients, self.servers, self.accounts = a.clients, a.servers, a.accounts
        self.nclient = 0
        self.naccount = 0
        self.client_seen = set()
        self.account_seen = set()
        self.servers_seen = set()

    def next_client(self):
        i = self.nclient % self.clients
        self.nclient += 1
        self.client_seen.add(i)
        return bytes((10, 64 + (i >> 16), (i >> 8) & 255, i & 255))

    def server(self, k, i):
        j = (k * 7 + i * 131) % self.servers
        self.servers_seen.add(j)
        return bytes((172, 16 + (j >> 16), (j >> 8) & 255, j & 255))

    def port_shift(self, k):
        return (k * 7919) % 64512

    def next_account(self):
        i = self.naccount % self.accounts
        self.naccount += 1
        self.account_seen.add(i)
        return i


def frame_of(ep, p):
    """The rewritten frame of template p in episode ep."""
    _, _, f, tcp, si, di, port_at, port, ntlm = p
    b = bytearray(f)
    d = ep.delta[si] + ep.delta[di]
    ck = struct.unpack_from(">H", b, 24)[0]
    struct.pack_into(">H", b, 24, ~fold((~ck & 0xffff) + d) & 0xffff)
    b[26:30] = ep.new_ip[si]
    b[30:34] = ep.new_ip[di]
    if port >= 1024:
        new = 1024 + (port - 1024 + ep.shift) % 64512
        struct.pack_into(">H", b, port_at, new)
        d += (~port & 0xffff) + new
    if ntlm:
        ui, at, nch, wide = ntlm
        acct = ep.accounts[ui]
        old = new = 0
        for j in range(nch):
            c = ord(B36[acct % 36])
            acct //= 36
            o = at + (nch - 1 - j) * wide
            old += b[o] << 8 if not o & 1 else b[o]
            new += c << 8 if not o & 1 else c
            b[o] = c
        d += (~fold(old) & 0xffff) + fold(new)
    if len(b) >= tcp + 18:
        ck = struct.unpack_from(">H", b, tcp + 16)[0]
        struct.pack_into(">H", b, tcp + 16, ~fold((~ck & 0xffff) + d) & 0xffff)
    return b


def load_sources(a):
    os.makedirs(W, exist_ok=True)
    paths = sorted(glob.glob(os.path.join(ROOT, "pcaps", "*.pcap")))
    for name, args in GENERATED:
        out = os.path.join(W, name)
        if not os.path.exists(out) or os.path.getmtime(GEN) > os.path.getmtime(out):
            subprocess.run([sys.executable, GEN] + args + [out], check=True, stdout=subprocess.DEVNULL)
        paths.append(out)
    sources, skipped = [], []
    for p in paths:
        try:
            sources.append(Source(p))
        except (ValueError, struct.error) as e:
            skipped.append("%s (%s)" % (os.path.relpath(p, ROOT), e))
    return sources, skipped


def status_of(pid):
    v = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, rest = line.partition(":")
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "VmData"):
                v[k] = int(rest.split()[0])
    return v


def proc_state(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], int(rest[11]) + int(rest[12])  # state, utime+stime ticks


def pipe_pending(fd):
    buf = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
    return struct.unpack("i", buf)[0]


def wait_drained(fd, pid, proc):
    """Until the pipe is empty and the sensor sleeps (blocked in read)."""
    while True:
        if proc.poll() is not None:
            sys.exit("soak: the sensor exited early (status %s)" % proc.returncode)
        if pipe_pending(fd) == 0:
            st, t1 = proc_state(pid)
            if st == "S":
                time.sleep(0.02)
                st2, t2 = proc_state(pid)
                if st2 == "S" and t2 == t1 and pipe_pending(fd) == 0:
                    return
        time.sleep(0.005)


def stats_log(logdir):
    path = os.path.join(logdir, "stats.log")
    fields, last = None, None
    try:
        for line in open(path):
            line = line.rstrip("\n")
            if line.startswith("#fields"):
                fields = line.split("\t")[1:]
            elif not line.startswith("#") and line:
                last = line.split("\t")
    except OSError:
        return {}
    if not fields or not last:
        return {}
    return dict(zip(fields, last))


def run(a, sources):
    pools = Pools(a)
    rng = random.Random(a.seed)
    logdir = os.path.join(W, "logs-" + a.name)
    subprocess.run(["rm", "-rf", logdir], check=True)
    cmd = [a.sensor, "--no-progress", "--no-report"]
    if a.config:
        cmd += ["-c", a.config]
    cmd += ["-r", "-", "-w", logdir]
    t_wall = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=open(os.path.join(W, a.name + ".err"), "wb"))
    fd = proc.stdin.fileno()
    try:
        fcntl.fcntl(fd, F_SETPIPE_SZ, 1 << 20)
    except OSError:
        pass
    os.set_blocking(fd, True)
    buf = bytearray(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    t0 = DAY0 * 1000000
    end = t0 + a.hours * HOUR_US
    per_hour = a.episodes_per_hour
    gap = HOUR_US // per_hour
    nsrc = len(sources)
    heap = []  # (ts, seq, episode, index)
    k = 0  # episodes started
    seq = 0
    next_start = t0
    pkts = nbytes = 0
    samples = []
    boundary = t0 + HOUR_US
    hour_pkts = hour_eps = 0
    src_eps = [0] * nsrc
    ntlm_rewritten = 0

    def flush():
        data = bytes(buf)
        buf.clear()
        off = 0
        while off < len(data):
            off += os.write(fd, data[off:off + (1 << 20)])

    while True:
        # start the episodes due before the next packet
        while next_start < end and (not heap or next_start <= heap[0][0]):
            si = k % nsrc
            ep = Episode(sources[si], next_start, pools, k)
            src_eps[si] += 1
            heapq.heappush(heap, (next_start + ep.src.pkts[0][0], seq, ep, 0))
            seq += 1
            k += 1
            hour_eps += 1
            slot = (next_start - t0) // gap + 1
            next_start = t0 + slot * gap + int(rng.random() * gap * 0.5)
        ts = heap[0][0] if heap else end
        while ts >= boundary or (not heap and boundary <= end):
            flush()
            wait_drained(fd, proc.pid, proc)
            st = status_of(proc.pid)
            hour = (boundary - t0) // HOUR_US
            samples.append(dict(hour=hour, pkt_time=boundary - t0, wall=time.time() - t_wall,
                                pkts=pkts, hour_pkts=hour_pkts, hour_eps=hour_eps,
                                clients=len(pools.client_seen), accounts=len(pools.account_seen),
                                open_eps=len(heap), **st))
            print("soak[%s]: hour %2d  VmRSS %6d KiB  VmHWM %6d KiB  RssAnon %6d KiB  %8d pkts this hour  %6.0f s"
                  % (a.name, hour, st["VmRSS"], st["VmHWM"], st.get("RssAnon", 0), hour_pkts,
                     time.time() - t_wall), flush=True)
            hour_pkts = hour_eps = 0
            boundary += HOUR_US
            if boundary > end:
                break
        if ts >= end or not heap:
            break
        ts, _, ep, i = heapq.heappop(heap)
        p = ep.src.pkts[i]
        f = frame_of(ep, p)
        if p[8]:
            ntlm_rewritten += 1
        buf += struct.pack("<IIII", ts // 1000000, ts % 1000000, len(f), p[1])
        buf += f
        pkts += 1
        hour_pkts += 1
        nbytes += len(f)
        if len(buf) >= 1 << 18:
            flush()
        i += 1
        if i < len(ep.src.pkts):
            heapq.heappush(heap, (ep.start + ep.src.pkts[i][0], seq, ep, i))
            seq += 1
    flush()
    proc.stdin.close()
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.time() - t_wall
    if proc.returncode != 0:
        sys.stderr.write(open(os.path.join(W, a.name + ".err")).read()[-2000:])
        sys.exit("soak: the sensor exited with status %d" % proc.returncode)
    with open(os.path.join(W, a.name + ".tsv"), "w") as f:
        cols = ["hour", "pkt_time", "wall", "pkts", "hour_pkts", "hour_eps", "clients", "accounts",
                "open_eps", "VmRSS", "VmHWM", "RssAnon", "RssFile", "VmData"]
        f.write("\t".join(cols) + "\n")
        for s in samples:
            f.write("\t".join(str(round(s.get(c, 0), 1)) for c in cols) + "\n")
    logs = {}
    for fn in sorted(os.listdir(logdir)):
        with open(os.path.join(logdir, fn), "rb") as lf:
            logs[fn] = sum(1 for line in lf if not line.startswith(b"#"))
    return dict(samples=samples, pkts=pkts, bytes=nbytes, episodes=k, wall=wall, maxrss=ru.ru_maxrss,
                cpu=ru.ru_utime + ru.ru_stime, stats=stats_log(logdir), logs=logs, cmd=cmd,
                src_eps=src_eps, ntlm=ntlm_rewritten, clients=len(pools.client_seen),
                client_allocs=pools.nclient, accounts=len(pools.account_seen),
                account_allocs=pools.naccount, servers=len(pools.servers_seen))


def verdict(samples):
    first = samples[0]["VmRSS"]
    later = samples[1:] or samples
    mx = max(later, key=lambda s: s["VmRSS"])
    ratio = mx["VmRSS"] / first
    return first, mx, ratio, ratio <= 1.10


STATE_FIELDS = ["pkts", "conns", "conns_idle", "conns_closed", "conns_evicted", "conns_reused",
                "conns_open_at_exit", "detect_hosts_evicted", "fanout_keys_evicted", "fanout_edges_refused",
                "logon_keys_evicted", "finding_pairs_evicted", "written_hosts_refused",
                "rpc_endpoints_evicted", "smb2_pending_evicted", "smb_trees_refused", "smb_opens_refused",
                "smb_sessions_refused", "smb_pipes_refused", "detect_alloc_failed", "alloc_failed"]


def nonzero_stats(stats):
    keep = []
    for k, v in stats.items():
        if k in ("ts", "peer", "uid") or not v.replace(".", "").isdigit() or float(v) == 0:
            continue
        keep.append((k, v))
    return keep


def section(a, r, sources, skipped, diag):
    first, mx, ratio, ok = verdict(r["samples"])
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip() or "no commit"
    L = ["<!-- soak:begin -->", "## Soak: 24 hours of packet time (bench/soak.sh)", ""]
    L.append("- date: %s, source: %s%s" % (time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), rev,
                                            a.source_note))
    L.append("- command: `%s` fed by `python3 bench/soak.py` through a pipe (nothing written to disk but the logs)"
             % " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in r["cmd"]))
    L.append("- input: %d episodes (%d per packet hour, evenly spaced with jitter), round robin over %d "
             "source captures: every classic Ethernet pcap of pcaps/ (IPv4 TCP packets only) and two "
             "small bench/gen_smb2_pcap.py captures (files and rpc workloads, 16 connections each); "
             "each episode replays its capture with its timestamps shifted, client addresses taken in "
             "turn from a pool of %d (10.64.0.0/..., %d allocations: each address comes back every %.1f h), "
             "server addresses from a pool of %d, client ports shifted, NTLMSSP user names rewritten in "
             "place to one of %d accounts (%d allocations), checksums updated"
             % (r["episodes"], a.episodes_per_hour, len(sources), a.clients, r["client_allocs"],
                24.0 * a.clients / max(r["client_allocs"], 1), a.servers, a.accounts, r["account_allocs"]))
    L.append("- volume: %d packets, %.1f MB of frames, %d NTLMSSP AUTHENTICATE messages rewritten; "
             "distinct over the day: %d client addresses, %d server addresses, %d accounts"
             % (r["pkts"], r["bytes"] / 1e6, r["ntlm"], r["clients"], r["servers"], r["accounts"]))
    if skipped:
        L.append("- not used (not classic Ethernet pcap): " + ", ".join(skipped))
    L.append("- wall time: %.0f s (sensor CPU %.0f s); RSS sampled at each packet-hour boundary once "
             "the sensor had read the pipe empty and was asleep in read()" % (r["wall"], r["cpu"]))
    L += ["", "| packet hour | VmRSS KiB | vs hour 1 | VmHWM KiB | RssAnon KiB | packets in hour | distinct clients so far | wall s |",
          "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in r["samples"]:
        L.append("| %d | %d | %+.1f %% | %d | %d | %d | %d | %.0f |"
                 % (s["hour"], s["VmRSS"], 100.0 * (s["VmRSS"] / first - 1), s["VmHWM"], s.get("RssAnon", 0),
                    s["hour_pkts"], s["clients"], s["wall"]))
    L.append("")
    L.append("**Verdict: %s.** First-hour VmRSS %d KiB; the largest over hours 2-24 is %d KiB at hour %d "
             "(%+.1f %%; target: within 10 %%). Peak (VmHWM at the end) %d KiB."
             % ("within 10 %" if ok else "NOT within 10 %", first, mx["VmRSS"], mx["hour"],
                100 * (ratio - 1), r["samples"][-1]["VmHWM"]))
    L.append("")
    nz = nonzero_stats(r["stats"])
    L.append("stats.log at the end (non-zero counters): " +
             ", ".join("%s %s" % kv for kv in nz) if nz else "stats.log: not found")
    L.append("")
    L.append("Logs (rows): " + ", ".join("%s %d" % kv for kv in r["logs"].items()))
    for line in diag:
        L.append(line)
    L.append("<!-- soak:end -->")
    return "\n".join(L) + "\n"


def write_results(text):
    old = open(RESULTS).read() if os.path.exists(RESULTS) else ""
    if "<!-- soak:begin -->" in old and "<!-- soak:end -->" in old:
        head, rest = old.split("<!-- soak:begin -->", 1)
        new = head + text.rstrip("\n") + rest.split("<!-- soak:end -->", 1)[1]
    else:
        new = old.rstrip("\n") + "\n" + text
    open(RESULTS, "w").write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sensor", default=os.environ.get("SMBSENSOR", os.path.join(ROOT, "build", "smbsensor")))
    ap.add_argument("--config", help="sensor configuration file (-c)")
    ap.add_argument("--name", default="soak", help="name of this run's files in bench/work/soak/")
    ap.add_argument("--episodes-per-hour", type=int, default=int(os.environ.get("SOAK_EPISODES", "4000")))
    ap.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS", "100000")),
                    help="client address pool (taken in turn)")
    ap.add_argument("--servers", type=int, default=int(os.environ.get("SOAK_SERVERS", "5000")))
    ap.add_argument("--accounts", type=int, default=int(os.environ.get("SOAK_ACCOUNTS", "100000")),
                    help="account pool (taken in turn)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hours", type=int, default=24, help="packet hours (24; fewer for a trial)")
    ap.add_argument("--source-note", default="")
    ap.add_argument("--diag", help="a file of markdown lines added to the section (diagnosis runs)")
    ap.add_argument("--no-results", action="store_true", help="do not touch bench/RESULTS.md")
    a = ap.parse_args()
    if not os.access(a.sensor, os.X_OK):
        sys.exit("soak: %s is not there (run make first)" % a.sensor)
    sources, skipped = load_sources(a)
    print("soak[%s]: %d sources, %d packets per round; %d episodes per packet hour"
          % (a.name, len(sources), sum(len(s.pkts) for s in sources), a.episodes_per_hour), flush=True)
    r = run(a, sources)
    first, mx, ratio, ok = verdict(r["samples"])
    print("soak[%s]: %d packets in %.0f s wall; first hour %d KiB, max over hours 2-24 %d KiB (hour %d, %+.1f %%): %s"
          % (a.name, r["pkts"], r["wall"], first, mx["VmRSS"], mx["hour"], 100 * (ratio - 1),
             "within 10 %" if ok else "NOT within 10 %"))
    nz = nonzero_stats(r["stats"])
    print("soak[%s]: stats.log: %s" % (a.name, " ".join("%s=%s" % kv for kv in nz)))
    diag = open(a.diag).read().rstrip("\n").split("\n") if a.diag else []
    text = section(a, r, sources, skipped, diag)
    open(os.path.join(W, a.name + ".md"), "w").write(text)
    if not a.no_results:
        write_results(text)
        print("soak[%s]: wrote the soak section of %s" % (a.name, os.path.relpath(RESULTS, ROOT)))


if __name__ == "__main__":
    main()
