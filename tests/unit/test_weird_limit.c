/* The per-connection rate limit of weird.log rows. */
#include <check.h>

#include "weird_limit.h"

#define SEC INT64_C(1000000)

/* How many of n weirds of name, one per millisecond from t0, are logged. */
static unsigned logged(struct weird_state *w, const struct weird_limits *lim, const char *name, unsigned n,
		       int64_t t0)
{
	unsigned i, k = 0;

	for (i = 0; i < n; i++)
		k += weird_limit(w, lim, name, t0 + (int64_t)i * 1000) == WEIRD_LOG;
	return k;
}

/* Zeek's weird.log: one row per name and connection in 10 minutes. */
START_TEST(defaults_log_one_per_name)
{
	const struct weird_limits lim = { 1, 0, 600, 64 };
	struct weird_state w = { 0 };

	ck_assert_uint_eq(logged(&w, &lim, "SMB2_bad_header", 100000, SEC), 1);
	ck_assert_uint_eq(logged(&w, &lim, "dce_rpc_bad_header", 10, SEC), 1);
	ck_assert_uint_eq(w.n, 2);
	weird_limit_free(&w);
}
END_TEST

/* The first 25, then one in 1000 (Zeek's sampling_threshold and rate). */
START_TEST(first_then_sampled)
{
	const struct weird_limits lim = { 25, 1000, 600, 64 };
	struct weird_state w = { 0 };

	ck_assert_uint_eq(logged(&w, &lim, "x", 25, SEC), 25);
	ck_assert_uint_eq(logged(&w, &lim, "x", 999, SEC), 0);
	ck_assert_uint_eq(logged(&w, &lim, "x", 1, SEC), 1);   /* the 1025th */
	ck_assert_uint_eq(logged(&w, &lim, "x", 2000, SEC), 2);
	weird_limit_free(&w);
}
END_TEST

/* The count of a name starts again a window after its first weird. */
START_TEST(window_restarts_the_count)
{
	const struct weird_limits lim = { 2, 0, 600, 64 };
	struct weird_state w = { 0 };

	ck_assert_uint_eq(logged(&w, &lim, "x", 5, 0), 2);
	ck_assert_int_eq(weird_limit(&w, &lim, "x", 599 * SEC), WEIRD_SUPPRESS);
	ck_assert_int_eq(weird_limit(&w, &lim, "x", 600 * SEC), WEIRD_LOG);
	ck_assert_int_eq(weird_limit(&w, &lim, "x", 601 * SEC), WEIRD_LOG);
	ck_assert_int_eq(weird_limit(&w, &lim, "x", 1199 * SEC), WEIRD_SUPPRESS);
	weird_limit_free(&w);
}
END_TEST

/* Names are compared by text, not by pointer. */
START_TEST(names_by_text)
{
	const struct weird_limits lim = { 1, 0, 600, 64 };
	struct weird_state w = { 0 };
	char a[] = "same", b[] = "same";

	ck_assert_int_eq(weird_limit(&w, &lim, a, 0), WEIRD_LOG);
	ck_assert_int_eq(weird_limit(&w, &lim, b, 0), WEIRD_SUPPRESS);
	weird_limit_free(&w);
}
END_TEST

/* The state is bounded: past max_names a new name is not logged. */
START_TEST(names_are_bounded)
{
	const struct weird_limits lim = { 1, 0, 600, 2 };
	struct weird_state w = { 0 };

	ck_assert_int_eq(weird_limit(&w, &lim, "a", 0), WEIRD_LOG);
	ck_assert_int_eq(weird_limit(&w, &lim, "b", 0), WEIRD_LOG);
	ck_assert_int_eq(weird_limit(&w, &lim, "c", 0), WEIRD_NAMES_FULL);
	ck_assert_int_eq(weird_limit(&w, &lim, "a", 0), WEIRD_SUPPRESS);
	ck_assert_uint_eq(w.n, 2);
	weird_limit_free(&w);
	ck_assert_ptr_null(w.names);
	ck_assert_int_eq(weird_limit(&w, &lim, "c", 0), WEIRD_LOG);
	weird_limit_free(&w);
}
END_TEST

/* first 0 and sample 0: nothing is written, everything counted. */
START_TEST(zero_logs_nothing)
{
	const struct weird_limits lim = { 0, 0, 600, 64 };
	struct weird_state w = { 0 };

	ck_assert_uint_eq(logged(&w, &lim, "x", 1000, 0), 0);
	weird_limit_free(&w);
}
END_TEST

Suite *suite_weird_limit(void)
{
	Suite *s = suite_create("weird_limit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, defaults_log_one_per_name);
	tcase_add_test(tc, first_then_sampled);
	tcase_add_test(tc, window_restarts_the_count);
	tcase_add_test(tc, names_by_text);
	tcase_add_test(tc, names_are_bounded);
	tcase_add_test(tc, zero_logs_nothing);
	suite_add_tcase(s, tc);
	return s;
}
