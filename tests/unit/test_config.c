/* sensor.conf parsing: values, comments, and the errors a user sees. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char path[64];

static int load(const char *text, struct config *c, char *err, size_t errlen)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/smbsensor-conf-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	config_defaults(c);
	fd = config_load(c, path, err, errlen);
	unlink(path);
	return fd;
}

START_TEST(values_comments_and_blank_lines)
{
	struct config c;
	char err[256] = "";

	ck_assert_int_eq(load("# comment\n\n  max_connections = 2048  # trailing\n"
			      "smb_max_pending=7\nuid_seed = 0x10\njson = yes\n", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.max_connections, 2048);
	ck_assert_uint_eq(c.smb_max_pending, 7);
	ck_assert_uint_eq(c.uid_seed, 16);
	ck_assert_int_eq(c.json, 1);
	ck_assert_uint_eq(c.smb_max_compound, 64); /* untouched default */
	ck_assert_uint_eq(c.dcerpc_max_calls, 20);
	ck_assert_uint_eq(c.dcerpc_max_call_bytes, 1u << 20);
	ck_assert_int_eq(load("dcerpc_max_calls = 4\ndcerpc_max_call_bytes = 65536\n", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.dcerpc_max_calls, 4);
	ck_assert_uint_eq(c.dcerpc_max_call_bytes, 65536);
}
END_TEST

START_TEST(unknown_key_names_file_and_line)
{
	struct config c;
	char err[256] = "";
	char want[128];

	ck_assert_int_eq(load("json = no\nmax_conections = 5\n", &c, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: unknown key 'max_conections'", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(bad_values_are_refused)
{
	static const char *const bad[] = {
		"max_connections = 0\n", "max_connections = 99999999999\n", "smb_max_pending = -1\n",
		"smb_max_pending = 12abc\n", "json = maybe\n", "smb_max_buffered =\n", "just words\n",
		"uid_seed = 0x1ffffffffffffffff\n", "dcerpc_max_calls = 0\n", "dcerpc_max_call_bytes = 100\n",
	};
	struct config c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(load(bad[i], &c, err, sizeof(err)) == -1, "accepted: %s", bad[i]);
		ck_assert_msg(strstr(err, ":1: ") != NULL, "no line number in '%s'", err);
	}
}
END_TEST

START_TEST(missing_file)
{
	struct config c;
	char err[256] = "";

	config_defaults(&c);
	ck_assert_int_eq(config_load(&c, "/nonexistent/sensor.conf", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/sensor.conf: No such file or directory");
}
END_TEST

START_TEST(lists)
{
	struct config c;
	char err[256] = "";
	char many[64 * 4 + 32] = "admin_shares =";
	int i;

	config_defaults(&c);
	ck_assert_int_eq(config_list_has(&c.admin_shares, "admin$"), 1);
	ck_assert_int_eq(load("admin_shares = C$, SHARE1  x$\n", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.admin_shares.n, 3);
	ck_assert_int_eq(config_list_has(&c.admin_shares, "share1"), 1);
	ck_assert_int_eq(config_list_has(&c.admin_shares, "ADMIN$"), 0);
	ck_assert_int_eq(load("admin_shares =\n", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.admin_shares.n, 0);
	for (i = 0; i <= CONFIG_LIST_MAX; i++)
		strcat(many, " s$");
	strcat(many, "\n");
	ck_assert_int_eq(load(many, &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: bad value"));
	ck_assert_int_eq(load("admin_shares = a234567890123456789012345678901234567890123456789012345678901234\n", &c,
			      err, sizeof(err)), -1);
}
END_TEST

START_TEST(networks)
{
	static const char *const bad[] = {
		"allow_sources = 10.0.0.0/33\n", "allow_sources = 10.0.0.1/8\n", "allow_sources = 10.0.0\n",
		"allow_sources = 10.0.0.0/\n", "allow_sources = 2001:db8::/129\n", "allow_sources = host.example\n",
		"allow_sources = 10.0.0.0/8x\n",
	};
	struct config c;
	char err[256] = "";
	size_t i;

	ck_assert_int_eq(load("allow_sources = 10.1.0.0/16, 192.0.2.7 2001:db8::/32 0.0.0.0/0\n", &c, err,
			      sizeof(err)), 0);
	ck_assert_uint_eq(c.allow_sources.n, 4);
	ck_assert_int_eq(config_cidrs_has(&c.allow_sources, "10.1.255.3"), 1);
	ck_assert_int_eq(config_cidrs_has(&c.allow_sources, "2001:db8:1::5"), 1);
	ck_assert_int_eq(config_cidrs_has(&c.allow_sources, "2001:db9::5"), 0);
	ck_assert_int_eq(config_cidrs_has(&c.allow_sources, "not an address"), 0);
	ck_assert_int_eq(load("allow_smb_servers = 10.1.0.0/16 192.0.2.7 10.2.3.0/25\n", &c, err, sizeof(err)), 0);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "10.2.3.127"), 1);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "10.2.3.128"), 0);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "192.0.2.7"), 1);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "192.0.2.8"), 0);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "10.0.0.1"), 0);
	config_defaults(&c);
	ck_assert_int_eq(config_cidrs_has(&c.allow_smb_servers, "10.0.0.1"), 0); /* empty: nothing */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(load(bad[i], &c, err, sizeof(err)) == -1, "accepted: %s", bad[i]);
		ck_assert_ptr_nonnull(strstr(err, ":1: bad value"));
	}
}
END_TEST

Suite *suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, values_comments_and_blank_lines);
	tcase_add_test(tc, unknown_key_names_file_and_line);
	tcase_add_test(tc, bad_values_are_refused);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, lists);
	tcase_add_test(tc, networks);
	suite_add_tcase(s, tc);
	return s;
}
