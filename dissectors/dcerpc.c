/* DCE/RPC connection-oriented PDUs (C706 ch. 12, MS-RPCE 2.2.2): framing of a
 * byte stream into PDUs with resynchronisation, fragment reassembly per
 * call_id, presentation contexts, auth verifiers. See dcerpc.h for the
 * contract; this file only adds how. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcerpc.h"
#include "reader.h"

#define HDR_LEN 16
#define SEC_TRAILER_LEN 8
#define IDLE_BUF_MAX 4096 /* a larger PDU buffer is released once it is empty */

/* A fragmented call being reassembled in one direction. */
struct dcerpc_frag_call {
	uint32_t call_id;
	uint16_t ctx_id, opnum;
	uint8_t has_object, sealed, auth_type, auth_level;
	uint8_t object[16];
	uint32_t fragments;
	int64_t ts_us;
	uint8_t *data;
	size_t len, cap;
	size_t wire_len;
};

enum weird_id {
	W_BAD_HEADER,
	W_MALFORMED,
	W_BIG_ENDIAN,
	W_TOO_LARGE,
	W_TOO_MANY,
	W_TOO_MUCH,
	W_MULTI_FIRST,
	W_AUTH_TLS,
	W_AUTH_NETLOGON,
	W_AUTH_UNKNOWN,
};

static const char *const weird_names[] = {
	[W_BAD_HEADER] = "dce_rpc_bad_header",
	[W_MALFORMED] = "dce_rpc_malformed_pdu",
	[W_BIG_ENDIAN] = "dce_rpc_big_endian_drep",
	[W_TOO_LARGE] = "dce_rpc_pdu_too_large",
	[W_TOO_MANY] = "too_many_dce_rpc_msgs_in_reassembly",
	[W_TOO_MUCH] = "too_much_dce_rpc_fragment_data",
	[W_MULTI_FIRST] = "multiple_first_fragments_in_dce_rpc_reassembly",
	[W_AUTH_TLS] = "tls_dce_rpc_auth_type",
	[W_AUTH_NETLOGON] = "netlogon_dce_rpc_auth_type",
	[W_AUTH_UNKNOWN] = "unknown_dce_rpc_auth_type",
};

/* Everything one dcerpc_feed call works with, handed down the helpers. */
struct feed {
	struct dcerpc_state *s;
	struct dcerpc_dir *d;
	struct dcerpc_limits lim; /* defaults filled in */
	struct dcerpc_stats *st;
	const struct dcerpc_sink *sink;
	int from_client;
	int64_t ts_us;
};

/* The common header (C706 12.6.3.1). */
struct hdr {
	uint8_t ptype, flags, big_endian;
	uint16_t frag_len, auth_len;
	uint32_t call_id;
};

/* The sec_trailer and auth_value at the end of a PDU (MS-RPCE 2.2.2.11). */
struct trailer {
	uint8_t type, level, pad;
	uint32_t ctx_id;
	const uint8_t *token;
	size_t token_len;
	size_t body_end; /* where the body ends: before the auth padding */
};

/* One REQUEST or RESPONSE fragment, parsed. */
struct frag {
	uint16_t ctx_id, opnum;
	const uint8_t *object;
	struct trailer t;
	const uint8_t *stub;
	size_t stub_len;
};

static void weird_addl(struct feed *f, enum weird_id w, const char *addl)
{
	struct dcerpc_weird ev = { weird_names[w], addl, f->ts_us };

	if (f->sink && f->sink->weird)
		f->sink->weird(f->sink->ctx, &ev);
}

static void weird(struct feed *f, enum weird_id w)
{
	weird_addl(f, w, NULL);
}

static void malformed(struct feed *f)
{
	f->st->malformed++;
	weird(f, W_MALFORMED);
}

static int known_ptype(uint8_t t)
{
	switch (t) {
	case DCERPC_REQUEST:
	case DCERPC_RESPONSE:
	case DCERPC_FAULT:
		return 1;
	default:
		return t >= DCERPC_BIND && t <= DCERPC_ORPHANED;
	}
}

/* The header at the reader's position (r is a copy: not moved). 0 when these
 * 16 bytes can start a PDU. Big-endian headers are parsed too, so that such a
 * PDU can be skipped whole. */
