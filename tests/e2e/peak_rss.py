#!/usr/bin/env python3
"""Runs a command and prints its peak resident set size in KiB.

  peak_rss.py CMD [ARG...]

The command runs under GNU time (/usr/bin/time -f %M), a small C program:
the peak counted for a child includes what it had before exec, and a child
forked from this Python process would start from Python's 10-14 MiB, which
would hide any smaller peak of the command.
"""
import subprocess
import sys
import tempfile

with tempfile.NamedTemporaryFile("r") as out:
    subprocess.run(["/usr/bin/time", "-q", "-f", "%M", "-o", out.name] + sys.argv[1:], check=True)
    print(out.read().split()[-1])
