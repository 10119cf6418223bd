/* SMB1 / CIFS (MS-CIFS, MS-SMB): header, AndX chains, request/response
 * pairing by (PID, MID), and the commands that say who connected to what
 * and which files were touched. Raises the same events as SMB2, version 1.
 * Named pipes (TIDs of "IPC" services, FIDs opened on them) share SMB2's
 * bookkeeping (dissectors/smb2_pipes.c): their WRITE_ANDX / READ_ANDX data
 * and the data of TRANSACTION TransactNmPipe calls go out as
 * EV_SMB_PIPE_DATA. Other TRANSACTION / TRANSACTION2 / NT_TRANSACT are only
 * counted. */
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "filetime.h"
#include "ntlmssp.h"
#include "reader.h"
#include "smb1.h"
#include "smb2.h"

#define SMB1_MAGIC 0x424d53ffu        /* 0xFF 'S' 'M' 'B' read little-endian */
#define DIALECT_STRING 0x02           /* BufferFormat before each offered dialect */
#define NO_DIALECT 0xFFFFu            /* DialectIndex when none was acceptable */
#define CAP_EXTENDED_SECURITY 0x80000000u
#define ACTION_GUEST 0x0001           /* SESSION_SETUP_ANDX response Action */
#define FILE_ATTRIBUTE_DIRECTORY 0x10u
/* WRITE_ANDX WriteMode WritemodeRaw | WritemodeMessageStart: on a message
 * pipe the data then starts with a 2-byte message length (MS-CIFS 2.2.4.43.1). */
#define WRITE_RAW_MESSAGE_START 0x000Cu

struct smb1_pending {
	uint64_t key;            /* PID << 16 | MID */
	uint8_t command;         /* first command of the request chain */
	int64_t ts_us;
	int32_t nt_dialect;      /* NEGOTIATE: index of "NT LM 0.12", -1 if not offered */
	struct text *path;       /* TREE_CONNECT_ANDX request, owned */
	struct text *name;       /* NT_CREATE_ANDX request, owned */
	uint32_t desired_access, disposition, create_options;
	uint8_t have_read, have_close, have_trans;
	uint16_t read_fid, close_fid, trans_fid;
	uint64_t read_offset;
	UT_hash_handle hh;
};

/* Everything a command handler needs about the message at hand. */
struct msg1 {
	struct smb_state *s;
	const struct smb_ctx *c;
	const struct smb1_hdr *h;
	struct rd *r;            /* whole SMB message; offsets are from its header */
	int from_client;
	struct smb1_pending *p;  /* request: its new entry; response: the request's */
};

/* One command of a chain: WordCount, words, ByteCount, bytes. */
struct blk {
	uint8_t cmd;
	uint8_t wc;
	size_t off;              /* of WordCount, from the header */
	struct rd w;             /* the parameter words */
	struct rd b;             /* the message up to the end of the bytes, positioned at them:
				  * positions stay header-relative, as Unicode alignment is */
};

int smb1_parse_header(struct rd *r, struct smb1_hdr *h)
{
	uint32_t magic = rd_le32(r);
	uint16_t pid_high;

	h->command = rd_u8(r);
	h->status = rd_le32(r);
	h->flags = rd_u8(r);
	h->flags2 = rd_le16(r);
	pid_high = rd_le16(r);
	rd_skip(r, 10); /* SecurityFeatures, Reserved */
	h->tid = rd_le16(r);
	h->pid = (uint32_t)pid_high << 16 | rd_le16(r);
	h->uid = rd_le16(r);
	h->mid = rd_le16(r);
	return rd_ok(r) && magic == SMB1_MAGIC ? 0 : -1;
}

static void emit(const struct msg1 *m, struct event *ev)
{
	ev->version = 1;
	ev->signed_msg = (m->h->flags2 & SMB1_FLAGS2_SECURITY_SIGNATURE) != 0;
	ev->session_id = m->h->uid;
	ev_emit(m->c->sink, ev);
}

static void bad_body(const struct msg1 *m)
{
	m->c->st->smb1_bad_bodies++;
	smb_weird(m->c, "SMB1_malformed_body");
}

/* Requests are stamped with their own time; responses with their request's,
 * as Zeek does, or their own when the request was not seen. */
