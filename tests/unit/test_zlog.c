/* zlog: Zeek TSV/JSON rendering, checked byte for byte against the Zeek
 * baselines and against hostile input. Every test writes into its own mkdtemp
 * directory and reads the file back. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "zlog.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static const struct zfield mapping_fields[] = {
	{ "ts", ZT_TIME },
	{ "uid", ZT_STRING },
	{ "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },
	{ "id.resp_h", ZT_ADDR },
	{ "id.resp_p", ZT_PORT },
	{ "path", ZT_STRING },
	{ "service", ZT_STRING },
	{ "native_file_system", ZT_STRING },
	{ "share_type", ZT_STRING },
};
#define NMAPPING (sizeof mapping_fields / sizeof mapping_fields[0])

static const char mapping_header_tail[] =
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tpath\tservice\tnative_file_system\tshare_type\n"
	"#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\n";

static const char mapping_rows[] =
	"1323202604.512058\tCHhAvVGS1DHFjwGM9\t10.0.0.11\t49208\t10.0.0.12\t445\t\\\\\\\\10.0.0.12\\\\smb2\t-\t-\tDISK\n"
	"1323202604.512058\tCHhAvVGS1DHFjwGM9\t10.0.0.11\t49208\t10.0.0.12\t445\t\\\\\\\\10.0.0.12\\\\IPC$\t-\t-\tPIPE\n";

static const char mapping_json[] =
	"{\"ts\":1323202604.512058,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"10.0.0.11\","
	"\"id.orig_p\":49208,\"id.resp_h\":\"10.0.0.12\",\"id.resp_p\":445,"
	"\"path\":\"\\\\\\\\10.0.0.12\\\\smb2\",\"share_type\":\"DISK\"}\n"
	"{\"ts\":1323202604.512058,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"10.0.0.11\","
	"\"id.orig_p\":49208,\"id.resp_h\":\"10.0.0.12\",\"id.resp_p\":445,"
	"\"path\":\"\\\\\\\\10.0.0.12\\\\IPC$\",\"share_type\":\"PIPE\"}\n";

/* ---- helpers ---------------------------------------------------------- */

