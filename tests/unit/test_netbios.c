/* NetBIOS session framing: chunking, control frames, limits, resync. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netbios.h"
#include "smb_bytes.h"
#include "util.h"

#define MAX_MSGS 16

struct got {
	int n;
	size_t caplen[MAX_MSGS], len[MAX_MSGS];
	uint8_t first[MAX_MSGS][8];
	char weirds[128];
};

static void on_weird(void *ctx, const char *name, const char *addl)
{
	struct got *g = ctx;
	size_t l = strlen(g->weirds);

	snprintf(g->weirds + l, sizeof(g->weirds) - l, "%s=%s;", name, addl);
}

static void on_msg(void *ctx, const uint8_t *msg, size_t caplen, size_t len)
{
	struct got *g = ctx;

	ck_assert_int_lt(g->n, MAX_MSGS);
	g->caplen[g->n] = caplen;
	g->len[g->n] = len;
	memcpy(g->first[g->n], msg, caplen < 8 ? caplen : 8);
	g->n++;
}

static void feed(struct nb_stream *s, const uint8_t *data, size_t n, uint32_t limit, struct got *g,
		 struct nb_stats *st)
{
	struct nb_consumer k = { on_msg, NULL, g, limit, st, on_weird };

	nb_feed(s, data, n, &k);
}

/* Two real SMB2 messages back to back, as on the wire. */
static uint8_t *two_messages(size_t *n)
{
	size_t a, b;
	uint8_t *m1 = unhex(SMB3_TREE_CONNECT_REQ, &a), *m2 = unhex(SMB3_TREE_CONNECT_RESP, &b);
	uint8_t *all = malloc(a + b);

	memcpy(all, m1, a);
	memcpy(all + a, m2, b);
	free(m1);
	free(m2);
	*n = a + b;
	return all;
}

START_TEST(whole_messages_in_one_chunk)
{
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };
	size_t n;
	uint8_t *all = two_messages(&n);

	feed(&s, all, n, 65536, &g, &st);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.len[0], 0x6e);
	ck_assert_uint_eq(g.caplen[0], 0x6e);
	ck_assert_uint_eq(g.len[1], 0x50);
	ck_assert_int_eq(memcmp(g.first[0], "\xfeSMB", 4), 0);
	ck_assert_uint_eq(st.messages, 2);
	ck_assert_ptr_null(s.buf); /* delivered without a copy */
	nb_free(&s);
	free(all);
}
END_TEST

/* Every split point of the stream yields the same two messages. */
START_TEST(every_split_point)
{
	size_t n, cut;
	uint8_t *all = two_messages(&n);

	for (cut = 0; cut <= n; cut++) {
		struct nb_stream s = { 0 };
		struct nb_stats st = { 0 };
		struct got g = { 0 };

		feed(&s, all, cut, 65536, &g, &st);
		feed(&s, all + cut, n - cut, 65536, &g, &st);
		ck_assert_int_eq(g.n, 2);
		ck_assert_uint_eq(g.len[0], 0x6e);
		ck_assert_uint_eq(g.caplen[1], 0x50);
		ck_assert_int_eq(memcmp(g.first[1], "\xfeSMB", 4), 0);
		nb_free(&s);
	}
	free(all);
}
END_TEST

START_TEST(byte_at_a_time)
{
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };
	size_t n, i;
	uint8_t *all = two_messages(&n);

	for (i = 0; i < n; i++)
		feed(&s, all + i, 1, 65536, &g, &st);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.caplen[0], 0x6e);
	nb_free(&s);
	free(all);
}
END_TEST

START_TEST(keepalive_and_empty_message)
{
	static const uint8_t wire[] = { 0x85, 0, 0, 0, 0x00, 0, 0, 0, 0x82, 0, 0, 0 };
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	feed(&s, wire, sizeof(wire), 65536, &g, &st);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 0);
	ck_assert_uint_eq(st.control, 2);
	ck_assert_uint_eq(st.messages, 1);
	nb_free(&s);
}
END_TEST