static int64_t ev_time(const struct msg1 *m)
{
	return m->p && (m->h->flags & SMB1_FLAGS_REPLY) ? m->p->ts_us : m->c->ts_us;
}

static int unicode(const struct msg1 *m)
{
	return (m->h->flags2 & SMB1_FLAGS2_UNICODE) != 0;
}

static struct file_ref file_ref(const struct msg1 *m, uint16_t fid)
{
	struct file_ref f = { m->h->uid, m->h->tid, 0, fid };

	return f;
}

/* ---- strings ---- */

/* A string at b's position: UTF-16LE starting on an even offset from the
 * header (MS-CIFS 2.2.1.1: the pad byte before it is skipped) or OEM bytes;
 * up to its NUL, which is consumed, or to the end of b, since the last
 * string of a message often lacks one. Leaves t unset when b has failed. */
static void get_string(struct rd *b, int uni, struct text *t)
{
	struct rd scan;
	const uint8_t *p;
	size_t n = 0, nul = uni ? 2 : 1;

	t->set = 0;
	if (uni && b->pos % 2 && rd_left(b) > 0)
		rd_skip(b, 1);
	scan = *b;
	while (rd_left(&scan) >= nul && (uni ? rd_le16(&scan) : rd_u8(&scan)) != 0)
		n += nul;
	p = rd_ptr(b, n);
	if (!rd_ok(b))
		return;
	if (uni)
		text_from_utf16le(t, p, n);
	else
		text_from_bytes(t, p, n);
	rd_skip(b, rd_left(b) < nul ? rd_left(b) : nul);
}

static struct text *text_dup(const struct text *t)
{
	struct text *d = malloc(sizeof(*d));

	if (d)
		*d = *t;
	return d;
}

/* ---- the pending table ---- */

static uint64_t pending_key(const struct smb1_hdr *h)
{
	return (uint64_t)h->pid << 16 | h->mid;
}

static void pending_free(struct smb1_pending *p)
{
	free(p->path);
	free(p->name);
	free(p);
}

static void pending_drop(struct smb_state *s, struct smb1_pending *p)
{
	HASH_DEL(s->pending1, p);
	s->npending1--;
	pending_free(p);
}

static struct smb1_pending *pending_find(const struct msg1 *m)
{
	uint64_t key = pending_key(m->h);
	struct smb1_pending *p;

	HASH_FIND(hh, m->s->pending1, &key, sizeof(key), p);
	return p;
}

static struct smb1_pending *pending_add(const struct msg1 *m)
{
	struct smb_state *s = m->s;
	struct smb1_pending *p = pending_find(m);