static int hdr_parse(struct rd r, struct hdr *h)
{
	uint8_t vers = rd_u8(&r), minor = rd_u8(&r), drep0;

	h->ptype = rd_u8(&r);
	h->flags = rd_u8(&r);
	drep0 = rd_u8(&r);
	rd_skip(&r, 3);
	h->big_endian = (drep0 >> 4) == 0;
	if (h->big_endian) {
		h->frag_len = rd_be16(&r);
		h->auth_len = rd_be16(&r);
		h->call_id = rd_be32(&r);
	} else {
		h->frag_len = rd_le16(&r);
		h->auth_len = rd_le16(&r);
		h->call_id = rd_le32(&r);
	}
	if (!rd_ok(&r) || vers != 5 || minor > 1 || !known_ptype(h->ptype) || (drep0 >> 4) > 1)
		return -1;
	if (h->frag_len < HDR_LEN)
		return -1;
	if (h->auth_len && (size_t)h->auth_len + SEC_TRAILER_LEN + HDR_LEN > h->frag_len)
		return -1;
	return 0;
}

/* Fewer than 16 bytes left: can they be the start of a header? */
static int prefix_plausible(struct rd r)
{
	size_t n = rd_left(&r);

	if (rd_u8(&r) != 5)
		return 0;
	if (n > 1 && rd_u8(&r) > 1)
		return 0;
	return n <= 2 || known_ptype(rd_u8(&r));
}

static uint8_t peek_u8(const struct rd *in)
{
	struct rd t = *in;

	return rd_u8(&t);
}

static void note_bad_header(struct feed *f)
{
	if (!f->d->resync) {
		f->d->resync = 1;
		f->st->bad_headers++;
		weird(f, W_BAD_HEADER);
	}
}

/* Not a header here: drop this byte and everything up to the next 0x05. */
static void skip_garbage(struct feed *f, struct rd *in)
{
	size_t k = 1;

	note_bad_header(f);
	rd_skip(in, 1);
	while (rd_left(in) > 0 && peek_u8(in) != 5) {
		rd_skip(in, 1);
		k++;
	}
	f->st->bytes_skipped += k;
}

/* A valid header, but one we do not read: skip the PDU unbuffered. */
static int refused(struct feed *f, const struct hdr *h)
{
	if (h->big_endian) {
		f->st->big_endian++;
		weird(f, W_BIG_ENDIAN);
		return 1;
	}
	if (h->frag_len > f->lim.max_pdu) {
		f->st->too_large++;
		weird(f, W_TOO_LARGE);
		return 1;
	}
	return 0;
}

static int buf_reserve(struct feed *f, size_t need)
{
	struct dcerpc_dir *d = f->d;
	uint8_t *nb;
	size_t cap;

	if (d->cap >= need)
		return 1;
	cap = need < IDLE_BUF_MAX ? IDLE_BUF_MAX : need;
	nb = realloc(d->buf, cap);
	if (!nb) {
		f->st->alloc_failures++;
		return 0;
	}
	d->buf = nb;
	d->cap = cap;
	return 1;
}

static void buf_append(struct dcerpc_dir *d, struct rd *in, size_t k)
{
	const uint8_t *p = rd_ptr(in, k);

	if (p && k) {
		memcpy(d->buf + d->len, p, k);
		d->len += k;
	}
}

static void buf_release_if_big(struct dcerpc_dir *d)
{
	if (d->cap > IDLE_BUF_MAX) {
		free(d->buf);
		d->buf = NULL;
		d->cap = 0;
	}
}

/* ---- presentation contexts and pending requests ---- */

static void ctx_remember(struct feed *f, const struct dcerpc_pctx *p)
{
	struct dcerpc_state *s = f->s;
	unsigned i, slot;

	for (i = 0; i < s->nctx; i++)
		if (s->ctx[i].ctx_id == p->ctx_id)
			break;
	if (i < s->nctx) {
		slot = i;
	} else if (s->nctx < DCERPC_MAX_CTX) {
		slot = s->nctx++;
	} else {
		/* Full: replace round-robin. Binds add few contexts, so the
		 * oldest is the one least likely still in use. */
		slot = s->ctx_next;
		s->ctx_next = (uint8_t)((s->ctx_next + 1) % DCERPC_MAX_CTX);
		f->st->contexts_evicted++;
	}
	s->ctx[slot].accepted = 0;
	s->ctx[slot].ctx_id = p->ctx_id;
	s->ctx[slot].ver_major = p->ver_major;
	s->ctx[slot].ver_minor = p->ver_minor;
	memcpy(s->ctx[slot].uuid, p->uuid, 16);
}

/* 71710533-beba-4937-8319-b5dbef9ccc36 in wire order */
static const uint8_t ndr64_syntax[16] = { 0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49,
					  0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36 };

/* Results of a BIND_ACK / ALTER_CONTEXT_RESP answer the contexts of the last
 * BIND / ALTER_CONTEXT one by one, in order. */
