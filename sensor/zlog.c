/* Zeek-format log writer. Rendering follows Zeek's ASCII writer
 * (src/threading/formatters/Ascii.cc, src/Desc.cc with LogAscii::enable_utf_8)
 * and its JSON formatter with the default JSON::STRING_ESCAPE_POLICY_HEX, so
 * that zeek-cut and tools written for Zeek logs read our files unchanged.
 *
 * A row is assembled in z->buf and only reaches stdio when it is complete and
 * matched the schema, which is what keeps a hostile value, a programming error
 * or a full row cap from ever producing a torn or shifted line. */
#include "zlog.h"
#include "zlog_number.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Upper bound for one rendered row, newline included. Values are bounded
 * upstream (TEXT_MAX), so only a bug or a huge set can reach it; refusing the
 * row is better than an unbounded allocation driven by traffic. */
#define ZLOG_ROW_MAX ((size_t)1 << 20)
#define ZLOG_OUT_MAX ((size_t)64 << 10) /* rows gathered per write(2) */
#define ZLOG_ROW_INIT 512

struct zlog {
	int fd;               /* -1 until the first row: Zeek creates logs lazily */
	char *out;            /* whole rows not yet written to fd */
	size_t out_len;
	char *file;           /* dir/path.log */
	char *path;
	struct zfield *fields;
	size_t nfields;
	int json;
	uint64_t rows;

	/* The row being built. */
	char *buf;
	size_t len, cap;
	size_t idx;           /* fields consumed so far */
	size_t set_n;         /* elements in the open set */
	int in_row, in_set;
	int json_any;         /* a member was written, so the next needs a comma */
	int bad;              /* errno to report from zlog_end, 0 while the row is sound */

	zlog_forward_fn fwd;  /* rows go there instead of the file (a worker's logs) */
	void *fwd_ctx;
	unsigned fwd_id;
};

static const char hexdig[] = "0123456789abcdef";

static const char *type_name(enum ztype t)
{
	switch (t) {
	case ZT_TIME: return "time";
	case ZT_INTERVAL: return "interval";
	case ZT_STRING: return "string";
	case ZT_ENUM: return "enum";
	case ZT_ADDR: return "addr";
	case ZT_PORT: return "port";
	case ZT_COUNT: return "count";
	case ZT_BOOL: return "bool";
	case ZT_DOUBLE: return "double";
	case ZT_SET_STRING: return "set[string]";
	case ZT_SET_ENUM: return "set[enum]";
	}
	return "string";
}

/* ---- row buffer ------------------------------------------------------- */

/* Only the first error is kept: it is the one that explains the others. */
static void fail(struct zlog *z, int err)
{
	if (!z->bad)
		z->bad = err;
}

static int reserve(struct zlog *z, size_t n)
{
	size_t cap = z->cap;
	char *nb;

	if (z->bad)
		return -1;
	if (n > ZLOG_ROW_MAX - z->len) {
		fail(z, EMSGSIZE);
		return -1;
	}
	if (z->len + n <= cap)
		return 0;
	while (cap < z->len + n)
		cap = cap > ZLOG_ROW_MAX / 2 ? ZLOG_ROW_MAX : cap * 2;
	nb = realloc(z->buf, cap);
	if (!nb) {
		fail(z, ENOMEM);
		return -1;
	}
	z->buf = nb;
	z->cap = cap;
	return 0;
}

static void put(struct zlog *z, const void *p, size_t n)
{
	if (reserve(z, n) == 0) {
		memcpy(z->buf + z->len, p, n);
		z->len += n;
	}
}

static void put_s(struct zlog *z, const char *s)
{
	put(z, s, strlen(s));
}

/* Zeek writes escaped bytes as lowercase "\xNN"; in JSON the backslash itself
 * must be escaped, so the reader sees the same four characters of text. */
static void put_hex(struct zlog *z, unsigned char c, int json)
{
	char h[5] = { '\\', '\\', 'x', hexdig[c >> 4], hexdig[c & 15] };

	if (json)
		put(z, h, 5);
	else
		put(z, h + 1, 4);
}

