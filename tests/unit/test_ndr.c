/* ndr.c: the NDR20 reader (alignment, pointers, conformant varying strings,
 * lying counts, truncation). Byte layouts are written out beside each test. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ndr.h"
#include "util.h"

START_TEST(test_integers_and_alignment)
{
	/* u8 01 | pad 3 | u32 0x04030201 | u16 0x0605 | pad 6 | u64 (aligned to
	 * 8 from the stub start: offset 16) | u8 | u16 at offset 26 */
	static const char hex[] =
		"01 aaaaaa 01020304 0506 bfbfbfbfbfbf 1122334455667788 99 cc 3412";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);

	ck_assert_uint_eq(ndr_u8(&n), 1);
	ck_assert_uint_eq(ndr_u32(&n), 0x04030201u);
	ck_assert_uint_eq(ndr_pos(&n), 8);
	ck_assert_uint_eq(ndr_u16(&n), 0x0605);
	ck_assert_uint_eq(ndr_u64(&n), 0x8877665544332211ull);
	ck_assert_uint_eq(ndr_pos(&n), 24);
	ck_assert_uint_eq(ndr_u8(&n), 0x99);
	ck_assert_uint_eq(ndr_u16(&n), 0x1234);
	ck_assert_int_eq(ndr_ok(&n), 1);
	ck_assert_uint_eq(ndr_left(&n), 0);
	free(b);
}
END_TEST

START_TEST(test_alignment_pad_past_end)
{
	/* A u32 after one byte needs 3 pad bytes plus 4: only 5 are there. */
	static const uint8_t b[] = { 1, 0, 0, 0, 0 };
	struct ndr n = ndr_init(b, sizeof b);

	(void)ndr_u8(&n);
	ck_assert_uint_eq(ndr_u32(&n), 0);
	ck_assert_int_eq(ndr_ok(&n), 0);
	/* sticky: nothing more is read, even a byte that exists */
	ck_assert_uint_eq(ndr_u8(&n), 0);
	ck_assert_uint_eq(ndr_left(&n), 0);
}
END_TEST

START_TEST(test_align_pad_exact_end)
{
	/* Padding that ends exactly at the end is fine; the read after is not. */
	static const uint8_t b[] = { 7, 0xaa, 0xaa, 0xaa };
	struct ndr n = ndr_init(b, sizeof b);

	ck_assert_uint_eq(ndr_u8(&n), 7);
	ndr_align(&n, 4);
	ck_assert_int_eq(ndr_ok(&n), 1);
	ck_assert_uint_eq(ndr_left(&n), 0);
	(void)ndr_u16(&n);
	ck_assert_int_eq(ndr_ok(&n), 0);
}
END_TEST

START_TEST(test_unique_null_and_not)
{
	/* NULL referent, then u32 5; then referent 0x00020000 -> "ab\0" */
	static const char hex[] =
		"00000000 05000000"
		"00000200 03000000 00000000 03000000 6100 6200 0000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_unique_wstring(&n, &t), 0);
	ck_assert_int_eq(t.set, 0);
	ck_assert_uint_eq(ndr_u32(&n), 5);
	ck_assert_int_eq(ndr_unique_wstring(&n, &t), 0);
	ck_assert_int_eq(t.set, 1);
	ck_assert_str_eq(t.s, "ab");
	ck_assert_int_eq(ndr_ok(&n), 1);
	ck_assert_uint_eq(ndr_left(&n), 0);
	free(b);

	b = unhex("00000200", &len);
	n = ndr_init(b, len);
	ck_assert_uint_eq(ndr_ptr(&n), 0x00020000u);
	free(b);
}
END_TEST

START_TEST(test_wstring_without_nul)
{
	/* max 4, offset 0, actual 3, "abc" with no terminator (RRP style) */
	static const char hex[] = "04000000 00000000 03000000 610062006300 bfbf 2a000000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_str_eq(t.s, "abc");
	ck_assert_uint_eq(t.len, 3);
	/* the next u32 is aligned past the 2 pad bytes */
	ck_assert_uint_eq(ndr_u32(&n), 42);
	ck_assert_int_eq(ndr_ok(&n), 1);
	free(b);
}
END_TEST

