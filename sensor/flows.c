/* Connection table and the per-connection pipeline: bytes -> NetBIOS frames
 * -> SMB messages -> events -> logs. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "logs.h"
#include "summary.h"

struct uid_key {
	struct conn_key k;
	int64_t ts_us;
};

/* Packets come in runs of one connection: the last hit is checked first. */
struct conn *flow_find(struct sensor *s, const struct conn_key *k)
{
	struct conn *c = s->last_conn;

	if (c && !memcmp(&c->key, k, sizeof(*k)))
		return c;
	HASH_FIND(hh, s->conns, k, sizeof(*k), c);
	if (c)
		s->last_conn = c;
	return c;
}

static void on_event(void *ctx, const struct event *ev)
{
	struct conn *c = ctx;

	if (ev->type == EV_SMB_WEIRD)
		c->s->st.weirds++;
	logs_event(c->s, c, ev);
	summary_event(c->s, c, ev);
}

struct conn *flow_open(struct sensor *s, const struct conn_key *k, int midstream)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct uid_key uk;

	if (!c)
		return NULL;
	c->key = *k;
	c->s = s;
	c->ts_first_us = s->now_us;
	c->midstream = midstream;
	c->ntlm.success = -1;
	c->sink.emit = on_event;
	c->sink.ctx = c;
	memset(&uk, 0, sizeof(uk));
	uk.k = *k;
	uk.ts_us = s->now_us;
	uid_make(c->uid, 'C', s->cfg.uid_seed, &uk, sizeof(uk));
	inet_ntop(AF_INET, &k->cli_addr, c->orig_h, sizeof(c->orig_h));
	inet_ntop(AF_INET, &k->srv_addr, c->resp_h, sizeof(c->resp_h));
	if (midstream) {
		nb_resync(&c->nb[0]);
		nb_resync(&c->nb[1]);
		s->st.conns_midstream++;
	}
	s->st.conns++;
	HASH_ADD(hh, s->conns, key, sizeof(c->key), c);
	return c;
}

struct msg_ctx {
	struct conn *c;
	int from_client;
};

static void on_message(void *ctx, const uint8_t *msg, size_t caplen, size_t len)
{
	struct msg_ctx *m = ctx;
	struct sensor *s = m->c->s;
	struct smb_ctx sc = { &s->smb_lim, &s->st.smb, &m->c->sink, s->now_us };

	(void)len;
	smb_message(&m->c->smb, &sc, m->from_client, msg, caplen);
}

static size_t on_want(void *ctx, const uint8_t *head, size_t headlen, size_t len)
{
	struct msg_ctx *m = ctx;

	return smb_wanted_bytes(&m->c->smb, head, headlen, len);
}

void flow_data(struct conn *c, int from_client, const uint8_t *data, size_t n)
{
	struct msg_ctx m = { c, from_client };
	struct nb_consumer k = { on_message, on_want, &m, c->s->cfg.smb_max_buffered, &c->s->st.nb };

	nb_feed(&c->nb[from_client ? 1 : 0], data, n, &k);
}

void flow_close(struct conn *c, enum conn_end how)
{
	struct sensor *s = c->s;
	uint64_t *counter[] = { &s->st.conns_closed, &s->st.conns_reset, &s->st.conns_timed_out,
				&s->st.conns_open_at_exit };

	(*counter[how])++;
	if (s->last_conn == c)
		s->last_conn = NULL;
	logs_conn_end(s, c);
	HASH_DEL(s->conns, c);
	nb_free(&c->nb[0]);
	nb_free(&c->nb[1]);
	smb_state_free(&c->smb);
	free(c);
}

void flow_close_all(struct sensor *s)
{
	struct conn *c, *tmp;

	HASH_ITER(hh, s->conns, c, tmp) {
		flow_close(c, CONN_AT_EXIT);
	}
}