static void make_dir(char *dir, size_t n)
{
	snprintf(dir, n, "/tmp/test_zlog.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void log_path(char *out, size_t n, const char *dir, const char *name)
{
	snprintf(out, n, "%s/%s.log", dir, name);
}

static void remove_dir(const char *dir, const char *name)
{
	char p[256];

	log_path(p, sizeof p, dir, name);
	unlink(p);
	ck_assert_int_eq(rmdir(dir), 0);
}

static int file_exists(const char *dir, const char *name)
{
	char p[256];
	struct stat st;

	log_path(p, sizeof p, dir, name);
	return stat(p, &st) == 0;
}

/* Whole file, NUL-terminated (the length is returned separately because
 * tests check for stray NUL bytes). */
static char *slurp(const char *dir, const char *name, size_t *len)
{
	char p[256];
	FILE *f;
	char *buf;
	long n;

	log_path(p, sizeof p, dir, name);
	f = fopen(p, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* "YYYY-MM-DD-HH-MM-SS" */
static int is_stamp(const char *s)
{
	static const char pat[] = "DDDD-DD-DD-DD-DD-DD";
	size_t i;

	for (i = 0; pat[i]; i++) {
		if (pat[i] == 'D' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	}
	return 1;
}

/* The data rows of a TSV file: everything between the header and #close,
 * with the header and the #open / #close lines checked on the way. */
static char *tsv_body(char *file, const char *path, const char *header_tail)
{
	char head[128];
	char *p, *close;

	snprintf(head, sizeof head,
		 "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"
		 "#unset_field\t-\n#path\t%s\n#open\t", path);
	ck_assert_int_eq(strncmp(file, head, strlen(head)), 0);
	p = file + strlen(head);
	ck_assert(is_stamp(p));
	ck_assert_int_eq(p[19], '\n');
	p += 20;
	ck_assert_int_eq(strncmp(p, header_tail, strlen(header_tail)), 0);
	p += strlen(header_tail);
	close = strstr(p, "#close\t");
	ck_assert_ptr_nonnull(close);
	ck_assert(is_stamp(close + 7));
	ck_assert_str_eq(close + 26, "\n");
	*close = '\0';
	return p;
}

static void mapping_row(struct zlog *z, const char *path, const char *type)
{
	zlog_begin(z);
	zlog_time(z, 1323202604512058);
	zlog_cstr(z, "CHhAvVGS1DHFjwGM9");
	zlog_addr(z, "10.0.0.11");
	zlog_port(z, 49208);
	zlog_addr(z, "10.0.0.12");
	zlog_port(z, 445);
	zlog_cstr(z, path);
	zlog_unset(z);
	zlog_unset(z);
	zlog_cstr(z, type);
	ck_assert_int_eq(zlog_end(z), 0);
}

/* One-string-column log: renders each value as one row. */
static const struct zfield one_str[] = { { "s", ZT_STRING } };

static char *render_strings(const char *const *vals, const size_t *lens, size_t n, int json, char *dir)
{
	struct zlog *z;
	char *file;
	size_t i;

	make_dir(dir, 64);
	z = zlog_new(dir, "s", one_str, 1, json);
	ck_assert_ptr_nonnull(z);
	for (i = 0; i < n; i++) {
		zlog_begin(z);
		zlog_str(z, vals[i], lens[i]);
		ck_assert_int_eq(zlog_end(z), 0);
	}
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "s", NULL);
	remove_dir(dir, "s");
	return file;
}

/* ---- a strict JSON checker for the subset we write (no whitespace) ----- */

struct jp {
	const unsigned char *p, *e;
};

static int j_value(struct jp *j, int depth);

static int j_utf8(struct jp *j)
{
	const unsigned char *p = j->p;
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	int len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, lo = c == 0xe0 ? 0xa0 : lo, hi = c == 0xed ? 0x9f : hi;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, lo = c == 0xf0 ? 0x90 : lo, hi = c == 0xf4 ? 0x8f : hi;
	else
		return 0;
	if (j->e - p < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	j->p += len;
	return 1;
}

static int j_string(struct jp *j)
{
	if (j->p >= j->e || *j->p++ != '"')
		return 0;
	while (j->p < j->e && *j->p != '"') {
		unsigned char c = *j->p;

		if (c < 0x20)
			return 0;
		if (c >= 0x80) {
			if (!j_utf8(j))
				return 0;
			continue;
		}
		j->p++;
		if (c != '\\')
			continue;
		if (j->p >= j->e || !strchr("\"\\/bfnrtu", *j->p))
			return 0;
		if (*j->p++ == 'u') {
			int i;

			for (i = 0; i < 4; i++, j->p++)
				if (j->p >= j->e || !strchr("0123456789abcdefABCDEF", *j->p))
					return 0;
		}
	}
	return j->p++ < j->e;
}

static int j_digits(struct jp *j)
{
	const unsigned char *s = j->p;

	while (j->p < j->e && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static int j_number(struct jp *j)
{
	if (j->p < j->e && *j->p == '-')
		j->p++;
	if (j->p < j->e && *j->p == '0')
		j->p++;
	else if (j->p >= j->e || *j->p < '1' || *j->p > '9' || !j_digits(j))
		return 0;
	if (j->p < j->e && *j->p == '.') {
		j->p++;
		if (!j_digits(j))
			return 0;
	}
	if (j->p < j->e && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->e && (*j->p == '+' || *j->p == '-'))
			j->p++;
		return j_digits(j);
	}
	return 1;
}

static int j_word(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->e - j->p) < n || memcmp(j->p, w, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

static int j_list(struct jp *j, char close, int depth, int members)
{
	j->p++;
	if (j->p < j->e && *j->p == close)
		return j->p++, 1;
	for (;;) {
		if (members && !(j_string(j) && j_word(j, ":")))
			return 0;
		if (!j_value(j, depth + 1))
			return 0;
		if (j->p < j->e && *j->p == close)
			return j->p++, 1;
		if (!j_word(j, ","))
			return 0;
	}
}

static int j_value(struct jp *j, int depth)
{
	if (j->p >= j->e || depth > 8)
		return 0;
	switch (*j->p) {
	case '{': return j_list(j, '}', depth, 1);
	case '[': return j_list(j, ']', depth, 0);
	case '"': return j_string(j);
	case 't': return j_word(j, "true");
	case 'f': return j_word(j, "false");
	case 'n': return j_word(j, "null");
	}
	return j_number(j);
}

/* Each line must be exactly one JSON object. */
static int json_lines_valid(const char *buf, size_t len)
{
	const char *line = buf, *nl;

	while (line < buf + len) {
		struct jp j;

		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (!nl || *line != '{')
			return 0;
		j.p = (const unsigned char *)line;
		j.e = (const unsigned char *)nl;
		if (!j_value(&j, 0) || j.p != j.e)
			return 0;
		line = nl + 1;
	}
	return 1;
}

/* ---- TSV -------------------------------------------------------------- */

START_TEST(tsv_header_and_baseline_rows)
{
	char dir[64];
	struct zlog *z;
	char *file;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "smb_mapping", mapping_fields, NMAPPING, 0);
	ck_assert_ptr_nonnull(z);
	mapping_row(z, "\\\\10.0.0.12\\smb2", "DISK");
	mapping_row(z, "\\\\10.0.0.12\\IPC$", "PIPE");
	ck_assert_uint_eq(zlog_rows(z), 2);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "smb_mapping", NULL);
	ck_assert_str_eq(tsv_body(file, "smb_mapping", mapping_header_tail), mapping_rows);
	free(file);
	remove_dir(dir, "smb_mapping");
}
END_TEST

/* #open is wall-clock local time, not UTC: force a zone 3 h east of UTC. */
START_TEST(tsv_open_is_local_time)
{
	char dir[64], want0[32], want1[32], *file, *open;
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	struct zlog *z;
	struct tm tm;
	time_t t0, t1;

	setenv("TZ", "ZLT-3", 1);
	tzset();
	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "s", one_str, 1, 0);
	t0 = time(NULL);
	zlog_begin(z);
	zlog_cstr(z, "x");
	ck_assert_int_eq(zlog_end(z), 0);
	t1 = time(NULL);
	ck_assert_int_eq(zlog_close(z), 0);
	strftime(want0, sizeof want0, "#open\t%Y-%m-%d-%H-%M-%S\n", localtime_r(&t0, &tm));
	strftime(want1, sizeof want1, "#open\t%Y-%m-%d-%H-%M-%S\n", localtime_r(&t1, &tm));
	file = slurp(dir, "s", NULL);
	open = strstr(file, "#open\t");
	ck_assert_ptr_nonnull(open);
	ck_assert(strncmp(open, want0, strlen(want0)) == 0 || strncmp(open, want1, strlen(want1)) == 0);
	free(file);
	remove_dir(dir, "s");
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}
END_TEST

static const struct zfield four_str[] = {
	{ "a", ZT_STRING }, { "b", ZT_STRING }, { "c", ZT_ENUM }, { "d", ZT_STRING },
};

START_TEST(tsv_unset_empty_and_placeholders)
{
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "p", four_str, 4, 0);
	zlog_begin(z);
	zlog_unset(z);
	zlog_str(z, "", 0);
	zlog_cstr(z, "-");
	zlog_cstr(z, "(empty)");
	ck_assert_int_eq(zlog_end(z), 0);
	/* Only an exact placeholder is escaped; NULL means unset. */
	zlog_begin(z);
	zlog_cstr(z, "--");
	zlog_cstr(z, "(empty)x");
	zlog_cstr(z, NULL);
	zlog_str(z, NULL, 0);
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "p", NULL);
	ck_assert_str_eq(tsv_body(file, "p",
				  "#fields\ta\tb\tc\td\n#types\tstring\tstring\tenum\tstring\n"),
			 "-\t(empty)\t\\x2d\t\\x28empty)\n"
			 "--\t(empty)x\t-\t-\n");
	free(file);
	remove_dir(dir, "p");
}
END_TEST

/* Each input and its TSV and JSON rendering. */
struct esc_case {
	const char *in;
	size_t len;
	const char *tsv, *json;
};

static const struct esc_case esc_cases[] = {
	{ S("a\tb"), "a\\x09b", "\"a\\tb\"" },
	{ S("l1\nl2\r"), "l1\\x0al2\\x0d", "\"l1\\nl2\\r\"" },
	{ S("x\0y"), "x\\x00y", "\"x\\\\x00y\"" },
	{ S("\x7f"), "\\x7f", "\"\\\\x7f\"" },
	{ S("\x01\x1b\x1f\b\f"), "\\x01\\x1b\\x1f\\x08\\x0c", "\"\\\\x01\\\\x1b\\\\x1f\\b\\f\"" },
	{ S("\xff\xc3\x28"), "\\xff\\xc3(", "\"\\\\xff\\\\xc3(\"" },
	{ S("\xc0\x81\xed\xa0\x80\xf4\x90\x80\x80"), /* overlong, surrogate, > U+10FFFF */
	  "\\xc0\\x81\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80",
	  "\"\\\\xc0\\\\x81\\\\xed\\\\xa0\\\\x80\\\\xf4\\\\x90\\\\x80\\\\x80\"" },
	{ S("\xe6\x97\xa5"), "\xe6\x97\xa5", "\"\xe6\x97\xa5\"" },
	{ S("trunc\xe6\x97"), "trunc\\xe6\\x97", "\"trunc\\\\xe6\\\\x97\"" },
	{ S("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80"),
	  "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",
	  "\"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80\"" },
	{ S("\\PIPE\\lsass"), "\\\\PIPE\\\\lsass", "\"\\\\PIPE\\\\lsass\"" },
	{ S("say \"hi\", ok"), "say \"hi\", ok", "\"say \\\"hi\\\", ok\"" },
	{ S("\\x41"), "\\\\x41", "\"\\\\x41\"" },
	{ S("a#b"), "a#b", "\"a#b\"" },
	{ S("-"), "\\x2d", "\"-\"" },
	{ S("(empty)"), "\\x28empty)", "\"(empty)\"" },
	{ S(""), "(empty)", "\"\"" },
};
#define NESC (sizeof esc_cases / sizeof esc_cases[0])

static char *render_cases(int json, char *dir)
{
	const char *vals[NESC];
	size_t lens[NESC], i;

	for (i = 0; i < NESC; i++) {
		vals[i] = esc_cases[i].in;
		lens[i] = esc_cases[i].len;
	}
	return render_strings(vals, lens, NESC, json, dir);
}

START_TEST(tsv_escaping)
{
	char dir[64], want[2048] = "", *file, *body;
	size_t i;

	for (i = 0; i < NESC; i++) {
		strcat(want, esc_cases[i].tsv);
		strcat(want, "\n");
	}
	file = render_cases(0, dir);
	body = tsv_body(file, "s", "#fields\ts\n#types\tstring\n");
	ck_assert_str_eq(body, want);
	free(file);
}
END_TEST

START_TEST(tsv_hash_at_row_start)
{
	static const struct zfield f[] = { { "a", ZT_STRING }, { "b", ZT_STRING } };
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "h", f, 2, 0);
	zlog_begin(z);
	zlog_cstr(z, "#close");
	zlog_cstr(z, "#x");
	ck_assert_int_eq(zlog_end(z), 0);
	zlog_begin(z);
	zlog_unset(z);
	zlog_cstr(z, "#x");
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "h", NULL);
	ck_assert_str_eq(tsv_body(file, "h", "#fields\ta\tb\n#types\tstring\tstring\n"),
			 "\\x23close\t#x\n-\t#x\n");
	free(file);
	remove_dir(dir, "h");
}
END_TEST