/* ---- text escaping ---------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (Unicode table 3-7), or 0.
 * Overlongs, surrogates and code points past U+10FFFF are refused, as Zeek
 * does, so that what passes through is text any UTF-8 reader accepts. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		lo = c == 0xe0 ? 0xa0 : lo;
		hi = c == 0xed ? 0x9f : hi;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		lo = c == 0xf0 ? 0x90 : lo;
		hi = c == 0xf4 ? 0x8f : hi;
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Everything below 0x20 and DEL is escaped, so neither TAB nor newline can
 * reach the file raw: field count and line count stay fixed whatever the
 * wire said. Inside a set the set separator is escaped too. */
static size_t tsv_char(struct zlog *z, const unsigned char *s, size_t n, int in_set)
{
	size_t u;

	if (s[0] == '\\') {
		put(z, "\\\\", 2);
		return 1;
	}
	if (s[0] < 0x20 || s[0] == 0x7f || (in_set && s[0] == ',')) {
		put_hex(z, s[0], 0);
		return 1;
	}
	u = s[0] < 0x80 ? 1 : utf8_len(s, n);
	if (u == 0) {
		put_hex(z, s[0], 0);
		return 1;
	}
	put(z, s, u);
	return u;
}

/* A value spelled like a placeholder gets its first byte escaped, so readers
 * can still tell a real "-" from an unset field. */
static int is_placeholder(const unsigned char *s, size_t len)
{
	return (len == 1 && s[0] == '-') ||
	       (len == 7 && memcmp(s, "(empty)", 7) == 0);
}

/* How many bytes from s are printable ASCII that needs no escape (quote is
 * '"' for JSON, 0 for TSV; sep is the set separator inside a set, else 0):
 * they are copied in one piece, the rest a character at a time. */
static size_t plain_run(const unsigned char *s, size_t n, unsigned char quote, unsigned char sep)
{
	size_t i = 0;

	while (i < n && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\' && (!quote || s[i] != quote) &&
	       (!sep || s[i] != sep))
		i++;
	return i;
}

static void tsv_str(struct zlog *z, const unsigned char *s, size_t len, int in_set)
{
	size_t i = 0, run;

	if (len == 0) {
		put_s(z, "(empty)");
		return;
	}
	if (is_placeholder(s, len)) {
		put_hex(z, s[0], 0);
		i = 1;
	}
	while (i < len && !z->bad) {
		run = plain_run(s + i, len - i, 0, in_set ? ',' : 0);
		if (run)
			put(z, s + i, run);
		i += run ? run : tsv_char(z, s + i, len - i, in_set);
	}
}

/* The letter of JSON's two-character escape for c, or 0. */
static char json_short(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	}
	return 0;
}

/* Zeek's HEX policy: the controls JSON has short escapes for keep them, other
 * unprintable bytes and broken UTF-8 become the text \xNN. Never a raw control
 * byte, never invalid UTF-8: every line parses as JSON. */
static size_t json_char(struct zlog *z, const unsigned char *s, size_t n)
{
	char esc[2] = { '\\', json_short(s[0]) };
	size_t u;

	if (esc[1]) {
		put(z, esc, 2);
		return 1;
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		put_hex(z, s[0], 1);
		return 1;
	}
	u = s[0] < 0x80 ? 1 : utf8_len(s, n);
	if (u == 0) {
		put_hex(z, s[0], 1);
		return 1;
	}
	put(z, s, u);
	return u;
}

static void json_str(struct zlog *z, const unsigned char *s, size_t len)
{
	size_t i = 0, run;

	put(z, "\"", 1);
	while (i < len && !z->bad) {
		run = plain_run(s + i, len - i, '"', 0);
		if (run)
			put(z, s + i, run);
		i += run ? run : json_char(z, s + i, len - i);
	}
	put(z, "\"", 1);
}

/* ---- fields ----------------------------------------------------------- */

static int want(const struct zlog *z, enum ztype a, enum ztype b)
{
	return z->idx < z->nfields &&
	       (z->fields[z->idx].type == a || z->fields[z->idx].type == b);
}

