/* epm.c: the endpoints of ept_map responses, from mapi.pcap (frames 400 and
 * 705, stubs after the 24-byte RESPONSE header) and cut or lying variants. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "epm.h"
#include "util.h"

/* handle (20 zero bytes) | num_towers 1 | max 4, offset 0, actual 1 |
 * referent 3 | conformance 75, tower_length 75 | 5 floors: NSPI UUID,
 * NDR, 0x0b RPC CO, 0x07 TCP port 0x1385 (4997), 0x09 IP 192.168.0.2 |
 * pad | status 0 */
static const char frame400[] =
	"0000000000000000000000000000000000000000 01000000 04000000 00000000 01000000"
	"03000000 4b000000 4b000000"
	"0500 1300 0d185accf564421a108c5908002b2f84263800 0200 0000"
	"1300 0d045d888aeb1cc9119fe808002b104860020002 00 0000"
	"0100 0b 0200 0000 0100 07 0200 1385 0100 09 0400 c0a80002"
	"00 00000000";

static int endpoints_of(const char *hex, struct epm_endpoint *out, size_t max)
{
	size_t len;
	uint8_t *b = unhex(hex, &len);
	int n = epm_map_endpoints(b, len, out, max);

	free(b);
	return n;
}

START_TEST(test_map_response_tcp_tower)
{
	struct epm_endpoint ep[4];
	struct in_addr a;

	ck_assert_int_eq(endpoints_of(frame400, ep, 4), 1);
	ck_assert_uint_eq(ep[0].port, 4997);
	memcpy(&a, &ep[0].addr, 4);
	ck_assert_str_eq(inet_ntoa(a), "192.168.0.2");
}
END_TEST

START_TEST(test_map_response_second_capture_frame)
{
	/* frame 705: exchange_mapi (a4f1db00-...) at port 0x0408 = 1032 */
	static const char frame705[] =
		"0000000000000000000000000000000000000000 01000000 04000000 00000000 01000000"
		"03000000 4b000000 4b000000"
		"0500 1300 0d00dbf1a447ca6710b31f00dd010662da0000 0200 5100"
		"1300 0d045d888aeb1cc9119fe808002b104860020002 00 0000"
		"0100 0b 0200 0000 0100 07 0200 0408 0100 09 0400 c0a80002"
		"08 00000000";
	struct epm_endpoint ep[1];

	ck_assert_int_eq(endpoints_of(frame705, ep, 1), 1);
	ck_assert_uint_eq(ep[0].port, 1032);
}
END_TEST

START_TEST(test_no_towers)
{
	/* handle | num_towers 0 | max 4, offset 0, actual 0 | status
	 * 0x16c9a0d6 (ept_s_not_registered) */
	struct epm_endpoint ep[1];

	ck_assert_int_eq(endpoints_of("00000000000000000000000000000000000000000000000004000000"
				      "0000000000000000d6a0c916", ep, 1), 0);
}
END_TEST

START_TEST(test_named_pipe_tower_is_skipped)
{
	/* one tower with floors 0x0f (named pipe "\PIPE\x") and 0x11 (host) */
	static const char hex[] =
		"0000000000000000000000000000000000000000 01000000 01000000 00000000 01000000"
		"01000000 15000000 15000000"
		"0200 0100 0f 0800 5c504950455c7800 0100 11 0200 6800"
		"000000 00000000";
	struct epm_endpoint ep[1];

	ck_assert_int_eq(endpoints_of(hex, ep, 1), 0);
}
END_TEST

START_TEST(test_cut_and_lying)
{
	struct epm_endpoint ep[1];
	size_t len;
	uint8_t *b = unhex(frame400, &len);
	size_t cut;

	/* a prefix that ends before the tower does is refused or yields nothing */
	for (cut = 0; cut < len - 5; cut++)
		ck_assert_int_le(epm_map_endpoints(b, cut, ep, 1), 0);
	/* tower_length larger than the conformance that sized the bytes */
	b[44] = 0x4c;
	ck_assert_int_eq(epm_map_endpoints(b, len, ep, 1), -1);
	b[44] = 0x4b;
	/* actual count above max count */
	b[32] = 5;
	ck_assert_int_eq(epm_map_endpoints(b, len, ep, 1), -1);
	free(b);
}
END_TEST

START_TEST(test_room_for_fewer)
{
	struct epm_endpoint ep[1];

	ck_assert_int_eq(endpoints_of(frame400, ep, 0), 0);
}
END_TEST

Suite *suite_epm(void)
{
	Suite *s = suite_create("epm");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_map_response_tcp_tower);
	tcase_add_test(tc, test_map_response_second_capture_frame);
	tcase_add_test(tc, test_no_towers);
	tcase_add_test(tc, test_named_pipe_tower_is_skipped);
	tcase_add_test(tc, test_cut_and_lying);
	tcase_add_test(tc, test_room_for_fewer);
	suite_add_tcase(s, tc);
	return s;
}
