/* Zeek's conn_state, history and sizes from scripted packet sequences. */
#include <check.h>
#include <string.h>

#include "conn_track.h"

#define C 1 /* from the client (originator) */
#define S 0

static struct conn_track t;
static int64_t now;

static void pkt(int from_client, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
	struct tcp_seg s = { 0 };

	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.payload = len;
	s.window = 1024;
	now += 1000;
	conntrack_packet(&t, from_client, &s, (uint16_t)(40 + len), now);
}

static void handshake(void)
{
	memset(&t, 0, sizeof(t));
	now = 0;
	pkt(C, TCP_SYN, 1000, 0, 0);
	pkt(S, TCP_SYN | TCP_ACK, 5000, 1001, 0);
	pkt(C, TCP_ACK, 1001, 5001, 0);
}

START_TEST(normal_close)
{
	handshake();
	pkt(C, TCP_ACK | TCP_PSH, 1001, 5001, 100);
	pkt(S, TCP_ACK, 5001, 1101, 0);
	pkt(S, TCP_ACK | TCP_PSH, 5001, 1101, 50);
	pkt(C, TCP_ACK, 1101, 5051, 0);
	pkt(C, TCP_FIN | TCP_ACK, 1101, 5051, 0);
	pkt(S, TCP_FIN | TCP_ACK, 5051, 1102, 0);
	pkt(C, TCP_ACK, 1102, 5052, 0);
	ck_assert_str_eq(t.history, "ShADadFf");
	ck_assert_str_eq(conntrack_state(&t), "SF");
	ck_assert_uint_eq(conntrack_size(&t, C), 100);
	ck_assert_uint_eq(conntrack_size(&t, S), 50);
	ck_assert_uint_eq(t.ep[1].pkts, 6);
	ck_assert_uint_eq(t.ep[0].pkts, 4);
	ck_assert_int_eq(t.last_us, 9000); /* the last ACK after both FINs is not counted */
}
END_TEST

START_TEST(attempts_and_resets)
{
	memset(&t, 0, sizeof(t));
	pkt(C, TCP_SYN, 1000, 0, 0);
	ck_assert_str_eq(conntrack_state(&t), "S0");
	pkt(S, TCP_RST | TCP_ACK, 0, 1001, 0);
	ck_assert_str_eq(conntrack_state(&t), "REJ");
	ck_assert_str_eq(t.history, "Sr");

	memset(&t, 0, sizeof(t));
	pkt(C, TCP_SYN, 1000, 0, 0);
	pkt(C, TCP_RST, 1001, 0, 0);
	ck_assert_str_eq(conntrack_state(&t), "RSTOS0");

	handshake();
	pkt(C, TCP_ACK, 1001, 5001, 10);
	pkt(C, TCP_RST | TCP_ACK, 1011, 5001, 0);
	ck_assert_str_eq(conntrack_state(&t), "RSTO");
	ck_assert_str_eq(t.history, "ShADR");
}
END_TEST

/* Retransmissions are marked at the 1st, 10th, 100th... */
START_TEST(retransmissions_are_scaled)
{
	int i;

	handshake();
	pkt(C, TCP_ACK, 1001, 5001, 100);
	for (i = 0; i < 10; i++)
		pkt(C, TCP_ACK, 1001, 5001, 100);
	ck_assert_str_eq(t.history, "ShADTT");
	ck_assert_uint_eq(conntrack_size(&t, C), 100);
	ck_assert_str_eq(conntrack_state(&t), "S1");
}
END_TEST

/* No handshake: PARTIAL endpoints, OTH; sizes from the first sequence
 * number seen. First seen from the server: Zeek flips, history gets '^'. */
START_TEST(midstream)
{
	memset(&t, 0, sizeof(t));
	pkt(S, TCP_ACK | TCP_PSH, 7000, 3000, 200);
	pkt(C, TCP_ACK | TCP_PSH, 3000, 7200, 40);
	pkt(S, TCP_ACK, 7200, 3040, 0);
	ck_assert_str_eq(t.history, "^dDa");
	ck_assert_str_eq(conntrack_state(&t), "OTH");
	ck_assert_uint_eq(conntrack_size(&t, S), 200);
	ck_assert_uint_eq(conntrack_size(&t, C), 40);
	conntrack_gap(&t, C);
	ck_assert_str_eq(t.history, "^dDaG");
}
END_TEST

Suite *suite_conn_track(void)
{
	Suite *su = suite_create("conn_track");
	TCase *tc = tcase_create("zeek");

	tcase_add_test(tc, normal_close);
	tcase_add_test(tc, attempts_and_resets);
	tcase_add_test(tc, retransmissions_are_scaled);
	tcase_add_test(tc, midstream);
	suite_add_tcase(su, tc);
	return su;
}
