/* Execution calls on a pipe. CreateService, OpenService and the registry
 * key calls return a handle that later calls use instead of a name, so the
 * last few handles are remembered per pipe with the name they stand for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "flows.h"
#include "log_smb_exec.h"
#include "log_weird.h"
#include "pipe_exec.h"
#include "rpc_names.h"

static const struct text *handle_name(const struct pipe_stream *p, const uint8_t *h)
{
	int i;

	for (i = 0; i < PIPE_MAX_HANDLES; i++)
		if (p->handles[i].name.set && !memcmp(p->handles[i].handle, h, NDR_HANDLE_LEN))
			return &p->handles[i].name;
	return NULL;
}

/* What a handle of this call names: a key for the registry, else a service. */
static struct text *handle_text(struct rpc_exec *e)
{
	int reg = e->op == RPC_EXEC_REG_CREATE_KEY || e->op == RPC_EXEC_REG_OPEN_KEY ||
		  e->op == RPC_EXEC_REG_SET_VALUE;

	return reg ? &e->key_name : &e->service_name;
}

static void remember_handle(struct pipe_stream *p, const struct pipe_call *call,
			    const struct dcerpc_call_info *ci)
{
	struct pipe_handle *ph = &p->handles[p->next_handle];
	const struct text *name = handle_text(call->exec);
	uint8_t h[NDR_HANDLE_LEN];

	if (!name->set || rpc_exec_handle(call->iface, call->opnum, ci->stub, ci->stub_len, h) != 1)
		return;
	memcpy(ph->handle, h, NDR_HANDLE_LEN);
	ph->name = *name;
	p->next_handle = (uint8_t)((p->next_handle + 1) % PIPE_MAX_HANDLES);
}

/* A field longer than TEXT_MAX is logged cut; the counter says it happened. */
static int truncated(const struct rpc_exec *e)
{
	const struct text *t[] = { &e->service_name, &e->display_name, &e->binary_path, &e->service_account,
				   &e->task_name, &e->command, &e->arguments };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i]->truncated)
			return 1;
	return 0;
}

/* A stub whose NDR ended early or lied about a size: addl names the call as
 * dce_rpc.log does. */
static void stub_lies(struct conn *c, const struct dcerpc_call_info *ci)
{
	char addl[128];
	struct weird w = { ci->ts_last_us, "dce_rpc_malformed_stub", addl, "DCE_RPC" };
	const char *ep = rpc_endpoint_name(ci->iface), *op = rpc_operation_name(ci->iface, ci->opnum);

	c->s->st.rpc_exec_malformed++;
	snprintf(addl, sizeof(addl), "%s::%s", ep ? ep : "?", op ? op : "?");
	log_weird(c, &w);
}

/* A sealed or NDR64 stub still says which call it was: it gets a row with
 * its arguments unset (decoding nothing leaves just the operation). */
void pipe_exec_request(struct conn *c, struct pipe_stream *p, struct pipe_call *call,
		       const struct dcerpc_call_info *ci)
{
	static const uint8_t nothing[1];
	int readable = ci->stub && !ci->ndr64;
	struct rpc_exec *e;
	const struct text *name;
	int rc;

	if (!ci->iface_known || rpc_exec_op_of(ci->iface, ci->opnum) == RPC_EXEC_NONE)
		return;
	if (!(e = calloc(1, sizeof(*e))))
		return;
	rc = readable ? rpc_exec_decode(ci->iface, ci->opnum, ci->stub, ci->stub_len, e)
		      : rpc_exec_decode(ci->iface, ci->opnum, nothing, 0, e);
	c->s->st.rpc_exec_calls++;
	if (truncated(e))
		c->s->st.rpc_exec_truncated++;
	if (!readable)
		c->s->st.rpc_exec_undecoded++;
	else if (rc < 0)
		stub_lies(c, ci);
	if (!handle_text(e)->set && (e->flags & RPC_EXEC_F_HANDLE) && (name = handle_name(p, e->handle)))
		*handle_text(e) = *name;
	call->exec = e;
	call->sealed = (uint8_t)ci->sealed;
}

static void release(struct pipe_call *call)
{
	free(call->exec);
	call->exec = NULL;
}

void pipe_exec_answer(struct conn *c, struct pipe_stream *p, struct pipe_call *call,
		      const struct dcerpc_call_info *ci, uint32_t fault_status)
{
	uint32_t status = fault_status;
	int known = 1;

	if (!call->exec)
		return;
	if (ci && ci->stub)
		known = rpc_exec_status(call->iface, call->opnum, ci->stub, ci->stub_len, &status) == 1;
	else if (ci)
		known = 0;
	if (known && status == 0 && ci)
		remember_handle(p, call, ci);
	log_smb_exec_call(c->s->logs, c, p, call, known, status);
	detect_exec(c->s, c, p->session_id, call, known, status, log_smb_exec_staged(c, call->exec));
	release(call);
}

void pipe_exec_unanswered(struct conn *c, struct pipe_stream *p, struct pipe_call *call)
{
	if (!call->exec)
		return;
	log_smb_exec_call(c->s->logs, c, p, call, 0, 0);
	detect_exec(c->s, c, p->session_id, call, 0, 0, log_smb_exec_staged(c, call->exec));
	release(call);
}
