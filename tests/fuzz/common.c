/* Input layout and checks shared by the fuzz targets. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rpc_exec.h"

uint8_t fuzz_byte(struct fuzz_input *in)
{
	uint8_t b;

	if (!in->n)
		return 0;
	b = in->p[0];
	in->p++;
	in->n--;
	return b;
}

int fuzz_next(struct fuzz_input *in, struct fuzz_chunk *c)
{
	if (in->n < 3)
		return 0;
	c->flags = in->p[0];
	c->len = (uint16_t)(in->p[1] | in->p[2] << 8);
	in->p += 3;
	in->n -= 3;
	c->n = c->flags & FUZZ_GAP ? 0 : c->len < in->n ? c->len : in->n;
	c->data = in->p;
	in->p += c->n;
	in->n -= c->n;
	return 1;
}

void fuzz_touch(const uint8_t *p, size_t n)
{
	volatile uint8_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum ^= p[i];
	(void)sum;
}

void fuzz_text(const struct text *t)
{
	if (!t)
		return;
	if (t->len > TEXT_MAX || t->s[t->len] != '\0')
		abort();
	fuzz_touch((const uint8_t *)t->s, t->len);
}

static void check_blob(const struct ntlm_blob *b)
{
	fuzz_text(&b->user);
	fuzz_text(&b->domain);
	fuzz_text(&b->workstation);
	fuzz_text(&b->server_nb_computer);
	fuzz_text(&b->server_nb_domain);
	fuzz_text(&b->server_dns_computer);
	fuzz_text(&b->server_dns_domain);
	fuzz_text(&b->server_dns_tree);
}

void fuzz_event(void *ctx, const struct event *ev)
{
	(void)ctx;
	switch (ev->type) {
	case EV_SMB_AUTH_BLOB:
		check_blob(ev->u.auth.blob);
		break;
	case EV_SMB_TREE_CONNECT:
		fuzz_text(ev->u.tree.path);
		fuzz_text(ev->u.tree.service);
		fuzz_text(ev->u.tree.native_fs);
		break;
	case EV_SMB_CREATE:
		fuzz_text(ev->u.create.name);
		break;
	case EV_SMB_SET_INFO:
		fuzz_text(ev->u.set_info.new_name);
		break;
	case EV_SMB_PIPE_DATA:
		fuzz_touch(ev->u.pipe.data, ev->u.pipe.len);
		break;
	case EV_SMB_WEIRD:
		if (!ev->u.weird.name || !strlen(ev->u.weird.name))
			abort();
		if (ev->u.weird.addl)
			fuzz_touch((const uint8_t *)ev->u.weird.addl, strlen(ev->u.weird.addl));
		break;
	default:
		break;
	}
}

void fuzz_exec(const struct rpc_exec *e)
{
	const struct text *t[] = { &e->service_name, &e->display_name, &e->binary_path, &e->service_account,
				   &e->task_name, &e->command, &e->arguments, &e->key_name,
				   &e->value_name, &e->value_data, &e->user };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		fuzz_text(t[i]);
}
