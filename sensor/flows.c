/* Connection table and the per-connection pipeline: bytes -> NetBIOS frames
 * -> SMB messages -> events -> logs. Connections live on one of two lists
 * in order of last activity, so that expiry and eviction look at the head
 * only: open ones (idle timeout) and ended ones (short close delay). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <utlist.h>

#include "flows.h"
#include "detect.h"
#include "ipv6map.h"
#include "log_smb_session.h"
#include "log_weird.h"
#include "logs.h"
#include "rpc_tcp.h"
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

/* Reads and writes are counted on their file (one whose open was not
 * captured gets a nameless record) and the first write on the session. */
static void file_io(struct conn *c, struct smb_session *ss, const struct event *ev)
{
	struct sensor *s = c->s;
	struct smb_open *o = smb_track_open_find(&c->smbt, &ev->u.io.f);

	if (!o && !(o = smb_track_open_unknown(&c->smbt, &s->track_lim, &s->st.track, &ev->u.io.f, ev->ts_us)))
		return;
	if (ev->type == EV_SMB_READ) {
		o->reads++;
		o->bytes_read += ev->u.io.length;
		return;
	}
	if (!o->writes && ss)
		ss->files_written++;
	o->writes++;
	o->bytes_written += ev->u.io.length;
}

/* Trees and opens are added before the logs see an event and dropped after,
 * so each writer finds the state the event refers to. */
static void track_before(struct conn *c, const struct event *ev)
{
	struct sensor *s = c->s;

	struct smb_session *ss = smb_track_session_event(&c->smbt, &s->track_lim, &s->st.track, ev);

	if (ev->type == EV_SMB_WRITE || ev->type == EV_SMB_READ)
		file_io(c, ss, ev);
	if (ev->type == EV_SMB_TREE_CONNECT && smb_status_ok(ev->version, ev->u.tree.status))
		smb_track_tree_connect(&c->smbt, &s->track_lim, &s->st.track, &ev->u.tree);
	else if (ev->type == EV_SMB_CREATE && smb_status_ok(ev->version, ev->u.create.status))
		smb_track_open(&c->smbt, &s->track_lim, &s->st.track, ev);
}

/* A session's row is written when it logs off or fails to set up; the
 * others at the end of the connection. */
static void session_end(struct conn *c, const struct event *ev)
{
	struct smb_session *ss;
	uint64_t id = ev->type == EV_SMB_SESSION_SETUP ? ev->u.session.session_id : ev->session_id;
	int failed = ev->type == EV_SMB_SESSION_SETUP && !smb_status_ok(ev->version, ev->u.session.status);

	if (ev->type != EV_SMB_LOGOFF && !failed)
		return;
	HASH_FIND(hh, c->smbt.sessions, &id, sizeof(id), ss);
	if (ss) {
		log_smb_session_write(c->s->logs, c, ss);
		smb_track_session_drop(&c->smbt, ss);
	}
}

static void track_after(struct conn *c, const struct event *ev)
{
	struct smb_open *o;

	session_end(c, ev);
	if (ev->type == EV_SMB_TREE_DISCONNECT)
		smb_track_tree_disconnect(&c->smbt, ev->u.tree_disconnect.tree_id);
	else if (ev->type == EV_SMB_CLOSE && (o = smb_track_open_find(&c->smbt, &ev->u.close.f)))
		smb_track_close(&c->smbt, o);
}

static void on_event(void *ctx, const struct event *ev)
{
	struct conn *c = ctx;

	if (ev->type == EV_SMB_WEIRD) {
		struct weird w = { ev->ts_us, ev->u.weird.name, ev->u.weird.addl, ev->u.weird.source };

		log_weird(c, &w);
	}
	track_before(c, ev);
	logs_event(c->s, c, ev);
	detect_event(c->s, c, ev);
	summary_event(c->s, c, ev);
	track_after(c, ev);
}

/* The address to log: an IPv6 stand-in is swapped for the real one. */
static void address_text(struct sensor *s, uint32_t a, char *text, size_t n)
{
	if (ipv6_is_standin(a))
		ipv6_acquire(s, a, text, n);
	else
		inet_ntop(AF_INET, &a, text, (socklen_t)n);
}

struct conn *flow_open(struct sensor *s, const struct conn_key *k)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct uid_key uk;

	if (!c)
		return NULL;
	c->key = *k;
	c->s = s;
	c->ts_first_us = s->now_us;
	c->last_us = s->now_us;
	c->ntlm.success = -1;
	c->sink.emit = on_event;
	c->sink.ctx = c;
	memset(&uk, 0, sizeof(uk));
	uk.k = *k;
	uk.ts_us = s->now_us;
	uid_make(c->uid, 'C', s->cfg.uid_seed, &uk, sizeof(uk));
	address_text(s, k->cli_addr, c->orig_h, sizeof(c->orig_h));
	address_text(s, k->srv_addr, c->resp_h, sizeof(c->resp_h));
	s->st.conns++;
	s->nconns++;
	HASH_ADD(hh, s->conns, key, sizeof(c->key), c);
	DL_APPEND(s->active, c);
	return c;
}

static struct conn **list_of(struct conn *c)
{
	return c->ended ? &c->s->ended : &c->s->active;
}

static void touch(struct conn *c)
{
	struct conn **list = list_of(c);

	c->last_us = c->s->now_us;
	if (c->next) {
		DL_DELETE(*list, c);
		DL_APPEND(*list, c);
	}
}

