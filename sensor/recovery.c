/* Mid-stream pickup, out-of-order acknowledgements and holes, worked on
 * libnids' own view of each half-stream: for data from side S to side R,
 * libnids expects S's next byte at EXP (first_data_seq + bytes delivered),
 * accepts a segment only if it ends after R's acknowledgement (ack_seq)
 * and starts inside R's window, and keeps segments ahead of EXP in R's
 * queue, which it throws away past 64 KiB. */
#include <nids.h>

#include "flows.h"
#include "reassembly.h"
#include "recovery.h"

#define SYNTH_WINDOW 65535
/* Queued bytes ahead of a hole after which it is filled even without an
 * acknowledgement (one-sided capture); libnids drops its queue at 64 KiB. */
#define GAP_QUEUE_LIMIT 32768
#define TOKEN_ACK_LOWERED 1u

static int before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static struct tcp_stream *stream_of(const struct conn *c)
{
	struct tuple4 tu = { .source = c->key.cli_port, .dest = c->key.srv_port,
			     .saddr = c->key.cli_addr, .daddr = c->key.srv_addr };

	return nids_find_tcp_stream(&tu);
}

static struct half_stream *sender(struct tcp_stream *a, int from_client)
{
	return from_client ? &a->client : &a->server;
}

static struct half_stream *receiver(struct tcp_stream *a, int from_client)
{
	return from_client ? &a->server : &a->client;
}

static uint32_t expected_seq(struct tcp_stream *a, int from_client)
{
	struct half_stream *rcv = receiver(a, from_client);

	return sender(a, from_client)->first_data_seq + (uint32_t)rcv->count + (uint32_t)rcv->urg_count;
}

/* Start libnids on a connection already under way: C and S are the next
 * client and server sequence numbers, from this segment's seq and ack.
 * Window scaling makes the real segments fit any window; no timestamps, or
 * PAWS would drop them. */
static void pickup(struct sensor *s, const struct conn *c, const struct timeval *ts, const struct tcp_seg *t,
		   int from_client)
{
	uint32_t cseq = from_client ? t->seq : t->ack, sseq = from_client ? t->ack : t->seq;
	struct tcp_stream *old = stream_of(c);
	struct tcp_seg syn = { c->key.cli_addr, c->key.srv_addr, c->key.cli_port, c->key.srv_port,
			       cseq - 1, 0, TCP_SYN, SYNTH_WINDOW, 0, 0, 0 };
	struct tcp_seg synack = { c->key.srv_addr, c->key.cli_addr, c->key.srv_port, c->key.cli_port,
				  sseq - 1, cseq, TCP_SYN | TCP_ACK, SYNTH_WINDOW, 0, 0, 0 };
	struct tcp_seg ack = syn;

	if (old)
		nids_free_tcp_stream(old);
	ack.seq = cseq;
	ack.ack = sseq;
	ack.flags = TCP_ACK;
	s->picking_up = 1;
	reasm_feed_synthetic(ts, &syn);
	reasm_feed_synthetic(ts, &synack);
	reasm_feed_synthetic(ts, &ack);
	s->picking_up = 0;
}

/* Zeros for [from, to) of S's stream, in segments libnids accepts. The
 * flow layer is told first, so it treats those bytes as lost, not data. */
static void fill(struct conn *c, struct tcp_stream *a, const struct timeval *ts, int from_client, uint32_t from,
		 uint32_t to)
{
	struct half_stream *rcv = receiver(a, from_client);
	uint32_t ack = sender(a, from_client)->ack_seq;
	struct tcp_seg f = { 0 };

	f.flags = TCP_ACK;
	f.window = SYNTH_WINDOW;
	f.saddr = from_client ? c->key.cli_addr : c->key.srv_addr;
	f.daddr = from_client ? c->key.srv_addr : c->key.cli_addr;
	f.sport = from_client ? c->key.cli_port : c->key.srv_port;
	f.dport = from_client ? c->key.srv_port : c->key.cli_port;
	while (before(from, to)) {
		uint32_t n = to - from < TCPSEG_MAX_PAYLOAD ? to - from : TCPSEG_MAX_PAYLOAD;
		uint32_t saved = rcv->ack_seq;

		f.seq = from;
		f.ack = ack;
		f.payload = n;
		flow_gap(c, from_client, n);
		rcv->ack_seq = from; /* else the filler is "already acknowledged" */
		reasm_feed_synthetic(ts, &f);
		if (before(rcv->ack_seq, saved))
			rcv->ack_seq = saved;
		flow_gap_done(c, from_client);
		from += n;
	}
}

