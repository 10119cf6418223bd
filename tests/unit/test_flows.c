/* The connection table: activity order, expiry on packet time, eviction. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flows.h"
#include "logs.h"
#include "summary.h"

static struct sensor s;
static char dir[] = "/tmp/smbsensor-flows-XXXXXX";

static void setup(void)
{
	memset(&s, 0, sizeof(s));
	config_defaults(&s.cfg);
	s.cfg.conn_idle_timeout = 10;
	s.cfg.conn_close_delay = 2;
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/smbsensor-flows-XXXXXX")));
	s.logs = logs_open(dir, 0);
	s.summary = summary_new();
}

static void teardown(void)
{
	flow_close_all(&s);
	logs_close(s.logs);
	summary_free(s.summary);
	rmdir(dir); /* empty: no connection here produced a row */
}

static struct conn *open_at(uint16_t port, int64_t t)
{
	struct conn_key k = { 0x0100000a, 0x0200000a, port, 445 };

	s.now_us = t;
	return flow_open(&s, &k);
}

static void packet_at(struct conn *c, int64_t t, uint8_t flags, int from_client)
{
	struct tcp_seg seg = { 0 };

	seg.flags = flags;
	s.now_us = t;
	flow_packet(c, from_client, &seg);
}

START_TEST(victim_is_least_recently_active)
{
	struct conn *a = open_at(1001, 1000000), *b = open_at(1002, 2000000), *c = open_at(1003, 3000000);

	ck_assert_ptr_eq(flow_victim(&s), a);
	packet_at(a, 4000000, TCP_ACK, 1);
	ck_assert_ptr_eq(flow_victim(&s), b);
	packet_at(b, 5000000, TCP_ACK, 0);
	ck_assert_ptr_eq(flow_victim(&s), c);
	ck_assert_ptr_eq(flow_find(&s, &a->key), a);
}
END_TEST

START_TEST(idle_ones_expire_on_packet_time)
{
	struct conn *a = open_at(1001, 0), *b = open_at(1002, 5000000);

	ck_assert_ptr_null(flow_expired(&s, 9999999));
	ck_assert_ptr_eq(flow_expired(&s, 10000000), a);
	flow_close(a, CONN_IDLE);
	ck_assert_ptr_null(flow_expired(&s, 14999999));
	ck_assert_ptr_eq(flow_expired(&s, 15000000), b);
	ck_assert_uint_eq(s.st.conns_idle, 1);
	ck_assert_uint_eq(s.nconns, 1);
}
END_TEST

/* After FIN both ways or a RST only late packets remain: the short close
 * delay applies, ahead of open connections that were idle longer. */
START_TEST(ended_ones_leave_after_the_close_delay)
{
	struct conn *open = open_at(1001, 0), *done = open_at(1002, 1000000);

	packet_at(done, 2000000, TCP_FIN | TCP_ACK, 1);
	ck_assert_ptr_null(flow_expired(&s, 3000000));
	packet_at(done, 2500000, TCP_FIN | TCP_ACK, 0);
	ck_assert(done->ended);
	ck_assert_ptr_eq(flow_expired(&s, 4500000), done);
	ck_assert_ptr_eq(flow_victim(&s), done); /* ended ones are evicted first */
	flow_close(done, CONN_IDLE);
	ck_assert_uint_eq(s.st.conns_closed, 1);
	ck_assert_uint_eq(s.st.conns_idle, 0);
	packet_at(open, 5000000, TCP_RST, 0);
	ck_assert(open->ended);
	ck_assert_uint_eq(s.st.conns_ended, 2);
}
END_TEST

START_TEST(full_at_the_configured_size)
{
	uint16_t p;

	s.cfg.max_connections = 16;
	for (p = 0; p < 16; p++) {
		ck_assert(!flow_full(&s));
		ck_assert_ptr_nonnull(open_at((uint16_t)(2000 + p), p));
	}
	ck_assert(flow_full(&s));
}
END_TEST

Suite *suite_flows(void)
{
	Suite *su = suite_create("flows");
	TCase *tc = tcase_create("table");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, victim_is_least_recently_active);
	tcase_add_test(tc, idle_ones_expire_on_packet_time);
	tcase_add_test(tc, ended_ones_leave_after_the_close_delay);
	tcase_add_test(tc, full_at_the_configured_size);
	suite_add_tcase(su, tc);
	return su;
}
