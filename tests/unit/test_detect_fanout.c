/* The fan-out detector driven on packet time through detect_fanout_access:
 * thresholds, admin weight, window, allowlists, limits, report and DOT. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect_fanout.h"
#include "detect_internal.h"
#include "logs.h"
#include "sensor.h"

#define T0 (INT64_C(1700000000) * 1000000)
#define SEC INT64_C(1000000)

static struct sensor *s;
static char dir[64];
static char notices[8192]; /* notice.log after finish() */

static void start(const char *conf)
{
	char path[96], err[256] = "";
	FILE *f;

	s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	config_defaults(&s->cfg);
	strcpy(dir, "/tmp/smbsensor-fanout-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sensor.conf", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(conf, f);
	fclose(f);
	ck_assert_msg(config_load(&s->cfg, path, err, sizeof(err)) == 0, "%s", err);
	unlink(path);
	s->logs = logs_open(dir, 0);
	ck_assert_ptr_nonnull(s->logs);
}

/* Close the logs and read notice.log into notices. */
static void finish(void)
{
	char path[96];
	size_t n;
	FILE *f;

	ck_assert_int_eq(logs_close(s->logs), 0);
	s->logs = NULL;
	snprintf(path, sizeof(path), "%s/notice.log", dir);
	notices[0] = '\0';
	if ((f = fopen(path, "r"))) {
		n = fread(notices, 1, sizeof(notices) - 1, f);
		notices[n] = '\0';
		fclose(f);
	}
}

static void teardown(void)
{
	char cmd[128];

	if (s->logs)
		logs_close(s->logs);
	detect_fanout_free(s);
	ck_assert_ptr_null(s->fanout);
	free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* account from src reaches 10.0.1.<host> at T0 + sec on share (NULL: a
 * session setup). */
static void reach(const char *account, const char *src, int host, int64_t sec, const char *share)
{
	char dst[32], uid[32];
	struct fanout_access a = { T0 + sec * SEC, account, src, dst, share, uid, 445, NULL };

	snprintf(dst, sizeof(dst), "10.0.1.%d", host);
	snprintf(uid, sizeof(uid), "Cuid%d", host);
	detect_fanout_access(s, &a);
}

/* hosts first..last, spacing seconds apart from start_sec. */
static void sweep(const char *account, const char *src, int first, int last, int64_t start_sec, int64_t spacing,
		  const char *share)
{
	int i;

	for (i = first; i <= last; i++)
		reach(account, src, i, start_sec + (i - first) * spacing, share);
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

START_TEST(six_hosts_in_two_minutes_alert)
{
	start("");
	sweep("CORP\\alice", "10.0.0.1", 1, 5, 0, 20, "public");
	ck_assert_uint_eq(s->st.notices, 0); /* 5 is not more than fanout_hosts */
	reach("corp\\ALICE", "10.0.0.1", 6, 100, NULL); /* the same account */
	ck_assert_uint_eq(s->st.notices, 2);
	finish();
	ck_assert_int_eq(count_of(notices, "SMBSensor::Account_Fanout"), 1);
	ck_assert_int_eq(count_of(notices, "SMBSensor::Source_Fanout"), 1);
	ck_assert_ptr_nonnull(strstr(notices, "reached 6 hosts in 100 s (weight 6 > 5): 10.0.1.1, 10.0.1.2, "
					      "10.0.1.3, 10.0.1.4, 10.0.1.5, 10.0.1.6\t"
					      "severity=medium; sources=10.0.0.1; uids=Cuid1,Cuid2,Cuid3,Cuid4,Cuid5,"
					      "Cuid6\t10.0.0.1\t10.0.1.6\t445\t6\t"));
	ck_assert_ptr_nonnull(strstr(notices, "10.0.0.1 reached 6 hosts in 100 s"));
	ck_assert_ptr_nonnull(strstr(notices, "severity=medium; accounts=CORP\\\\alice;"));
}
END_TEST

START_TEST(same_six_over_two_hours_do_not)
{
	start("");
	sweep("CORP\\alice", "10.0.0.1", 1, 6, 0, 24 * 60, "public");
	ck_assert_uint_eq(s->st.notices, 0);
}
END_TEST

START_TEST(allowlisted_account_is_not_alerted)
{
	struct fanout_top top[2];

	start("allow_accounts = ALICE\n");
	sweep("CORP\\alice", "10.0.0.1", 1, 6, 0, 10, NULL);
	ck_assert_uint_eq(s->st.notices, 1); /* the source still is */
	finish();
	ck_assert_int_eq(count_of(notices, "SMBSensor::Account_Fanout"), 0);
	ck_assert_int_eq(count_of(notices, "SMBSensor::Source_Fanout"), 1);
	/* tracked all the same */
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 2), 1);
	ck_assert_uint_eq(top[0].hosts, 6);
	ck_assert_uint_eq(top[0].alerts, 0);
}
END_TEST

START_TEST(allowlisted_source_is_not_alerted)
{
	start("allow_sources = 10.0.0.0/24 2001:db8::/32\n");
	sweep("", "10.0.0.1", 1, 6, 0, 10, NULL); /* anonymous: a source key only */
	ck_assert_uint_eq(s->st.notices, 0);
	sweep("", "10.0.5.1", 1, 6, 0, 10, NULL);
	ck_assert_uint_eq(s->st.notices, 1);
	sweep("CORP\\bob", "10.0.0.7", 1, 6, 100, 10, NULL);
	ck_assert_uint_eq(s->st.notices, 2);
	finish();
	ck_assert_int_eq(count_of(notices, "SMBSensor::Account_Fanout"), 1);
	ck_assert_int_eq(count_of(notices, "SMBSensor::Source_Fanout"), 1);
	ck_assert_ptr_nonnull(strstr(notices, "10.0.5.1 reached 6 hosts"));
}
END_TEST

START_TEST(admin_shares_weigh_more)
{
	start("");
	sweep("CORP\\eve", "10.0.0.9", 1, 3, 0, 5, "public");
	ck_assert_uint_eq(s->st.notices, 0);
	/* The same hosts again on an admin share (case ignored): max weight. */
	reach("CORP\\eve", "10.0.0.9", 1, 20, "admin$");
	reach("CORP\\eve", "10.0.0.9", 2, 21, "C$");
	ck_assert_uint_eq(s->st.notices, 0); /* 2 + 2 + 1 */
	reach("CORP\\eve", "10.0.0.9", 3, 22, "ADMIN$");
	ck_assert_uint_eq(s->st.notices, 2);
	finish();
	ck_assert_ptr_nonnull(strstr(notices, "CORP\\\\eve reached 3 hosts in 2 s (weight 6 > 5)"));
	ck_assert_ptr_nonnull(strstr(notices, "severity=high; sources=10.0.0.9"));
}
END_TEST

START_TEST(admin_weight_expires_with_the_window)
{
	start("");
	reach("CORP\\eve", "10.0.0.9", 1, 0, "ADMIN$");
	reach("CORP\\eve", "10.0.0.9", 1, 400, "public"); /* counts 1 now */
	reach("CORP\\eve", "10.0.0.9", 2, 401, "ADMIN$");
	reach("CORP\\eve", "10.0.0.9", 3, 402, "ADMIN$");
	ck_assert_uint_eq(s->st.notices, 0);
	reach("CORP\\eve", "10.0.0.9", 1, 403, "IPC$");
	ck_assert_uint_eq(s->st.notices, 0);
	reach("CORP\\eve", "10.0.0.9", 1, 404, "D$");
	ck_assert_uint_eq(s->st.notices, 2);
}
END_TEST

START_TEST(window_expires_on_packet_time)
{
	start("");
	sweep("CORP\\alice", "10.0.0.1", 1, 5, 0, 1, NULL);
	reach("CORP\\alice", "10.0.0.1", 6, 300, NULL); /* host 1 has just expired */
	ck_assert_uint_eq(s->st.notices, 0);
	reach("CORP\\alice", "10.0.0.1", 7, 300, NULL);
	ck_assert_uint_eq(s->st.notices, 2);
	/* Alerted: more hosts within the window raise nothing more ... */
	sweep("CORP\\alice", "10.0.0.1", 8, 20, 301, 1, NULL);
	reach("CORP\\alice", "10.0.0.1", 21, 599, NULL);
	ck_assert_uint_eq(s->st.notices, 2);
	/* ... until a whole window has passed since the alert. */
	reach("CORP\\alice", "10.0.0.1", 22, 600, NULL);
	ck_assert_uint_eq(s->st.notices, 4);
}
END_TEST

START_TEST(idle_keys_expire)
{
	struct fanout_top top[4];

	start("fanout_key_timeout = 600\n");
	reach("CORP\\a", "10.0.0.1", 1, 0, NULL);
	reach("CORP\\b", "10.0.0.2", 1, 500, NULL);
	ck_assert_uint_eq(s->st.fanout_keys_expired, 0);
	reach("CORP\\c", "10.0.0.3", 1, 601, NULL); /* a and 10.0.0.1: idle 601 s */
	ck_assert_uint_eq(s->st.fanout_keys_expired, 2);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 4), 2);
	ck_assert_str_eq(top[0].account, "CORP\\b");
	ck_assert_str_eq(top[1].account, "CORP\\c");
	ck_assert_uint_eq(s->st.fanout_keys_evicted, 0);
}
END_TEST

