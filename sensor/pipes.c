/* Named-pipe DCE/RPC per connection. The pipe's FileId keys the stream;
 * calls are remembered by call_id for their response time, and a call whose
 * response never came is logged when its slot is needed, when the pipe is
 * closed, or at the end of the connection. */
#include <stdlib.h>
#include <string.h>

#include "epm.h"
#include "flows.h"
#include "log_dce_rpc.h"
#include "log_ntlm.h"
#include "log_weird.h"
#include "logs.h"
#include "pipe_exec.h"
#include "pipes.h"
#include "rpc_tcp.h"

struct feed_ctx {
	struct conn *c;
	struct pipe_stream *p;
};

static void flush_call(struct conn *c, struct pipe_stream *p, struct pipe_call *call, int64_t rtt)
{
	if (rtt < 0)
		pipe_exec_unanswered(c, p, call);
	if (call->used)
		log_dce_rpc_call(c->s->logs, c, p, call, rtt);
	call->used = 0;
}

static void on_request(void *ctx, const struct dcerpc_call_info *ci)
{
	struct feed_ctx *f = ctx;
	struct pipe_call *call = &f->p->calls[f->p->next_call];

	f->p->next_call = (uint8_t)((f->p->next_call + 1) % PIPE_MAX_CALLS);
	flush_call(f->c, f->p, call, -1); /* the oldest, never answered */
	call->used = 1;
	call->call_id = ci->call_id;
	call->opnum = ci->opnum;
	call->iface_known = (uint8_t)ci->iface_known;
	memcpy(call->iface, ci->iface, 16);
	call->ts_us = ci->ts_last_us; /* Zeek's dce_rpc_request time: the last fragment */
	pipe_exec_request(f->c, f->p, call, ci);
}

/* ci NULL for a FAULT, whose status is fault_status. */
static void answered(struct feed_ctx *f, uint32_t call_id, int64_t ts,
		     const struct dcerpc_call_info *ci, uint32_t fault_status)
{
	int i;

	for (i = 0; i < PIPE_MAX_CALLS; i++) {
		struct pipe_call *call = &f->p->calls[i];

		if (call->used && call->call_id == call_id) {
			pipe_exec_answer(f->c, f->p, call, ci, fault_status);
			flush_call(f->c, f->p, call, ts - call->ts_us);
			return;
		}
	}
}

/* The ports an endpoint mapper hands out are followed from their SYN. */
static void learn_endpoints(struct conn *c, const struct dcerpc_call_info *ci)
{
	struct epm_endpoint ep[16];
	int i, n;

	if (!ci->iface_known || !ci->opnum_known || !ci->stub || !epm_is_map(ci->iface, ci->opnum))
		return;
	n = epm_map_endpoints(ci->stub, ci->stub_len, ep, sizeof(ep) / sizeof(ep[0]));
	for (i = 0; i < n; i++)
		rpc_tcp_learn(c->s, c, ep[i].addr, ep[i].port);
}

static void on_response(void *ctx, const struct dcerpc_call_info *ci)
{
	struct feed_ctx *f = ctx;

	learn_endpoints(f->c, ci);
	answered(ctx, ci->call_id, ci->ts_last_us, ci, 0);
}

static void on_fault(void *ctx, const struct dcerpc_fault *fl)
{
	answered(ctx, fl->call_id, fl->ts_us, NULL, fl->status);
}

static void on_bind_ack(void *ctx, const struct dcerpc_bind_ack *ba)
{
	struct feed_ctx *f = ctx;

	if (ba->sec_addr.set && ba->sec_addr.len)
		f->p->named_pipe = ba->sec_addr;
}

/* NTLMSSP in a BIND, ALTER_CONTEXT or AUTH3 names the account, as it does
 * in an SMB session setup (Zeek's ntlm.log has both). */