START_TEST(test_wstring_empty_and_nul_only)
{
	static const char hex[] = "00000000 00000000 00000000"   /* actual 0 */
				  "01000000 00000000 01000000 0000"; /* just the NUL */
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_int_eq(t.set, 1);
	ck_assert_uint_eq(t.len, 0);
	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_int_eq(t.set, 1);
	ck_assert_uint_eq(t.len, 0);
	ck_assert_int_eq(ndr_ok(&n), 1);
	free(b);
}
END_TEST

START_TEST(test_wstring_embedded_nul_and_two_nuls)
{
	/* "a\0b\0\0": only the last NUL is dropped, the embedded ones stay */
	static const char hex[] = "05000000 00000000 05000000 6100 0000 6200 0000 0000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_uint_eq(t.len, 4);
	ck_assert_mem_eq(t.s, "a\0b\0", 4);
	free(b);
}
END_TEST

START_TEST(test_cstring_then_aligned)
{
	/* 8-bit: max 5, actual 5 "evil\0", 3 pad, u32 0x10 */
	static const char hex[] = "05000000 00000000 05000000 6576696c00 bfbfbf 10000000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_cstring(&n, &t), 0);
	ck_assert_str_eq(t.s, "evil");
	ck_assert_uint_eq(ndr_u32(&n), 0x10);
	ck_assert_int_eq(ndr_ok(&n), 1);
	free(b);
}
END_TEST

START_TEST(test_max_larger_than_actual)
{
	/* max 10 > actual 2 is legal for a varying array */
	static const char hex[] = "0a000000 00000000 02000000 78000000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_str_eq(t.s, "x");
	free(b);
}
END_TEST

START_TEST(test_lying_counts)
{
	static const char *const bad[] = {
		"03000000 01000000 02000000 610062000000",  /* offset 1 */
		"02000000 00000000 03000000 610062000000",  /* actual 3 > max 2 */
		"08000000 00000000 08000000 610062000000",  /* actual past the end */
		"ffffffff 00000000 ffffffff 6100",          /* huge: no overflow */
		"ffffffff 00000000 80000000 6100",          /* 0x80000000 * 2 wraps 32 bits */
		"03000000 00000000",                        /* no actual count */
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len;
		uint8_t *b = unhex(bad[i], &len);
		struct ndr n = ndr_init(b, len);
		struct text t;

		ck_assert_msg(ndr_wstring(&n, &t) == -1, "case %zu accepted", i);
		ck_assert_int_eq(t.set, 0);
		ck_assert_int_eq(ndr_ok(&n), 0);
		free(b);
	}
}
END_TEST

START_TEST(test_cstring_lying)
{
	static const char hex[] = "04000000 00000000 05000000 6576696c00";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	struct text t;

	ck_assert_int_eq(ndr_cstring(&n, &t), -1);
	free(b);
}
END_TEST

