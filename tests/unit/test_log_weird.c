/* weird.log as the sensor writes it: the rate limit and the counters, and
 * the anomalies only the sensor side sees (DCE/RPC over TCP here). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flows.h"
#include "log_weird.h"
#include "logs.h"
#include "pipes.h"
#include "summary.h"
#include "util.h"

static struct sensor s;
static char dir[] = "/tmp/smbsensor-weird-XXXXXX";
static char path[64];

static void setup(void)
{
	memset(&s, 0, sizeof(s));
	config_defaults(&s.cfg);
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/smbsensor-weird-XXXXXX")));
	snprintf(path, sizeof(path), "%s/weird.log", dir);
	s.logs = logs_open(dir, 0);
	s.summary = summary_new();
}

static void teardown(void)
{
	char p[64];

	flow_close_all(&s);
	logs_close(s.logs);
	summary_free(s.summary);
	unlink(path);
	snprintf(p, sizeof(p), "%s/conn.log", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/dce_rpc.log", dir);
	unlink(p);
	rmdir(dir);
}

static struct conn *conn_at(uint16_t port, int64_t t)
{
	struct conn_key k = { 0x0100000a, 0x0200000a, port, 135 };

	s.now_us = t;
	return flow_open(&s, &k);
}

/* The data rows of weird.log, from the name column on, one a line. */
static char *rows(void)
{
	static char out[4096];
	char line[512];
	FILE *f;
	size_t n = 0;

	logs_flush(s.logs);
	out[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return out;
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		int tabs = 0;

		if (line[0] == '#')
			continue;
		while (*p && tabs < 6)
			tabs += *p++ == '\t';
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", p);
	}
	fclose(f);
	return out;
}

START_TEST(counted_then_limited)
{
	struct conn *c = conn_at(49152, 1000000), *d = conn_at(49153, 1000000);
	struct weird w = { 1000000, "SMB2_bad_header", NULL, "SMB" };
	int i;

	s.cfg.weird_first = 2;
	for (i = 0; i < 5; i++)
		log_weird(c, &w);
	w.addl = "0x42";
	w.name = "unknown_netbios_type";
	log_weird(d, &w);
	w.source = NULL;
	log_weird(d, &w);
	ck_assert_uint_eq(s.st.weirds, 7);
	ck_assert_uint_eq(s.st.weirds_suppressed, 3);
	ck_assert_str_eq(rows(), "SMB2_bad_header\t-\tF\tsmbsensor\tSMB\n"
				 "SMB2_bad_header\t-\tF\tsmbsensor\tSMB\n"
				 "unknown_netbios_type\t0x42\tF\tsmbsensor\tSMB\n"
				 "unknown_netbios_type\t0x42\tF\tsmbsensor\t-\n");
}
END_TEST

/* The state of a connection's weirds goes with it. */
START_TEST(state_is_freed_with_the_connection)
{
	struct conn *c = conn_at(49152, 0);
	struct weird w = { 0, "x", NULL, "SMB" };

	log_weird(c, &w);
	ck_assert_ptr_nonnull(c->weirds.names);
	flow_close(c, CONN_AT_EXIT); /* ASan: no leak */
	ck_assert_uint_eq(s.st.weirds, 1);
}
END_TEST

/* atsvc BIND (suricata-verify dcerpc-3109), then a JobAdd whose stub is 4
 * bytes: its NDR lies, and the NTLMSSP token of an AUTH3 is "not ntlm". */
static const char ATSVC_BIND[] =
	"05000b0310000000a000000002000000b810b8100000000003000000000001008206f71f510ae830076d740be8cee98b"
	"01000000045d888aeb1cc9119fe808002b10486002000000010001008206f71f510ae830076d740be8cee98b01000000"
	"33057171babe37498319b5dbef9ccc3601000000020001008206f71f510ae830076d740be8cee98b010000002c1cb76c"
	"12984045030000000000000001000000";
static const char JOBADD_LIES[] = "05000003100000001c00000003000000040000000000000001020304";
static const char AUTH3_GARBAGE[] = "0500100310000000240008000400000000000000" "0a020000000000006e6f7420"
				    "6e746c6d";

static void feed_hex(struct conn *c, int from_client, const char *hex, int64_t t)
{
	size_t n;
	uint8_t *b = unhex(hex, &n);

	s.now_us = t;
	pipes_tcp_data(c, from_client, b, n);
	free(b);
}

START_TEST(dcerpc_over_tcp_lies)
{
	struct conn *c = conn_at(49152, 1000000);

	feed_hex(c, 1, ATSVC_BIND, 1000000);
	feed_hex(c, 1, JOBADD_LIES, 2000000);
	feed_hex(c, 1, AUTH3_GARBAGE, 3000000);
	ck_assert_uint_eq(s.st.rpc_exec_malformed, 1);
	ck_assert_str_eq(rows(), "dce_rpc_malformed_stub\tatsvc::NetrJobAdd\tF\tsmbsensor\tDCE_RPC\n"
				 "ntlm_malformed_blob\t-\tF\tsmbsensor\tNTLM\n");
	ck_assert_uint_eq(s.st.weirds, 2);
}
END_TEST

Suite *suite_log_weird(void)
{
	Suite *su = suite_create("log_weird");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, counted_then_limited);
	tcase_add_test(tc, state_is_freed_with_the_connection);
	tcase_add_test(tc, dcerpc_over_tcp_lies);
	suite_add_tcase(su, tc);
	return su;
}
