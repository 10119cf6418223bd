/* Worker-to-coordinator frames over a real pipe: whole frames whatever
 * the reads cut, frames bigger than the send buffer, and a stream that
 * ends inside a frame or announces one too big. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chan.h"

struct got {
	int n;
	enum chan_type t[8];
	unsigned id[8];
	size_t len[8];
	char first[8], last[8];
};

static void collect(void *ctx, enum chan_type t, unsigned id, const void *p, size_t n)
{
	struct got *g = ctx;

	ck_assert_int_lt(g->n, 8);
	g->t[g->n] = t;
	g->id[g->n] = id;
	g->len[g->n] = n;
	g->first[g->n] = n ? ((const char *)p)[0] : 0;
	g->last[g->n] = n ? ((const char *)p)[n - 1] : 0;
	g->n++;
}

static int fds[2];
static struct chan_in in;

static void setup(void)
{
	ck_assert_int_eq(pipe(fds), 0);
	memset(&in, 0, sizeof(in));
	in.fd = fds[0];
}

static void teardown(void)
{
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(in.buf);
}

/* Everything there is, then the end of the stream: returns chan_read's last. */
static int drain(struct got *g)
{
	int r;

	close(fds[1]);
	fds[1] = -1;
	while ((r = chan_read(&in, collect, g)) > 0)
		;
	return r;
}

START_TEST(frames_arrive_whole_and_in_order)
{
	struct chan_out out = { fds[1], NULL, 0 };
	struct got g = { 0 };
	char row[] = "C1\t10.0.0.1\n";
	size_t big_n = CHAN_OUT_BUF + 100; /* written past the buffer */
	char *big = malloc(big_n);
	pid_t pid;

	memset(big, 'x', big_n);
	big[big_n - 1] = 'z';
	ck_assert_int_eq(chan_send(&out, CHAN_ROW, 3, row, strlen(row)), 0);
	ck_assert_int_eq(chan_send(&out, CHAN_STATS, 0, "", 0), 0);
	/* A pipe holds 64 KiB: the big frame needs a reader meanwhile. */
	pid = fork();
	if (pid == 0) {
		chan_send(&out, CHAN_OBS, 0, big, big_n);
		chan_flush(&out);
		_exit(0);
	}
	free(out.buf);
	ck_assert_int_eq(drain(&g), 0);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.t[0], CHAN_ROW);
	ck_assert_uint_eq(g.id[0], 3);
	ck_assert_uint_eq(g.len[0], strlen(row));
	ck_assert_int_eq(g.t[1], CHAN_STATS);
	ck_assert_uint_eq(g.len[1], 0);
	ck_assert_int_eq(g.t[2], CHAN_OBS);
	ck_assert_uint_eq(g.len[2], big_n);
	ck_assert_int_eq(g.last[2], 'z');
	free(big);
}
END_TEST

START_TEST(a_frame_cut_between_reads_waits_for_its_rest)
{
	char frame[CHAN_HDR + 5] = { 5, 0, 0, 0, CHAN_ROW, 1, 0, 0, 'a', 'b', 'c', 'd', 'e' };
	struct got g = { 0 };

	ck_assert_int_eq(write(fds[1], frame, 3), 3);
	ck_assert_int_eq(chan_read(&in, collect, &g), 1);
	ck_assert_int_eq(g.n, 0);
	ck_assert_int_eq(write(fds[1], frame + 3, 7), 7);
	ck_assert_int_eq(chan_read(&in, collect, &g), 1);
	ck_assert_int_eq(g.n, 0);
	ck_assert_int_eq(write(fds[1], frame + 10, 3), 3);
	ck_assert_int_eq(chan_read(&in, collect, &g), 1);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.len[0], 5);
	ck_assert_int_eq(g.first[0], 'a');
	ck_assert_int_eq(g.last[0], 'e');
}
END_TEST

START_TEST(a_stream_ending_inside_a_frame_is_an_error)
{
	char part[CHAN_HDR + 2] = { 5, 0, 0, 0, CHAN_ROW, 1, 0, 0, 'a', 'b' };
	struct got g = { 0 };

	ck_assert_int_eq(write(fds[1], part, sizeof(part)), (ssize_t)sizeof(part));
	ck_assert_int_eq(drain(&g), -1);
	ck_assert_int_eq(errno, EPROTO);
	ck_assert_int_eq(g.n, 0);
}
END_TEST

START_TEST(a_frame_longer_than_the_limit_is_refused)
{
	uint32_t n = CHAN_FRAME_MAX + 1;
	char hdr[CHAN_HDR] = { 0, 0, 0, 0, CHAN_ROW, 0, 0, 0 };
	struct chan_out out = { fds[1], NULL, 0 };
	struct got g = { 0 };

	memcpy(hdr, &n, 4);
	ck_assert_int_eq(write(fds[1], hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	ck_assert_int_eq(chan_read(&in, collect, &g), -1);
	ck_assert_int_eq(errno, EPROTO);
	ck_assert_int_eq(chan_send(&out, CHAN_ROW, 0, hdr, (size_t)CHAN_FRAME_MAX + 1), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	free(out.buf);
}
END_TEST

Suite *suite_chan(void)
{
	Suite *su = suite_create("chan");
	TCase *tc = tcase_create("frames");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, frames_arrive_whole_and_in_order);
	tcase_add_test(tc, a_frame_cut_between_reads_waits_for_its_rest);
	tcase_add_test(tc, a_stream_ending_inside_a_frame_is_an_error);
	tcase_add_test(tc, a_frame_longer_than_the_limit_is_refused);
	suite_add_tcase(su, tc);
	return su;
}