START_TEST(key_timeout_never_below_the_window)
{
	start("fanout_key_timeout = 10\nfanout_window = 300\n");
	reach("CORP\\a", "10.0.0.1", 1, 0, NULL);
	reach("CORP\\b", "10.0.0.2", 1, 299, NULL);
	ck_assert_uint_eq(s->st.fanout_keys_expired, 0);
	reach("CORP\\c", "10.0.0.3", 1, 301, NULL);
	ck_assert_uint_eq(s->st.fanout_keys_expired, 2);
}
END_TEST

START_TEST(max_keys_evicts_least_recently_active)
{
	struct fanout_top top[4];

	start("fanout_max_keys = 3\n");
	reach("CORP\\a", "10.0.0.1", 1, 0, NULL); /* keys a, src */
	reach("CORP\\b", "10.0.0.1", 1, 1, NULL); /* a, b, src */
	ck_assert_uint_eq(s->st.fanout_keys_evicted, 0);
	reach("CORP\\c", "10.0.0.1", 1, 2, NULL); /* a goes */
	ck_assert_uint_eq(s->st.fanout_keys_evicted, 1);
	reach("CORP\\b", "10.0.0.1", 1, 3, NULL);
	reach("CORP\\d", "10.0.0.1", 1, 4, NULL); /* c goes, b was active */
	ck_assert_uint_eq(s->st.fanout_keys_evicted, 2);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 4), 2);
	ck_assert_str_eq(top[0].account, "CORP\\b");
	ck_assert_str_eq(top[1].account, "CORP\\d");
}
END_TEST