static void ctx_answer(struct dcerpc_state *s, const struct dcerpc_result *res, unsigned n)
{
	unsigned i, k;

	for (i = 0; i < n && i < s->noffered; i++) {
		for (k = 0; k < s->nctx; k++) {
			if (s->ctx[k].ctx_id != s->offered[i])
				continue;
			s->ctx[k].accepted = res[i].result == 0 ? 1 : 2;
			memcpy(s->ctx[k].xfer, res[i].xfer_uuid, 16);
		}
	}
	s->noffered = 0;
}

static void ctx_lookup(const struct dcerpc_state *s, struct dcerpc_call_info *ci)
{
	unsigned i;

	for (i = 0; i < s->nctx; i++) {
		if (s->ctx[i].ctx_id == ci->ctx_id) {
			ci->iface_known = 1;
			memcpy(ci->iface, s->ctx[i].uuid, 16);
			ci->iface_ver_major = s->ctx[i].ver_major;
			ci->iface_ver_minor = s->ctx[i].ver_minor;
			if (s->ctx[i].accepted == 1) {
				ci->xfer_known = 1;
				memcpy(ci->xfer, s->ctx[i].xfer, 16);
				ci->ndr64 = memcmp(ci->xfer, ndr64_syntax, 16) == 0;
			}
			return;
		}
	}
}

static void pending_add(struct dcerpc_state *s, uint32_t call_id, uint16_t opnum)
{
	unsigned i, slot = s->pending_next;

	for (i = 0; i < DCERPC_MAX_PENDING; i++)
		if (s->pending[i].used && s->pending[i].call_id == call_id)
			slot = i;
	if (slot == s->pending_next)
		s->pending_next = (uint8_t)((s->pending_next + 1) % DCERPC_MAX_PENDING);
	s->pending[slot].call_id = call_id;
	s->pending[slot].opnum = opnum;
	s->pending[slot].used = 1;
}

/* The opnum of the request call_id answers; forgets it. 0 if unknown. */
static int pending_take(struct dcerpc_state *s, uint32_t call_id, uint16_t *opnum)
{
	unsigned i;

	for (i = 0; i < DCERPC_MAX_PENDING; i++) {
		if (s->pending[i].used && s->pending[i].call_id == call_id) {
			s->pending[i].used = 0;
			*opnum = s->pending[i].opnum;
			return 1;
		}
	}
	return 0;
}

/* ---- calls in reassembly ---- */

static struct dcerpc_frag_call *call_find(struct dcerpc_dir *d, uint32_t call_id)
{
	uint32_t i;

	for (i = 0; i < d->ncalls; i++)
		if (d->calls[i].call_id == call_id)
			return &d->calls[i];
	return NULL;
}

static void call_drop(struct dcerpc_dir *d, struct dcerpc_frag_call *c)
{
	free(c->data);
	*c = d->calls[--d->ncalls];
}

static void calls_drop_all(struct dcerpc_dir *d)
{
	while (d->ncalls)
		call_drop(d, &d->calls[0]);
}

static struct dcerpc_frag_call *call_new(struct feed *f, uint32_t call_id)
{
	struct dcerpc_dir *d = f->d;
	struct dcerpc_frag_call *c;

	if (d->ncalls == d->calls_cap) {
		uint32_t cap = d->calls_cap ? d->calls_cap * 2 : 4;
		struct dcerpc_frag_call *nc = realloc(d->calls, cap * sizeof(*nc));

		if (!nc) {
			f->st->alloc_failures++;
			return NULL;
		}
		d->calls = nc;
		d->calls_cap = cap;
	}
	c = &d->calls[d->ncalls++];
	memset(c, 0, sizeof(*c));
	c->call_id = call_id;
	return c;
}

static int call_append(struct feed *f, struct dcerpc_frag_call *c, const uint8_t *p, size_t n)
{
	if (c->len + n > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		uint8_t *nd;

		while (cap < c->len + n)
			cap *= 2;
		if (cap > f->lim.max_call_bytes)
			cap = f->lim.max_call_bytes;
		nd = realloc(c->data, cap);
		if (!nd) {
			f->st->alloc_failures++;
			return -1;
		}
		c->data = nd;
		c->cap = cap;
	}
	if (n)
		memcpy(c->data + c->len, p, n);
	c->len += n;
	return 0;
}

/* ---- auth verifier ---- */

/* The sec_trailer sits auth_length + 8 bytes before the end of the PDU;
 * auth_pad_length bytes of padding precede it. A trailer or pad reaching back
 * into the fixed part of the PDU (body_off) is a lie. */