static const struct zfield set_fields[] = {
	{ "n", ZT_COUNT }, { "tags", ZT_SET_STRING }, { "b", ZT_BOOL },
};

static void set_rows(struct zlog *z)
{
	zlog_begin(z);
	zlog_count(z, 1);
	zlog_set_begin(z);
	zlog_set_elem(z, S("a,b"));
	zlog_set_elem(z, S("c"));
	zlog_set_elem(z, S("-"));
	zlog_set_elem(z, S("t\tab"));
	zlog_set_end(z);
	zlog_bool(z, 1);
	ck_assert_int_eq(zlog_end(z), 0);
	zlog_begin(z);
	zlog_count(z, UINT64_MAX);
	zlog_set_begin(z);
	zlog_set_end(z);
	zlog_bool(z, 0);
	ck_assert_int_eq(zlog_end(z), 0);
	zlog_begin(z);
	zlog_count(z, 0);
	zlog_unset(z);
	zlog_unset(z);
	ck_assert_int_eq(zlog_end(z), 0);
}

START_TEST(tsv_sets_bools_counts)
{
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "set", set_fields, 3, 0);
	set_rows(z);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "set", NULL);
	ck_assert_str_eq(tsv_body(file, "set", "#fields\tn\ttags\tb\n#types\tcount\tset[string]\tbool\n"),
			 "1\ta\\x2cb,c,\\x2d,t\\x09ab\tT\n"
			 "18446744073709551615\t(empty)\tF\n"
			 "0\t-\t-\n");
	free(file);
	remove_dir(dir, "set");
}
END_TEST

