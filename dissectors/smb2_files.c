/* SMB2 file commands (MS-SMB2 2.2.13-2.2.40): CREATE, READ, WRITE, CLOSE,
 * SET_INFO (rename, delete disposition, basic), IOCTL. Responses do not name
 * the file, so the request's FileId waits in the pending entry. In a compound
 * chain, a related request names "the file of the previous message" with
 * the FileId 0xFFFF...FF: the chain keeps that file (from the previous
 * request, and on the response side from the CREATE response). */
#include <stdlib.h>

#include "filetime.h"
#include "smb2.h"

#define RELATED_OPERATIONS 0x00000004u
#define INFO_FILE 1
#define CLASS_BASIC 4
#define CLASS_RENAME 10
#define CLASS_DISPOSITION 13
#define CLASS_DISPOSITION_EX 64
#define DISPOSITION_EX_DELETE 0x1u
#define CLOSE_POSTQUERY_ATTRIB 0x0001
#define FSCTL_PIPE_TRANSCEIVE 0x0011C017u
static void read_times(struct rd *b, struct file_times *t)
{
	t->created = filetime_us(rd_le64(b));
	t->accessed = filetime_us(rd_le64(b));
	t->written = filetime_us(rd_le64(b));
	t->changed = filetime_us(rd_le64(b));
}

/* The FileId at the reader, made concrete for related compound requests. */
static int is_previous(const struct file_ref *f)
{
	return f->persistent == UINT64_MAX && f->volatile_id == UINT64_MAX;
}

static struct file_ref file_id(const struct smb2_msg *m, struct rd *b)
{
	struct file_ref f = { m->h->session_id, m->h->tree_id, 0, 0 };

	f.persistent = rd_le64(b);
	f.volatile_id = rd_le64(b);
	if (is_previous(&f) && (m->h->flags & RELATED_OPERATIONS)) {
		f.persistent = m->chain->persistent;
		f.volatile_id = m->chain->volatile_id;
	}
	if (m->h->flags & RELATED_OPERATIONS) {
		if (f.session_id == UINT64_MAX)
			f.session_id = m->chain->session_id;
		if (f.tree_id == UINT32_MAX)
			f.tree_id = m->chain->tree_id;
	}
	*m->chain = f;
	return f;
}

/* On the response side of a chain, "the previous file" is the one the
 * CREATE response earlier in the chain opened. */
static struct file_ref resolved(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct file_ref f = p->f;

	if (is_previous(&f)) {
		f.persistent = m->chain->persistent;
		f.volatile_id = m->chain->volatile_id;
	}
	return f;
}

static struct text *take_text(struct rd b)
{
	struct text *t;

	if (!rd_ok(&b) || !(t = malloc(sizeof(*t))))
		return NULL;
	text_from_utf16le(t, b.p, b.len);
	return t;
}

static void create_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	uint16_t off, len;

	rd_skip(&b, 24);
	p->desired_access = rd_le32(&b);
	rd_skip(&b, 8);
	p->disposition = rd_le32(&b);
	p->create_options = rd_le32(&b);
	off = rd_le16(&b);
	len = rd_le16(&b);
	if (!rd_ok(&b)) {
		smb2_bad_body(m);
		return;
	}
	/* An empty name is the share's root: there is no buffer to check. */
	p->text = take_text(len ? smb2_hdr_buf(m, off, len) : rd_sub(m->r, 0, 0));
	if (!p->text)
		smb2_bad_body(m);
	p->f = (struct file_ref){ m->h->session_id, m->h->tree_id, 0, 0 };
	/* Related requests after it name its file, known at the response. */
	*m->chain = (struct file_ref){ m->h->session_id, m->h->tree_id, UINT64_MAX, UINT64_MAX };
}

