"""tshark as the tests' oracle: the values of some fields in every frame a
display filter selects."""
import subprocess


def rows(pcap, display_filter, fields, options=()):
    """One dict per selected frame, field -> text ('' when absent); options
    are more tshark arguments (e.g. "-E", "aggregator=|")."""
    cmd = ["tshark", "-r", pcap, "-Y", display_filter, "-T", "fields"] + list(options)
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        yield dict(zip(fields, line.split("\t")))