static const struct zfield time_fields[] = { { "ts", ZT_TIME }, { "d", ZT_INTERVAL } };

static const int64_t time_vals[][2] = {
	{ 1323202604512058, 2119 },
	{ 0, -1 },
	{ -1500000, 1000000 },
	{ 1507562478109370, 1507562478000000 },
	{ INT64_MIN, 100000000 },
};

static char *render_times(int json, char *dir)
{
	struct zlog *z;
	char *file;
	size_t i;

	make_dir(dir, 64);
	z = zlog_new(dir, "t", time_fields, 2, json);
	for (i = 0; i < sizeof time_vals / sizeof time_vals[0]; i++) {
		zlog_begin(z);
		zlog_time(z, time_vals[i][0]);
		zlog_time(z, time_vals[i][1]);
		ck_assert_int_eq(zlog_end(z), 0);
	}
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "t", NULL);
	remove_dir(dir, "t");
	return file;
}

START_TEST(tsv_times)
{
	char dir[64], *file = render_times(0, dir);

	ck_assert_str_eq(tsv_body(file, "t", "#fields\tts\td\n#types\ttime\tinterval\n"),
			 "1323202604.512058\t0.002119\n"
			 "0.000000\t-0.000001\n"
			 "-1.500000\t1.000000\n"
			 "1507562478.109370\t1507562478.000000\n"
			 "-9223372036854.775808\t100.000000\n");
	free(file);
}
END_TEST

