/* Hardening findings: once per (note, client, server) per interval of
 * packet time, in a bounded table. */
#include <check.h>
#include <stdlib.h>


#include "detect_findings.h"
#include "detect_internal.h"
#include "sensor.h"

#define SEC INT64_C(1000000)
#define T0 (INT64_C(1700000000) * SEC)

static struct sensor *s;

static void setup(void)
{
	s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	config_defaults(&s->cfg);
}

static void teardown(void)
{
	detect_findings_free(s);
	free(s);
}

static int due(enum notice_kind note, const char *client, int64_t t)
{
	return detect_finding_due(s, note, client, "10.0.0.9", t);
}

START_TEST(once_per_pair_per_interval)
{
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.5", T0), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.5", T0 + 3600 * SEC), 0);
	/* another note, another client, another server: their own */
	ck_assert_int_eq(due(NOTE_UNSIGNED, "10.0.0.5", T0 + 3600 * SEC), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.6", T0 + 3600 * SEC), 1);
	ck_assert_int_eq(detect_finding_due(s, NOTE_SMB1, "10.0.0.5", "10.0.0.8", T0 + 3600 * SEC), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.5", T0 + 86399 * SEC), 0);
}
END_TEST

START_TEST(again_after_the_interval)
{
	ck_assert_int_eq(due(NOTE_NETBIOS_TRANSPORT, "10.0.0.5", T0), 1);
	ck_assert_int_eq(due(NOTE_NETBIOS_TRANSPORT, "10.0.0.5", T0 + 86400 * SEC), 1);
	/* the interval runs from the last report, not the first sighting */
	ck_assert_int_eq(due(NOTE_NETBIOS_TRANSPORT, "10.0.0.5", T0 + 86401 * SEC), 0);
	ck_assert_int_eq(due(NOTE_NETBIOS_TRANSPORT, "10.0.0.5", T0 + 2 * 86400 * SEC), 1);
	s->cfg.finding_interval = 60;
	ck_assert_int_eq(due(NOTE_NETBIOS_TRANSPORT, "10.0.0.5", T0 + (2 * 86400 + 60) * SEC), 1);
}
END_TEST

START_TEST(pairs_past_their_interval_expire)
{
	s->cfg.finding_interval = 60;
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.1", T0), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.2", T0 + 30 * SEC), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.3", T0 + 59 * SEC), 1);
	ck_assert_uint_eq(s->st.finding_pairs_expired, 0);
	/* at 61 s, 10.0.0.1's interval has passed: it goes to make room for 4 */
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.4", T0 + 61 * SEC), 1);
	ck_assert_uint_eq(s->st.finding_pairs_expired, 1);
	ck_assert_uint_eq(s->st.finding_pairs_evicted, 0);
	/* 10.0.0.2 and 10.0.0.3 are still remembered: not due within their interval */
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.2", T0 + 62 * SEC), 0);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.3", T0 + 62 * SEC), 0);
}
END_TEST

START_TEST(table_eviction_counted)
{
	s->cfg.finding_max_pairs = 2;
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.1", T0), 1);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.2", T0 + 1 * SEC), 1);
	/* 10.0.0.1 seen again: the most recently active */
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.1", T0 + 2 * SEC), 0);
	ck_assert_uint_eq(s->st.finding_pairs_evicted, 0);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.3", T0 + 3 * SEC), 1);
	ck_assert_uint_eq(s->st.finding_pairs_evicted, 1);
	/* 10.0.0.2 went; 10.0.0.1 is still remembered */
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.1", T0 + 4 * SEC), 0);
	ck_assert_int_eq(due(NOTE_SMB1, "10.0.0.2", T0 + 5 * SEC), 1);
	ck_assert_uint_eq(s->st.finding_pairs_evicted, 2);
}
END_TEST

Suite *suite_detect_findings(void)
{
	Suite *su = suite_create("detect_findings");
	TCase *tc = tcase_create("pairs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, once_per_pair_per_interval);
	tcase_add_test(tc, again_after_the_interval);
	tcase_add_test(tc, table_eviction_counted);
	tcase_add_test(tc, pairs_past_their_interval_expire);
	suite_add_tcase(su, tc);
	return su;
}