/* A NetBIOS session message of len zero bytes but for an SMB2 magic. */
static uint8_t *big_message(size_t len)
{
	uint8_t *wire = calloc(1, 4 + len);

	wire[1] = (uint8_t)(len >> 16);
	wire[2] = (uint8_t)(len >> 8);
	wire[3] = (uint8_t)len;
	memcpy(wire + 4, "\xfeSMB", 4);
	return wire;
}

/* A message over the limit is delivered cut, and only the limit is kept. */
START_TEST(large_message_is_cut_at_the_limit)
{
	size_t total = 4 + 100000, i;
	uint8_t *wire = big_message(100000);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	for (i = 0; i < total; i += 1000)
		feed(&s, wire + i, total - i < 1000 ? total - i : 1000, 4096, &g, &st);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 100000);
	ck_assert_uint_eq(g.caplen[0], 4096);
	ck_assert_uint_le(s.buf_cap, 4096);
	ck_assert_uint_eq(st.truncated, 1);
	ck_assert_uint_eq(st.bytes_unbuffered, 100000 - 4096);
	ck_assert_int_eq(memcmp(g.first[0], "\xfeSMB", 4), 0);
	nb_free(&s);
	free(wire);
}
END_TEST

/* A 2^24-1 length must not make the framer allocate it. */
START_TEST(maximal_length_allocates_only_the_limit)
{
	static const uint8_t hdr[] = { 0, 0xff, 0xff, 0xff, 0xfe, 'S', 'M', 'B' };
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	feed(&s, hdr, sizeof(hdr), 8192, &g, &st);
	ck_assert_int_eq(g.n, 0);
	ck_assert_uint_le(s.buf_cap, 8192);
	nb_free(&s);
}
END_TEST

START_TEST(bad_type_resyncs_on_next_smb_header)
{
	size_t n;
	uint8_t *msg = unhex(SMB3_TREE_CONNECT_RESP, &n);
	uint8_t *wire = malloc(n + 10);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	memcpy(wire, "\x42\x00\x00\x10junkjk", 10);
	memcpy(wire + 10, msg, n);
	feed(&s, wire, n + 10, 65536, &g, &st);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 0x50);
	ck_assert_uint_eq(st.resyncs, 1);
	ck_assert_uint_eq(st.bytes_skipped, 10);
	ck_assert_str_eq(g.weirds, "unknown_netbios_type=0x42;");
	nb_free(&s);
	free(msg);
	free(wire);
}
END_TEST

/* Picked up mid-stream: the tail of an unknown message, then a header. */
START_TEST(midstream_finds_first_header)
{
	size_t n;
	uint8_t *msg = unhex(SMB3_TREE_CONNECT_REQ, &n);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	nb_resync(&s);
	feed(&s, msg + 30, n - 30, 65536, &g, &st);
	ck_assert_int_eq(g.n, 0);
	feed(&s, msg, n, 65536, &g, &st);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(st.bytes_skipped, n - 30);
	ck_assert_str_eq(g.weirds, ""); /* a pick-up is no anomaly of the sender's */
	nb_free(&s);
	free(msg);
}
END_TEST

static size_t want_head(void *ctx, const uint8_t *head, size_t headlen, size_t len)
{
	(void)ctx;
	ck_assert_uint_ge(headlen, len < NB_DECIDE_BYTES ? len : NB_DECIDE_BYTES);
	ck_assert_int_eq(memcmp(head, "\xfeSMB", 4), 0);
	return 112;
}

/* The consumer keeps only what it asked for of a split message, and no
 * truncation is reported for a cut it asked for. */
START_TEST(split_message_keeps_what_the_consumer_wants)
{
	size_t total = 4 + 70000, i;
	uint8_t *wire = big_message(70000);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };
	struct nb_consumer k = { on_msg, want_head, &g, 65536, &st, NULL };

	for (i = 0; i < total; i += 100)
		nb_feed(&s, wire + i, total - i < 100 ? total - i : 100, &k);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 70000);
	ck_assert_uint_eq(g.caplen[0], NB_DECIDE_BYTES); /* already had more than 112 */
	ck_assert_uint_le(s.buf_cap, NB_DECIDE_BYTES);
	ck_assert_uint_eq(st.truncated, 0);
	ck_assert_uint_eq(st.bytes_unbuffered, 70000 - NB_DECIDE_BYTES);
	nb_free(&s);
	free(wire);
}
END_TEST

