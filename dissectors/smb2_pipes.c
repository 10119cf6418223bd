/* Named pipes on SMB2: a pipe is a FileId opened on a tree whose
 * TREE_CONNECT response said PIPE (IPC$). Their WRITE/READ data and
 * FSCTL_PIPE_TRANSCEIVE buffers are the DCE/RPC byte streams, so the
 * framer keeps them whole (smb2_wanted_bytes) and they are handed on as
 * events. Both sets are bounded by max_pipes, refusals counted. SMB1
 * (dissectors/smb1.c) keeps its TIDs and FIDs in the same sets through the
 * smb_ forms, and builds its pipe events with smb_pipe_event. */
#include <stdlib.h>
#include <string.h>

#include "smb2.h"

struct smb2_pipe {
	uint64_t key[2];          /* tree: { tree_id, 0 }; file: { persistent, volatile } */
	UT_hash_handle hh;
};

static struct smb2_pipe *find(struct smb2_pipe *set, uint64_t a, uint64_t b)
{
	struct smb2_pipe *p;
	uint64_t key[2] = { a, b };

	HASH_FIND(hh, set, key, sizeof(key), p);
	return p;
}

static void add(struct smb_state *s, const struct smb_ctx *c, struct smb2_pipe **set, uint64_t a, uint64_t b)
{
	struct smb2_pipe *p;

	if (find(*set, a, b))
		return;
	if (s->npipes >= c->lim->max_pipes || !(p = calloc(1, sizeof(*p)))) {
		c->st->pipes_refused++;
		/* Zeek's name for its max_dce_rpc_analyzers being reached */
		smb_weird(c, "SMB_discarded_dce_rpc_analyzers");
		return;
	}
	p->key[0] = a;
	p->key[1] = b;
	HASH_ADD(hh, *set, key, sizeof(p->key), p);
	s->npipes++;
}

static void drop(struct smb_state *s, struct smb2_pipe **set, struct smb2_pipe *p)
{
	HASH_DEL(*set, p);
	s->npipes--;
	free(p);
}

/* The version-neutral forms: SMB1 (dissectors/smb1.c) keeps its TIDs and
 * FIDs ({ 0, FID }) in the same sets. */
void smb_pipes_tree(struct smb_state *s, const struct smb_ctx *c, uint32_t tree_id, uint8_t share_type)
{
	struct smb2_pipe *p = find(s->pipe_trees, tree_id, 0);

	if (share_type == 2)
		add(s, c, &s->pipe_trees, tree_id, 0);
	else if (p) /* a TreeId reused for another share */
		drop(s, &s->pipe_trees, p);
}

void smb_pipes_open(struct smb_state *s, const struct smb_ctx *c, const struct file_ref *f)
{
	if (find(s->pipe_trees, f->tree_id, 0))
		add(s, c, &s->pipe_files, f->persistent, f->volatile_id);
}

void smb2_pipes_tree(const struct smb2_msg *m, uint32_t tree_id, uint8_t share_type)
{
	smb_pipes_tree(m->s, m->c, tree_id, share_type);
}

void smb2_pipes_open(const struct smb2_msg *m, const struct file_ref *f)
{
	smb_pipes_open(m->s, m->c, f);
}

void smb2_pipes_close(struct smb_state *s, const struct file_ref *f)
{
	struct smb2_pipe *p = find(s->pipe_files, f->persistent, f->volatile_id);

	if (p)
		drop(s, &s->pipe_files, p);
}

int smb2_is_pipe(const struct smb_state *s, const struct file_ref *f)
{
	return find(s->pipe_files, f->persistent, f->volatile_id) != NULL;
}

void smb_pipe_event(const struct smb_ctx *c, struct event *ev, const struct file_ref *f,
		    int from_client, const struct rd *d, uint32_t status)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = EV_SMB_PIPE_DATA;
	ev->ts_us = c->ts_us;
	ev->u.pipe.f = *f;
	ev->u.pipe.from_client = from_client;
	ev->u.pipe.data = d->p;
	ev->u.pipe.len = d->len;
	ev->u.pipe.status = status;
	c->st->pipe_bytes += d->len;
}

void smb2_pipe_data(const struct smb2_msg *m, const struct file_ref *f, uint32_t off, uint32_t n)
{
	struct rd d = smb2_hdr_buf(m, off, n);
	struct event ev;

	if (!n)
		return;
	if (!rd_ok(&d)) {
		smb2_bad_body(m);
		return;
	}
	smb_pipe_event(m->c, &ev, f, m->from_client, &d, m->h->status);
	smb2_emit(m, &ev);
}

void smb2_pipes_free(struct smb_state *s)
{
	struct smb2_pipe *p, *tmp;

	HASH_ITER(hh, s->pipe_trees, p, tmp) {
		drop(s, &s->pipe_trees, p);
	}
	HASH_ITER(hh, s->pipe_files, p, tmp) {
		drop(s, &s->pipe_files, p);
	}
}
