/* term_text.c: names escaped for the terminal. */
#include <check.h>
#include <string.h>

#include "term_text.h"

START_TEST(test_controls_escaped)
{
	static const char name[] = "DOM\t|\n|\r|\0|\\|\x7f|\x1b[31m|\xc3\xa9";
	char out[128] = "";

	term_text_append(out, sizeof(out), name, sizeof(name) - 1);
	ck_assert_str_eq(out, "DOM\\x09|\\x0a|\\x0d|\\x00|\\|\\x7f|\\x1b[31m|\xc3\xa9");
}
END_TEST

START_TEST(test_appends)
{
	char out[32] = "CORP";

	term_text_append(out, sizeof(out), "\\", 1);
	term_text_append(out, sizeof(out), "alice", 5);
	ck_assert_str_eq(out, "CORP\\alice");
}
END_TEST

/* An escape is never cut in half at the end of the buffer. */
START_TEST(test_cut_whole)
{
	char out[8] = "";

	term_text_append(out, sizeof(out), "abcd\nef", 7);
	ck_assert_str_eq(out, "abcd");
	memset(out, 0, sizeof(out));
	term_text_append(out, sizeof(out), "abcdefghij", 10);
	ck_assert_str_eq(out, "abcdefg");
}
END_TEST

Suite *suite_term_text(void)
{
	Suite *s = suite_create("term_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_controls_escaped);
	tcase_add_test(tc, test_appends);
	tcase_add_test(tc, test_cut_whole);
	suite_add_tcase(s, tc);
	return s;
}