/* A call that does not fit the schema poisons the row instead of writing a
 * value into the wrong column; zlog_end then drops it. */
static int field_open(struct zlog *z, int type_ok)
{
	if (!z->in_row || z->in_set || z->idx >= z->nfields || !type_ok)
		fail(z, EINVAL);
	if (z->bad)
		return -1;
	z->idx++;
	return 0;
}

static void field_key(struct zlog *z)
{
	const char *name = z->fields[z->idx - 1].name;

	if (!z->json) {
		if (z->idx > 1)
			put(z, "\t", 1);
		return;
	}
	if (z->json_any)
		put(z, ",", 1);
	z->json_any = 1;
	json_str(z, (const unsigned char *)name, strlen(name));
	put(z, ":", 1);
}

/* Unset is "-" in TSV and an omitted member in JSON (Zeek's default,
 * json_include_unset_fields=F). */
static void emit_unset(struct zlog *z)
{
	if (z->json)
		return;
	field_key(z);
	put(z, "-", 1);
}

static void emit_text(struct zlog *z, const char *s, size_t len)
{
	if (!s) {
		emit_unset(z);
		return;
	}
	field_key(z);
	if (z->json)
		json_str(z, (const unsigned char *)s, len);
	else
		tsv_str(z, (const unsigned char *)s, len, 0);
}

/* ---- public API ------------------------------------------------------- */

static struct zfield *copy_fields(const struct zfield *f, size_t n)
{
	struct zfield *c = calloc(n ? n : 1, sizeof *c);
	size_t i;

	for (i = 0; c && i < n; i++) {
		c[i].type = f[i].type;
		c[i].name = strdup(f[i].name);
		if (!c[i].name) {
			while (i--)
				free((char *)c[i].name);
			free(c);
			return NULL;
		}
	}
	return c;
}

static void free_fields(struct zfield *f, size_t n)
{
	size_t i;

	for (i = 0; f && i < n; i++)
		free((char *)f[i].name);
	free(f);
}

struct zlog *zlog_new(const char *dir, const char *path, const struct zfield *fields, size_t nfields, int json)
{
	struct zlog *z = calloc(1, sizeof *z);
	size_t flen;

	if (!z)
		return NULL;
	flen = strlen(dir) + strlen(path) + sizeof "/.log";
	z->file = malloc(flen);
	z->path = strdup(path);
	z->buf = malloc(ZLOG_ROW_INIT);
	z->out = malloc(ZLOG_OUT_MAX);
	z->fields = copy_fields(fields, nfields);
	if (!z->file || !z->path || !z->buf || !z->out || !z->fields) {
		free(z->file);
		free(z->path);
		free(z->buf);
		free(z->out);
		free_fields(z->fields, nfields);
		free(z);
		return NULL;
	}
	snprintf(z->file, flen, "%s/%s.log", dir, path);
	z->cap = ZLOG_ROW_INIT;
	z->fd = -1;
	z->nfields = nfields;
	z->json = json != 0;
	return z;
}

void zlog_begin(struct zlog *z)
{
	z->len = 0;
	z->idx = 0;
	z->set_n = 0;
	z->in_row = 1;
	z->in_set = 0;
	z->json_any = 0;
	z->bad = 0;
	if (z->json)
		put(z, "{", 1);
}

void zlog_time(struct zlog *z, int64_t usec)
{
	char b[48];

	if (field_open(z, want(z, ZT_TIME, ZT_INTERVAL)) < 0)
		return;
	field_key(z);
	if (z->json)
		zlog_fmt_json_double(b, sizeof b, (double)usec / 1e6);
	else
		zlog_fmt_usec(b, sizeof b, usec);
	put_s(z, b);
}

/* NULL is taken as "no value" (unset) rather than a crash: callers pass
 * optional strings straight through. */
void zlog_str(struct zlog *z, const char *s, size_t len)
{
	if (field_open(z, want(z, ZT_STRING, ZT_ENUM)) == 0)
		emit_text(z, s, len);
}