	if (p)
		pending_drop(s, p); /* a reused (PID, MID): the old request lost its answer */
	if (s->npending1 >= m->c->lim->max_pending && s->pending1) {
		m->c->st->smb1_pending_evicted++;
		smb_weird_addl(m->c, "SMB_discarded_messages_state", "state=pending", "SMB");
		pending_drop(s, s->pending1); /* uthash keeps insertion order: the oldest */
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->key = pending_key(m->h);
	p->command = m->h->command;
	p->ts_us = m->c->ts_us;
	p->nt_dialect = -1;
	HASH_ADD(hh, s->pending1, key, sizeof(p->key), p);
	s->npending1++;
	return p;
}

/* Requests that get no response: nothing to remember. A server's request is
 * an oplock break (LOCKING_ANDX), which the client may answer or not. */
static int expects_response(const struct msg1 *m)
{
	switch (m->h->command) {
	case SMB1_COM_NT_CANCEL:
	case SMB1_COM_TRANSACTION_SECONDARY:
	case SMB1_COM_TRANSACTION2_SECONDARY:
	case SMB1_COM_NT_TRANSACT_SECONDARY:
		return 0;
	default:
		return m->from_client;
	}
}

/* ---- NEGOTIATE ---- */

static void negotiate_request(const struct msg1 *m, struct blk *k)
{
	struct text d;
	int32_t i;

	for (i = 0; rd_left(&k->b) > 0; i++) {
		if (rd_u8(&k->b) != DIALECT_STRING)
			break;
		get_string(&k->b, 0, &d);
		if (m->p && d.len == 10 && memcmp(d.s, "NT LM 0.12", 10) == 0)
			m->p->nt_dialect = i;
	}
}

static uint16_t negotiated_dialect(const struct msg1 *m, uint16_t index, uint8_t wc)
{
	if (index == NO_DIALECT)
		return 0;
	if (m->p && m->p->nt_dialect >= 0)
		return index == m->p->nt_dialect ? SMB1_DIALECT_NT_LM_012 : SMB1_DIALECT_PRE_NT;
	return wc == 17 ? SMB1_DIALECT_NT_LM_012 : SMB1_DIALECT_PRE_NT; /* the NT form has 17 words */
}

/* A security blob: parsed and handed on as an auth event. */
static void auth_blob(const struct msg1 *m, const uint8_t *p, size_t len)
{
	struct ntlm_blob blob;
	struct event ev = { .type = EV_SMB_AUTH_BLOB, .ts_us = m->c->ts_us };

	if (len == 0)
		return;
	if (ntlm_parse_blob(p, len, &blob) < 0) {
		bad_body(m);
		return;
	}
	ev.u.auth.from_client = m->from_client;
	ev.u.auth.session_id = m->h->uid;
	ev.u.auth.blob = &blob;
	emit(m, &ev);
}

/* SMB1 SecurityMode signing bits (4 enabled, 8 required) as SMB2's (1, 2). */
static uint16_t signing_mode(uint8_t mode)
{
	return (uint16_t)((mode & 0x04 ? 1 : 0) | (mode & 0x08 ? 2 : 0));
}

/* NT LM 0.12 response (MS-SMB 2.2.4.5.2): with extended security the bytes
 * are the server GUID and a SPNEGO blob. */
static void negotiate_nt_response(const struct msg1 *m, struct blk *k, struct ev_negotiate *n)
{
	uint8_t mode;
	size_t len;

	mode = rd_u8(&k->w);
	rd_skip(&k->w, 16); /* MaxMpxCount, MaxNumberVcs, MaxBufferSize, MaxRawSize, SessionKey */
	n->capabilities = rd_le32(&k->w);
	n->security_mode = signing_mode(mode);
	if (!rd_ok(&k->w))
		return;
	if (n->capabilities & CAP_EXTENDED_SECURITY) {
		rd_skip(&k->b, 16); /* ServerGUID */
		len = rd_left(&k->b); /* before rd_ptr consumes it */
		if (rd_ok(&k->b))
			auth_blob(m, rd_ptr(&k->b, len), len);
	}
}

static void negotiate_response(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_NEGOTIATE, .ts_us = ev_time(m) };
	uint16_t index;

	ev.u.negotiate.status = m->h->status;
	if (k->wc > 0) {
		index = rd_le16(&k->w);
		ev.u.negotiate.dialect = negotiated_dialect(m, index, k->wc);
		if (k->wc == 17)
			negotiate_nt_response(m, k, &ev.u.negotiate);
		if (!rd_ok(&k->w))
			bad_body(m);
	}
	emit(m, &ev);
}

/* ---- SESSION_SETUP_ANDX ---- */

/* The account of a session setup without extended security, reported as an
 * NTLM AUTHENTICATE would be so that it reaches ntlm.log. NativeOS is not
 * the workstation name: that stays unset. */
static void plain_account(const struct msg1 *m, struct blk *k, size_t pw_len)
{
	struct ntlm_blob blob;
	struct event ev = { .type = EV_SMB_AUTH_BLOB, .ts_us = m->c->ts_us };

	memset(&blob, 0, sizeof(blob));
	blob.msg = NTLM_AUTHENTICATE;
	blob.neg_result = NEG_NONE;
	rd_skip(&k->b, pw_len);
	get_string(&k->b, unicode(m), &blob.user);
	get_string(&k->b, unicode(m), &blob.domain);
	if (!blob.user.set) {
		bad_body(m);
		return;
	}
	blob.anonymous = blob.user.len == 0 && pw_len <= 1;
	ev.u.auth.from_client = 1;
	ev.u.auth.session_id = m->h->uid;
	ev.u.auth.blob = &blob;
	emit(m, &ev);
}

