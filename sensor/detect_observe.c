/* The connection side of the detectors (detect.h): from an event and the
 * connection's state, the observation each detector needs (detect_obs.h).
 * Nothing here keeps state across connections. */
#include <stdio.h>
#include <string.h>
#include <uthash.h>

#include "config.h"
#include "detect.h"
#include "detect_obs.h"
#include "flows.h"
#include "pipes.h"
#include "rpc_names.h"
#include "smb.h"

void detect_account(const struct conn *c, uint64_t session_id, char *out, size_t n)
{
	struct smb_session *ss;
	const struct text *user = &c->ntlm.username, *dom = &c->ntlm.domainname;

	HASH_FIND(hh, c->smbt.sessions, &session_id, sizeof(session_id), ss);
	if (ss && ss->account.s)
		snprintf(out, n, "%.60s%s%.60s", ss->domain.s ? ss->domain.s : "",
			 ss->domain.s && *ss->domain.s ? "\\" : "", ss->account.s);
	else if (user->set && user->len)
		snprintf(out, n, "%.60s%s%.60s", dom->set ? dom->s : "", dom->set && dom->len ? "\\" : "", user->s);
	else
		out[0] = '\0';
}

void detect_obs_start(struct detect_obs *o, enum obs_kind kind, const struct conn *c, uint64_t session_id)
{
	o->kind = kind;
	o->now_us = c->s->now_us;
	memcpy(o->c.uid, c->uid, sizeof(o->c.uid));
	memcpy(o->c.orig_h, c->orig_h, sizeof(o->c.orig_h));
	memcpy(o->c.resp_h, c->resp_h, sizeof(o->c.resp_h));
	o->c.orig_p = c->key.cli_port;
	o->c.resp_p = c->key.srv_port;
	detect_account(c, session_id, o->account, sizeof(o->account));
}

static int admin_share(const struct sensor *s, const char *share_path)
{
	const char *name = strrchr(share_path, '\\');

	return config_list_has(&s->cfg.admin_shares, name ? name + 1 : share_path);
}

/* The first write to a file opened on an admin disk share. */
static void admin_write(struct sensor *s, struct conn *c, const struct event *ev)
{
	struct smb_open *f = smb_track_open_find(&c->smbt, &ev->u.io.f);
	struct smb_tree *tr = f ? smb_track_tree(&c->smbt, f->tree_id) : NULL;
	struct detect_obs o;

	if (!f || f->writes != 1 || !f->name.s || !tr || !tr->path.s || tr->share_type != 1 ||
	    !admin_share(s, tr->path.s))
		return;
	detect_obs_start(&o, OBS_ADMIN_WRITE, c, ev->session_id);
	snprintf(o.u.path, sizeof(o.u.path), "%s\\%s", tr->path.s, f->name.s);
	detect_emit(s, &o);
}

/* The share name: the last component of "\\server\share". */
static const char *share_of(const struct text *path)
{
	const char *name;

	if (!path || !path->set)
		return "?";
	name = strrchr(path->s, '\\');
	return name ? name + 1 : path->s;
}

static void access(struct sensor *s, struct conn *c, const struct event *ev)
{
	struct detect_obs o;

	if (ev->type == EV_SMB_SESSION_SETUP && smb_status_ok(ev->version, ev->u.session.status)) {
		detect_obs_start(&o, OBS_ACCESS, c, ev->u.session.session_id);
		o.u.share[0] = '\0';
	} else if (ev->type == EV_SMB_TREE_CONNECT && smb_status_ok(ev->version, ev->u.tree.status)) {
		detect_obs_start(&o, OBS_ACCESS, c, ev->u.tree.session_id);
		snprintf(o.u.share, sizeof(o.u.share), "%s", share_of(ev->u.tree.path));
	} else {
		return;
	}
	detect_emit(s, &o);
}

/* The statuses of refused credentials (MS-ERREF 2.3). Others are not logon
 * failures: ACCESS_DENIED refuses a multichannel session binding
 * (smb3_multichannel.pcap has 26), NETWORK_SESSION_EXPIRED asks a client
 * to authenticate again. */