static void create_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_CREATE, .version = 2, .ts_us = p ? p->ts_us : m->c->ts_us };
	struct ev_create *cr = &ev.u.create;

	cr->status = m->h->status;
	cr->name = p ? p->text : NULL;
	if (p) {
		cr->desired_access = p->desired_access;
		cr->disposition = p->disposition;
		cr->create_options = p->create_options;
	}
	cr->f = (struct file_ref){ m->h->session_id, m->h->tree_id, 0, 0 };
	if (!smb2_is_error(m->h->status)) {
		rd_skip(&b, 4);
		cr->create_action = rd_le32(&b);
		read_times(&b, &cr->times);
		rd_skip(&b, 8);
		cr->end_of_file = rd_le64(&b);
		cr->attributes = rd_le32(&b);
		rd_skip(&b, 4);
		cr->f.persistent = rd_le64(&b);
		cr->f.volatile_id = rd_le64(&b);
		if (!rd_ok(&b)) {
			smb2_bad_body(m);
			return;
		}
		*m->chain = cr->f;
		smb2_pipes_open(m, &cr->f);
	}
	smb2_emit(m, &ev);
}

static void read_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);

	rd_skip(&b, 8);
	p->offset = rd_le64(&b);
	p->f = file_id(m, &b);
	if (!rd_ok(&b))
		smb2_bad_body(m);
}

static void read_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_READ, .version = 2, .ts_us = p->ts_us };
	uint8_t off;

	ev.u.io.f = resolved(m, p);
	ev.u.io.offset = p->offset;
	ev.u.io.status = m->h->status;
	if (!smb2_is_error(m->h->status)) {
		rd_skip(&b, 2);
		off = rd_u8(&b);
		rd_skip(&b, 1);
		ev.u.io.length = rd_le32(&b);
		if (!rd_ok(&b)) {
			smb2_bad_body(m);
			return;
		}
		if (smb2_is_pipe(m->s, &ev.u.io.f))
			smb2_pipe_data(m, &ev.u.io.f, off, ev.u.io.length);
	}
	smb2_emit(m, &ev);
}

/* Writes are reported at the request: its length is what went to the file
 * as far as the sensor can tell, even if the response was not captured. */
static void write_request(const struct smb2_msg *m)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_WRITE, .version = 2, .ts_us = m->c->ts_us };
	uint16_t off;

	rd_skip(&b, 2);
	off = rd_le16(&b);
	ev.u.io.length = rd_le32(&b);
	ev.u.io.offset = rd_le64(&b);
	ev.u.io.f = file_id(m, &b);
	if (!rd_ok(&b)) {
		smb2_bad_body(m);
		return;
	}
	if (smb2_is_pipe(m->s, &ev.u.io.f))
		smb2_pipe_data(m, &ev.u.io.f, off, ev.u.io.length);
	smb2_emit(m, &ev);
}

static void close_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);

	rd_skip(&b, 8);
	p->f = file_id(m, &b);
	if (!rd_ok(&b))
		smb2_bad_body(m);
}

static void close_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_CLOSE, .version = 2, .ts_us = p->ts_us };
	uint16_t flags;

	ev.u.close.f = resolved(m, p);
	ev.u.close.status = m->h->status;
	smb2_pipes_close(m->s, &ev.u.close.f);
	if (!smb2_is_error(m->h->status)) {
		flags = rd_le16(&b);
		rd_skip(&b, 4);
		read_times(&b, &ev.u.close.times);
		rd_skip(&b, 8);
		ev.u.close.end_of_file = rd_le64(&b);
		ev.u.close.have_attributes = (flags & CLOSE_POSTQUERY_ATTRIB) != 0;
		if (!rd_ok(&b)) {
			smb2_bad_body(m);
			return;
		}
	}
	smb2_emit(m, &ev);
}

/* FileRenameInformation: ReplaceIfExists(1) Reserved(7) RootDirectory(8)
 * FileNameLength(4) FileName; the disposition classes: one flag. */
static void set_info_buffer(const struct smb2_msg *m, struct smb2_pending *p, struct rd buf)
{
	uint32_t n;

	if (!rd_ok(&buf)) { /* BufferOffset/Length outside the message */
		smb2_bad_body(m);
		return;
	}
	if (p->info_class == CLASS_RENAME) {
		rd_skip(&buf, 16);
		n = rd_le32(&buf);
		p->text = take_text(rd_sub(&buf, buf.pos, n));
		if (!p->text)
			smb2_bad_body(m);
	} else if (p->info_class == CLASS_DISPOSITION) {
		p->delete_pending = rd_u8(&buf) != 0;
	} else if (p->info_class == CLASS_DISPOSITION_EX) {
		p->delete_pending = (rd_le32(&buf) & DISPOSITION_EX_DELETE) != 0;
	}
}