START_TEST(test_conformant_bytes_and_handle)
{
	/* handle (20) | max 3, 01 02 03 | pad | size 3 */
	static const char hex[] = "00000000 11111111 22222222 33333333 44444444"
				  "03000000 010203 bf 03000000";
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct ndr n = ndr_init(b, len);
	uint8_t h[NDR_HANDLE_LEN];
	uint32_t count;
	const uint8_t *p;

	ndr_handle(&n, h);
	ck_assert_mem_eq(h, b, NDR_HANDLE_LEN);
	p = ndr_conformant_bytes(&n, &count);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(count, 3);
	ck_assert_mem_eq(p, "\x01\x02\x03", 3);
	ck_assert_uint_eq(ndr_u32(&n), 3);
	ck_assert_int_eq(ndr_ok(&n), 1);
	free(b);

	/* a byte count past the end */
	b = unhex("05000000 0102", &len);
	n = ndr_init(b, len);
	ck_assert_ptr_null(ndr_conformant_bytes(&n, &count));
	ck_assert_uint_eq(count, 0);
	ck_assert_int_eq(ndr_ok(&n), 0);
	free(b);

	/* a short handle is zeroed */
	b = unhex("0102030405", &len);
	n = ndr_init(b, len);
	memset(h, 0xee, sizeof h);
	ndr_handle(&n, h);
	ck_assert_int_eq(ndr_ok(&n), 0);
	ck_assert_mem_eq(h, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", NDR_HANDLE_LEN);
	free(b);
}
END_TEST

START_TEST(test_every_truncation)
{
	/* A small call: u32, unique string "ab", conformant bytes, handle.
	 * Every proper prefix must fail without reading past it. */
	static const char hex[] =
		"07000000"
		"00000200 03000000 00000000 03000000 610062000000"
		"aabb"                  /* pad to 4 */
		"02000000 0102"         /* conformant bytes */
		"bfbf"                  /* pad to 4 */
		"00000000 11111111 22222222 33333333 44444444";
	size_t len, cut;
	uint8_t *full = unhex(hex, &len);

	for (cut = 0; cut <= len; cut++) {
		/* a copy of exactly cut bytes, so ASan sees any over-read */
		uint8_t *b = malloc(cut ? cut : 1);
		struct ndr n;
		struct text t;
		uint8_t h[NDR_HANDLE_LEN];
		uint32_t count;

		memcpy(b, full, cut);
		n = ndr_init(b, cut);
		(void)ndr_u32(&n);
		(void)ndr_unique_wstring(&n, &t);
		(void)ndr_conformant_bytes(&n, &count);
		ndr_handle(&n, h);
		if (cut == len) {
			ck_assert_int_eq(ndr_ok(&n), 1);
			ck_assert_str_eq(t.s, "ab");
			ck_assert_uint_eq(count, 2);
		} else {
			ck_assert_msg(!ndr_ok(&n), "prefix %zu accepted", cut);
		}
		free(b);
	}
	free(full);
}
END_TEST

START_TEST(test_null_input)
{
	struct ndr n = ndr_init(NULL, 10);
	struct text t;

	ck_assert_uint_eq(ndr_u32(&n), 0);
	ck_assert_int_eq(ndr_ok(&n), 0);
	n = ndr_init(NULL, 0);
	ck_assert_int_eq(ndr_wstring(&n, &t), -1);
}
END_TEST

START_TEST(test_long_string_truncated)
{
	/* 600 'A' units: the text keeps TEXT_MAX bytes and says truncated, and
	 * the reader still moves past the whole array. */
	size_t units = 600, len = 12 + units * 2 + 4, i;
	uint8_t *b = calloc(1, len);
	struct ndr n;
	struct text t;

	b[0] = (uint8_t)(units & 0xff);
	b[1] = (uint8_t)(units >> 8);
	b[8] = b[0];
	b[9] = b[1];
	for (i = 0; i < units; i++)
		b[12 + 2 * i] = 'A';
	b[len - 4] = 9;
	n = ndr_init(b, len);
	ck_assert_int_eq(ndr_wstring(&n, &t), 0);
	ck_assert_uint_eq(t.len, TEXT_MAX);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_uint_eq(ndr_u32(&n), 9);
	free(b);
}
END_TEST

Suite *suite_ndr(void)
{
	Suite *s = suite_create("ndr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_integers_and_alignment);
	tcase_add_test(tc, test_alignment_pad_past_end);
	tcase_add_test(tc, test_align_pad_exact_end);
	tcase_add_test(tc, test_unique_null_and_not);
	tcase_add_test(tc, test_wstring_without_nul);
	tcase_add_test(tc, test_wstring_empty_and_nul_only);
	tcase_add_test(tc, test_wstring_embedded_nul_and_two_nuls);
	tcase_add_test(tc, test_cstring_then_aligned);
	tcase_add_test(tc, test_max_larger_than_actual);
	tcase_add_test(tc, test_lying_counts);
	tcase_add_test(tc, test_cstring_lying);
	tcase_add_test(tc, test_conformant_bytes_and_handle);
	tcase_add_test(tc, test_every_truncation);
	tcase_add_test(tc, test_null_input);
	tcase_add_test(tc, test_long_string_truncated);
	suite_add_tcase(s, tc);
	return s;
}
