/* smb_exec.log rows. Field order follows Zeek's SMB logs: time, connection,
 * who and where (account, share, pipe), what (endpoint, operation), then the
 * decoded arguments and the outcome. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "flows.h"
#include "log_smb_exec.h"
#include "logs.h"
#include "pipes.h"
#include "rpc_exec.h"
#include "rpc_names.h"
#include "written_files.h"

const struct zfield log_smb_exec_fields[] = {
	{ "ts", ZT_TIME },           { "uid", ZT_STRING },          { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },    { "id.resp_h", ZT_ADDR },       { "id.resp_p", ZT_PORT },
	{ "account", ZT_STRING },    { "share", ZT_STRING },         { "named_pipe", ZT_STRING },
	{ "endpoint", ZT_STRING },   { "operation", ZT_STRING },     { "sealed", ZT_BOOL },
	{ "service_name", ZT_STRING },
	{ "display_name", ZT_STRING }, { "binary_path", ZT_STRING }, { "start_type", ZT_STRING },
	{ "service_account", ZT_STRING }, { "task_name", ZT_STRING }, { "command", ZT_STRING },
	{ "arguments", ZT_STRING },  { "key_name", ZT_STRING },      { "value_name", ZT_STRING },
	{ "value_data", ZT_STRING }, { "status", ZT_STRING },        { "file_path", ZT_STRING },
};
const unsigned log_smb_exec_nfields = sizeof(log_smb_exec_fields) / sizeof(log_smb_exec_fields[0]);

/* Registry keys that start something: a service's key (its ImagePath) and
 * the Run / RunOnce keys. */
static int autostart_key(const struct text *k)
{
	static const char *const ends[] = { "\\currentversion\\run", "\\currentversion\\runonce" };
	size_t i, n;

	if (!k->set)
		return 0;
	if (strcasestr(k->s, "\\services\\") || !strncasecmp(k->s, "services\\", 9))
		return 1;
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		n = strlen(ends[i]);
		if (k->len >= n && !strcasecmp(k->s + k->len - n, ends[i]))
			return 1;
	}
	return 0;
}

/* The calls worth a row; opening a service or a registry key only names a
 * handle for the calls that follow, and registry writes only count under
 * keys that start programs. */
static int logged(const struct rpc_exec *e)
{
	switch (e->op) {
	case RPC_EXEC_NONE:
	case RPC_EXEC_SVC_OPEN:
	case RPC_EXEC_REG_OPEN_KEY:
		return 0;
	case RPC_EXEC_REG_CREATE_KEY:
	case RPC_EXEC_REG_SET_VALUE:
		return autostart_key(&e->key_name);
	default:
		return 1;
	}
}

/* Unlike log_text, an empty string is kept ("(empty)"): for these calls a
 * NULL pointer (no change, no value) and an empty string differ. */
static void text_or_unset(struct zlog *z, const struct text *t)
{
	if (t->set)
		zlog_str(z, t->s, t->len);
	else
		zlog_unset(z);
}

/* MS-SCMR dwStartType names; ChangeServiceConfig's SERVICE_NO_CHANGE unset. */
static void start_type(struct zlog *z, const struct rpc_exec *e)
{
	static const char *const names[] = { "SERVICE_BOOT_START", "SERVICE_SYSTEM_START",
					     "SERVICE_AUTO_START", "SERVICE_DEMAND_START",
					     "SERVICE_DISABLED" };
	char buf[16];

	if (!(e->flags & RPC_EXEC_F_START_TYPE) || e->start_type == 0xFFFFFFFFu) {
		zlog_unset(z);
	} else if (e->start_type < sizeof(names) / sizeof(names[0])) {
		zlog_cstr(z, names[e->start_type]);
	} else {
		snprintf(buf, sizeof(buf), "0x%08x", e->start_type);
		zlog_cstr(z, buf);
	}
}

static void who_and_where(struct zlog *z, const struct conn *c, const struct pipe_stream *p)
{
	struct smb_session *ss;
	struct smb_tree *tr;
	uint64_t sid = p->session_id;

	HASH_FIND(hh, c->smbt.sessions, &sid, sizeof(sid), ss);
	if (ss && ss->account.s)
		zlog_str(z, ss->account.s, ss->account.len);
	else
		zlog_unset(z);
	HASH_FIND(hh, c->smbt.trees, &p->tree_id, sizeof(p->tree_id), tr);
	if (tr && tr->path.s)
		zlog_str(z, tr->path.s, tr->path.len);
	else
		zlog_unset(z);
	log_text(z, &p->named_pipe);
}

static void name_or_unset(struct zlog *z, const char *s)
{
	if (s)
		zlog_cstr(z, s);
	else
		zlog_unset(z);
}

const char *log_smb_exec_staged(const struct conn *c, const struct rpc_exec *e)
{
	const struct text *cmd = e->binary_path.set ? &e->binary_path :
				 e->command.set ? &e->command : &e->value_data;

	return cmd->set ? written_files_match(c->s, c->resp_h, cmd->s, cmd->len) : NULL;
}

void log_smb_exec_call(struct logs *l, const struct conn *c, const struct pipe_stream *p,
		       const struct pipe_call *call, int status_known, uint32_t status)
{
	struct zlog *z = l->smb_exec;
	const struct rpc_exec *e = call->exec;
	char buf[16];

	if (!e || !logged(e))
		return;
	zlog_begin(z);
	zlog_time(z, call->ts_us);
	log_conn_id(z, c);
	who_and_where(z, c, p);
	name_or_unset(z, rpc_endpoint_name(call->iface));
	name_or_unset(z, rpc_operation_name(call->iface, call->opnum));
	zlog_bool(z, call->sealed);
	text_or_unset(z, &e->service_name);
	text_or_unset(z, &e->display_name);
	text_or_unset(z, &e->binary_path);
	start_type(z, e);
	text_or_unset(z, &e->service_account);
	text_or_unset(z, &e->task_name);
	text_or_unset(z, &e->command);
	text_or_unset(z, &e->arguments);
	text_or_unset(z, &e->key_name);
	text_or_unset(z, &e->value_name);
	text_or_unset(z, &e->value_data);
	if (status_known) {
		snprintf(buf, sizeof(buf), "0x%08x", status);
		zlog_cstr(z, buf);
	} else {
		zlog_unset(z);
	}
	name_or_unset(z, log_smb_exec_staged(c, e));
	logs_check(l, zlog_end(z));
}
