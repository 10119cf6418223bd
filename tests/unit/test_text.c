/* text.c: UTF-16LE decoding and bounded copies. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Encode code units as UTF-16LE into buf; returns the byte count. */
static size_t u16le(uint8_t *buf, const uint16_t *units, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf[2 * i] = (uint8_t)(units[i] & 0xff);
		buf[2 * i + 1] = (uint8_t)(units[i] >> 8);
	}
	return 2 * n;
}

static void check_text(const struct text *t, const char *want, size_t want_len)
{
	ck_assert_int_eq(t->set, 1);
	ck_assert_uint_eq(t->len, want_len);
	ck_assert_mem_eq(t->s, want, want_len);
	ck_assert_int_eq(t->s[t->len], '\0');
}

START_TEST(test_ascii_real)
{
	/* UserName field of smb2.pcap frame 8 (NTLMSSP AUTHENTICATE). */
	static const uint8_t admin[] = {
		0x41, 0x00, 0x64, 0x00, 0x6d, 0x00, 0x69, 0x00, 0x6e, 0x00, 0x69, 0x00, 0x73, 0x00,
		0x74, 0x00, 0x72, 0x00, 0x61, 0x00, 0x74, 0x00, 0x6f, 0x00, 0x72, 0x00,
	};
	struct text t;

	text_from_utf16le(&t, admin, sizeof admin);
	check_text(&t, "Administrator", 13);
	ck_assert_int_eq(t.truncated, 0);
}
END_TEST

START_TEST(test_bmp)
{
	static const uint16_t u[] = { 0x00e9, 0x20ac, 0x4e2d, 0x0041 };
	uint8_t b[8];
	struct text t;

	text_from_utf16le(&t, b, u16le(b, u, 4));
	check_text(&t, "\xc3\xa9\xe2\x82\xac\xe4\xb8\xad" "A", 9);
}
END_TEST

