/* smb_files.log as Zeek's smb2-main.zeek and main.zeek write it: a row per
 * open (at the CREATE response, stamped with the request's time, which
 * every later row of that file keeps), rename, delete (disposition, or an
 * open with FILE_DELETE_ON_CLOSE), and the other actions when configured;
 * the share type picks FILE_, PIPE_ or PRINT_; an empty name is
 * <share_root>; MAC times only when the modification time is known. A row
 * equal to one written in the last 3 minutes on the connection (action,
 * name, path, size and times but the access time) is skipped, as Zeek's
 * recent_files does. Unlike Zeek, a file whose open was not captured still
 * gets rows, with its name unset, and there is no fuid (no file
 * extraction), so Zeek's second, fuid-carrying READ/WRITE row has no
 * counterpart here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flows.h"
#include "log_smb_files.h"
#include "logs.h"
#include "written_files.h"

#define RECENT_US (180ll * 1000000)
#define MAX_SEEN 4096
#define DELETE_ON_CLOSE 0x00001000u
#define SHARE_ROOT "<share_root>"

/* As logged; the parser accepts them with or without the "SMB::" prefix. */
static const char *const action_names[SMB_NACTIONS] = {
	"SMB::FILE_READ", "SMB::FILE_WRITE", "SMB::FILE_OPEN", "SMB::FILE_CLOSE", "SMB::FILE_DELETE",
	"SMB::FILE_RENAME", "SMB::FILE_SET_ATTRIBUTE", "SMB::PIPE_READ", "SMB::PIPE_WRITE", "SMB::PIPE_OPEN",
	"SMB::PIPE_CLOSE", "SMB::PRINT_READ", "SMB::PRINT_WRITE", "SMB::PRINT_OPEN", "SMB::PRINT_CLOSE",
};
#define PREFIX_LEN 5

const struct zfield log_smb_files_fields[] = {
	{ "ts", ZT_TIME },           { "uid", ZT_STRING },         { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },    { "id.resp_h", ZT_ADDR },     { "id.resp_p", ZT_PORT },
	{ "fuid", ZT_STRING },       { "action", ZT_ENUM },        { "path", ZT_STRING },
	{ "name", ZT_STRING },       { "size", ZT_COUNT },         { "prev_name", ZT_STRING },
	{ "times.modified", ZT_TIME }, { "times.accessed", ZT_TIME }, { "times.created", ZT_TIME },
	{ "times.changed", ZT_TIME },
};
const unsigned log_smb_files_nfields = sizeof(log_smb_files_fields) / sizeof(log_smb_files_fields[0]);

int smb_action_parse(const char *name, size_t len)
{
	int i;

	if (len > PREFIX_LEN && !strncasecmp(name, "SMB::", PREFIX_LEN)) {
		name += PREFIX_LEN;
		len -= PREFIX_LEN;
	}
	for (i = 0; i < SMB_NACTIONS; i++)
		if (strlen(action_names[i]) == len + PREFIX_LEN && !strncasecmp(name, action_names[i] + PREFIX_LEN, len))
			return i;
	return -1;
}

/* OPEN/READ/WRITE/CLOSE exist for files, pipes and printers. */
static enum smb_action family(const struct conn *c, const struct smb_open *o, enum smb_action file_action)
{
	const struct smb_tree *t = smb_track_tree((struct smb_track *)&c->smbt, o->tree_id);
	int shift = t && t->share_type == 2 ? SMB_PIPE_READ : t && t->share_type == 3 ? SMB_PRINT_READ : 0;