void zlog_cstr(struct zlog *z, const char *s)
{
	zlog_str(z, s, s ? strlen(s) : 0);
}

void zlog_addr(struct zlog *z, const char *addr)
{
	if (field_open(z, want(z, ZT_ADDR, ZT_ADDR)) == 0)
		emit_text(z, addr, addr ? strlen(addr) : 0);
}

static void emit_number(struct zlog *z, int type_ok, const char *text)
{
	if (field_open(z, type_ok) < 0)
		return;
	field_key(z);
	put_s(z, text);
}

/* Decimal digits without printf: counts and ports are most of a row. */
static const char *u64_text(char b[24], uint64_t v)
{
	char *p = b + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

void zlog_port(struct zlog *z, uint16_t port)
{
	char b[24];

	emit_number(z, want(z, ZT_PORT, ZT_PORT), u64_text(b, port));
}

void zlog_count(struct zlog *z, uint64_t v)
{
	char b[24];

	emit_number(z, want(z, ZT_COUNT, ZT_COUNT), u64_text(b, v));
}

void zlog_bool(struct zlog *z, int v)
{
	const char *t = z->json ? (v ? "true" : "false") : (v ? "T" : "F");

	emit_number(z, want(z, ZT_BOOL, ZT_BOOL), t);
}

void zlog_double(struct zlog *z, double v)
{
	char b[352]; /* %.6f of DBL_MAX is 317 bytes */

	if (z->json)
		zlog_fmt_json_double(b, sizeof b, v);
	else
		zlog_fmt_tsv_double(b, sizeof b, v);
	emit_number(z, want(z, ZT_DOUBLE, ZT_DOUBLE), b);
}

void zlog_set_begin(struct zlog *z)
{
	if (field_open(z, want(z, ZT_SET_STRING, ZT_SET_ENUM)) < 0)
		return;
	field_key(z);
	z->in_set = 1;
	z->set_n = 0;
	if (z->json)
		put(z, "[", 1);
}

void zlog_set_elem(struct zlog *z, const char *s, size_t len)
{
	if (!z->in_set || !s)
		fail(z, EINVAL);
	if (z->bad)
		return;
	if (z->set_n++ > 0)
		put(z, ",", 1);
	if (z->json)
		json_str(z, (const unsigned char *)s, len);
	else
		tsv_str(z, (const unsigned char *)s, len, 1);
}

void zlog_set_end(struct zlog *z)
{
	if (!z->in_set)
		fail(z, EINVAL);
	if (z->bad)
		return;
	z->in_set = 0;
	if (z->json)
		put(z, "]", 1);
	else if (z->set_n == 0)
		put_s(z, "(empty)");
}

void zlog_unset(struct zlog *z)
{
	if (field_open(z, 1) == 0)
		emit_unset(z);
}

static void wall_stamp(char *out, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) || !strftime(out, n, "%Y-%m-%d-%H-%M-%S", &tm))
		snprintf(out, n, "0000-00-00-00-00-00");
}

/* write(2) all of p: the file only ever receives whole rows, so a crash
 * loses the rows still in memory, never half of one. */
static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int flush_out(struct zlog *z)
{
	int rc = z->out_len && write_all(z->fd, z->out, z->out_len);

	z->out_len = 0;
	return rc ? -1 : 0;
}

/* Rows are gathered in out and written ZLOG_OUT_MAX bytes at most at once;
 * a bigger row is written on its own. */
static int out_row(struct zlog *z, const char *p, size_t n)
{
	if (z->out_len + n > ZLOG_OUT_MAX && flush_out(z) < 0)
		return -1;
	if (n > ZLOG_OUT_MAX)
		return write_all(z->fd, p, n);
	memcpy(z->out + z->out_len, p, n);
	z->out_len += n;
	return 0;
}