static int trailer_parse(const struct rd *pdu, const struct hdr *h, size_t body_off, struct trailer *t)
{
	struct rd r;
	size_t at;

	memset(t, 0, sizeof(*t));
	if (h->auth_len == 0) {
		t->body_end = h->frag_len;
		return body_off <= h->frag_len ? 0 : -1;
	}
	at = (size_t)h->frag_len - h->auth_len - SEC_TRAILER_LEN;
	if (at < body_off)
		return -1;
	r = rd_sub(pdu, at, SEC_TRAILER_LEN + (size_t)h->auth_len);
	t->type = rd_u8(&r);
	t->level = rd_u8(&r);
	t->pad = rd_u8(&r);
	rd_skip(&r, 1);
	t->ctx_id = rd_le32(&r);
	t->token_len = h->auth_len;
	t->token = rd_ptr(&r, t->token_len);
	if (!rd_ok(&r) || t->pad > at - body_off)
		return -1;
	t->body_end = at - t->pad;
	return 0;
}

static void emit_auth(struct feed *f, const struct hdr *h, const struct trailer *t)
{
	struct dcerpc_auth a;

	if (!h->auth_len || !f->sink || !f->sink->auth)
		return;
	memset(&a, 0, sizeof(a));
	a.from_client = f->from_client;
	a.ptype = (enum dcerpc_ptype)h->ptype;
	a.call_id = h->call_id;
	a.auth_type = t->type;
	a.auth_level = t->level;
	a.auth_pad_length = t->pad;
	a.auth_context_id = t->ctx_id;
	a.token = t->token;
	a.token_len = t->token_len;
	a.ts_us = f->ts_us;
	f->sink->auth(f->sink->ctx, &a);
}

/* ---- REQUEST / RESPONSE ---- */

static void emit_call(struct feed *f, uint8_t ptype, const struct dcerpc_frag_call *c, const uint8_t *stub,
		      size_t stub_len)
{
	struct dcerpc_call_info ci;

	memset(&ci, 0, sizeof(ci));
	ci.call_id = c->call_id;
	ci.ctx_id = c->ctx_id;
	ctx_lookup(f->s, &ci);
	if (ptype == DCERPC_REQUEST) {
		ci.opnum_known = 1;
		ci.opnum = c->opnum;
		ci.has_object = c->has_object;
		memcpy(ci.object, c->object, 16);
		pending_add(f->s, c->call_id, c->opnum);
	} else {
		ci.opnum_known = pending_take(f->s, c->call_id, &ci.opnum);
	}
	ci.sealed = c->sealed;
	if (c->sealed) {
		f->st->sealed++;
	} else {
		ci.stub = stub;
		ci.stub_len = stub_len;
	}
	ci.wire_stub_len = c->wire_len;
	ci.auth_type = c->auth_type;
	ci.auth_level = c->auth_level;
	ci.fragments = c->fragments;
	ci.ts_us = c->ts_us;
	ci.ts_last_us = f->ts_us;
	if (!f->sink)
		return;
	if (ptype == DCERPC_REQUEST && f->sink->request)
		f->sink->request(f->sink->ctx, &ci);
	else if (ptype == DCERPC_RESPONSE && f->sink->response)
		f->sink->response(f->sink->ctx, &ci);
}

/* What the first fragment tells about the whole call. */
static void call_init(struct feed *f, struct dcerpc_frag_call *c, const struct hdr *h, const struct frag *fr)
{
	c->call_id = h->call_id;
	c->ctx_id = fr->ctx_id;
	c->opnum = fr->opnum;
	c->has_object = fr->object != NULL;
	if (fr->object)
		memcpy(c->object, fr->object, 16);
	c->auth_type = fr->t.type;
	c->auth_level = fr->t.level;
	c->sealed = h->auth_len && fr->t.level == DCERPC_AUTH_LEVEL_PRIVACY;
	c->ts_us = f->ts_us;
}

/* A fragment of a call in reassembly. Zeek's rules (dce_rpc-protocol.pac):
 * a middle or last fragment without a first is ignored; a second first
 * fragment, too many calls or too much data is refused with a weird. */
