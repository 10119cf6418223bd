#!/usr/bin/env python3
"""Runs a command and prints its peak resident set size in KiB.

  peak_rss.py CMD [ARG...]
"""
import resource
import subprocess
import sys

subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
