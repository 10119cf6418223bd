#!/usr/bin/env python3
"""The names gen_inject.py put on the wire come out of the logs escaped as
Zeek escapes them and cut at TEXT_MAX, in TSV and in JSON.

  check_inject.py TSV_DIR JSON_DIR

Client 10.2.1.2 sent the short strings: their TSV and JSON renderings are
spelled out below, character for character. Client 10.2.1.3 sent them at
64 KiB: each logged value, unescaped, must be the longest prefix of the
string (unpaired surrogates as U+FFFD, UTF-8) that fits in TEXT_MAX bytes
without splitting a character. Prints what differs; exits 1 if anything.
"""
import json
import os
import re
import sys

from gen_inject import CORE, STRINGS, long_strings, u16

TEXT_MAX = 512  # include/text.h
SHORT, LONG = "10.2.1.2", "10.2.1.3"
SERVER = "\\\\10.1.0.10\\"

# CORE as written in a TSV field, and as the raw text of a JSON string.
CORE_TSV = "\\x09|\\x0a|\\x0d|\\x00|\\\\|\"|\\x7f|\\x1b[31m|#|,|\ufffd|\ufffdx|\U0001F600é|-"
CORE_JSON = "\\t|\\n|\\r|\\\\x00|\\\\|\\\"|\\\\x7f|\\\\x1b[31m|#|,|\ufffd|\ufffdx|\U0001F600é|-"
assert CORE.startswith("\t|\n") and CORE.endswith("é|-")

# (log, field, string key, text before the string, rows to skip)
FIELDS = [
    ("ntlm", "username", "user", "", None),
    ("ntlm", "hostname", "workstation", "", None),
    ("ntlm", "domainname", "domain", "", None),
    ("smb_session", "account", "user", "", None),
    ("smb_session", "domain", "domain", "", None),
    ("smb_session", "workstation", "workstation", "", None),
    ("smb_mapping", "path", "share", SERVER, "IPC$"),
    ("smb_files", "path", "share", SERVER, None),
    ("smb_files", "name", "file", "", None),
    ("smb_exec", "account", "user", "", None),
    ("smb_exec", "service_name", "service", "", None),
    ("smb_exec", "display_name", "display", "", None),
    ("smb_exec", "binary_path", "binpath", "", None),
    ("smb_exec", "service_account", "account", "", None),
]


def wire_text(s):
    """What the sensor decodes from the UTF-16LE of s, as UTF-8 bytes."""
    return u16(s).decode("utf-16-le", "replace").encode("utf-8")


def cut(b):
    """The longest prefix of UTF-8 b of at most TEXT_MAX bytes ending on a
    character boundary."""
    if len(b) <= TEXT_MAX:
        return b
    n = TEXT_MAX
    while b[n] & 0xC0 == 0x80:
        n -= 1
    return b[:n]


def tsv_bytes(v):
    """A TSV field back to bytes: \\\\ is a backslash, \\xNN a byte."""
    return re.sub(rb"\\\\|\\x([0-9a-f]{2})",
                  lambda m: b"\\" if m.group(0) == b"\\\\" else bytes([int(m.group(1), 16)]), v.encode())


def json_bytes(v):
    """A JSON string (decoded) back to bytes: \\xNN text is a byte (no real
    backslash in these strings is followed by an x)."""
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), v.encode())


def tsv_rows(d, log):
    lines = open(os.path.join(d, log + ".log"), encoding="utf-8").read().splitlines()
    fields = next(x for x in lines if x.startswith("#fields")).split("\t")[1:]
    return [dict(zip(fields, x.split("\t"))) for x in lines if not x.startswith("#")]


def json_rows(d, log):
    return [json.loads(x) for x in open(os.path.join(d, log + ".log"), encoding="utf-8")]


def raw_json_values(d, log, field):
    """The raw text between the quotes of each "field":"..." member."""
    text = open(os.path.join(d, log + ".log"), encoding="utf-8").read()
    return re.findall(r'"%s":"((?:[^"\\]|\\.)*)"' % re.escape(field), text)


def check(tsv_dir, json_dir):
    errors = []
    longs = long_strings()
    for log, field, key, before, skip in FIELDS:
        for fmt, rows, to_bytes in (("TSV", tsv_rows(tsv_dir, log), tsv_bytes),
                                    ("JSON", json_rows(json_dir, log), json_bytes)):
            for client, strings in ((SHORT, STRINGS), (LONG, longs)):
                want = cut(wire_text(before + strings[key]))
                got = [r.get(field) for r in rows if r["id.orig_h"] == client and not
                       (skip and str(r.get(field, "")).endswith(skip))]
                if not got:
                    errors.append("%s %s.log %s: no row of %s" % (fmt, log, field, client))
                for v in got:
                    if v is None or to_bytes(v) != want:
                        errors.append("%s %s.log %s of %s: %d bytes %.80r, want %d bytes %.80r" % (
                            fmt, log, field, client, len(to_bytes(v or "")), v, len(want), want))
        prefix = (before + STRINGS[key][:STRINGS[key].index(CORE)]).replace("\\", "\\\\")
        tsv = [r[field] for r in tsv_rows(tsv_dir, log) if r["id.orig_h"] == SHORT]
        if prefix + CORE_TSV not in tsv:
            errors.append("TSV %s.log %s: no value spelled %r" % (log, field, prefix + CORE_TSV))
        raw = raw_json_values(json_dir, log, field)
        if prefix + CORE_JSON not in raw:
            errors.append("JSON %s.log %s: no value spelled %r" % (log, field, prefix + CORE_JSON))
    return errors


def main():
    errors = check(sys.argv[1], sys.argv[2])
    for e in errors:
        print(e)
    print("check_inject: %d fields, %d problems" % (len(FIELDS), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
