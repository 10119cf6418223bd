/* Zeek's endpoint model for conn.log. Each packet: classify it into a
 * history letter, track sequence numbers (for sizes), acknowledgements,
 * retransmissions, then move the endpoint's state. Letters are upper case
 * for the originator; C/G/T/W repeat at the 1st, 10th, 100th... time. */
#include <ctype.h>
#include <string.h>

#include "conn_track.h"

#define BIG_JUMP 1048576

enum {
	L_SYN = 1 << 0, L_FIN = 1 << 1, L_RST = 1 << 2, L_DATA = 1 << 3, L_ACK = 1 << 4,
	L_INCONSISTENT = 1 << 5, L_MULTI = 1 << 6,
};

static int32_t delta(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static void letter(struct conn_track *t, int orig, char c)
{
	if (t->hlen >= CONN_HISTORY_MAX)
		return;
	t->history[t->hlen++] = orig ? (char)toupper((unsigned char)c) : c;
	t->history[t->hlen] = '\0';
}

static void once(struct conn_track *t, int orig, struct endpoint *e, uint16_t bit, char c)
{
	if (!(e->letters & bit)) {
		e->letters |= bit;
		letter(t, orig, c);
	}
}

/* A SYN, FIN or RST letter comes again when its sequence number moved. */
static void repeatable(struct conn_track *t, int orig, struct endpoint *e, uint16_t bit, char c, uint32_t *last,
		       uint32_t rel)
{
	if (!(e->letters & bit) || rel != *last) {
		e->letters |= bit;
		letter(t, orig, c);
	}
	*last = rel;
}

static void scaled(struct conn_track *t, int orig, uint32_t *count, char c)
{
	uint32_t n = ++*count;

	while (n % 10 == 0)
		n /= 10;
	if (n == 1)
		letter(t, orig, c);
}

static void history(struct conn_track *t, int orig, struct endpoint *e, const struct endpoint *peer,
		    const struct tcp_seg *s, uint32_t rel)
{
	int syn = !!(s->flags & TCP_SYN), fin = !!(s->flags & TCP_FIN), rst = !!(s->flags & TCP_RST);

	if (syn + fin + rst >= 2)
		once(t, orig, e, fin && rst ? L_INCONSISTENT : L_MULTI, fin && rst ? 'i' : 'q');
	else if (syn)
		repeatable(t, orig, e, L_SYN, (s->flags & TCP_ACK) ? 'h' : 's', &e->last_syn, rel);
	else if (fin)
		repeatable(t, orig, e, L_FIN, 'f', &e->last_fin, rel + s->payload);
	else if (rst)
		repeatable(t, orig, e, L_RST, 'r', &e->last_rst, rel);
	else if (s->payload)
		once(t, orig, e, L_DATA, 'd');
	else if (s->flags & TCP_ACK)
		once(t, orig, e, L_ACK, 'a');
	if (s->window == 0 && !rst && peer->state != EP_CLOSED && e->state != EP_RESET)
		scaled(t, orig, &e->zero_windows, 'w');
}

/* Where this endpoint's sequence space starts (TCP_Endpoint::InitialSeqNum). */
static void init_seq(struct endpoint *e, const struct tcp_seg *s, uint32_t end)
{
	int reinit;

	if (!(s->flags & TCP_SYN)) {
		if (e->state == EP_INACTIVE) {
			e->start = e->ack_seq = s->seq - 1;
			e->last_seq = s->seq;
		}
		return;
	}
	reinit = ((e->state == EP_SYN_SENT || e->state == EP_SYN_ACK_SENT) && s->seq != e->start) ||
		 e->state == EP_ESTABLISHED || e->state == EP_PARTIAL ||
		 (e->state == EP_RESET && e->prev_state == EP_INACTIVE);
	if (e->state == EP_INACTIVE || reinit) {
		e->start = e->ack_seq = s->seq;
		e->last_seq = end;
		e->seq_wraps = e->ack_wraps = 0;
	}
}

static void acked(struct endpoint *peer, const struct tcp_seg *s)
{
	int32_t d;

	if (!(s->flags & TCP_ACK))
		return;
	if (peer->state == EP_INACTIVE) {
		peer->start = peer->ack_seq = peer->last_seq = s->ack - 1;
		return;
	}
	d = delta(s->ack, peer->ack_seq);
	if ((s->flags & TCP_RST) || d <= 0 || (s->ack == 0 && d > BIG_JUMP))
		return;
	if (s->ack < peer->ack_seq)
		peer->ack_wraps++;
	peer->ack_seq = s->ack;
}

static void last_seq(struct conn_track *t, int orig, struct endpoint *e, const struct tcp_seg *s, uint32_t end)
{
	int32_t d = delta(end, e->last_seq);

	if ((s->flags & (TCP_SYN | TCP_RST)) && (d > BIG_JUMP || d < -BIG_JUMP))
		return;
	if ((s->flags & TCP_FIN) && e->last_seq == e->start + 1) {
		e->last_seq = end;
	} else if (e->state == EP_RESET) {
		return;
	} else if (d > 0) {
		if (end < e->last_seq)
			e->seq_wraps++;
		e->last_seq = end;
	} else if (s->payload) {
		scaled(t, orig, &e->retransmits, 't');
	}
}

static void set_state(struct endpoint *e, uint8_t st)
{
	e->prev_state = e->state;
	e->state = st;
}

static uint8_t from_inactive(struct endpoint *peer, int orig, const struct tcp_seg *s)
{
	if (s->flags & TCP_SYN) {
		if (orig)
			return (s->flags & TCP_ACK) ? EP_SYN_ACK_SENT : EP_SYN_SENT;
		if (peer->state == EP_SYN_SENT)
			set_state(peer, EP_ESTABLISHED);
		return EP_ESTABLISHED;
	}
	if (s->flags & TCP_FIN)
		return EP_CLOSED;
	if (s->flags & TCP_RST)
		return EP_RESET;
	if (!orig && !s->payload && peer->state == EP_SYN_SENT)
		return EP_INACTIVE;
	if ((s->flags & TCP_ACK) && peer->state == EP_ESTABLISHED)
		return EP_ESTABLISHED;
	return EP_PARTIAL;
}

static void transition(struct endpoint *e, struct endpoint *peer, int orig, const struct tcp_seg *s)
{
	int fin = !!(s->flags & TCP_FIN), rst = !!(s->flags & TCP_RST);
	uint8_t st = e->state;

	switch (e->state) {
	case EP_INACTIVE:
		st = from_inactive(peer, orig, s);
		break;
	case EP_SYN_SENT:
	case EP_SYN_ACK_SENT:
		st = fin ? EP_CLOSED : rst ? EP_RESET : st;
		break;
	case EP_ESTABLISHED:
	case EP_PARTIAL:
		if ((s->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && st == EP_PARTIAL && peer->state == EP_INACTIVE)
			st = EP_SYN_SENT;
		else if (rst)
			st = EP_RESET;
		else if (fin) {
			st = EP_CLOSED;
			if (peer->state == EP_RESET && peer->prev_state == EP_CLOSED)
				set_state(peer, EP_CLOSED);
		}
		break;
	case EP_CLOSED:
		if (rst && peer->state != EP_CLOSED)
			st = EP_RESET;
		break;
	default:
		break;
	}
	if (st != e->state)
		set_state(e, st);
	if ((fin || rst) && (st == EP_CLOSED || st == EP_RESET))
		e->did_close = 1;
}

void conntrack_packet(struct conn_track *t, int from_client, const struct tcp_seg *s, uint16_t ip_bytes,
		      int64_t ts)
{
	struct endpoint *e = &t->ep[from_client ? 1 : 0], *peer = &t->ep[from_client ? 0 : 1];
	uint32_t len = (s->flags & TCP_RST) ? 0 : s->payload;
	uint32_t end = s->seq + len + !!(s->flags & TCP_SYN) + !!(s->flags & TCP_FIN);

	if (!t->seen) {
		t->seen = 1;
		t->first_us = ts;
		if (!from_client && (s->flags & (TCP_SYN | TCP_ACK)) != TCP_SYN)
			letter(t, 0, '^'); /* Zeek flips a connection first seen from its server port */
	}
	init_seq(e, s, end);
	history(t, from_client, e, peer, s, s->seq - e->start);
	if (!(e->did_close && peer->did_close))
		t->last_us = ts;
	if (s->flags & TCP_FIN)
		e->fin_cnt++;
	acked(peer, s);
	last_seq(t, from_client, e, s, end);
	transition(e, peer, from_client, s);
	e->pkts++;
	e->ip_bytes += ip_bytes;
}

void conntrack_gap(struct conn_track *t, int from_client)
{
	scaled(t, from_client, &t->ep[from_client ? 1 : 0].gaps, 'g');
}

/* Zeek's regular expression \^?S[^HAFGIQ]*R.* on the whole history: the originator's SYN,
 * then its RST, with no answer from the responder's side in between. */
static int rstos0_history(const char *h)
{
	if (*h == '^')
		h++;
	if (*h++ != 'S')
		return 0;
	for (; *h && !strchr("HAFGIQ", *h); h++)
		if (*h == 'R')
			return 1;
	return 0;
}

const char *conntrack_state(const struct conn_track *t)
{
	const struct endpoint *o = &t->ep[1], *r = &t->ep[0];
	int o_inactive = o->state == EP_INACTIVE || o->state == EP_PARTIAL;
	int r_inactive = r->state == EP_INACTIVE || r->state == EP_PARTIAL;

	if (r->state == EP_RESET) {
		if (o->state == EP_SYN_SENT || o->state == EP_SYN_ACK_SENT ||
		    (o->state == EP_RESET && conntrack_size(t, 1) == 0 && conntrack_size(t, 0) == 0))
			return "REJ";
		return o_inactive ? "RSTRH" : "RSTR";
	}
	if (o->state == EP_RESET) {
		if (!r_inactive)
			return "RSTO";
		return rstos0_history(t->history) ? "RSTOS0" : "OTH";
	}
	if (r->state == EP_CLOSED && o->state == EP_CLOSED)
		return "SF";
	if (o->state == EP_CLOSED)
		return r_inactive ? "SH" : "S2";
	if (r->state == EP_CLOSED)
		return o_inactive ? "SHR" : "S3";
	if (o->state == EP_SYN_SENT && r->state == EP_INACTIVE)
		return "S0";
	if (o->state == EP_ESTABLISHED && r->state == EP_ESTABLISHED)
		return "S1";
	return "OTH";
}

uint64_t conntrack_size(const struct conn_track *t, int from_client)
{
	const struct endpoint *e = &t->ep[from_client ? 1 : 0], *peer = &t->ep[from_client ? 0 : 1];
	uint64_t l = ((uint64_t)e->seq_wraps << 32) + e->last_seq;
	uint64_t a = ((uint64_t)e->ack_wraps << 32) + e->ack_seq;
	uint64_t size;

	if (e->prev_state == EP_SYN_SENT && e->state == EP_RESET && peer->state == EP_INACTIVE)
		return 0;
	if ((l > a ? l : a) < e->start)
		return 0;
	size = (l > a ? l : a) - e->start;
	if (size)
		size--;
	if (e->fin_cnt && size)
		size--;
	return size;
}