static const double double_vals[] = {
	3.14, 1.0, 0.1234567, -2.5, 37.751, 0.0, -0.0, 1e20, 1e21, 1.5e-7, 0.000001, 0.1, 5e-324,
	123456789012345678901.0, NAN, -INFINITY,
};

static const char *const double_tsv[] = {
	"3.14", "1.0", "0.123457", "-2.5", "37.751", "0.0", "0.0", "100000000000000000000.0",
	"1000000000000000000000.0", "0.0", "0.000001", "0.1", "0.0", "123456789012345683968.0",
	"nan", "-inf",
};

static const char *const double_json[] = {
	"3.14", "1.0", "0.1234567", "-2.5", "37.751", "0.0", "-0.0", "100000000000000000000.0",
	"1e21", "1.5e-7", "0.000001", "0.1", "5e-324", "123456789012345680000.0", "null", "null",
};
#define NDOUBLE (sizeof double_vals / sizeof double_vals[0])

static char *render_doubles(int json, char *dir)
{
	static const struct zfield f[] = { { "v", ZT_DOUBLE } };
	struct zlog *z;
	char *file;
	size_t i;

	make_dir(dir, 64);
	z = zlog_new(dir, "d", f, 1, json);
	for (i = 0; i < NDOUBLE; i++) {
		zlog_begin(z);
		zlog_double(z, double_vals[i]);
		ck_assert_int_eq(zlog_end(z), 0);
	}
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "d", NULL);
	remove_dir(dir, "d");
	return file;
}

START_TEST(tsv_doubles)
{
	char dir[64], want[1024] = "", *file;
	size_t i;

	for (i = 0; i < NDOUBLE; i++) {
		strcat(want, double_tsv[i]);
		strcat(want, "\n");
	}
	file = render_doubles(0, dir);
	ck_assert_str_eq(tsv_body(file, "d", "#fields\tv\n#types\tdouble\n"), want);
	free(file);
}
END_TEST

/* ---- JSON ------------------------------------------------------------- */

START_TEST(json_baseline_rows)
{
	char dir[64], *file;
	struct zlog *z;
	size_t len;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "smb_mapping", mapping_fields, NMAPPING, 1);
	mapping_row(z, "\\\\10.0.0.12\\smb2", "DISK");
	mapping_row(z, "\\\\10.0.0.12\\IPC$", "PIPE");
	ck_assert_int_eq(zlog_close(z), 0);
	/* No header, no #close: only the rows. */
	file = slurp(dir, "smb_mapping", &len);
	ck_assert_str_eq(file, mapping_json);
	ck_assert(json_lines_valid(file, len));
	free(file);
	remove_dir(dir, "smb_mapping");
}
END_TEST

START_TEST(json_escaping)
{
	char dir[64], want[2048] = "", *file;
	size_t i;

	for (i = 0; i < NESC; i++) {
		strcat(want, "{\"s\":");
		strcat(want, esc_cases[i].json);
		strcat(want, "}\n");
	}
	file = render_cases(1, dir);
	ck_assert_str_eq(file, want);
	ck_assert(json_lines_valid(file, strlen(file)));
	free(file);
}
END_TEST