static void session_setup_request(const struct msg1 *m, struct blk *k)
{
	uint16_t len1, len2 = 0;

	rd_skip(&k->w, 14); /* AndX, MaxBufferSize, MaxMpxCount, VcNumber, SessionKey */
	len1 = rd_le16(&k->w);
	if (k->wc == 13)
		len2 = rd_le16(&k->w);
	if (!rd_ok(&k->w) || (k->wc != 12 && k->wc != 13 && k->wc != 10)) {
		bad_body(m);
		return;
	}
	if (k->wc == 12) { /* extended security: SecurityBlobLength */
		const uint8_t *p = rd_ptr(&k->b, len1);

		if (!rd_ok(&k->b))
			bad_body(m);
		else
			auth_blob(m, p, len1);
		return;
	}
	plain_account(m, k, (size_t)len1 + len2); /* LANMAN (10 words) or NT LM 0.12 (13) */
}

static void session_setup_response(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_SESSION_SETUP, .ts_us = ev_time(m) };
	uint16_t action, len;

	ev.u.session.session_id = m->h->uid;
	ev.u.session.status = m->h->status;
	if (k->wc >= 3) {
		rd_skip(&k->w, 4);
		action = rd_le16(&k->w);
		ev.u.session.session_flags = action & ACTION_GUEST ? 1 : 0;
	}
	if (k->wc == 4) { /* extended security: the server's blob */
		const uint8_t *p;

		len = rd_le16(&k->w);
		p = rd_ptr(&k->b, len);
		if (!rd_ok(&k->w) || !rd_ok(&k->b))
			bad_body(m);
		else
			auth_blob(m, p, len);
	}
	if (m->h->status != NT_STATUS_MORE_PROCESSING_REQUIRED)
		emit(m, &ev);
}

/* ---- TREE_CONNECT_ANDX ---- */

static void tree_connect_request(const struct msg1 *m, struct blk *k)
{
	struct text path;
	uint16_t pw_len;

	rd_skip(&k->w, 6); /* AndX, Flags */
	pw_len = rd_le16(&k->w);
	rd_skip(&k->b, pw_len);
	get_string(&k->b, unicode(m), &path);
	if (!rd_ok(&k->w) || !path.set) {
		bad_body(m);
		return;
	}
	if (m->p && !m->p->path)
		m->p->path = text_dup(&path);
}

/* Zeek's test: a service starting "IPC" is a named-pipe share. */
static uint8_t share_type(const struct text *service)
{
	return service->len >= 3 && memcmp(service->s, "IPC", 3) == 0 ? 2 : 1;
}

static void tree_connect_response(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_TREE_CONNECT, .ts_us = ev_time(m) };
	struct text service, fs;

	ev.u.tree.session_id = m->h->uid;
	ev.u.tree.tree_id = m->h->tid;
	ev.u.tree.status = m->h->status;
	ev.u.tree.path = m->p ? m->p->path : NULL;
	if (!m->p) /* Zeek's smb1-main.zeek: the request was missed; no source */
		smb_weird_addl(m->c, "smb_tree_connect_andx_response_without_tree", "current_cmd=TREE_CONNECT_ANDX",
			       NULL);
	if (k->wc > 0) {
		get_string(&k->b, 0, &service); /* always OEM (MS-CIFS 2.2.4.55.2) */
		get_string(&k->b, unicode(m), &fs);
		if (!service.set) {
			bad_body(m);
			return;
		}
		ev.u.tree.service = &service;
		ev.u.tree.native_fs = fs.set && fs.len > 0 ? &fs : NULL;
		ev.u.tree.share_type = share_type(&service);
		if (m->h->status == 0)
			smb_pipes_tree(m->s, m->c, m->h->tid, ev.u.tree.share_type);
	}
	emit(m, &ev);
}

/* ---- NT_CREATE_ANDX ---- */

/* FileName: NameLength bytes after the Unicode pad; a trailing NUL is not
 * part of the name. */
static int create_name(const struct msg1 *m, struct blk *k, uint16_t len, struct text *t)
{
	struct rd nb;

	if (unicode(m) && k->b.pos % 2)
		rd_skip(&k->b, 1);
	if (len > rd_left(&k->b))
		len = (uint16_t)rd_left(&k->b); /* some clients count past ByteCount */
	nb = rd_sub(&k->b, k->b.pos, len);
	get_string(&nb, unicode(m), t);
	return rd_ok(&k->b) && t->set;
}