static void set_info_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	uint8_t type;
	uint32_t len;
	uint16_t off;

	rd_skip(&b, 2);
	type = rd_u8(&b);
	p->info_class = rd_u8(&b);
	len = rd_le32(&b);
	off = rd_le16(&b);
	rd_skip(&b, 6);
	p->f = file_id(m, &b);
	if (!rd_ok(&b)) {
		smb2_bad_body(m);
		return;
	}
	if (type != INFO_FILE)
		p->info_class = 0;
	else
		set_info_buffer(m, p, smb2_hdr_buf(m, off, len));
}

static enum set_info_kind kind_of(uint8_t info_class)
{
	switch (info_class) {
	case CLASS_RENAME: return SET_INFO_RENAME;
	case CLASS_DISPOSITION: case CLASS_DISPOSITION_EX: return SET_INFO_DISPOSITION;
	case CLASS_BASIC: return SET_INFO_BASIC;
	default: return SET_INFO_OTHER;
	}
}

static void set_info_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct event ev = { .type = EV_SMB_SET_INFO, .version = 2, .ts_us = p->ts_us };

	ev.u.set_info.f = resolved(m, p);
	ev.u.set_info.status = m->h->status;
	ev.u.set_info.kind = kind_of(p->info_class);
	ev.u.set_info.new_name = p->text;
	ev.u.set_info.delete_pending = p->delete_pending;
	smb2_emit(m, &ev);
}

/* IOCTL request and response share their layout: CtlCode(4) at 4,
 * FileId(16) at 8, InputOffset/Count at 24, OutputOffset/Count at 32. A
 * pipe transceive's input is the client's RPC bytes, its output the
 * server's. */
static void ioctl_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct event ev = { .type = EV_SMB_IOCTL, .version = 2, .ts_us = m->c->ts_us };
	uint32_t in_off, in_len;

	rd_skip(&b, 4);
	ev.u.ioctl.ctl_code = rd_le32(&b);
	ev.u.ioctl.f = file_id(m, &b);
	in_off = rd_le32(&b);
	in_len = rd_le32(&b);
	if (!rd_ok(&b)) {
		smb2_bad_body(m);
		return;
	}
	if (p)
		p->f = ev.u.ioctl.f;
	if (ev.u.ioctl.ctl_code == FSCTL_PIPE_TRANSCEIVE) {
		m->c->st->pipe_transceives++;
		smb2_pipe_data(m, &ev.u.ioctl.f, in_off, in_len);
	}
	smb2_emit(m, &ev);
}

static void ioctl_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	struct rd b = smb2_body(m);
	struct file_ref f = resolved(m, p);
	uint32_t ctl, out_off, out_len;

	if (smb2_is_error(m->h->status))
		return;
	rd_skip(&b, 4);
	ctl = rd_le32(&b);
	rd_skip(&b, 24);
	out_off = rd_le32(&b);
	out_len = rd_le32(&b);
	if (!rd_ok(&b)) {
		smb2_bad_body(m);
		return;
	}
	if (ctl == FSCTL_PIPE_TRANSCEIVE)
		smb2_pipe_data(m, &f, out_off, out_len);
}

void smb2_files_request(const struct smb2_msg *m, struct smb2_pending *p)
{
	uint16_t cmd = m->h->command;

	if (cmd == SMB2_WRITE)
		write_request(m);
	else if (cmd == SMB2_IOCTL)
		ioctl_request(m, p);
	else if (!p)
		return; /* nothing to pair with: the table refused it */
	else if (cmd == SMB2_CREATE)
		create_request(m, p);
	else if (cmd == SMB2_READ)
		read_request(m, p);
	else if (cmd == SMB2_CLOSE)
		close_request(m, p);
	else if (cmd == SMB2_SET_INFO)
		set_info_request(m, p);
}

void smb2_files_response(const struct smb2_msg *m, const struct smb2_pending *p)
{
	uint16_t cmd = m->h->command;

	if (cmd == SMB2_CREATE)
		create_response(m, p);
	else if (!p)
		return; /* the file is only known from the request */
	else if (cmd == SMB2_READ)
		read_response(m, p);
	else if (cmd == SMB2_CLOSE)
		close_response(m, p);
	else if (cmd == SMB2_SET_INFO)
		set_info_response(m, p);
	else if (cmd == SMB2_IOCTL)
		ioctl_response(m, p);
}