static void on_auth(void *ctx, const struct dcerpc_auth *a)
{
	struct feed_ctx *f = ctx;
	struct ntlm_blob b;

	if (a->auth_type != DCERPC_AUTH_NTLMSSP && a->auth_type != DCERPC_AUTH_SPNEGO)
		return;
	if (ntlm_parse_blob(a->token, a->token_len, &b) == 0) {
		log_ntlm_blob(f->c->s->logs, f->c, &b, a->ts_us);
	} else {
		struct weird w = { a->ts_us, "ntlm_malformed_blob", NULL, "NTLM" };

		log_weird(f->c, &w);
	}
}

static void on_weird(void *ctx, const struct dcerpc_weird *dw)
{
	struct feed_ctx *f = ctx;
	struct weird w = { dw->ts_us, dw->name, dw->addl, "DCE_RPC" };

	log_weird(f->c, &w);
}

/* The stream of a pipe FileId; DCE/RPC over TCP has one, of FileId 0. */
static struct pipe_stream *stream(struct conn *c, const struct file_ref *fr)
{
	static const struct file_ref tcp;
	struct pipe_stream *p;
	uint64_t key[2];

	if (!fr)
		fr = &tcp;
	key[0] = fr->persistent;
	key[1] = fr->volatile_id;
	HASH_FIND(hh, c->pipes, key, sizeof(key), p);
	if (p)
		return p;
	if (HASH_COUNT(c->pipes) >= c->s->cfg.smb_max_pipes || !(p = calloc(1, sizeof(*p)))) {
		c->s->st.dcerpc_pipes_refused++;
		return NULL;
	}
	memcpy(p->key, key, sizeof(key));
	p->session_id = fr->session_id;
	p->tree_id = fr->tree_id;
	HASH_ADD(hh, c->pipes, key, sizeof(p->key), p);
	return p;
}

static void close_stream(struct conn *c, struct pipe_stream *p)
{
	int i;

	for (i = 0; i < PIPE_MAX_CALLS; i++)
		flush_call(c, p, &p->calls[i], -1);
	HASH_DEL(c->pipes, p);
	dcerpc_state_free(&p->rpc);
	free(p);
}

static void feed(struct conn *c, struct pipe_stream *p, int from_client, const uint8_t *data, size_t n,
		 int64_t ts_us)
{
	struct feed_ctx f = { c, p };
	struct dcerpc_sink sink = { NULL, on_bind_ack, on_request, on_response, on_fault, on_auth, on_weird, &f };

	dcerpc_feed(&p->rpc, &c->s->rpc_lim, &c->s->st.dcerpc, &sink, from_client, data, n, ts_us);
}

void pipes_tcp_data(struct conn *c, int from_client, const uint8_t *data, size_t n)
{
	struct pipe_stream *p = stream(c, NULL);
	uint64_t pdus = c->s->st.dcerpc.pdus;

	if (!p)
		return;
	feed(c, p, from_client, data, n, c->s->now_us);
	if (c->s->st.dcerpc.pdus != pdus)
		c->rpc_confirmed = 1;
}

void pipes_tcp_gap(struct conn *c, int from_client)
{
	struct pipe_stream *p = stream(c, NULL);

	if (p)
		dcerpc_gap(&p->rpc, from_client);
}

void pipes_event(struct conn *c, const struct event *ev)
{
	struct pipe_stream *p;
	uint64_t key[2];

	if (ev->type == EV_SMB_CLOSE) {
		key[0] = ev->u.close.f.persistent;
		key[1] = ev->u.close.f.volatile_id;
		HASH_FIND(hh, c->pipes, key, sizeof(key), p);
		if (p)
			close_stream(c, p);
		return;
	}
	if (ev->type == EV_SMB_PIPE_DATA && (p = stream(c, &ev->u.pipe.f)))
		feed(c, p, ev->u.pipe.from_client, ev->u.pipe.data, ev->u.pipe.len, ev->ts_us);
}

void pipes_free(struct conn *c)
{
	struct pipe_stream *p, *tmp;

	HASH_ITER(hh, c->pipes, p, tmp) {
		close_stream(c, p);
	}
}