static void fragment(struct feed *f, const struct hdr *h, const struct frag *fr)
{
	struct dcerpc_dir *d = f->d;
	struct dcerpc_frag_call *c = call_find(d, h->call_id);

	if (h->flags & DCERPC_PFC_FIRST_FRAG) {
		if (c) {
			/* Start over with the newer one rather than give up on
			 * the stream as Zeek does: that would blind us. */
			f->st->multiple_first++;
			weird(f, W_MULTI_FIRST);
			call_drop(d, c);
		}
		if (d->ncalls >= f->lim.max_calls) {
			f->st->too_many_calls++;
			weird(f, W_TOO_MANY);
			return;
		}
		c = call_new(f, h->call_id);
		if (!c)
			return;
		call_init(f, c, h, fr);
	} else if (!c) {
		f->st->orphan_fragments++;
		return;
	}
	c->fragments++;
	c->wire_len += fr->stub_len;
	if (!c->sealed) {
		if (c->len + fr->stub_len > f->lim.max_call_bytes) {
			f->st->too_much_data++;
			weird(f, W_TOO_MUCH);
			call_drop(d, c);
			return;
		}
		if (call_append(f, c, fr->stub, fr->stub_len) < 0) {
			call_drop(d, c);
			return;
		}
	}
	if (h->flags & DCERPC_PFC_LAST_FRAG) {
		f->st->reassembled++;
		emit_call(f, h->ptype, c, c->data, c->len);
		call_drop(d, c);
	}
}

/* Stub and auth trailer of a REQUEST/RESPONSE whose fixed part ends at r. */
static int frag_body(const struct rd *r, const struct hdr *h, struct frag *fr)
{
	size_t body_off = r->pos;
	struct rd stub;

	if (!rd_ok(r) || trailer_parse(r, h, body_off, &fr->t) < 0)
		return -1;
	stub = rd_sub(r, body_off, fr->t.body_end - body_off);
	fr->stub = stub.p;
	fr->stub_len = stub.len;
	return rd_ok(&stub) ? 0 : -1;
}

static void call_pdu(struct feed *f, const struct hdr *h, const struct frag *fr)
{
	struct dcerpc_frag_call one;

	if ((h->flags & (DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG)) !=
	    (DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG)) {
		fragment(f, h, fr);
		return;
	}
	/* Single fragment: no copy, whatever is in reassembly for the call. */
	memset(&one, 0, sizeof(one));
	call_init(f, &one, h, fr);
	one.fragments = 1;
	one.wire_len = fr->stub_len;
	emit_call(f, h->ptype, &one, fr->stub, fr->stub_len);
}

static void pdu_request(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct frag fr;

	memset(&fr, 0, sizeof(fr));
	rd_skip(r, 4); /* alloc_hint */
	fr.ctx_id = rd_le16(r);
	fr.opnum = rd_le16(r);
	if (h->flags & DCERPC_PFC_OBJECT_UUID)
		fr.object = rd_ptr(r, 16);
	if (frag_body(r, h, &fr) < 0) {
		malformed(f);
		return;
	}
	call_pdu(f, h, &fr);
}

static void pdu_response(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct frag fr;

	memset(&fr, 0, sizeof(fr));
	rd_skip(r, 4); /* alloc_hint */
	fr.ctx_id = rd_le16(r);
	rd_skip(r, 2); /* cancel_count, reserved */
	if (frag_body(r, h, &fr) < 0) {
		malformed(f);
		return;
	}
	call_pdu(f, h, &fr);
}

static void pdu_fault(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct dcerpc_fault ft;
	struct dcerpc_frag_call *c;

	memset(&ft, 0, sizeof(ft));
	rd_skip(r, 4); /* alloc_hint */
	ft.ctx_id = rd_le16(r);
	rd_skip(r, 2); /* cancel_count, reserved */
	ft.status = rd_le32(r);
	if (!rd_ok(r)) {
		malformed(f);
		return;
	}
	/* The call ends here: a response in reassembly will not complete. */
	c = call_find(f->d, h->call_id);
	if (c)
		call_drop(f->d, c);
	ft.call_id = h->call_id;
	ft.opnum_known = pending_take(f->s, h->call_id, &ft.opnum);
	ft.ts_us = f->ts_us;
	if (f->sink && f->sink->fault)
		f->sink->fault(f->sink->ctx, &ft);
}

/* ---- BIND / ALTER_CONTEXT and their answers ---- */

static void uuid_copy(struct rd *r, uint8_t out[16])
{
	const uint8_t *p = rd_ptr(r, 16);

	if (p)
		memcpy(out, p, 16);
}

/* p_cont_elem_t (C706 12.6.3.1) */
static void pctx_parse(struct rd *r, struct dcerpc_pctx *p)
{
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->ctx_id = rd_le16(r);
	p->n_transfer = rd_u8(r);
	rd_skip(r, 1);
	uuid_copy(r, p->uuid);
	p->ver_major = rd_le16(r);
	p->ver_minor = rd_le16(r);
	for (i = 0; i < p->n_transfer && rd_ok(r); i++) {
		if (i < DCERPC_MAX_XFER) {
			uuid_copy(r, p->xfer[i].uuid);
			p->xfer[i].version = rd_le32(r);
			p->n_xfer = (uint8_t)(i + 1);
		} else {
			rd_skip(r, 20);
		}
	}
}