static void create_request(const struct msg1 *m, struct blk *k)
{
	struct text name;
	uint16_t name_len;
	uint32_t access, disposition, options;

	rd_skip(&k->w, 5); /* AndX, Reserved */
	name_len = rd_le16(&k->w);
	rd_skip(&k->w, 8); /* Flags, RootDirectoryFID */
	access = rd_le32(&k->w);
	rd_skip(&k->w, 16); /* AllocationSize, ExtFileAttributes, ShareAccess */
	disposition = rd_le32(&k->w);
	options = rd_le32(&k->w);
	if (!rd_ok(&k->w) || !create_name(m, k, name_len, &name)) {
		bad_body(m);
		return;
	}
	if (m->p && !m->p->name) {
		m->p->name = text_dup(&name);
		m->p->desired_access = access;
		m->p->disposition = disposition;
		m->p->create_options = options;
	}
}

static void read_times(struct rd *w, struct file_times *t)
{
	t->created = filetime_us(rd_le64(w));
	t->accessed = filetime_us(rd_le64(w));
	t->written = filetime_us(rd_le64(w));
	t->changed = filetime_us(rd_le64(w));
}

static void create_response(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_CREATE, .ts_us = ev_time(m) };
	struct ev_create *e = &ev.u.create;
	uint16_t fid = 0;

	e->status = m->h->status;
	if (m->p) {
		e->name = m->p->name;
		e->desired_access = m->p->desired_access;
		e->disposition = m->p->disposition;
		e->create_options = m->p->create_options;
	}
	if (k->wc > 0) {
		rd_skip(&k->w, 5); /* AndX, OplockLevel */
		fid = rd_le16(&k->w);
		e->create_action = rd_le32(&k->w);
		read_times(&k->w, &e->times);
		e->attributes = rd_le32(&k->w);
		rd_skip(&k->w, 8); /* AllocationSize */
		e->end_of_file = rd_le64(&k->w);
		rd_skip(&k->w, 4); /* ResourceType, NMPipeStatus */
		if (rd_u8(&k->w))
			e->attributes |= FILE_ATTRIBUTE_DIRECTORY; /* the Directory flag */
		if (!rd_ok(&k->w)) {
			bad_body(m);
			return;
		}
	}
	e->f = file_ref(m, fid);
	if (k->wc > 0 && m->h->status == 0)
		smb_pipes_open(m->s, m->c, &e->f);
	emit(m, &ev);
}

/* ---- READ_ANDX, WRITE_ANDX, CLOSE ---- */

/* n pipe bytes at offset off from the header, refused (as a bad body) when
 * they are not all inside the message. */
static void pipe_data(const struct msg1 *m, uint16_t fid, size_t off, size_t n)
{
	struct rd d = rd_sub(m->r, off, n);
	struct file_ref f = file_ref(m, fid);
	struct event ev;

	if (!n)
		return;
	if (!rd_ok(&d)) {
		bad_body(m);
		return;
	}
	smb_pipe_event(m->c, &ev, &f, m->from_client, &d, m->h->status);
	emit(m, &ev);
}

static int is_pipe(const struct msg1 *m, uint16_t fid)
{
	struct file_ref f = file_ref(m, fid);

	return smb2_is_pipe(m->s, &f);
}

static void write_request(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_WRITE, .ts_us = m->c->ts_us };
	uint16_t fid, len_high, len_low, mode, data_off;
	uint32_t off_low, off_high = 0;

	rd_skip(&k->w, 4);
	fid = rd_le16(&k->w);
	off_low = rd_le32(&k->w);
	rd_skip(&k->w, 4); /* Timeout */
	mode = rd_le16(&k->w);
	rd_skip(&k->w, 2); /* Remaining */
	len_high = rd_le16(&k->w);
	len_low = rd_le16(&k->w);
	data_off = rd_le16(&k->w);
	if (k->wc == 14)
		off_high = rd_le32(&k->w);
	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	ev.u.io.f = file_ref(m, fid);
	ev.u.io.offset = (uint64_t)off_high << 32 | off_low;
	ev.u.io.length = (uint32_t)len_high << 16 | len_low;
	if (is_pipe(m, fid)) {
		size_t skip = (mode & WRITE_RAW_MESSAGE_START) == WRITE_RAW_MESSAGE_START ? 2 : 0;

		if (ev.u.io.length >= skip)
			pipe_data(m, fid, (size_t)data_off + skip, ev.u.io.length - skip);
	}
	emit(m, &ev);
}

