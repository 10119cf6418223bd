/* Files written over SMB tied to the command that runs them: which shares
 * map to a local path, how a command is matched, and the host limit. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "sensor.h"
#include "written_files.h"

static struct sensor s;

static void setup(void)
{
	memset(&s, 0, sizeof(s));
	config_defaults(&s.cfg);
}

static void teardown(void)
{
	written_files_free(&s);
}

static const char *match(const char *host, const char *cmd)
{
	return written_files_match(&s, host, cmd, strlen(cmd));
}

START_TEST(admin_share_matches_systemroot_in_any_case)
{
	written_files_note(&s, "10.0.0.2", "\\\\10.0.0.2\\ADMIN$", "eUThYIRA.exe");
	ck_assert_str_eq(match("10.0.0.2", "%systemroot%\\eUThYIRA.exe"), "\\\\10.0.0.2\\ADMIN$\\eUThYIRA.exe");
	ck_assert_str_eq(match("10.0.0.2", "\"%WINDIR%\\EUTHYIRA.EXE\" -k"), "\\\\10.0.0.2\\ADMIN$\\eUThYIRA.exe");
	ck_assert_str_eq(match("10.0.0.2", "C:\\Windows\\euthyira.exe"), "\\\\10.0.0.2\\ADMIN$\\eUThYIRA.exe");
	ck_assert_ptr_null(match("10.0.0.3", "%systemroot%\\eUThYIRA.exe"));
	ck_assert_ptr_null(match("10.0.0.2", "%systemroot%\\system32\\eUThYIRA.exe"));
}
END_TEST

START_TEST(drive_shares_map_and_others_do_not)
{
	written_files_note(&s, "h", "\\\\h\\C$", "Windows\\Temp\\run.bat");
	written_files_note(&s, "h", "\\\\h\\data", "tool.exe");
	ck_assert_str_eq(match("h", "cmd.exe /c c:\\windows\\temp\\run.bat"), "\\\\h\\C$\\Windows\\Temp\\run.bat");
	ck_assert_ptr_null(match("h", "d:\\data\\tool.exe"));
	ck_assert_ptr_null(match("h", ""));
}
END_TEST

START_TEST(the_most_recent_of_the_last_files_wins)
{
	char name[32];
	int i;

	written_files_note(&s, "h", "\\\\h\\ADMIN$", "first.exe");
	for (i = 0; i < WRITTEN_PER_HOST; i++) {
		snprintf(name, sizeof(name), "f%d.exe", i);
		written_files_note(&s, "h", "\\\\h\\ADMIN$", name);
	}
	ck_assert_ptr_null(match("h", "%systemroot%\\first.exe"));
	written_files_note(&s, "h", "\\\\h\\c$", "windows\\f1.exe");
	ck_assert_str_eq(match("h", "%systemroot%\\f1.exe"), "\\\\h\\c$\\windows\\f1.exe");
}
END_TEST

START_TEST(hosts_beyond_the_limit_are_refused_and_counted)
{
	s.cfg.exec_max_hosts = 2;
	written_files_note(&s, "a", "\\\\a\\ADMIN$", "x.exe");
	written_files_note(&s, "b", "\\\\b\\ADMIN$", "x.exe");
	written_files_note(&s, "c", "\\\\c\\ADMIN$", "x.exe");
	ck_assert_uint_eq(s.st.written_hosts_refused, 1);
	ck_assert_ptr_null(match("c", "%systemroot%\\x.exe"));
	ck_assert_ptr_nonnull(match("b", "%systemroot%\\x.exe"));
}
END_TEST

Suite *suite_written_files(void)
{
	Suite *su = suite_create("written_files");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, admin_share_matches_systemroot_in_any_case);
	tcase_add_test(tc, drive_shares_map_and_others_do_not);
	tcase_add_test(tc, the_most_recent_of_the_last_files_wins);
	tcase_add_test(tc, hosts_beyond_the_limit_are_refused_and_counted);
	suite_add_tcase(su, tc);
	return su;
}