static void pdu_bind(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct dcerpc_pctx items[DCERPC_MAX_BIND_CTX], extra;
	struct dcerpc_bind b;
	struct trailer t;
	struct rd list;
	unsigned i;

	memset(&b, 0, sizeof(b));
	b.alter = h->ptype == DCERPC_ALTER_CONTEXT;
	b.call_id = h->call_id;
	b.max_xmit_frag = rd_le16(r);
	b.max_recv_frag = rd_le16(r);
	b.assoc_group = rd_le32(r);
	b.n_ctx = rd_u8(r);
	rd_skip(r, 3);
	if (!rd_ok(r) || trailer_parse(r, h, r->pos, &t) < 0) {
		malformed(f);
		return;
	}
	/* The context list may not run into the auth verifier. */
	list = rd_sub(r, r->pos, t.body_end - r->pos);
	for (i = 0; i < b.n_ctx && rd_ok(&list); i++)
		pctx_parse(&list, i < DCERPC_MAX_BIND_CTX ? &items[i] : &extra);
	if (!rd_ok(&list)) {
		malformed(f);
		return;
	}
	b.n_items = (uint8_t)(b.n_ctx < DCERPC_MAX_BIND_CTX ? b.n_ctx : DCERPC_MAX_BIND_CTX);
	b.ctx = items;
	b.ts_us = f->ts_us;
	for (i = 0; i < b.n_items; i++) {
		ctx_remember(f, &items[i]);
		f->s->offered[i] = items[i].ctx_id;
	}
	f->s->noffered = b.n_items;
	if (f->sink && f->sink->bind)
		f->sink->bind(f->sink->ctx, &b);
	emit_auth(f, h, &t);
}

/* port_any_t secondary address: a counted string, NUL included, then
 * padding to a 4-byte boundary of the PDU. */
static void sec_addr_parse(struct rd *r, struct text *out)
{
	uint16_t len = rd_le16(r);
	const uint8_t *p = rd_ptr(r, len);
	struct rd s = rd_init(p, len);
	size_t n = rd_left(&s);

	memset(out, 0, sizeof(*out));
	while (n > 0) { /* trailing NULs are the terminator, not the name */
		struct rd last = rd_sub(&s, n - 1, 1);

		if (rd_u8(&last) != 0)
			break;
		n--;
	}
	if (rd_ok(r) && n > 0)
		text_from_bytes(out, p, n);
	rd_seek(r, (r->pos + 3) & ~(size_t)3);
}

static void pdu_bind_ack(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct dcerpc_result results[DCERPC_MAX_BIND_CTX];
	struct dcerpc_bind_ack a;
	struct trailer t;
	struct rd list;
	unsigned i;

	memset(&a, 0, sizeof(a));
	a.ptype = (enum dcerpc_ptype)h->ptype;
	a.call_id = h->call_id;
	a.max_xmit_frag = rd_le16(r);
	a.max_recv_frag = rd_le16(r);
	a.assoc_group = rd_le32(r);
	if (!rd_ok(r) || trailer_parse(r, h, r->pos, &t) < 0) {
		malformed(f);
		return;
	}
	list = rd_sub(r, 0, t.body_end);
	rd_seek(&list, r->pos);
	sec_addr_parse(&list, &a.sec_addr);
	a.n_results = rd_u8(&list);
	rd_skip(&list, 3);
	for (i = 0; i < a.n_results && rd_ok(&list); i++) {
		struct dcerpc_result res;

		res.result = rd_le16(&list);
		res.reason = rd_le16(&list);
		uuid_copy(&list, res.xfer_uuid);
		res.xfer_version = rd_le32(&list);
		if (i < DCERPC_MAX_BIND_CTX)
			results[i] = res;
	}
	if (!rd_ok(&list)) {
		malformed(f);
		return;
	}
	a.n_items = (uint8_t)(a.n_results < DCERPC_MAX_BIND_CTX ? a.n_results : DCERPC_MAX_BIND_CTX);
	a.results = results;
	a.ts_us = f->ts_us;
	ctx_answer(f->s, results, a.n_items);
	if (f->sink && f->sink->bind_ack)
		f->sink->bind_ack(f->sink->ctx, &a);
	emit_auth(f, h, &t);
}