START_TEST(max_edges_refuses_then_drops_expired)
{
	struct fanout_top top[1];

	start("fanout_max_edges = 2\nfanout_hosts = 1\n");
	sweep("CORP\\a", "10.0.0.1", 1, 3, 0, 1, NULL);
	ck_assert_uint_eq(s->st.fanout_edges_refused, 2); /* host 3, for the account and the source */
	ck_assert_uint_eq(s->st.notices, 2);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 1), 1);
	ck_assert_uint_eq(top[0].hosts, 2);
	reach("CORP\\a", "10.0.0.1", 3, 400, NULL); /* host 1 expired: its place is taken */
	ck_assert_uint_eq(s->st.fanout_edges_refused, 2);
	reach("CORP\\a", "10.0.0.1", 4, 401, NULL); /* host 2 expired too */
	ck_assert_uint_eq(s->st.fanout_edges_refused, 2);
	ck_assert_uint_eq(s->st.notices, 4);
	reach("CORP\\a", "10.0.0.1", 5, 402, NULL);
	ck_assert_uint_eq(s->st.fanout_edges_refused, 4);
}
END_TEST

START_TEST(top_accounts_by_hosts)
{
	struct fanout_top top[2];

	start("");
	sweep("CORP\\few", "10.0.0.1", 1, 2, 0, 1, NULL);
	sweep("CORP\\many", "10.0.0.2", 1, 9, 0, 1, NULL);
	sweep("CORP\\some", "10.0.0.3", 1, 4, 0, 1, NULL);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 2), 2);
	ck_assert_str_eq(top[0].account, "CORP\\many");
	ck_assert_uint_eq(top[0].hosts, 9);
	ck_assert_uint_eq(top[0].alerts, 1);
	ck_assert_str_eq(top[1].account, "CORP\\some");
	ck_assert_uint_eq(top[1].hosts, 4);
}
END_TEST

