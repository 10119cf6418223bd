/* Trees and open files per connection, in uthash tables with limits. Names
 * are stored at their length (not in TEXT_MAX buffers): a busy file server
 * keeps thousands of opens. */
#include <stdlib.h>
#include <string.h>

#include "smb_track.h"

void smb_name_free(struct smb_name *n)
{
	free(n->s);
	n->s = NULL;
	n->len = 0;
}

void smb_name_set(struct smb_name *n, const struct text *t)
{
	smb_name_free(n);
	if (!t || !t->set || !(n->s = malloc((size_t)t->len + 1)))
		return;
	memcpy(n->s, t->s, t->len);
	n->s[t->len] = '\0';
	n->len = t->len;
}

struct smb_tree *smb_track_tree(struct smb_track *t, uint32_t tree_id)
{
	struct smb_tree *tr;

	HASH_FIND(hh, t->trees, &tree_id, sizeof(tree_id), tr);
	return tr;
}

struct smb_tree *smb_track_tree_connect(struct smb_track *t, const struct smb_track_limits *lim,
					struct smb_track_stats *st, const struct ev_tree_connect *ev)
{
	struct smb_tree *tr = smb_track_tree(t, ev->tree_id);

	if (!tr) {
		if (t->ntrees >= lim->max_trees || !(tr = calloc(1, sizeof(*tr)))) {
			st->trees_refused++;
			return NULL;
		}
		tr->tree_id = ev->tree_id;
		HASH_ADD(hh, t->trees, tree_id, sizeof(tr->tree_id), tr);
		t->ntrees++;
	}
	smb_name_set(&tr->path, ev->path);
	tr->share_type = ev->share_type;
	return tr;
}

void smb_track_tree_disconnect(struct smb_track *t, uint32_t tree_id)
{
	struct smb_tree *tr = smb_track_tree(t, tree_id);

	if (!tr)
		return;
	HASH_DEL(t->trees, tr);
	t->ntrees--;
	smb_name_free(&tr->path);
	free(tr);
}

struct smb_open *smb_track_open_find(struct smb_track *t, const struct file_ref *f)
{
	struct smb_open *o;
	uint64_t key[2] = { f->persistent, f->volatile_id };

	HASH_FIND(hh, t->opens, key, sizeof(key), o);
	return o;
}

static struct smb_open *add_open(struct smb_track *t, const struct smb_track_limits *lim,
				 struct smb_track_stats *st, const struct file_ref *f)
{
	struct smb_open *o = smb_track_open_find(t, f);

	if (o)
		return o;
	if (t->nopens >= lim->max_opens || !(o = calloc(1, sizeof(*o)))) {
		st->opens_refused++;
		return NULL;
	}
	o->persistent = f->persistent;
	o->volatile_id = f->volatile_id;
	HASH_ADD(hh, t->opens, persistent, 2 * sizeof(uint64_t), o);
	t->nopens++;
	return o;
}

struct smb_open *smb_track_open(struct smb_track *t, const struct smb_track_limits *lim,
				struct smb_track_stats *st, const struct event *ev)
{
	const struct ev_create *cr = &ev->u.create;
	struct smb_open *o = add_open(t, lim, st, &cr->f);

	if (!o)
		return NULL;
	smb_name_set(&o->name, cr->name);
	o->tree_id = cr->f.tree_id;
	o->ts_us = ev->ts_us;
	o->size = cr->end_of_file;
	o->times = cr->times;
	o->is_dir = (cr->attributes & 0x10) != 0;
	o->logged_write = 0;
	o->bytes_written = o->bytes_read = 0;
	o->writes = o->reads = 0;
	return o;
}

struct smb_open *smb_track_open_unknown(struct smb_track *t, const struct smb_track_limits *lim,
					struct smb_track_stats *st, const struct file_ref *f, int64_t ts)
{
	struct smb_open *o = add_open(t, lim, st, f);

	if (o && !o->ts_us) {
		st->opens_unknown++;
		o->tree_id = f->tree_id;
		o->ts_us = ts;
	}
	return o;
}

void smb_track_close(struct smb_track *t, struct smb_open *o)
{
	HASH_DEL(t->opens, o);
	t->nopens--;
	smb_name_free(&o->name);
	free(o);
}

void smb_track_free(struct smb_track *t)
{
	struct smb_tree *tr, *ttmp;
	struct smb_open *o, *otmp;
	struct smb_session *s, *stmp;

	HASH_ITER(hh, t->trees, tr, ttmp) {
		HASH_DEL(t->trees, tr);
		smb_name_free(&tr->path);
		free(tr);
	}
	HASH_ITER(hh, t->opens, o, otmp) {
		smb_track_close(t, o);
	}
	HASH_ITER(hh, t->sessions, s, stmp) {
		smb_track_session_drop(t, s);
	}
	smb_name_free(&t->auth.account);
	smb_name_free(&t->auth.domain);
	smb_name_free(&t->auth.workstation);
	t->ntrees = 0;
}