static int write_header(struct zlog *z)
{
	char ts[32], line[256];
	size_t i;
	int n;

	wall_stamp(ts, sizeof ts);
	n = snprintf(line, sizeof line, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"
		     "#unset_field\t-\n#path\t%s\n#open\t%s\n#fields", z->path, ts);
	if (n < 0 || (size_t)n >= sizeof line || out_row(z, line, (size_t)n) < 0)
		return -1;
	for (i = 0; i < z->nfields; i++)
		if (out_row(z, "\t", 1) < 0 || out_row(z, z->fields[i].name, strlen(z->fields[i].name)) < 0)
			return -1;
	if (out_row(z, "\n#types", 7) < 0)
		return -1;
	for (i = 0; i < z->nfields; i++)
		if (out_row(z, "\t", 1) < 0 ||
		    out_row(z, type_name(z->fields[i].type), strlen(type_name(z->fields[i].type))) < 0)
			return -1;
	return out_row(z, "\n", 1);
}

/* On a failed header the file is dropped again, so the next row starts over
 * with a fresh open instead of appending rows after a torn header. */
static int open_file(struct zlog *z)
{
	int err;

	z->fd = open(z->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (z->fd < 0)
		return -1;
	z->out_len = 0;
	if (z->json || write_header(z) == 0)
		return 0;
	err = errno;
	close(z->fd);
	z->fd = -1;
	errno = err;
	return -1;
}

/* Zeek escapes a '#' that would start a data line, because readers treat
 * such lines as meta lines and would skip the row. */
static void escape_leading_hash(struct zlog *z)
{
	if (z->json || z->len == 0 || z->buf[0] != '#' || reserve(z, 3) < 0)
		return;
	memmove(z->buf + 4, z->buf + 1, z->len - 1);
	memcpy(z->buf, "\\x23", 4);
	z->len += 3;
}

static int row_finish(struct zlog *z)
{
	if (!z->in_row || z->in_set || z->idx != z->nfields)
		fail(z, EINVAL);
	escape_leading_hash(z);
	if (z->json)
		put(z, "}", 1);
	put(z, "\n", 1);
	return z->bad;
}

int zlog_end(struct zlog *z)
{
	int err = row_finish(z);

	z->in_row = 0;
	if (err) {
		errno = err;
		return -1;
	}
	if (!z->fwd)
		return zlog_put_row(z, z->buf, z->len);
	if (z->fwd(z->fwd_ctx, z->fwd_id, z->buf, z->len) < 0)
		return -1;
	z->rows++;
	return 0;
}

int zlog_put_row(struct zlog *z, const char *row, size_t n)
{
	if (z->fd < 0 && open_file(z) < 0)
		return -1;
	if (out_row(z, row, n) < 0)
		return -1;
	z->rows++;
	return 0;
}

void zlog_forward(struct zlog *z, zlog_forward_fn fwd, void *ctx, unsigned id)
{
	z->fwd = fwd;
	z->fwd_ctx = ctx;
	z->fwd_id = id;
}

int zlog_flush(struct zlog *z)
{
	return z->fd < 0 ? 0 : flush_out(z);
}

/* The "#close" line (TSV), then the file is closed; the next row opens it
 * again. Returns 0 or -1 with errno. */
static int close_file(struct zlog *z)
{
	char ts[32], line[48];
	int rc = 0, err = 0, n;

	if (z->fd < 0)
		return 0;
	if (!z->json) {
		wall_stamp(ts, sizeof ts);
		n = snprintf(line, sizeof line, "#close\t%s\n", ts);
		if (out_row(z, line, (size_t)n) < 0) {
			rc = -1;
			err = errno;
		}
	}
	if (flush_out(z) < 0 && !rc) {
		rc = -1;
		err = errno;
	}
	if (close(z->fd) != 0 && !rc) {
		rc = -1;
		err = errno;
	}
	z->fd = -1;
	errno = err;
	return rc;
}

int zlog_reopen(struct zlog *z)
{
	return close_file(z);
}

int zlog_close(struct zlog *z)
{
	int rc, err;

	if (!z)
		return 0;
	rc = close_file(z);
	err = errno;
	free(z->file);
	free(z->path);
	free(z->buf);
	free(z->out);
	free_fields(z->fields, z->nfields);
	free(z);
	if (rc)
		errno = err;
	return rc;
}

uint64_t zlog_rows(const struct zlog *z)
{
	return z->rows;
}