START_TEST(json_unset_omitted)
{
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "p", four_str, 4, 1);
	zlog_begin(z);
	zlog_unset(z);
	zlog_cstr(z, "x");
	zlog_unset(z);
	zlog_cstr(z, "-");
	ck_assert_int_eq(zlog_end(z), 0);
	zlog_begin(z);
	zlog_unset(z);
	zlog_unset(z);
	zlog_unset(z);
	zlog_cstr(z, NULL);
	ck_assert_int_eq(zlog_end(z), 0);
	zlog_begin(z);
	zlog_str(z, "", 0);
	zlog_cstr(z, "(empty)");
	zlog_cstr(z, "SMB::FILE_OPEN");
	zlog_unset(z);
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "p", NULL);
	ck_assert_str_eq(file,
			 "{\"b\":\"x\",\"d\":\"-\"}\n"
			 "{}\n"
			 "{\"a\":\"\",\"b\":\"(empty)\",\"c\":\"SMB::FILE_OPEN\"}\n");
	ck_assert(json_lines_valid(file, strlen(file)));
	free(file);
	remove_dir(dir, "p");
}
END_TEST

START_TEST(json_sets_bools_counts)
{
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "set", set_fields, 3, 1);
	set_rows(z);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "set", NULL);
	ck_assert_str_eq(file,
			 "{\"n\":1,\"tags\":[\"a,b\",\"c\",\"-\",\"t\\tab\"],\"b\":true}\n"
			 "{\"n\":18446744073709551615,\"tags\":[],\"b\":false}\n"
			 "{\"n\":0}\n");
	ck_assert(json_lines_valid(file, strlen(file)));
	free(file);
	remove_dir(dir, "set");
}
END_TEST

START_TEST(json_times)
{
	char dir[64], *file = render_times(1, dir);

	ck_assert_str_eq(file,
			 "{\"ts\":1323202604.512058,\"d\":0.002119}\n"
			 "{\"ts\":0.0,\"d\":-0.000001}\n"
			 "{\"ts\":-1.5,\"d\":1.0}\n"
			 "{\"ts\":1507562478.10937,\"d\":1507562478.0}\n"
			 "{\"ts\":-9223372036854.775,\"d\":100.0}\n");
	ck_assert(json_lines_valid(file, strlen(file)));
	free(file);
}
END_TEST

START_TEST(json_doubles)
{
	char dir[64], want[1024] = "", *file;
	size_t i;

	for (i = 0; i < NDOUBLE; i++) {
		strcat(want, "{\"v\":");
		strcat(want, double_json[i]);
		strcat(want, "}\n");
	}
	file = render_doubles(1, dir);
	ck_assert_str_eq(file, want);
	ck_assert(json_lines_valid(file, strlen(file)));
	free(file);
}
END_TEST

/* ---- file life cycle -------------------------------------------------- */

START_TEST(lazy_creation)
{
	char dir[64];
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "s", one_str, 1, 0);
	ck_assert_int_eq(zlog_flush(z), 0);
	ck_assert(!file_exists(dir, "s"));
	/* A refused row does not create the file either. */
	zlog_begin(z);
	ck_assert_int_eq(zlog_end(z), -1);
	ck_assert(!file_exists(dir, "s"));
	ck_assert_uint_eq(zlog_rows(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
	ck_assert(!file_exists(dir, "s"));
	z = zlog_new(dir, "s", one_str, 1, 1);
	ck_assert_int_eq(zlog_close(z), 0);
	ck_assert(!file_exists(dir, "s"));
	ck_assert_int_eq(zlog_close(NULL), 0);
	remove_dir(dir, "s");
}
END_TEST

START_TEST(close_line_only_at_close)
{
	char dir[64], *file;
	struct zlog *z;
	size_t len;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "s", one_str, 1, 0);
	zlog_begin(z);
	zlog_cstr(z, "x");
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert(file_exists(dir, "s"));
	ck_assert_int_eq(zlog_flush(z), 0);
	file = slurp(dir, "s", &len);
	ck_assert_ptr_null(strstr(file, "#close"));
	ck_assert_str_eq(file + len - 3, "\nx\n");
	free(file);
	ck_assert_int_eq(zlog_close(z), 0);
	/* ...\nx\n#close<TAB>YYYY-MM-DD-HH-MM-SS\n */
	file = slurp(dir, "s", &len);
	ck_assert_uint_ge(len, 30);
	ck_assert_int_eq(strncmp(file + len - 30, "\nx\n#close\t", 10), 0);
	ck_assert(is_stamp(file + len - 20));
	ck_assert_str_eq(file + len - 1, "\n");
	free(file);
	remove_dir(dir, "s");
}
END_TEST

