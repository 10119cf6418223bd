/* SMB2/3 (MS-SMB2): header validation, compound chains, request/response
 * pairing by MessageId, and the commands that establish who is connected
 * to what: NEGOTIATE, SESSION_SETUP, TREE_CONNECT, TREE_DISCONNECT, LOGOFF. */
#include <stdlib.h>
#include <uthash.h>

#include "ntlmssp.h"
#include "reader.h"
#include "smb2.h"

#define SMB2_MAGIC 0x424d53feu /* 0xFE 'S' 'M' 'B' read little-endian */
#define OPLOCK_BREAK_MSG_ID UINT64_MAX
/* Fixed parts before the data (MS-SMB2 2.2.21, 2.2.20). */
#define SMB2_WRITE_REQ_FIXED 48
#define SMB2_READ_RESP_FIXED 16

int smb2_parse_header(struct rd *r, struct smb2_hdr *h)
{
	uint32_t magic = rd_le32(r);
	uint16_t size = rd_le16(r);

	h->credit_charge = rd_le16(r);
	h->status = rd_le32(r);
	h->command = rd_le16(r);
	rd_skip(r, 2);
	h->flags = rd_le32(r);
	h->next_command = rd_le32(r);
	h->message_id = rd_le64(r);
	if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		h->async_id = rd_le64(r);
		h->tree_id = 0;
	} else {
		rd_skip(r, 4);
		h->tree_id = rd_le32(r);
		h->async_id = 0;
	}
	h->session_id = rd_le64(r);
	rd_skip(r, 16);
	return rd_ok(r) && magic == SMB2_MAGIC && size == SMB2_HDR_LEN ? 0 : -1;
}

void smb2_emit(const struct smb2_msg *m, struct event *ev)
{
	ev->version = 2;
	ev->signed_msg = (m->h->flags & SMB2_FLAGS_SIGNED) != 0;
	ev->session_id = m->h->session_id;
	ev_emit(m->c->sink, ev);
}

void smb2_bad_body(const struct smb2_msg *m)
{
	m->c->st->bad_bodies++;
	smb_weird(m->c, "SMB2_malformed_body");
}

/* A reader over the command body, which starts right after the header. */
struct rd smb2_body(const struct smb2_msg *m)
{
	struct rd b = *m->r;

	rd_seek(&b, m->hdr_off + SMB2_HDR_LEN);
	return b;
}

/* Bytes at an offset counted from the SMB2 header, as buffers are. */
struct rd smb2_hdr_buf(const struct smb2_msg *m, uint32_t off, uint32_t len)
{
	return rd_sub(m->r, m->hdr_off + off, len);
}

static void pending_free(struct smb2_pending *p)
{
	free(p->text);
	free(p);
}

static void pending_drop(struct smb_state *s, struct smb2_pending *p)
{
	HASH_DEL(s->pending, p);
	s->npending--;
	pending_free(p);
}

static struct smb2_pending *pending_add(const struct smb2_msg *m)
{
	struct smb_state *s = m->s;
	struct smb2_pending *p;

	HASH_FIND(hh, s->pending, &m->h->message_id, sizeof(uint64_t), p);
	if (p)
		pending_drop(s, p);
	if (s->npending >= m->c->lim->max_pending && s->pending) {
		m->c->st->pending_evicted++;
		/* Zeek's name when SMB::max_pending_messages is reached (its
		 * smb2 script's source) */
		smb_weird_addl(m->c, "SMB_discarded_messages_state", "state=pending", "SMB2");
		pending_drop(s, s->pending); /* uthash keeps insertion order: the oldest */
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->message_id = m->h->message_id;
	p->command = m->h->command;
	p->ts_us = m->c->ts_us;
	HASH_ADD(hh, s->pending, message_id, sizeof(uint64_t), p);
	s->npending++;
	return p;
}

/* The security buffer whose SecurityBufferOffset and Length come next in
 * body: parsed and handed on as an auth event. */
static void auth_blob(const struct smb2_msg *m, struct rd *body)
{
	uint16_t off = rd_le16(body), len = rd_le16(body);
	struct rd b = smb2_hdr_buf(m, off, len);
	struct ntlm_blob blob;
	struct event ev = { .type = EV_SMB_AUTH_BLOB, .ts_us = m->c->ts_us };

	if (rd_ok(body) && len == 0)
		return;
	if (!rd_ok(body) || !rd_ok(&b) || ntlm_parse_blob(b.p, b.len, &blob) < 0) {
		smb2_bad_body(m);
		return;
	}
	ev.u.auth.from_client = m->from_client;
	ev.u.auth.session_id = m->h->session_id;
	ev.u.auth.blob = &blob;
	smb2_emit(m, &ev);
}

static void session_setup_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	uint8_t mode;

	rd_skip(&b, 3);
	mode = rd_u8(&b);
	if (p)
		p->security_mode = mode;
	rd_skip(&b, 8);
	auth_blob(m, &b);
}

