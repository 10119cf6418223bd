/* Named pipes on SMB2: a pipe is a FileId opened on a tree whose
 * TREE_CONNECT response said PIPE (IPC$). Their WRITE/READ data and
 * FSCTL_PIPE_TRANSCEIVE buffers are the DCE/RPC byte streams, so the
 * framer keeps them whole (smb2_wanted_bytes) and they are handed on as
 * events. Both sets are bounded by max_pipes, refusals counted. */
#include <stdlib.h>

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

static void add(const struct smb2_msg *m, struct smb2_pipe **set, uint64_t a, uint64_t b)
{
	struct smb2_pipe *p;

	if (find(*set, a, b))
		return;
	if (m->s->npipes >= m->c->lim->max_pipes || !(p = calloc(1, sizeof(*p)))) {
		m->c->st->pipes_refused++;
		return;
	}
	p->key[0] = a;
	p->key[1] = b;
	HASH_ADD(hh, *set, key, sizeof(p->key), p);
	m->s->npipes++;
}

static void drop(struct smb_state *s, struct smb2_pipe **set, struct smb2_pipe *p)
{
	HASH_DEL(*set, p);
	s->npipes--;
	free(p);
}

void smb2_pipes_tree(const struct smb2_msg *m, uint32_t tree_id, uint8_t share_type)
{
	struct smb2_pipe *p = find(m->s->pipe_trees, tree_id, 0);

	if (share_type == 2)
		add(m, &m->s->pipe_trees, tree_id, 0);
	else if (p) /* a TreeId reused for another share */
		drop(m->s, &m->s->pipe_trees, p);
}

void smb2_pipes_open(const struct smb2_msg *m, const struct file_ref *f)
{
	if (find(m->s->pipe_trees, f->tree_id, 0))
		add(m, &m->s->pipe_files, f->persistent, f->volatile_id);
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

void smb2_pipe_data(const struct smb2_msg *m, const struct file_ref *f, uint32_t off, uint32_t n)
{
	struct rd d = smb2_hdr_buf(m, off, n);
	struct event ev = { .type = EV_SMB_PIPE_DATA, .ts_us = m->c->ts_us };

	if (!n)
		return;
	if (!rd_ok(&d)) {
		smb2_bad_body(m);
		return;
	}
	ev.u.pipe.f = *f;
	ev.u.pipe.from_client = m->from_client;
	ev.u.pipe.data = d.p;
	ev.u.pipe.len = d.len;
	ev.u.pipe.status = m->h->status;
	m->c->st->pipe_bytes += d.len;
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
