/* Failed logons on packet time: the threshold inside the window, the
 * source and account keys, the bounded table, one notice per burst. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect_internal.h"
#include "detect_logons.h"
#include "logs.h"
#include "sensor.h"

#define SEC INT64_C(1000000)
#define T0 (INT64_C(1700000000) * SEC)

static struct sensor *s;
static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/smbsensor-logons-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	config_defaults(&s->cfg);
	s->logs = logs_open(dir, 0);
	ck_assert_ptr_nonnull(s->logs);
}

static void teardown(void)
{
	char path[128];
	struct dirent *e;
	DIR *d;

	detect_logons_free(s);
	logs_close(s->logs);
	free(s);
	if ((d = opendir(dir))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' && snprintf(path, sizeof(path), "%s/%.60s", dir, e->d_name) > 0)
				unlink(path);
		closedir(d);
	}
	rmdir(dir);
}

/* n failures of account from source, step seconds apart from t; the
 * notices they raised. */
static int failures(const char *source, const char *account, int n, int64_t t, int64_t step)
{
	int i, notices = 0;

	for (i = 0; i < n; i++)
		notices += detect_logon_failure(s, NULL, source, "10.0.0.9", account, t + i * step * SEC);
	return notices;
}

START_TEST(eleven_in_five_minutes_alert)
{
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 10, T0, 25), 0);
	/* the 11th, 250 s after the first: more than 10 in 300 s */
	ck_assert_int_eq(detect_logon_failure(s, NULL, "10.0.0.5", "10.0.0.9", "CORP\\alice", T0 + 250 * SEC), 1);
	ck_assert_uint_eq(s->st.notices, 1);
}
END_TEST

START_TEST(eleven_over_an_hour_do_not)
{
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 11, T0, 360), 0);
	/* ten within the window, then the oldest leave it before the 11th */
	ck_assert_int_eq(failures("10.0.0.6", "CORP\\bob", 10, T0, 1), 0);
	ck_assert_int_eq(detect_logon_failure(s, NULL, "10.0.0.6", "10.0.0.9", "CORP\\bob", T0 + 400 * SEC), 0);
	ck_assert_uint_eq(s->st.notices, 0);
}
END_TEST

START_TEST(steady_rate_under_the_threshold)
{
	/* one failure every 40 s for an hour: 8 in any 300 s, 90 in all */
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 90, T0, 40), 0);
	/* twice that rate: 15 in 300 s, one notice for the burst */
	ck_assert_int_eq(failures("10.0.0.6", "CORP\\bob", 90, T0, 20), 1);
}
END_TEST

START_TEST(per_account_key)
{
	char src[32];
	int i, notices = 0;

	/* one account from eleven hosts, written in any case: only the account
	 * crosses */
	for (i = 0; i < 10; i++) {
		snprintf(src, sizeof(src), "10.0.1.%d", i);
		notices += detect_logon_failure(s, NULL, src, "10.0.0.9", "CORP\\Alice", T0 + i * SEC);
	}
	ck_assert_int_eq(notices, 0);
	ck_assert_int_eq(failures("10.0.2.1", "corp\\ALICE", 1, T0 + 20 * SEC, 1), 1);
	ck_assert_uint_eq(s->st.notices, 1);
}
END_TEST

START_TEST(per_source_key)
{
	char account[32];
	int i, notices = 0;

	/* one host trying eleven accounts (spraying): only the source crosses */
	for (i = 0; i < 11; i++) {
		snprintf(account, sizeof(account), "CORP\\user%d", i);
		notices += detect_logon_failure(s, NULL, "10.0.0.5", "10.0.0.9", account, T0 + i * SEC);
	}
	ck_assert_int_eq(notices, 1);
	ck_assert_uint_eq(s->st.notices, 1);
}
END_TEST

START_TEST(lru_eviction_counted)
{
	s->cfg.logon_max_keys = 4;
	ck_assert_int_eq(failures("10.0.0.1", "", 10, T0, 1), 0);
	ck_assert_int_eq(failures("10.0.0.2", "", 1, T0 + 20 * SEC, 1), 0);
	ck_assert_int_eq(failures("10.0.0.3", "", 1, T0 + 21 * SEC, 1), 0);
	ck_assert_int_eq(failures("10.0.0.4", "", 1, T0 + 22 * SEC, 1), 0);
	ck_assert_uint_eq(s->st.logon_keys_evicted, 0);
	ck_assert_int_eq(failures("10.0.0.5", "", 1, T0 + 23 * SEC, 1), 0);
	ck_assert_uint_eq(s->st.logon_keys_evicted, 1);
	/* 10.0.0.1 was the least recently active: its ten failures are gone */
	ck_assert_int_eq(failures("10.0.0.1", "", 1, T0 + 24 * SEC, 1), 0);
	ck_assert_uint_eq(s->st.logon_keys_evicted, 2);
}
END_TEST

START_TEST(no_realert_inside_the_window)
{
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 11, T0, 10), 1);
	/* the burst goes on, one failure every 100 s for an hour: no new notice */
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 36, T0 + 200 * SEC, 100), 0);
	/* 300 s and more without a failure (the last was at 3700 s) end the
	 * burst: the next one alerts */
	ck_assert_int_eq(failures("10.0.0.5", "CORP\\alice", 11, T0 + 4000 * SEC, 10), 1);
	ck_assert_uint_eq(s->st.notices, 2);
}
END_TEST

Suite *suite_detect_logons(void)
{
	Suite *su = suite_create("detect_logons");
	TCase *tc = tcase_create("window");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, eleven_in_five_minutes_alert);
	tcase_add_test(tc, eleven_over_an_hour_do_not);
	tcase_add_test(tc, steady_rate_under_the_threshold);
	tcase_add_test(tc, per_account_key);
	tcase_add_test(tc, per_source_key);
	tcase_add_test(tc, lru_eviction_counted);
	tcase_add_test(tc, no_realert_inside_the_window);
	suite_add_tcase(su, tc);
	return su;
}