/* The lowest sequence number seen ahead of EXP is where the data queued
 * beyond a hole begins. */
static void note_ahead(struct conn *c, int from_client, uint32_t exp, const struct tcp_seg *t)
{
	struct dir_track *d = &c->dir[from_client];

	if (d->ahead_set && !before(exp, d->ahead_min))
		d->ahead_set = 0;
	if (t->payload && before(exp, t->seq) && (!d->ahead_set || before(t->seq, d->ahead_min))) {
		d->ahead_min = t->seq;
		d->ahead_set = 1;
	}
}

/* Data of direction dir is queued beyond EXP, and the receiver has
 * acknowledged past EXP (this packet's ACK counts too), or the queue is
 * about to be thrown away: the bytes in between were lost by the capture
 * and will not come. */
static void fill_hole(struct sensor *s, struct conn *c, struct tcp_stream *a, const struct timeval *ts, int dir,
		      const struct tcp_seg *t, int from_client)
{
	struct half_stream *rcv = receiver(a, dir);
	struct dir_track *d = &c->dir[dir];
	uint32_t exp, acked;

	if (!rcv->list || !d->ahead_set)
		return; /* the common case: nothing queued beyond a hole */
	exp = expected_seq(a, dir);
	acked = rcv->ack_seq;
	if (from_client != dir && (t->flags & TCP_ACK) && before(acked, t->ack))
		acked = t->ack;
	if (!before(exp, d->ahead_min))
		return;
	if (before(exp, acked) || rcv->rmem_alloc > GAP_QUEUE_LIMIT) {
		s->st.gaps++;
		s->st.gap_bytes += d->ahead_min - exp;
		fill(c, a, ts, dir, exp, d->ahead_min);
	}
}

unsigned recovery_before(struct sensor *s, struct conn *c, const struct timeval *ts, const struct tcp_seg *t,
			 int from_client)
{
	struct tcp_stream *a;
	struct half_stream *rcv;
	uint32_t exp;

	if (!c->stream) {
		if (t->payload > 0 && !(t->flags & (TCP_SYN | TCP_RST)))
			pickup(s, c, ts, t, from_client);
		return 0;
	}
	a = c->stream;
	if (a->nids_state != NIDS_DATA)
		return 0;
	if (c->dir[from_client].ahead_set)
		fill_hole(s, c, a, ts, from_client, t, from_client);
	if (c->dir[!from_client].ahead_set)
		fill_hole(s, c, a, ts, !from_client, t, from_client);
	rcv = receiver(a, from_client);
	exp = expected_seq(a, from_client);
	note_ahead(c, from_client, exp, t);
	/* In-order data whose acknowledgement came first (captured out of
	 * order), or data beyond a window whose ACKs the capture lacks: let
	 * libnids judge it from what it has delivered, not from the ACKs. */
	if (t->payload && !before(exp, t->seq) && before(exp, t->seq + t->payload) &&
	    (before(exp, rcv->ack_seq) || !before(t->seq, rcv->ack_seq + rcv->window * rcv->wscale))) {
		c->dir[from_client].saved_ack = rcv->ack_seq;
		rcv->ack_seq = exp;
		return TOKEN_ACK_LOWERED;
	}
	return 0;
}

void recovery_after(struct conn *c, const struct tcp_seg *t, int from_client, unsigned token)
{
	struct tcp_stream *a;
	struct half_stream *rcv;

	(void)t;
	if (!(token & TOKEN_ACK_LOWERED) || !(a = c->stream))
		return;
	rcv = receiver(a, from_client);
	if (before(rcv->ack_seq, c->dir[from_client].saved_ack))
		rcv->ack_seq = c->dir[from_client].saved_ack;
}