static void tree_connect_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct rd path;
	uint16_t off, len;

	rd_skip(&b, 4);
	off = rd_le16(&b);
	len = rd_le16(&b);
	path = smb2_hdr_buf(m, off, len);
	if (!rd_ok(&b) || !rd_ok(&path)) {
		smb2_bad_body(m);
		return;
	}
	if (p && (p->text = malloc(sizeof(*p->text))) != NULL)
		text_from_utf16le(p->text, path.p, path.len);
}

static void simple_request_event(const struct smb2_msg *m, enum ev_type type)
{
	struct event ev = { .type = type, .ts_us = m->c->ts_us };

	if (type == EV_SMB_LOGOFF) {
		ev.u.logoff.session_id = m->h->session_id;
	} else {
		ev.u.tree_disconnect.session_id = m->h->session_id;
		ev.u.tree_disconnect.tree_id = m->h->tree_id;
	}
	smb2_emit(m, &ev);
}

static void request(const struct smb2_msg *m)
{
	struct smb2_pending *p = NULL;

	m->c->st->smb2_commands[m->h->command]++;
	if (m->h->command != SMB2_CANCEL)
		p = pending_add(m);
	switch (m->h->command) {
	case SMB2_SESSION_SETUP:
		session_setup_request(m, p);
		break;
	case SMB2_TREE_CONNECT:
		tree_connect_request(m, p);
		break;
	case SMB2_TREE_DISCONNECT:
		simple_request_event(m, EV_SMB_TREE_DISCONNECT);
		break;
	case SMB2_LOGOFF:
		simple_request_event(m, EV_SMB_LOGOFF);
		break;
	default:
		smb2_files_request(m, p);
		break;
	}
}

int smb2_is_error(uint32_t status)
{
	return (status >> 30) == 3 && status != NT_STATUS_MORE_PROCESSING_REQUIRED;
}

static void negotiate_response(const struct smb2_msg *m, int64_t ts)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_NEGOTIATE, .ts_us = ts };

	ev.u.negotiate.status = m->h->status;
	if (!smb2_is_error(m->h->status)) {
		rd_skip(&b, 2);
		ev.u.negotiate.security_mode = rd_le16(&b);
		ev.u.negotiate.dialect = rd_le16(&b);
		rd_skip(&b, 18);
		ev.u.negotiate.capabilities = rd_le32(&b);
		rd_skip(&b, 28);
		m->s->dialect = ev.u.negotiate.dialect;
		auth_blob(m, &b);
	}
	smb2_emit(m, &ev);
}

static void session_setup_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_SESSION_SETUP, .ts_us = p ? p->ts_us : m->c->ts_us };

	ev.u.session.session_id = m->h->session_id;
	ev.u.session.status = m->h->status;
	ev.u.session.security_mode = p ? p->security_mode : 0;
	if (!smb2_is_error(m->h->status)) {
		rd_skip(&b, 2);
		ev.u.session.session_flags = rd_le16(&b);
		auth_blob(m, &b);
	}
	if (m->h->status != NT_STATUS_MORE_PROCESSING_REQUIRED)
		smb2_emit(m, &ev);
}

static void tree_connect_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_TREE_CONNECT, .ts_us = p ? p->ts_us : m->c->ts_us };

	ev.u.tree.session_id = m->h->session_id;
	ev.u.tree.tree_id = m->h->tree_id;
	ev.u.tree.status = m->h->status;
	ev.u.tree.path = p ? p->text : NULL;
	if (!smb2_is_error(m->h->status)) {
		rd_skip(&b, 2);
		ev.u.tree.share_type = rd_u8(&b);
		rd_skip(&b, 1);
		ev.u.tree.share_flags = rd_le32(&b);
		if (!rd_ok(&b)) {
			smb2_bad_body(m);
			return;
		}
		smb2_pipes_tree(m, m->h->tree_id, ev.u.tree.share_type);
	}
	smb2_emit(m, &ev);
}

/* The server's promise of a later answer (MS-SMB2 3.3.4.2): the request
 * stays pending and nothing is decided yet. */
static int is_interim(const struct smb2_hdr *h)
{
	return h->status == NT_STATUS_PENDING && (h->flags & SMB2_FLAGS_ASYNC_COMMAND);
}

/* A client that starts with an SMB1 multi-protocol NEGOTIATE gets an SMB2
 * NEGOTIATE response with MessageId 0 (MS-SMB2 3.3.5.3.1): expected, and
 * with no SMB2 request to pair it with. */
static int answers_smb1_negotiate(const struct smb2_msg *m)
{
	return m->s->smb1_negotiate && m->h->command == SMB2_NEGOTIATE && m->h->message_id == 0;
}

