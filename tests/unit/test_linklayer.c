/* Layer-2 decoding of every link type we accept. */
#include <check.h>
#include <pcap/pcap.h>
#include <string.h>

#include "linklayer.h"

#define IPV4_BYTE 0x45
#define IPV6_BYTE 0x60

static enum l3_proto decode(int dlt, const uint8_t *p, size_t n, size_t *off)
{
	*off = 9999;
	return l2_decode(dlt, p, n, off);
}

START_TEST(ethernet_with_stacked_tags)
{
	uint8_t f[64] = { 0 };
	size_t off;

	f[12] = 0x08; f[13] = 0x00; f[14] = IPV4_BYTE;
	ck_assert_int_eq(decode(DLT_EN10MB, f, sizeof(f), &off), L3_IPV4);
	ck_assert_uint_eq(off, 14);
	/* 802.1ad outer, 802.1Q inner, then IPv6 */
	f[12] = 0x88; f[13] = 0xa8; f[16] = 0x81; f[17] = 0x00; f[20] = 0x86; f[21] = 0xdd; f[22] = IPV6_BYTE;
	ck_assert_int_eq(decode(DLT_EN10MB, f, sizeof(f), &off), L3_IPV6);
	ck_assert_uint_eq(off, 22);
	f[20] = 0x08; f[21] = 0x06; /* ARP */
	ck_assert_int_eq(decode(DLT_EN10MB, f, sizeof(f), &off), L3_OTHER);
}
END_TEST

START_TEST(linux_cooked_v1_and_v2)
{
	uint8_t f[40] = { 0 };
	size_t off;

	f[14] = 0x08; f[15] = 0x00; f[16] = IPV4_BYTE;
	ck_assert_int_eq(decode(DLT_LINUX_SLL, f, sizeof(f), &off), L3_IPV4);
	ck_assert_uint_eq(off, 16);
	memset(f, 0, sizeof(f));
	f[0] = 0x86; f[1] = 0xdd; f[20] = IPV6_BYTE;
	ck_assert_int_eq(decode(276, f, sizeof(f), &off), L3_IPV6);
	ck_assert_uint_eq(off, 20);
}
END_TEST

START_TEST(bsd_null_loop_and_raw)
{
	uint8_t f[24] = { 2, 0, 0, 0, IPV4_BYTE };
	uint8_t g[24] = { 0, 0, 0, 30, IPV6_BYTE };
	uint8_t r[24] = { IPV6_BYTE };
	size_t off;

	ck_assert_int_eq(decode(DLT_NULL, f, sizeof(f), &off), L3_IPV4);
	ck_assert_uint_eq(off, 4);
	ck_assert_int_eq(decode(DLT_NULL, g, sizeof(g), &off), L3_IPV6); /* other byte order */
	ck_assert_int_eq(decode(DLT_LOOP, g, sizeof(g), &off), L3_IPV6);
	ck_assert_int_eq(decode(DLT_RAW, r, sizeof(r), &off), L3_IPV6);
	ck_assert_uint_eq(off, 0);
	ck_assert_int_eq(decode(228, f + 4, 20, &off), L3_IPV4);
}
END_TEST

START_TEST(short_frames)
{
	uint8_t f[64] = { 0 };
	size_t n, off;

	f[12] = 0x81; f[13] = 0x00; f[16] = 0x08; f[17] = 0x00;
	for (n = 0; n < 19; n++)
		ck_assert_int_eq(decode(DLT_EN10MB, f, n, &off), L3_SHORT);
	ck_assert_int_eq(decode(DLT_LINUX_SLL, f, 10, &off), L3_SHORT);
	ck_assert_int_eq(decode(DLT_NULL, f, 3, &off), L3_SHORT);
	ck_assert_int_eq(decode(DLT_RAW, f, 0, &off), L3_OTHER);
}
END_TEST

START_TEST(supported_link_types)
{
	ck_assert(l2_supported(DLT_EN10MB));
	ck_assert(l2_supported(DLT_LINUX_SLL));
	ck_assert(l2_supported(276));
	ck_assert(!l2_supported(DLT_IEEE802_11));
}
END_TEST

Suite *suite_linklayer(void)
{
	Suite *s = suite_create("linklayer");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, ethernet_with_stacked_tags);
	tcase_add_test(tc, linux_cooked_v1_and_v2);
	tcase_add_test(tc, bsd_null_loop_and_raw);
	tcase_add_test(tc, short_frames);
	tcase_add_test(tc, supported_link_types);
	suite_add_tcase(s, tc);
	return s;
}