static void read_request(const struct msg1 *m, struct blk *k)
{
	uint16_t fid;
	uint32_t off_low, off_high = 0;

	rd_skip(&k->w, 4);
	fid = rd_le16(&k->w);
	off_low = rd_le32(&k->w);
	rd_skip(&k->w, 10); /* MaxCount, MinCount, Timeout, Remaining */
	if (k->wc == 12)
		off_high = rd_le32(&k->w);
	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	if (m->p) {
		m->p->have_read = 1;
		m->p->read_fid = fid;
		m->p->read_offset = (uint64_t)off_high << 32 | off_low;
	}
}

/* The FID is only in the request: an unpaired response raises nothing. */
static void read_response(const struct msg1 *m, struct blk *k)
{
	struct event ev = { .type = EV_SMB_READ, .ts_us = ev_time(m) };
	uint16_t len_low = 0, len_high = 0, data_off = 0;

	if (!m->p || !m->p->have_read)
		return;
	if (k->wc > 0) {
		rd_skip(&k->w, 10); /* AndX, Available, DataCompactionMode, Reserved */
		len_low = rd_le16(&k->w);
		data_off = rd_le16(&k->w);
		len_high = rd_le16(&k->w);
		if (!rd_ok(&k->w)) {
			bad_body(m);
			return;
		}
	}
	ev.u.io.f = file_ref(m, m->p->read_fid);
	ev.u.io.offset = m->p->read_offset;
	ev.u.io.length = (uint32_t)len_high << 16 | len_low;
	ev.u.io.status = m->h->status;
	if (k->wc > 0 && is_pipe(m, m->p->read_fid))
		pipe_data(m, m->p->read_fid, data_off, ev.u.io.length);
	emit(m, &ev);
}

static void close_request(const struct msg1 *m, struct blk *k)
{
	uint16_t fid = rd_le16(&k->w);

	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	if (m->p) {
		m->p->have_close = 1;
		m->p->close_fid = fid;
	}
}

static void close_response(const struct msg1 *m)
{
	struct event ev = { .type = EV_SMB_CLOSE, .ts_us = ev_time(m) };

	if (!m->p || !m->p->have_close)
		return;
	ev.u.close.f = file_ref(m, m->p->close_fid);
	ev.u.close.status = m->h->status;
	smb2_pipes_close(m->s, &ev.u.close.f);
	emit(m, &ev);
}

/* ---- TRANSACTION on a named pipe ---- */

/* A TRANSACTION named \PIPE\ without setup words: Zeek still hands its
 * data to DCE/RPC (one analyzer for all SMB1 pipes), so it is pipe data of
 * FID 0, one stream for all such calls. */
static int bare_pipe_trans(const struct msg1 *m, const struct blk *k)
{
	struct rd b = k->b;
	struct text name;

	get_string(&b, unicode(m), &name);
	return name.set && name.len == 6 && memcmp(name.s, "\\PIPE\\", 6) == 0;
}

/* TransactNmPipe (MS-CIFS 2.2.5.6): the request's Data is written to the
 * pipe, the response's Data read from it, as one call. Offsets are from the
 * header. A transaction whose data does not all fit in the primary message
 * (TotalDataCount > DataCount: secondary requests, or several responses,
 * follow) is counted in smb1_trans_unreassembled and skipped, not
 * reassembled. */