static int credentials_refused(uint32_t status)
{
	static const uint32_t refused[] = {
		0xc000006d, /* LOGON_FAILURE */          0xc000006a, /* WRONG_PASSWORD */
		0xc0000064, /* NO_SUCH_USER */           0xc0000072, /* ACCOUNT_DISABLED */
		0xc0000234, /* ACCOUNT_LOCKED_OUT */     0xc000006e, /* ACCOUNT_RESTRICTION */
		0xc000006f, /* INVALID_LOGON_HOURS */    0xc0000070, /* INVALID_WORKSTATION */
		0xc0000071, /* PASSWORD_EXPIRED */       0xc0000193, /* ACCOUNT_EXPIRED */
		0xc0000224, /* PASSWORD_MUST_CHANGE */   0xc000015b, /* LOGON_TYPE_NOT_GRANTED */
		0x00020002, /* SMB1 DOS error ERRSRV/ERRbadpw */
	};
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (status == refused[i])
			return 1;
	return 0;
}

/* The session's account, or the one the client sent when the server did
 * not name a session (its failure may carry SessionId 0). */
static void logon_failure(struct sensor *s, struct conn *c, const struct event *ev)
{
	const struct smb_auth *a = &c->smbt.auth;
	struct detect_obs o;

	if (ev->type != EV_SMB_SESSION_SETUP || !credentials_refused(ev->u.session.status))
		return;
	detect_obs_start(&o, OBS_LOGON_FAILURE, c, ev->u.session.session_id);
	o.now_us = ev->ts_us;
	if (!*o.account && a->account.s)
		snprintf(o.account, sizeof(o.account), "%.60s%s%.60s", a->domain.s ? a->domain.s : "",
			 a->domain.s ? "\\" : "", a->account.s);
	detect_emit(s, &o);
}

void detect_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	if (!s->cfg.detect)
		return;
	if (ev->type == EV_SMB_WRITE)
		admin_write(s, c, ev);
	access(s, c, ev);
	logon_failure(s, c, ev);
	detect_findings_event(s, c, ev);
}

/* The calls that make a host run something. */
static int runs_something(enum rpc_exec_op op)
{
	return op == RPC_EXEC_SVC_CREATE || op == RPC_EXEC_SVC_CHANGE || op == RPC_EXEC_SVC_START ||
	       op == RPC_EXEC_TASK_REGISTER || op == RPC_EXEC_TASK_RUN || op == RPC_EXEC_AT_JOB_ADD;
}

/* What the call runs: the binary path, or the task's command and arguments. */
static void command_of(const struct rpc_exec *e, char *out, size_t n)
{
	if (e->binary_path.set)
		snprintf(out, n, "%s", e->binary_path.s);
	else if (e->command.set)
		snprintf(out, n, "%s%s%s", e->command.s, e->arguments.set ? " " : "",
			 e->arguments.set ? e->arguments.s : "");
	else
		out[0] = '\0';
}

static void describe(const struct pipe_call *call, const char *cmd, char *out, size_t n)
{
	const struct rpc_exec *e = call->exec;
	const char *ep = rpc_endpoint_name(call->iface), *op = rpc_operation_name(call->iface, call->opnum);
	const struct text *name = e->service_name.set ? &e->service_name : &e->task_name;

	snprintf(out, n, "%s %s%s%s%s%s%s%s", ep ? ep : "?", op ? op : "?", name->set ? " '" : "",
		 name->set ? name->s : "", name->set ? "'" : "", *cmd ? " running '" : "", cmd, *cmd ? "'" : "");
}

void detect_exec(struct sensor *s, const struct conn *c, uint64_t session_id, const struct pipe_call *call,
		 int status_known, uint32_t status, const char *staged)
{
	struct detect_obs o;
	struct obs_exec *x = &o.u.exec;

	if (!s->cfg.detect || !call->exec || !runs_something(call->exec->op))
		return;
	detect_obs_start(&o, OBS_EXEC, c, session_id);
	x->call_us = call->ts_us;
	x->status_known = (uint8_t)!!status_known;
	x->status = status;
	command_of(call->exec, x->cmd, sizeof(x->cmd));
	describe(call, x->cmd, x->what, sizeof(x->what));
	snprintf(x->file, sizeof(x->file), "%s", staged ? staged : "");
	detect_emit(s, &o);
}