/* A hole in the bulk data of a message the consumer keeps only the head
 * of: framing survives, the message is delivered whole, and the next
 * message follows without a resync. */
START_TEST(hole_in_bulk_data_keeps_framing)
{
	size_t n;
	uint8_t *wire = big_message(70000), *next = unhex(SMB3_TREE_CONNECT_RESP, &n);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };
	struct nb_consumer k = { on_msg, want_head, &g, 65536, &st, NULL };

	nb_feed(&s, wire, 1000, &k);
	nb_gap(&s, 5000, &k);
	nb_feed(&s, wire + 6000, 4 + 70000 - 6000, &k);
	nb_feed(&s, next, n, &k);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.len[0], 70000);
	ck_assert_uint_eq(g.caplen[0], NB_DECIDE_BYTES);
	ck_assert_uint_eq(g.len[1], 0x50);
	ck_assert_uint_eq(st.damaged, 0);
	ck_assert_uint_eq(st.resyncs, 0);
	ck_assert_uint_eq(st.gap_bytes, 5000);
	nb_free(&s);
	free(wire);
	free(next);
}
END_TEST

/* A hole in the bytes being kept: the message arrives cut at the hole. */
START_TEST(hole_in_kept_bytes_cuts_the_message)
{
	uint8_t *wire = big_message(3000);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };

	feed(&s, wire, 100, 65536, &g, &st);
	{
		struct nb_consumer k = { on_msg, NULL, &g, 65536, &st, NULL };

		nb_gap(&s, 400, &k);
		nb_feed(&s, wire + 500, 4 + 3000 - 500, &k);
	}
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 3000);
	ck_assert_uint_eq(g.caplen[0], 96);
	ck_assert_uint_eq(st.damaged, 1);
	nb_free(&s);
	free(wire);
}
END_TEST

/* A hole past the end of the current message hides the next header:
 * framing is searched for again. */
START_TEST(hole_across_a_header_resyncs)
{
	size_t n;
	uint8_t *wire = big_message(3000), *next = unhex(SMB3_TREE_CONNECT_RESP, &n);
	struct nb_stream s = { 0 };
	struct nb_stats st = { 0 };
	struct got g = { 0 };
	struct nb_consumer k = { on_msg, NULL, &g, 65536, &st, NULL };

	nb_feed(&s, wire, 3000, &k);
	nb_gap(&s, 100, &k); /* the last 4 bytes of it and 96 of what followed */
	nb_feed(&s, wire + 20, 50, &k); /* junk in the middle of a message */
	nb_feed(&s, next, n, &k);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 0x50);
	ck_assert_uint_eq(st.resyncs, 0); /* searched, not a framing error */
	ck_assert_uint_eq(st.bytes_skipped, 50);
	nb_free(&s);
	free(wire);
	free(next);
}
END_TEST

Suite *suite_netbios(void)
{
	Suite *s = suite_create("netbios");
	TCase *tc = tcase_create("framing");

	tcase_add_test(tc, whole_messages_in_one_chunk);
	tcase_add_test(tc, every_split_point);
	tcase_add_test(tc, byte_at_a_time);
	tcase_add_test(tc, keepalive_and_empty_message);
	tcase_add_test(tc, large_message_is_cut_at_the_limit);
	tcase_add_test(tc, split_message_keeps_what_the_consumer_wants);
	tcase_add_test(tc, hole_in_bulk_data_keeps_framing);
	tcase_add_test(tc, hole_in_kept_bytes_cuts_the_message);
	tcase_add_test(tc, hole_across_a_header_resyncs);
	tcase_add_test(tc, maximal_length_allocates_only_the_limit);
	tcase_add_test(tc, bad_type_resyncs_on_next_smb_header);
	tcase_add_test(tc, midstream_finds_first_header);
	suite_add_tcase(s, tc);
	return s;
}