static void trans_request(const struct msg1 *m, struct blk *k)
{
	uint16_t total_data, data_count, data_off, fid;
	uint8_t setup_count;

	rd_skip(&k->w, 2); /* TotalParameterCount */
	total_data = rd_le16(&k->w);
	rd_skip(&k->w, 18); /* MaxParameterCount .. Reserved2, ParameterCount, ParameterOffset */
	data_count = rd_le16(&k->w);
	data_off = rd_le16(&k->w);
	setup_count = rd_u8(&k->w);
	rd_skip(&k->w, 1);
	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	if (setup_count >= 2 && rd_le16(&k->w) == SMB1_TRANS_TRANSACT_NMPIPE)
		fid = rd_le16(&k->w);
	else if (setup_count == 0 && bare_pipe_trans(m, k))
		fid = 0;
	else
		return;
	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	if (m->p) {
		m->p->have_trans = 1;
		m->p->trans_fid = fid;
	}
	if (total_data > data_count) {
		m->c->st->smb1_trans_unreassembled++;
		return;
	}
	pipe_data(m, fid, data_off, data_count);
}

static void trans_response(const struct msg1 *m, struct blk *k)
{
	uint16_t total_data, data_count, data_off;

	if (!m->p || !m->p->have_trans || k->wc == 0)
		return; /* unpaired, or an error / interim response without data */
	rd_skip(&k->w, 2); /* TotalParameterCount */
	total_data = rd_le16(&k->w);
	rd_skip(&k->w, 8); /* Reserved1, ParameterCount, ParameterOffset, ParameterDisplacement */
	data_count = rd_le16(&k->w);
	data_off = rd_le16(&k->w);
	if (!rd_ok(&k->w)) {
		bad_body(m);
		return;
	}
	if (total_data > data_count) {
		m->c->st->smb1_trans_unreassembled++;
		return;
	}
	pipe_data(m, m->p->trans_fid, data_off, data_count);
}

/* ---- the rest, and dispatch ---- */

static void simple_request_event(const struct msg1 *m, enum ev_type type)
{
	struct event ev = { .type = type, .ts_us = m->c->ts_us };

	if (type == EV_SMB_LOGOFF) {
		ev.u.logoff.session_id = m->h->uid;
	} else {
		ev.u.tree_disconnect.session_id = m->h->uid;
		ev.u.tree_disconnect.tree_id = m->h->tid;
	}
	emit(m, &ev);
}

static void request(const struct msg1 *m, struct blk *k)
{
	switch (k->cmd) {
	case SMB1_COM_NEGOTIATE: negotiate_request(m, k); break;
	case SMB1_COM_SESSION_SETUP_ANDX: session_setup_request(m, k); break;
	case SMB1_COM_TREE_CONNECT_ANDX: tree_connect_request(m, k); break;
	case SMB1_COM_NT_CREATE_ANDX: create_request(m, k); break;
	case SMB1_COM_WRITE_ANDX: write_request(m, k); break;
	case SMB1_COM_READ_ANDX: read_request(m, k); break;
	case SMB1_COM_CLOSE: close_request(m, k); break;
	case SMB1_COM_TRANSACTION: trans_request(m, k); break;
	case SMB1_COM_LOGOFF_ANDX: simple_request_event(m, EV_SMB_LOGOFF); break;
	case SMB1_COM_TREE_DISCONNECT: simple_request_event(m, EV_SMB_TREE_DISCONNECT); break;
	default: break;
	}
}

static void response(const struct msg1 *m, struct blk *k)
{
	switch (k->cmd) {
	case SMB1_COM_NEGOTIATE: negotiate_response(m, k); break;
	case SMB1_COM_SESSION_SETUP_ANDX: session_setup_response(m, k); break;
	case SMB1_COM_TREE_CONNECT_ANDX: tree_connect_response(m, k); break;
	case SMB1_COM_NT_CREATE_ANDX: create_response(m, k); break;
	case SMB1_COM_READ_ANDX: read_response(m, k); break;
	case SMB1_COM_CLOSE: close_response(m); break;
	case SMB1_COM_TRANSACTION: trans_response(m, k); break;
	default: break;
	}
}

static int is_andx(uint8_t cmd)
{
	switch (cmd) {
	case SMB1_COM_LOCKING_ANDX:
	case SMB1_COM_OPEN_ANDX:
	case SMB1_COM_READ_ANDX:
	case SMB1_COM_WRITE_ANDX:
	case SMB1_COM_SESSION_SETUP_ANDX:
	case SMB1_COM_LOGOFF_ANDX:
	case SMB1_COM_TREE_CONNECT_ANDX:
	case SMB1_COM_NT_CREATE_ANDX:
		return 1;
	default:
		return 0;
	}
}