static void pdu_bind_nak(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct dcerpc_bind_ack a;

	memset(&a, 0, sizeof(a));
	a.ptype = DCERPC_BIND_NAK;
	a.call_id = h->call_id;
	a.reject_reason = rd_le16(r);
	if (!rd_ok(r)) {
		malformed(f);
		return;
	}
	a.ts_us = f->ts_us;
	if (f->sink && f->sink->bind_ack)
		f->sink->bind_ack(f->sink->ctx, &a);
}

/* AUTH3 (MS-RPCE 2.2.2.10): 4 bytes of padding, then the verifier. */
static void pdu_auth3(struct feed *f, const struct hdr *h, struct rd *r)
{
	struct trailer t;

	rd_skip(r, 4);
	if (!rd_ok(r) || trailer_parse(r, h, r->pos, &t) < 0) {
		malformed(f);
		return;
	}
	emit_auth(f, h, &t);
}

/* ---- one complete PDU ---- */

/* Zeek hands auth types 9, 10 and 16 to its GSSAPI, NTLM and KRB analyzers
 * and reports any other (dce_rpc-auth.pac), the addl being the type. */
static void check_auth_type(struct feed *f, const struct hdr *h, struct rd r)
{
	char addl[4];
	uint8_t type;

	if (h->auth_len == 0)
		return;
	rd_seek(&r, (size_t)h->frag_len - h->auth_len - SEC_TRAILER_LEN); /* hdr_parse checked it fits */
	type = rd_u8(&r);
	if (!rd_ok(&r) || type == DCERPC_AUTH_SPNEGO || type == DCERPC_AUTH_NTLMSSP ||
	    type == DCERPC_AUTH_KERBEROS)
		return;
	snprintf(addl, sizeof(addl), "%u", type);
	weird_addl(f, type == DCERPC_AUTH_SCHANNEL ? W_AUTH_TLS :
		   type == DCERPC_AUTH_NETLOGON ? W_AUTH_NETLOGON : W_AUTH_UNKNOWN, addl);
}

static void pdu(struct feed *f, const uint8_t *p, size_t len)
{
	struct rd r = rd_init(p, len);
	struct dcerpc_frag_call *c;
	struct hdr h;

	if (hdr_parse(r, &h) < 0) /* checked when framed; cannot fail */
		return;
	f->st->pdus++;
	f->st->by_ptype[h.ptype]++;
	check_auth_type(f, &h, r);
	rd_skip(&r, HDR_LEN);
	switch (h.ptype) {
	case DCERPC_REQUEST:
		pdu_request(f, &h, &r);
		break;
	case DCERPC_RESPONSE:
		pdu_response(f, &h, &r);
		break;
	case DCERPC_FAULT:
		pdu_fault(f, &h, &r);
		break;
	case DCERPC_BIND:
	case DCERPC_ALTER_CONTEXT:
		pdu_bind(f, &h, &r);
		break;
	case DCERPC_BIND_ACK:
	case DCERPC_ALTER_CONTEXT_RESP:
		pdu_bind_ack(f, &h, &r);
		break;
	case DCERPC_BIND_NAK:
		pdu_bind_nak(f, &h, &r);
		break;
	case DCERPC_AUTH3:
		pdu_auth3(f, &h, &r);
		break;
	case DCERPC_ORPHANED:
		/* The client abandons the call: stop reassembling it. */
		c = call_find(f->d, h.call_id);
		if (c)
			call_drop(f->d, c);
		break;
	default: /* SHUTDOWN, CO_CANCEL: counted only */
		break;
	}
}

/* ---- framing ---- */

/* Input with no partial PDU buffered: whole PDUs are parsed in place. */
static void from_input(struct feed *f, struct rd *in)
{
	struct dcerpc_dir *d = f->d;
	size_t left = rd_left(in);
	struct hdr h;

	if (left < HDR_LEN) {
		if (!prefix_plausible(*in)) {
			skip_garbage(f, in);
		} else if (buf_reserve(f, HDR_LEN)) {
			buf_append(d, in, left);
		} else {
			f->st->bytes_skipped += left;
			rd_skip(in, left);
		}
		return;
	}
	if (hdr_parse(*in, &h) < 0) {
		skip_garbage(f, in);
		return;
	}
	d->resync = 0;
	if (refused(f, &h)) {
		d->discard = h.frag_len;
		return;
	}
	if (h.frag_len <= left) {
		pdu(f, rd_ptr(in, h.frag_len), h.frag_len);
		return;
	}
	if (buf_reserve(f, h.frag_len))
		buf_append(d, in, left);
	else
		d->discard = h.frag_len;
}

/* The buffered bytes did not make a header: drop the first one and run the
 * rest through the framing again (fewer than 16 bytes, so no deeper). */
static void consume(struct feed *f, struct rd *in);