START_TEST(dot_escapes_names_and_marks_alerts)
{
	const char *evil = "CORP\\ev\"il\n\"; x -> y";
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	start("fanout_hosts = 1\n");
	reach(evil, "10.0.0.1", 1, 0, "IPC$");
	reach(evil, "10.0.0.1", 1, 1, "ADMIN$");
	reach(evil, "10.0.0.1", 1, 2, "ADMIN$");
	reach("CORP\\bob", "10.0.0.2", 2, 3, NULL);
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(detect_fanout_write_dot(s, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "digraph smb_fanout {\n"));
	ck_assert_ptr_nonnull(strstr(text, "\t\"a:CORP\\\\ev\\\"il\\\\x0a\\\"; x -> y\" -> \"h:10.0.1.1\" "
					   "[label=\"IPC$ x1, ADMIN$ x2\", color=red, fontcolor=red];\n"));
	ck_assert_ptr_nonnull(strstr(text, "\t\"a:CORP\\\\bob\" -> \"h:10.0.1.2\" [label=\"session x1\"];\n"));
	ck_assert_int_eq(count_of(text, "\n"), 9); /* no raw newline from the name */
	free(text);
}
END_TEST

START_TEST(uids_beyond_the_ring_are_counted)
{
	start("fanout_hosts = 7\n");
	sweep("CORP\\alice", "10.0.0.1", 1, 8, 0, 1, NULL);
	ck_assert_uint_eq(s->st.notices, 2);
	finish();
	/* The 6 most recently reached hosts keep their uid; the notice says how
	 * many it could not name. */
	ck_assert_ptr_nonnull(strstr(notices, "reached 8 hosts in 7 s (weight 8 > 7): 10.0.1.1, 10.0.1.2, "
					      "10.0.1.3, 10.0.1.4, 10.0.1.5, 10.0.1.6, 10.0.1.7, 10.0.1.8\t"
					      "severity=medium; sources=10.0.0.1; uids=Cuid3,Cuid4,Cuid5,Cuid6,Cuid7,"
					      "Cuid8 (+2 not kept)\t"));
	ck_assert_int_eq(count_of(notices, "(+2 not kept)"), 2);
}
END_TEST

START_TEST(months_of_packet_time)
{
	struct fanout_top top[1];
	int64_t day = 86400;

	start("");
	sweep("CORP\\alice", "10.0.0.1", 1, 4, 0, 1, "public");
	/* 10 to 900 days later (the times are rebased on the way): the old
	 * accesses have long expired, the new ones count from their own start. */
	sweep("CORP\\alice", "10.0.0.1", 1, 3, 10 * day, 20, NULL);
	sweep("CORP\\alice", "10.0.0.1", 1, 5, 60 * day, 20, NULL);
	ck_assert_uint_eq(s->st.notices, 0);
	sweep("CORP\\alice", "10.0.0.1", 5, 10, 900 * day, 20, NULL);
	ck_assert_uint_eq(s->st.notices, 2);
	/* a packet from before the first one still counts */
	reach("CORP\\bob", "10.0.0.2", 1, -day, NULL);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 1), 1);
	/* idle for months between the sweeps, alice was forgotten each time
	 * (fanout_key_timeout): the graph has her last sweep's 6 hosts */
	ck_assert_uint_eq(top[0].hosts, 6);
	ck_assert_uint_eq(s->st.fanout_keys_expired, 6); /* alice and 10.0.0.1, three times */
	finish();
	ck_assert_ptr_nonnull(strstr(notices, "CORP\\\\alice reached 6 hosts in 100 s (weight 6 > 5): 10.0.1.5, "
					      "10.0.1.6, 10.0.1.7, 10.0.1.8, 10.0.1.9, 10.0.1.10\tseverity=medium;"));
}
END_TEST

