"""Reading the sensor's Zeek TSV logs in the end-to-end checks."""


def read(path, missing_ok=False):
    """(fields, types, rows) of a Zeek TSV log; each row a dict by field
    name. A missing file gives no rows when missing_ok. A baseline that
    btest-diff-cut -m wrote has no #fields line: its first line names the
    fields."""
    fields, types, rows = [], [], []
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        if missing_ok:
            return fields, types, rows
        raise
    for line in text.splitlines():
        if line.startswith("#fields"):
            fields = line.split("\t")[1:]
        elif line.startswith("#types"):
            types = line.split("\t")[1:]
        elif line and not line.startswith("#") and not fields:
            fields = line.split("\t")
        elif line and not line.startswith("#"):
            rows.append(dict(zip(fields, line.split("\t"))))
    return fields, types, rows


def conn_key(row):
    """The connection 4-tuple of a row, as strings."""
    return (row["id.orig_h"], row["id.orig_p"], row["id.resp_h"], row["id.resp_p"])


def unescape(s):
    """Zeek's ASCII escaping back to text: \\\\ is a backslash, \\xNN a byte."""
    if s == "(empty)":
        return s
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1:i + 2] == "\\":
            out += b"\\"
            i += 2
        elif s[i] == "\\" and s[i + 1:i + 2] == "x" and len(s) >= i + 4:
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        else:
            out += s[i].encode("utf-8")
            i += 1
    return out.decode("utf-8", errors="replace")