START_TEST(open_failure_reports_errno)
{
	struct zlog *z = zlog_new("/nonexistent/zlog-test", "s", one_str, 1, 0);

	ck_assert_ptr_nonnull(z);
	zlog_begin(z);
	zlog_cstr(z, "x");
	errno = 0;
	ck_assert_int_eq(zlog_end(z), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(zlog_rows(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
}
END_TEST

/* ---- schema errors ---------------------------------------------------- */

static void expect_refused(struct zlog *z)
{
	errno = 0;
	ck_assert_int_eq(zlog_end(z), -1);
	ck_assert_int_eq(errno, EINVAL);
}

START_TEST(schema_mismatch_writes_nothing)
{
	char dir[64], *file;
	struct zlog *z;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "set", set_fields, 3, 0);

	zlog_begin(z);                /* wrong type */
	zlog_cstr(z, "1");
	zlog_set_begin(z);
	zlog_set_end(z);
	zlog_bool(z, 1);
	expect_refused(z);
	ck_assert(!file_exists(dir, "set"));

	zlog_begin(z);                /* too few */
	zlog_count(z, 1);
	zlog_unset(z);
	expect_refused(z);

	zlog_begin(z);                /* too many */
	zlog_count(z, 1);
	zlog_unset(z);
	zlog_bool(z, 1);
	zlog_bool(z, 1);
	expect_refused(z);

	zlog_begin(z);                /* element outside a set */
	zlog_count(z, 1);
	zlog_set_elem(z, S("x"));
	zlog_unset(z);
	zlog_bool(z, 1);
	expect_refused(z);

	zlog_begin(z);                /* set never closed */
	zlog_count(z, 1);
	zlog_set_begin(z);
	zlog_set_elem(z, S("x"));
	zlog_bool(z, 1);
	expect_refused(z);

	zlog_begin(z);                /* set_end without set */
	zlog_count(z, 1);
	zlog_set_end(z);
	zlog_unset(z);
	zlog_bool(z, 1);
	expect_refused(z);

	expect_refused(z);            /* end without begin */
	zlog_count(z, 1);             /* value outside a row */
	expect_refused(z);

	zlog_begin(z);                /* a sound row still goes through */
	zlog_count(z, 7);
	zlog_unset(z);
	zlog_bool(z, 0);
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_uint_eq(zlog_rows(z), 1);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "set", NULL);
	ck_assert_str_eq(tsv_body(file, "set", "#fields\tn\ttags\tb\n#types\tcount\tset[string]\tbool\n"),
			 "7\t-\tF\n");
	free(file);
	remove_dir(dir, "set");
}
END_TEST

/* ---- hostile sizes ---------------------------------------------------- */

static const struct zfield three_str[] = {
	{ "a", ZT_STRING }, { "h", ZT_STRING }, { "z", ZT_STRING },
};

/* 64 KiB cycling through every byte value, with runs that form valid and
 * truncated UTF-8 as well as raw separators. */
static char *hostile(size_t n)
{
	char *s = malloc(n);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = i % 7 ? (char)((i * 37 + i / 256) & 0xff) : "\t\n\\#,\xe6\x97"[i / 7 % 7];
	return s;
}

static char *render_hostile(int json, char *dir, size_t *len)
{
	const size_t n = 64 * 1024;
	char *h = hostile(n), *file;
	struct zlog *z;

	make_dir(dir, 64);
	z = zlog_new(dir, "x", three_str, 3, json);
	zlog_begin(z);
	zlog_cstr(z, "#a");
	zlog_str(z, h, n);
	zlog_cstr(z, "\n");
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_int_eq(zlog_close(z), 0);
	free(h);
	file = slurp(dir, "x", len);
	remove_dir(dir, "x");
	return file;
}

static size_t count_byte(const char *s, size_t n, char c)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

START_TEST(tsv_hostile_64k_is_one_row)
{
	char dir[64], *file, *body;
	size_t len, blen, i;

	file = render_hostile(0, dir, &len);
	ck_assert_uint_eq(strlen(file), len); /* no raw NUL anywhere */
	body = tsv_body(file, "x", "#fields\ta\th\tz\n#types\tstring\tstring\tstring\n");
	blen = strlen(body);
	ck_assert_uint_gt(blen, 64 * 1024);
	ck_assert_uint_eq(count_byte(body, blen, '\n'), 1);
	ck_assert_int_eq(body[blen - 1], '\n');
	ck_assert_uint_eq(count_byte(body, blen, '\t'), 2);
	ck_assert_int_eq(strncmp(body, "\\x23a\t", 6), 0);
	ck_assert_str_eq(body + blen - 6, "\t\\x0a\n");
	for (i = 0; i < blen - 1; i++)
		ck_assert(body[i] == '\t' || ((unsigned char)body[i] >= 0x20 && body[i] != 0x7f));
	free(file);
}
END_TEST

START_TEST(json_hostile_64k_is_valid)
{
	char dir[64], *file;
	size_t len;

	file = render_hostile(1, dir, &len);
	ck_assert_uint_eq(strlen(file), len);
	ck_assert_uint_eq(count_byte(file, len, '\n'), 1);
	ck_assert(json_lines_valid(file, len));
	ck_assert_int_eq(strncmp(file, "{\"a\":\"#a\",\"h\":\"", 15), 0);
	ck_assert_str_eq(file + len - 11, ",\"z\":\"\\n\"}\n");
	free(file);
}
END_TEST

/* Every byte value, alone and in pairs, stays a valid JSON line. */
START_TEST(json_all_byte_pairs_valid)
{
	char dir[64], *file;
	struct zlog *z;
	size_t len;
	unsigned a, b;

	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "s", one_str, 1, 1);
	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			char s[3] = { (char)a, (char)b, (char)0xbf };

			zlog_begin(z);
			zlog_str(z, s, b == 0 ? 1 : 3);
			ck_assert_int_eq(zlog_end(z), 0);
		}
	}
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "s", &len);
	ck_assert_uint_eq(count_byte(file, len, '\n'), 256 * 256);
	ck_assert(json_lines_valid(file, len));
	free(file);
	remove_dir(dir, "s");
}
END_TEST