static void rescan_buffer(struct feed *f)
{
	struct dcerpc_dir *d = f->d;
	uint8_t tmp[HDR_LEN];
	struct rd b = rd_init(d->buf, d->len);
	size_t n = d->len - 1;
	const uint8_t *p;
	struct rd t;

	note_bad_header(f);
	f->st->bytes_skipped++;
	rd_skip(&b, 1);
	p = rd_ptr(&b, n);
	if (p && n)
		memcpy(tmp, p, n);
	d->len = 0;
	t = rd_init(tmp, n);
	consume(f, &t);
}

/* Input continuing a buffered partial PDU. */
static void into_buffer(struct feed *f, struct rd *in)
{
	struct dcerpc_dir *d = f->d;
	struct hdr h;
	size_t k;

	if (d->len < HDR_LEN) {
		k = HDR_LEN - d->len;
		if (k > rd_left(in))
			k = rd_left(in);
		buf_append(d, in, k);
		if (d->len < HDR_LEN)
			return;
		if (hdr_parse(rd_init(d->buf, d->len), &h) < 0) {
			rescan_buffer(f);
			return;
		}
		d->resync = 0;
		if (refused(f, &h) || !buf_reserve(f, h.frag_len)) {
			d->discard = h.frag_len - HDR_LEN;
			d->len = 0;
			return;
		}
	}
	if (hdr_parse(rd_init(d->buf, d->len), &h) < 0) { /* cannot happen: checked above */
		d->len = 0;
		return;
	}
	k = h.frag_len - d->len;
	if (k > rd_left(in))
		k = rd_left(in);
	buf_append(d, in, k);
	if (d->len == h.frag_len) {
		d->len = 0;
		pdu(f, d->buf, h.frag_len);
		buf_release_if_big(d);
	}
}

static void consume(struct feed *f, struct rd *in)
{
	struct dcerpc_dir *d = f->d;

	while (rd_left(in) > 0) {
		if (d->discard) {
			size_t k = d->discard < rd_left(in) ? d->discard : rd_left(in);

			rd_skip(in, k);
			d->discard -= (uint32_t)k;
		} else if (d->len == 0) {
			from_input(f, in);
		} else {
			into_buffer(f, in);
		}
	}
}

void dcerpc_feed(struct dcerpc_state *s, const struct dcerpc_limits *lim, struct dcerpc_stats *st,
		 const struct dcerpc_sink *sink, int from_client, const uint8_t *data, size_t n,
		 int64_t ts_us)
{
	struct feed f;
	struct rd in = rd_init(data, n);

	memset(&f, 0, sizeof(f));
	f.s = s;
	f.d = &s->dir[from_client ? 1 : 0];
	f.st = st;
	f.sink = sink;
	f.from_client = from_client ? 1 : 0;
	f.ts_us = ts_us;
	f.lim.max_calls = lim && lim->max_calls ? lim->max_calls : DCERPC_DEFAULT_MAX_CALLS;
	f.lim.max_call_bytes = lim && lim->max_call_bytes ? lim->max_call_bytes : DCERPC_DEFAULT_MAX_CALL_BYTES;
	f.lim.max_pdu = lim && lim->max_pdu ? lim->max_pdu : DCERPC_DEFAULT_MAX_PDU;
	if (f.lim.max_pdu < HDR_LEN)
		f.lim.max_pdu = HDR_LEN;
	consume(&f, &in);
}

void dcerpc_gap(struct dcerpc_state *s, int from_client)
{
	struct dcerpc_dir *d = &s->dir[from_client ? 1 : 0];

	d->len = 0;
	d->discard = 0;
	d->resync = 0;
	buf_release_if_big(d);
	calls_drop_all(d);
}

void dcerpc_state_free(struct dcerpc_state *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		calls_drop_all(&s->dir[i]);
		free(s->dir[i].calls);
		free(s->dir[i].buf);
	}
	memset(s, 0, sizeof(*s));
}

/* A client opening an association: a whole BIND or ALTER_CONTEXT, with its
 * presentation context list (max_xmit_frag, max_recv_frag and assoc_group
 * in 8 bytes, then n_context_elem). */
int dcerpc_starts_association(const uint8_t *p, size_t n)
{
	struct hdr h;

	if (n < HDR_LEN + 9 || p[0] != 5 || hdr_parse(rd_init(p, n), &h) < 0 || h.big_endian)
		return 0;
	return (h.ptype == DCERPC_BIND || h.ptype == DCERPC_ALTER_CONTEXT) &&
	       (h.flags & (DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG)) ==
		       (DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG) &&
	       h.frag_len >= HDR_LEN + 9 && p[HDR_LEN + 8] > 0;
}