START_TEST(many_keys_come_and_go)
{
	struct fanout_top top[3];
	char account[32], src[32];
	int i;

	start("fanout_max_keys = 50\n");
	for (i = 0; i < 2000; i++) {
		snprintf(account, sizeof(account), "CORP\\user%d", i);
		snprintf(src, sizeof(src), "10.1.%d.%d", i / 256, i % 256);
		sweep(account, src, 1 + i % 7, 1 + i % 7 + i % 3, i, 0, i % 2 ? "IPC$" : NULL);
	}
	ck_assert_uint_eq(s->st.fanout_keys_evicted, 4000 - 50);
	ck_assert_uint_eq(detect_fanout_top_accounts(s, top, 3), 3);
	ck_assert_str_eq(top[0].account, "CORP\\user1976");
	ck_assert_uint_eq(top[0].hosts, 3);
}
END_TEST

START_TEST(dot_counts_saturate)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int i;

	start("");
	for (i = 0; i < 70000; i++)
		reach("CORP\\bob", "10.0.0.2", 1, i / 1000, "IPC$");
	reach("CORP\\bob", "10.0.0.2", 1, 70, NULL);
	for (i = 0; i < 5; i++) {
		char share[8];

		snprintf(share, sizeof(share), "s%d", i);
		reach("CORP\\bob", "10.0.0.2", 1, 71, share);
	}
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(detect_fanout_write_dot(s, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "[label=\"IPC$ x65535+, s0 x1, s1 x1, s2 x1, other x2\"];\n"));
	free(text);
}
END_TEST

START_TEST(packets_out_of_order_count)
{
	start("");
	sweep("CORP\\alice", "10.0.0.1", 1, 5, 10, 1, NULL);
	reach("CORP\\alice", "10.0.0.1", 6, 9, NULL); /* a little earlier than the others */
	ck_assert_uint_eq(s->st.notices, 2);
}
END_TEST

Suite *suite_detect_fanout(void)
{
	Suite *su = suite_create("detect_fanout");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, six_hosts_in_two_minutes_alert);
	tcase_add_test(tc, same_six_over_two_hours_do_not);
	tcase_add_test(tc, allowlisted_account_is_not_alerted);
	tcase_add_test(tc, allowlisted_source_is_not_alerted);
	tcase_add_test(tc, admin_shares_weigh_more);
	tcase_add_test(tc, admin_weight_expires_with_the_window);
	tcase_add_test(tc, window_expires_on_packet_time);
	tcase_add_test(tc, max_keys_evicts_least_recently_active);
	tcase_add_test(tc, idle_keys_expire);
	tcase_add_test(tc, key_timeout_never_below_the_window);
	tcase_add_test(tc, max_edges_refuses_then_drops_expired);
	tcase_add_test(tc, top_accounts_by_hosts);
	tcase_add_test(tc, dot_escapes_names_and_marks_alerts);
	tcase_add_test(tc, uids_beyond_the_ring_are_counted);
	tcase_add_test(tc, months_of_packet_time);
	tcase_add_test(tc, many_keys_come_and_go);
	tcase_add_test(tc, dot_counts_saturate);
	tcase_add_test(tc, packets_out_of_order_count);
	suite_add_tcase(su, tc);
	return su;
}
