#!/usr/bin/env python3
"""The sensor parsed every SMB2 message that tshark (the oracle) decodes on
TCP 445/139: stats.log's smb2_msgs equals tshark's count of SMB2 headers.

  smb2_count_vs_tshark.py CAPTURE STATS_LOG
"""
import subprocess
import sys

import zeeklog


def tshark_count(pcap):
    out = subprocess.run(["tshark", "-r", pcap, "-Y", "smb2 and (tcp.port == 445 or tcp.port == 139)",
                          "-T", "fields", "-e", "smb2.cmd"], capture_output=True, text=True, check=True).stdout
    return sum(len(line.split(",")) for line in out.splitlines() if line)


def main():
    want, got = tshark_count(sys.argv[1]), int(zeeklog.read(sys.argv[2])[2][-1]["smb2_msgs"])
    print("  tshark decodes %d SMB2 messages, smb2_msgs is %s" % (want, got))
    return 0 if want == got else 1


if __name__ == "__main__":
    sys.exit(main())