START_TEST(row_over_cap_is_refused)
{
	const size_t n = 300 * 1024; /* 4x on escaping: past the 1 MiB cap */
	char dir[64], *big = malloc(n), *file;
	struct zlog *z;

	ck_assert_ptr_nonnull(big);
	memset(big, 0xff, n);
	make_dir(dir, sizeof dir);
	z = zlog_new(dir, "s", one_str, 1, 0);
	zlog_begin(z);
	zlog_str(z, big, n);
	errno = 0;
	ck_assert_int_eq(zlog_end(z), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert(!file_exists(dir, "s"));
	zlog_begin(z);
	zlog_str(z, big, 1000);
	ck_assert_int_eq(zlog_end(z), 0);
	ck_assert_uint_eq(zlog_rows(z), 1);
	ck_assert_int_eq(zlog_close(z), 0);
	file = slurp(dir, "s", NULL);
	ck_assert_uint_eq(strlen(tsv_body(file, "s", "#fields\ts\n#types\tstring\n")), 4001);
	free(file);
	free(big);
	remove_dir(dir, "s");
}
END_TEST

Suite *suite_zlog(void)
{
	Suite *s = suite_create("zlog");
	TCase *tsv = tcase_create("tsv");
	TCase *json = tcase_create("json");
	TCase *life = tcase_create("lifecycle");

	tcase_add_test(tsv, tsv_header_and_baseline_rows);
	tcase_add_test(tsv, tsv_open_is_local_time);
	tcase_add_test(tsv, tsv_unset_empty_and_placeholders);
	tcase_add_test(tsv, tsv_escaping);
	tcase_add_test(tsv, tsv_hash_at_row_start);
	tcase_add_test(tsv, tsv_sets_bools_counts);
	tcase_add_test(tsv, tsv_times);
	tcase_add_test(tsv, tsv_doubles);
	tcase_add_test(tsv, tsv_hostile_64k_is_one_row);
	tcase_add_test(json, json_baseline_rows);
	tcase_add_test(json, json_escaping);
	tcase_add_test(json, json_unset_omitted);
	tcase_add_test(json, json_sets_bools_counts);
	tcase_add_test(json, json_times);
	tcase_add_test(json, json_doubles);
	tcase_add_test(json, json_hostile_64k_is_valid);
	tcase_add_test(json, json_all_byte_pairs_valid);
	tcase_add_test(life, lazy_creation);
	tcase_add_test(life, close_line_only_at_close);
	tcase_add_test(life, open_failure_reports_errno);
	tcase_add_test(life, schema_mismatch_writes_nothing);
	tcase_add_test(life, row_over_cap_is_refused);
	tcase_set_timeout(json, 30);
	suite_add_tcase(s, tsv);
	suite_add_tcase(s, json);
	suite_add_tcase(s, life);
	return s;
}
