/* Connection uids: Zeek's shape, deterministic, distinct. */
#include <check.h>
#include <string.h>

#include "uid.h"

static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

START_TEST(zeek_shape)
{
	char u[UID_LEN];
	unsigned key;

	for (key = 0; key < 1000; key++) {
		uid_make(u, 'C', 42, &key, sizeof(key));
		ck_assert_int_eq(u[0], 'C');
		ck_assert_uint_ge(strlen(u), 3);
		ck_assert_uint_le(strlen(u), 18); /* 6 + 11 base62 digits at most */
		ck_assert_uint_eq(strspn(u + 1, alphabet), strlen(u) - 1);
	}
}
END_TEST

START_TEST(deterministic_and_keyed)
{
	char a[UID_LEN], b[UID_LEN], c[UID_LEN], d[UID_LEN];
	const char key1[] = "10.0.0.1:1234>10.0.0.2:445@1", key2[] = "10.0.0.1:1235>10.0.0.2:445@1";

	uid_make(a, 'C', 7, key1, sizeof(key1));
	uid_make(b, 'C', 7, key1, sizeof(key1));
	uid_make(c, 'C', 7, key2, sizeof(key2));
	uid_make(d, 'C', 8, key1, sizeof(key1));
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
	ck_assert_str_ne(a, d);
}
END_TEST

Suite *suite_uid(void)
{
	Suite *s = suite_create("uid");
	TCase *tc = tcase_create("uid");

	tcase_add_test(tc, zeek_shape);
	tcase_add_test(tc, deterministic_and_keyed);
	suite_add_tcase(s, tc);
	return s;
}