	if (!shift || file_action > SMB_FILE_CLOSE)
		return file_action;
	return (enum smb_action)(shift + (file_action == SMB_FILE_READ ? 0 : file_action == SMB_FILE_WRITE ? 1 :
					  file_action == SMB_FILE_OPEN ? 2 : 3));
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t mix_name(uint64_t h, const struct smb_name *n)
{
	uint16_t i;

	for (i = 0; n && i < n->len; i++)
		h = mix(h, (unsigned char)n->s[i]);
	return mix(h, n && n->s ? 1 : 2);
}

static uint64_t row_key(enum smb_action a, const struct smb_name *path, const struct smb_open *o)
{
	uint64_t h = mix(0, a);

	h = mix_name(h, &o->name);
	h = mix_name(h, path);
	h = mix(h, o->size);
	h = mix(h, (uint64_t)o->times.written);
	h = mix(h, (uint64_t)o->times.created);
	return mix(h, (uint64_t)o->times.changed);
}

/* 1 if the row was seen recently; remembers it either way. */
static int seen_recently(struct smb_files_state *fs, uint64_t key, int64_t now)
{
	struct smb_seen *e;

	HASH_FIND(hh, fs->seen, &key, sizeof(key), e);
	if (e) {
		int recent = now - e->last_us < RECENT_US;

		e->last_us = now;
		return recent;
	}
	if (fs->nseen >= MAX_SEEN) { /* uthash keeps insertion order: drop the oldest */
		e = fs->seen;
		HASH_DEL(fs->seen, e);
		free(e);
		fs->nseen--;
	}
	if ((e = calloc(1, sizeof(*e))) != NULL) {
		e->key = key;
		e->last_us = now;
		HASH_ADD(hh, fs->seen, key, sizeof(e->key), e);
		fs->nseen++;
	}
	return 0;
}

static void time_or_unset(struct zlog *z, int64_t t, int known)
{
	if (known)
		zlog_time(z, t);
	else
		zlog_unset(z);
}

/* NULL or a name not seen: unset. */
static void name_field(struct zlog *z, const struct smb_name *n)
{
	zlog_str(z, n ? n->s : NULL, n ? n->len : 0);
}

static void row(struct logs *l, struct conn *c, const struct smb_open *o, enum smb_action a,
		const struct smb_name *prev)
{
	const struct smb_tree *t = smb_track_tree(&c->smbt, o->tree_id);
	const struct smb_name *path = t ? &t->path : NULL;
	struct zlog *z = l->smb_files;
	int times = o->times.written > 0;

	if (!(c->s->cfg.smb_files_actions & (1u << a)) ||
	    seen_recently(&c->files, row_key(a, path, o), c->s->now_us))
		return;
	zlog_begin(z);
	zlog_time(z, o->ts_us);
	log_conn_id(z, c);
	zlog_unset(z);
	zlog_cstr(z, action_names[a]);
	name_field(z, path);
	if (o->name.s && !o->name.len)
		zlog_cstr(z, SHARE_ROOT);
	else
		name_field(z, &o->name);
	zlog_count(z, o->size);
	name_field(z, prev);
	time_or_unset(z, o->times.written, times);
	time_or_unset(z, o->times.accessed, times);
	time_or_unset(z, o->times.created, times);
	time_or_unset(z, o->times.changed, times);
	logs_check(l, zlog_end(z));
}

static struct smb_open *file_of(struct conn *c, const struct file_ref *f, int64_t ts)
{
	struct smb_open *o = smb_track_open_find(&c->smbt, f);

	return o ? o : smb_track_open_unknown(&c->smbt, &c->s->track_lim, &c->s->st.track, f, ts);
}

static void set_info(struct logs *l, struct conn *c, const struct event *ev)
{
	const struct ev_set_info *si = &ev->u.set_info;
	struct smb_open *o = file_of(c, &si->f, ev->ts_us);
	struct smb_name prev;

	if (!o || !smb_status_ok(ev->version, si->status))
		return;
	if (si->kind == SET_INFO_RENAME && si->new_name) {
		prev = o->name;
		o->name.s = NULL; /* kept in prev for the row */
		smb_name_set(&o->name, si->new_name);
		row(l, c, o, SMB_FILE_RENAME, &prev);
		smb_name_free(&prev);
	} else if (si->kind == SET_INFO_DISPOSITION && si->delete_pending) {
		row(l, c, o, SMB_FILE_DELETE, NULL);
	} else if (si->kind == SET_INFO_BASIC) {
		row(l, c, o, SMB_FILE_SET_ATTRIBUTE, NULL);
	}
}

static void note_written(struct conn *c, const struct smb_open *o)
{
	const struct smb_tree *tr = smb_track_tree(&c->smbt, o->tree_id);

	if (tr && tr->share_type == 1)
		written_files_note(c->s, c->resp_h, tr->path.s, o->name.s);
}

static void io(struct logs *l, struct conn *c, const struct event *ev, int write)
{
	struct smb_open *o = file_of(c, &ev->u.io.f, ev->ts_us);

	if (!o)
		return;
	if (!write) {
		row(l, c, o, family(c, o, SMB_FILE_READ), NULL);
	} else if (!o->logged_write) {
		o->logged_write = 1;
		row(l, c, o, family(c, o, SMB_FILE_WRITE), NULL);
		note_written(c, o);
	}
}

void log_smb_files_event(struct logs *l, struct conn *c, const struct event *ev)
{
	struct smb_open *o;

	switch (ev->type) {
	case EV_SMB_CREATE:
		o = smb_track_open_find(&c->smbt, &ev->u.create.f);
		if (!o || !smb_status_ok(ev->version, ev->u.create.status))
			return;
		row(l, c, o, family(c, o, SMB_FILE_OPEN), NULL);
		if (ev->u.create.create_options & DELETE_ON_CLOSE)
			row(l, c, o, SMB_FILE_DELETE, NULL);
		break;
	case EV_SMB_WRITE:
	case EV_SMB_READ:
		io(l, c, ev, ev->type == EV_SMB_WRITE);
		break;
	case EV_SMB_SET_INFO:
		set_info(l, c, ev);
		break;
	case EV_SMB_CLOSE:
		if ((o = file_of(c, &ev->u.close.f, ev->ts_us)) != NULL)
			row(l, c, o, family(c, o, SMB_FILE_CLOSE), NULL);
		break;
	default:
		break;
	}
}

void log_smb_files_free(struct smb_files_state *fs)
{
	struct smb_seen *e, *tmp;

	HASH_ITER(hh, fs->seen, e, tmp) {
		HASH_DEL(fs->seen, e);
		free(e);
	}
	fs->nseen = 0;
}