static int is_trans(uint8_t cmd)
{
	return cmd == SMB1_COM_TRANSACTION || cmd == SMB1_COM_TRANSACTION_SECONDARY ||
	       cmd == SMB1_COM_TRANSACTION2 || cmd == SMB1_COM_TRANSACTION2_SECONDARY ||
	       cmd == SMB1_COM_NT_TRANSACT || cmd == SMB1_COM_NT_TRANSACT_SECONDARY;
}

/* The command block at off. A ByteCount larger than the captured message
 * is cut to it: the strings that are there are still worth reading, and
 * each string read stops at the end anyway. */
static int parse_block(const struct msg1 *m, size_t off, uint8_t cmd, struct blk *k)
{
	struct rd r = *m->r;
	size_t start, end;
	uint16_t bc;

	rd_seek(&r, off);
	k->cmd = cmd;
	k->off = off;
	k->wc = rd_u8(&r);
	k->w = rd_sub(&r, off + 1, 2u * k->wc);
	rd_skip(&r, 2u * k->wc);
	bc = rd_le16(&r);
	if (!rd_ok(&r))
		return -1;
	start = r.pos;
	end = bc <= r.len - start ? start + bc : r.len;
	k->b = rd_sub(m->r, 0, end);
	rd_seek(&k->b, start);
	return 0;
}

static void andx_weird(const struct msg1 *m, uint64_t *counter, const char *name)
{
	(*counter)++;
	smb_weird(m->c, name);
}

/* Follow AndXCommand / AndXOffset from the first command: at most
 * SMB1_MAX_ANDX_DEPTH commands, each one further into the message. */
static void walk_chain(const struct msg1 *m)
{
	uint8_t cmd = m->h->command;
	size_t off = SMB1_HDR_LEN;
	unsigned depth;
	struct blk k;
	struct rd w;
	uint16_t next_off;

	for (depth = 1;; depth++) {
		if (parse_block(m, off, cmd, &k) < 0) {
			bad_body(m);
			return;
		}
		w = k.w;
		if (m->h->flags & SMB1_FLAGS_REPLY)
			response(m, &k);
		else
			request(m, &k);
		if (!is_andx(cmd) || k.wc < 2)
			return;
		cmd = rd_u8(&w);
		rd_skip(&w, 1);
		next_off = rd_le16(&w);
		if (cmd == SMB1_COM_NONE)
			return;
		if (next_off <= off) {
			andx_weird(m, &m->c->st->smb1_andx_not_advancing, "smb_andx_offset_not_advancing");
			return;
		}
		if (depth >= SMB1_MAX_ANDX_DEPTH) {
			andx_weird(m, &m->c->st->smb1_andx_too_deep, "smb_andx_depth_exceeded");
			return;
		}
		off = next_off;
	}
}

void smb1_message(struct smb_state *s, const struct smb_ctx *c, int from_client, struct rd *r)
{
	struct smb1_hdr h;
	struct msg1 m = { s, c, &h, r, from_client, NULL };

	rd_seek(r, 0);
	if (smb1_parse_header(r, &h) < 0) {
		c->st->smb1_bad_headers++;
		smb_weird(c, "SMB1_bad_header");
		return;
	}
	if (is_trans(h.command))
		c->st->smb1_trans_msgs++;
	if (h.flags & SMB1_FLAGS_REPLY) {
		m.p = pending_find(&m);
		if (m.p && m.p->command != h.command)
			m.p = NULL;
		if (!m.p)
			c->st->smb1_unmatched_responses++;
		walk_chain(&m);
		if (m.p)
			pending_drop(s, m.p);
		return;
	}
	if (expects_response(&m))
		m.p = pending_add(&m);
	walk_chain(&m);
}

void smb1_state_free(struct smb_state *s)
{
	struct smb1_pending *p, *tmp;

	HASH_ITER(hh, s->pending1, p, tmp) {
		HASH_DEL(s->pending1, p);
		pending_free(p);
	}
	s->npending1 = 0;
}