/* FIN both ways or a RST: what follows can only be late packets, which the
 * short close delay still attributes to this connection. */
static void end(struct conn *c)
{
	DL_DELETE(c->s->active, c);
	c->ended = 1;
	DL_APPEND(c->s->ended, c);
	c->s->st.conns_ended++;
}

void flow_packet(struct conn *c, int from_client, const struct tcp_seg *t)
{
	touch(c);
	conntrack_packet(&c->track, from_client, t, c->s->ip_bytes ? c->s->ip_bytes : t->ip_len, c->s->now_us);
	if (from_client && (t->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && !c->syn_seen) {
		c->syn_seen = 1;
		c->client_isn = t->seq;
	}
	if (t->flags & TCP_FIN)
		c->fins |= from_client ? 1 : 2;
	if (!c->ended && ((t->flags & TCP_RST) || c->fins == 3))
		end(c);
}

void flow_midstream(struct conn *c)
{
	c->midstream = 1;
	nb_resync(&c->nb[0]);
	nb_resync(&c->nb[1]);
	c->s->st.conns_midstream++;
}

int flow_full(const struct sensor *s)
{
	return s->nconns >= s->cfg.max_connections;
}

static int past(const struct conn *c, uint32_t seconds, int64_t now)
{
	return c && now - c->last_us >= (int64_t)seconds * 1000000;
}

struct conn *flow_expired(const struct sensor *s, int64_t now)
{
	if (past(s->ended, s->cfg.conn_close_delay, now))
		return s->ended;
	if (past(s->active, s->cfg.conn_idle_timeout, now))
		return s->active;
	return NULL;
}

struct conn *flow_victim(const struct sensor *s)
{
	return s->ended ? s->ended : s->active;
}

struct msg_ctx {
	struct conn *c;
	int from_client;
};

static void on_message(void *ctx, const uint8_t *msg, size_t caplen, size_t len)
{
	struct msg_ctx *m = ctx;
	struct sensor *s = m->c->s;
	struct smb_ctx sc = { &s->smb_lim, &s->st.smb, &m->c->sink, s->now_us, len };

	m->c->smb_msgs += (uint32_t)smb_message(&m->c->smb, &sc, m->from_client, msg, caplen);
}

static size_t on_want(void *ctx, const uint8_t *head, size_t headlen, size_t len)
{
	struct msg_ctx *m = ctx;

	return smb_wanted_bytes(&m->c->smb, head, headlen, len);
}

static void on_nb_weird(void *ctx, const char *name, const char *addl)
{
	struct msg_ctx *m = ctx;
	struct weird w = { m->c->s->now_us, name, addl, "SMB" };

	log_weird(m->c, &w);
}

void flow_data(struct conn *c, int from_client, const uint8_t *data, size_t n)
{
	struct msg_ctx m = { c, from_client };
	struct nb_consumer k = { on_message, on_want, &m, c->s->cfg.smb_max_buffered, &c->s->st.nb, on_nb_weird };
	struct dir_track *d = &c->dir[from_client ? 1 : 0];
	struct nb_stream *nb = &c->nb[from_client ? 1 : 0];

	if (d->gap_pending) {
		size_t fake = n < d->gap_pending ? n : d->gap_pending;

		if (c->rpc_tcp)
			pipes_tcp_gap(c, from_client);
		else
			nb_gap(nb, fake, &k);
		d->gap_pending -= (uint32_t)fake;
		data += fake;
		n -= fake;
	}
	if (n && c->rpc_tcp)
		pipes_tcp_data(c, from_client, data, n);
	else if (n)
		nb_feed(nb, data, n, &k);
}

void flow_gap(struct conn *c, int from_client, uint32_t n)
{
	c->dir[from_client ? 1 : 0].gap_pending = n;
	c->missed_bytes += n;
	conntrack_gap(&c->track, from_client);
}

void flow_gap_done(struct conn *c, int from_client)
{
	struct dir_track *d = &c->dir[from_client ? 1 : 0];

	if (d->gap_pending) {
		c->s->st.gap_fill_refused++;
		d->gap_pending = 0;
	}
}

void flow_close(struct conn *c, enum conn_end how)
{
	struct sensor *s = c->s;
	uint64_t *counter[] = { &s->st.conns_idle, &s->st.conns_evicted, &s->st.conns_reused,
				&s->st.conns_open_at_exit };

	if (how == CONN_IDLE && c->ended)
		s->st.conns_closed++; /* its close delay ran out: not idle */
	else
		(*counter[how])++;
	if (s->last_conn == c)
		s->last_conn = NULL;
	logs_conn_end(s, c);
	rpc_tcp_conn_close(s, c);
	HASH_DEL(s->conns, c);
	DL_DELETE(*list_of(c), c);
	s->nconns--;
	if (ipv6_is_standin(c->key.cli_addr))
		ipv6_release(s, c->key.cli_addr);
	if (ipv6_is_standin(c->key.srv_addr))
		ipv6_release(s, c->key.srv_addr);
	nb_free(&c->nb[0]);
	nb_free(&c->nb[1]);
	smb_state_free(&c->smb);
	smb_track_free(&c->smbt);
	log_smb_files_free(&c->files);
	weird_limit_free(&c->weirds);
	free(c);
}

void flow_close_all(struct sensor *s)
{
	struct conn *c, *tmp;

	HASH_ITER(hh, s->conns, c, tmp) {
		flow_close(c, CONN_AT_EXIT);
	}
}