START_TEST(test_surrogate_pair)
{
	static const uint16_t u[] = { 0xd83d, 0xde00, 0xdbff, 0xdfff };
	uint8_t b[8];
	struct text t;

	text_from_utf16le(&t, b, u16le(b, u, 4));
	check_text(&t, "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 8);
}
END_TEST

START_TEST(test_unpaired_surrogates)
{
	/* high+ASCII, lone low, low-then-high (reversed), high at the end */
	static const uint16_t u[] = { 0xd800, 0x0041, 0xdc00, 0xdc01, 0xd801, 0xd802 };
	uint8_t b[12];
	struct text t;

	text_from_utf16le(&t, b, u16le(b, u, 6));
	check_text(&t, "\xef\xbf\xbd" "A" "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 16);
}
END_TEST

START_TEST(test_high_surrogate_then_high_pair)
{
	/* An unpaired high must not swallow the start of the next valid pair. */
	static const uint16_t u[] = { 0xd800, 0xd83d, 0xde00 };
	uint8_t b[6];
	struct text t;

	text_from_utf16le(&t, b, u16le(b, u, 3));
	check_text(&t, "\xef\xbf\xbd\xf0\x9f\x98\x80", 7);
}
END_TEST

START_TEST(test_odd_length)
{
	static const uint8_t b[] = { 'h', 0, 'i', 0, 'X' };
	struct text t;

	text_from_utf16le(&t, b, sizeof b);
	check_text(&t, "hi", 2);
	text_from_utf16le(&t, b, 1);
	check_text(&t, "", 0);
}
END_TEST

START_TEST(test_embedded_nul)
{
	static const uint8_t b[] = { 'a', 0, 0, 0, 'b', 0 };
	struct text t;

	text_from_utf16le(&t, b, sizeof b);
	check_text(&t, "a\0b", 3);
}
END_TEST

START_TEST(test_empty_and_null)
{
	struct text t;

	memset(&t, 0x5a, sizeof t);
	text_from_utf16le(&t, NULL, 0);
	check_text(&t, "", 0);
	ck_assert_int_eq(t.truncated, 0);
	text_from_utf16le(&t, NULL, 10);
	check_text(&t, "", 0);
	text_from_bytes(&t, NULL, 10);
	check_text(&t, "", 0);
}
END_TEST

/* Fill n code units with u and decode them. */
static void decode_repeated(struct text *t, uint16_t u, size_t n)
{
	uint8_t *b = malloc(2 * n);
	size_t i;

	ck_assert_ptr_nonnull(b);
	for (i = 0; i < n; i++) {
		b[2 * i] = (uint8_t)(u & 0xff);
		b[2 * i + 1] = (uint8_t)(u >> 8);
	}
	text_from_utf16le(t, b, 2 * n);
	free(b);
}

START_TEST(test_64k_name_truncated)
{
	struct text t;
	size_t i;

	decode_repeated(&t, 'A', 32768); /* 64 KiB of UTF-16 */
	ck_assert_uint_eq(t.len, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_int_eq(t.s[TEXT_MAX], '\0');
	for (i = 0; i < TEXT_MAX; i++)
		ck_assert_int_eq(t.s[i], 'A');
}
END_TEST

START_TEST(test_truncation_never_splits)
{
	struct text t;

	/* 3-byte characters: 170 fit in 510 bytes, the 171st would cross 512. */
	decode_repeated(&t, 0x20ac, 200);
	ck_assert_uint_eq(t.len, 510);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_mem_eq(t.s + 507, "\xe2\x82\xac", 3);
	ck_assert_int_eq(t.s[510], '\0');
}
END_TEST

START_TEST(test_truncation_pair_at_boundary)
{
	uint8_t b[2 * 513];
	struct text t;
	size_t i;

	for (i = 0; i < 511; i++) {
		b[2 * i] = 'x';
		b[2 * i + 1] = 0;
	}
	/* U+1F600 needs 4 bytes; only 1 is left */
	b[1022] = 0x3d; b[1023] = 0xd8; b[1024] = 0x00; b[1025] = 0xde;
	text_from_utf16le(&t, b, sizeof b);
	ck_assert_uint_eq(t.len, 511);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_int_eq(t.s[510], 'x');
	ck_assert_int_eq(t.s[511], '\0');
}
END_TEST

START_TEST(test_exact_fit_not_truncated)
{
	struct text t;

	decode_repeated(&t, 'B', TEXT_MAX);
	ck_assert_uint_eq(t.len, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 0);
	decode_repeated(&t, 'B', TEXT_MAX + 1);
	ck_assert_int_eq(t.truncated, 1);
	/* a later, shorter decode clears the flag */
	decode_repeated(&t, 'C', 1);
	check_text(&t, "C", 1);
	ck_assert_int_eq(t.truncated, 0);
}
END_TEST

START_TEST(test_from_bytes)
{
	static const uint8_t oem[] = { 'S', 'U', 0, 'S', 'E', 0xe9 };
	uint8_t *big = malloc(65536);
	struct text t;

	ck_assert_ptr_nonnull(big);
	text_from_bytes(&t, oem, sizeof oem);
	check_text(&t, "SU\0SE\xe9", 6);
	ck_assert_int_eq(t.truncated, 0);
	memset(big, 'z', 65536);
	text_from_bytes(&t, big, 65536);
	ck_assert_uint_eq(t.len, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_int_eq(t.s[TEXT_MAX], '\0');
	text_from_bytes(&t, big, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 0);
	free(big);
}
END_TEST

START_TEST(test_set)
{
	char *big = malloc(1000);
	struct text t;

	ck_assert_ptr_nonnull(big);
	text_set(&t, "WORKGROUP");
	check_text(&t, "WORKGROUP", 9);
	text_set(&t, "");
	check_text(&t, "", 0);
	memset(big, 'q', 999);
	big[999] = '\0';
	text_set(&t, big);
	ck_assert_uint_eq(t.len, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 1);
	text_set(&t, NULL);
	ck_assert_int_eq(t.set, 0);
	ck_assert_uint_eq(t.len, 0);
	free(big);
}
END_TEST

Suite *suite_text(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ascii_real);
	tcase_add_test(tc, test_bmp);
	tcase_add_test(tc, test_surrogate_pair);
	tcase_add_test(tc, test_unpaired_surrogates);
	tcase_add_test(tc, test_high_surrogate_then_high_pair);
	tcase_add_test(tc, test_odd_length);
	tcase_add_test(tc, test_embedded_nul);
	tcase_add_test(tc, test_empty_and_null);
	tcase_add_test(tc, test_64k_name_truncated);
	tcase_add_test(tc, test_truncation_never_splits);
	tcase_add_test(tc, test_truncation_pair_at_boundary);
	tcase_add_test(tc, test_exact_fit_not_truncated);
	tcase_add_test(tc, test_from_bytes);
	tcase_add_test(tc, test_set);
	suite_add_tcase(s, tc);
	return s;
}