static void response(const struct smb2_msg *m)
{
	struct smb2_pending *p = NULL;

	if (m->h->message_id == OPLOCK_BREAK_MSG_ID)
		return;
	if (is_interim(m->h)) {
		m->c->st->interim_responses++;
		return;
	}
	HASH_FIND(hh, m->s->pending, &m->h->message_id, sizeof(uint64_t), p);
	if (p && p->command != m->h->command)
		p = NULL;
	if (!p && !answers_smb1_negotiate(m))
		m->c->st->unmatched_responses++;
	switch (m->h->command) {
	case SMB2_NEGOTIATE:
		negotiate_response(m, p ? p->ts_us : m->c->ts_us);
		break;
	case SMB2_SESSION_SETUP:
		session_setup_response(m, p);
		break;
	case SMB2_TREE_CONNECT:
		tree_connect_response(m, p);
		break;
	default:
		smb2_files_response(m, p);
		break;
	}
	if (p)
		pending_drop(m->s, p);
}

/* The capture or the buffer limit cut the message: what lies past the
 * bytes at hand is unknown, and no anomaly of the sender's. */
static size_t wire_len(const struct smb_ctx *c, const struct rd *r)
{
	return c->msg_len > r->len ? c->msg_len : r->len;
}

static int next_not_captured(const struct smb_ctx *c, const struct rd *r, size_t hdr_off, uint32_t next)
{
	return next >= SMB2_HDR_LEN && next % 8 == 0 && next > r->len - hdr_off && next <= wire_len(c, r) - hdr_off;
}

static int header_not_captured(const struct smb_ctx *c, const struct rd *r, size_t hdr_off)
{
	return r->len - hdr_off < SMB2_HDR_LEN && wire_len(c, r) - hdr_off >= SMB2_HDR_LEN;
}

void smb2_message(struct smb_state *s, const struct smb_ctx *c, int from_client, struct rd *r)
{
	struct smb2_hdr h;
	struct file_ref chain = { 0 };
	struct smb2_msg m = { s, c, &h, r, 0, from_client, &chain };
	uint32_t n;

	for (n = 0; n < c->lim->max_compound; n++) {
		rd_seek(r, m.hdr_off);
		if (smb2_parse_header(r, &h) < 0) {
			if (header_not_captured(c, r, m.hdr_off)) {
				c->st->compound_cut++;
				return;
			}
			c->st->bad_headers++;
			smb_weird(c, "SMB2_bad_header");
			return;
		}
		c->st->smb2_msgs++;
		if (h.command >= SMB2_NCOMMANDS)
			smb_weird(c, "SMB2_unknown_command");
		else if ((h.flags & SMB2_FLAGS_SERVER_TO_REDIR) != 0)
			response(&m);
		else
			request(&m);
		if (h.next_command == 0)
			return;
		if (next_not_captured(c, r, m.hdr_off, h.next_command)) {
			c->st->compound_cut++;
			return;
		}
		if (h.next_command < SMB2_HDR_LEN || h.next_command % 8 != 0 ||
		    h.next_command > r->len - m.hdr_off) {
			c->st->compound_cut++;
			smb_weird(c, "SMB2_bad_next_command");
			return;
		}
		m.hdr_off += h.next_command;
	}
	c->st->compound_cut++;
	smb_weird(c, "SMB2_compound_too_long");
}

/* A named pipe's data is DCE/RPC: kept whole. The FileId of a WRITE is in
 * its body; a READ response's is in the pending request. */
static int on_pipe(const struct smb_state *s, struct rd *r, const struct smb2_hdr *h, int response)
{
	struct smb2_pending *p;
	struct file_ref f = { 0 };

	if (!response) {
		rd_skip(r, 16);
		f.persistent = rd_le64(r);
		f.volatile_id = rd_le64(r);
		return rd_ok(r) && smb2_is_pipe(s, &f);
	}
	HASH_FIND(hh, s->pending, &h->message_id, sizeof(uint64_t), p);
	return p && smb2_is_pipe(s, &p->f);
}

size_t smb2_wanted_bytes(const struct smb_state *s, struct rd *r, size_t len)
{
	struct smb2_hdr h;
	int response;

	if (smb2_parse_header(r, &h) < 0 || h.next_command != 0)
		return len;
	response = (h.flags & SMB2_FLAGS_SERVER_TO_REDIR) != 0;
	if (h.command == SMB2_WRITE && !response)
		return on_pipe(s, r, &h, 0) ? len : SMB2_HDR_LEN + SMB2_WRITE_REQ_FIXED;
	if (h.command == SMB2_READ && response && h.status == NT_STATUS_SUCCESS)
		return on_pipe(s, r, &h, 1) ? len : SMB2_HDR_LEN + SMB2_READ_RESP_FIXED;
	return len;
}

void smb_state_free(struct smb_state *s)
{
	struct smb2_pending *p, *tmp;

	HASH_ITER(hh, s->pending, p, tmp) {
		HASH_DEL(s->pending, p);
		pending_free(p);
	}
	smb2_pipes_free(s);
	s->npending = 0;
	smb1_state_free(s);
}
