/* IPv6 to IPv4 stand-ins: extension headers, fragments, the mapping's
 * lifetime. Packets are built here byte by byte (RFC 8200 layouts). */
#include <arpa/inet.h>
#include <check.h>
#include <string.h>

#include "ipv6map.h"
#include "sensor.h"

static struct sensor s;

static void setup(void)
{
	memset(&s, 0, sizeof(s));
	config_defaults(&s.cfg);
}

static void teardown(void)
{
	ipv6_free_all(&s);
}

/* An IPv6 TCP segment from 2001:db8::<a> port sport to 2001:db8::<b> port
 * dport, with optional extension headers (given raw) before TCP. */
static size_t packet(uint8_t *p, uint8_t a, uint8_t b, uint16_t sport, uint16_t dport, const uint8_t *ext,
		     size_t extlen, uint8_t first_nh)
{
	static const uint8_t prefix[14] = { 0x20, 0x01, 0x0d, 0xb8 };
	uint8_t *tcp = p + 40 + extlen;
	size_t plen = extlen + 20 + 5;

	memset(p, 0, 40 + plen);
	p[0] = 0x60;
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
	p[6] = first_nh;
	p[7] = 64;
	memcpy(p + 8, prefix, 14);
	p[23] = a;
	memcpy(p + 24, prefix, 14);
	p[39] = b;
	if (extlen)
		memcpy(p + 40, ext, extlen);
	tcp[0] = (uint8_t)(sport >> 8);
	tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8);
	tcp[3] = (uint8_t)dport;
	tcp[12] = 5 << 4;
	tcp[13] = 0x18;
	memcpy(tcp + 20, "hello", 5);
	return 40 + plen;
}

START_TEST(plain_tcp_becomes_ipv4_with_standins)
{
	uint8_t p[128], v4[128];
	size_t n = packet(p, 1, 2, 50000, 445, NULL, 0, 6), m;
	uint32_t src, dst;
	char text[46];

	m = ipv6_to_ipv4(&s, p, n, v4, sizeof(v4));
	ck_assert_uint_eq(m, 20 + 25);
	ck_assert_uint_eq(v4[0], 0x45);
	ck_assert_uint_eq(v4[9], 6);
	memcpy(&src, v4 + 12, 4);
	memcpy(&dst, v4 + 16, 4);
	ck_assert(ipv6_is_standin(src) && ipv6_is_standin(dst) && src != dst);
	ck_assert_int_eq(memcmp(v4 + 20, p + 40, 25), 0);
	ipv6_acquire(&s, src, text, sizeof(text));
	ck_assert_str_eq(text, "2001:db8::1");
	/* The same address gets the same stand-in every time. */
	ck_assert_uint_eq(ipv6_to_ipv4(&s, p, n, v4, sizeof(v4)), m);
	ck_assert_int_eq(memcmp(v4 + 12, &src, 4), 0);
	ipv6_release(&s, src);
	ck_assert(!ipv6_is_standin(htonl(0x0a000001)));
}
END_TEST

START_TEST(extension_headers_are_skipped)
{
	/* Hop-by-Hop (8 bytes, PadN) then Destination Options (16 bytes). */
	static const uint8_t ext[24] = { 60, 0, 1, 4, 0, 0, 0, 0, 6, 1, 1, 12 };
	uint8_t p[160], v4[160];
	size_t n = packet(p, 1, 2, 50000, 445, ext, sizeof(ext), 0);

	ck_assert_uint_eq(ipv6_to_ipv4(&s, p, n, v4, sizeof(v4)), 20 + 25);
	ck_assert_int_eq(memcmp(v4 + 40, "hello", 5), 0);
}
END_TEST

START_TEST(fragments_and_other_traffic_are_left_alone)
{
	static const uint8_t frag[8] = { 6, 0, 0, 1, 0, 0, 0, 7 };
	uint8_t p[160], v4[160];
	size_t n = packet(p, 1, 2, 50000, 445, frag, sizeof(frag), 44), cut;

	ck_assert_uint_eq(ipv6_to_ipv4(&s, p, n, v4, sizeof(v4)), 0);
	ck_assert_uint_eq(s.st.pkts_ipv6_frag, 1);
	n = packet(p, 1, 2, 50000, 80, NULL, 0, 6);
	ck_assert_uint_eq(ipv6_to_ipv4(&s, p, n, v4, sizeof(v4)), 0);
	n = packet(p, 1, 2, 50000, 445, NULL, 0, 17);
	ck_assert_uint_eq(ipv6_to_ipv4(&s, p, n, v4, sizeof(v4)), 0);
	n = packet(p, 1, 2, 50000, 445, NULL, 0, 6);
	for (cut = 0; cut < 44; cut++)
		ck_assert_uint_eq(ipv6_to_ipv4(&s, p, cut, v4, sizeof(v4)), 0);
}
END_TEST

/* A stand-in lives while a connection uses it, and is never handed to
 * another address afterwards. */
START_TEST(standins_are_released_and_not_reused)
{
	uint8_t p[128], v4[128];
	size_t n = packet(p, 1, 2, 50000, 445, NULL, 0, 6);
	uint32_t first, again;
	char text[46];

	ipv6_to_ipv4(&s, p, n, v4, sizeof(v4));
	memcpy(&first, v4 + 12, 4);
	ipv6_acquire(&s, first, text, sizeof(text));
	ipv6_release(&s, first);
	n = packet(p, 1, 3, 50000, 445, NULL, 0, 6);
	ipv6_to_ipv4(&s, p, n, v4, sizeof(v4));
	memcpy(&again, v4 + 12, 4);
	ck_assert_uint_ne(first, again);
}
END_TEST

Suite *suite_ipv6map(void)
{
	Suite *su = suite_create("ipv6map");
	TCase *tc = tcase_create("map");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, plain_tcp_becomes_ipv4_with_standins);
	tcase_add_test(tc, extension_headers_are_skipped);
	tcase_add_test(tc, fragments_and_other_traffic_are_left_alone);
	tcase_add_test(tc, standins_are_released_and_not_reused);
	suite_add_tcase(su, tc);
	return su;
}
