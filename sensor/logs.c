/* Opens the logs and hands each event to the writers that want it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "log_conn.h"
#include "log_notice.h"
#include "log_ntlm.h"
#include "log_dce_rpc.h"
#include "log_smb_exec.h"
#include "log_smb_files.h"
#include "log_smb_session.h"
#include "log_smb_mapping.h"
#include "log_stats.h"
#include "log_weird.h"
#include "logs.h"

struct logs *logs_open(const char *dir, int json)
{
	struct logs *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->conn = zlog_new(dir, "conn", log_conn_fields, log_conn_nfields, json);
	l->smb_mapping = zlog_new(dir, "smb_mapping", log_smb_mapping_fields, log_smb_mapping_nfields, json);
	l->smb_files = zlog_new(dir, "smb_files", log_smb_files_fields, log_smb_files_nfields, json);
	l->smb_session = zlog_new(dir, "smb_session", log_smb_session_fields, log_smb_session_nfields, json);
	l->dce_rpc = zlog_new(dir, "dce_rpc", log_dce_rpc_fields, log_dce_rpc_nfields, json);
	l->smb_exec = zlog_new(dir, "smb_exec", log_smb_exec_fields, log_smb_exec_nfields, json);
	l->ntlm = zlog_new(dir, "ntlm", log_ntlm_fields, log_ntlm_nfields, json);
	l->notice = zlog_new(dir, "notice", log_notice_fields, log_notice_nfields, json);
	l->weird = zlog_new(dir, "weird", log_weird_fields, log_weird_nfields, json);
	l->stats = zlog_new(dir, "stats", log_stats_fields(), log_stats_nfields(), json);
	if (!l->conn || !l->smb_mapping || !l->smb_files || !l->smb_session || !l->dce_rpc || !l->smb_exec ||
	    !l->ntlm || !l->notice || !l->weird || !l->stats) {
		logs_close(l);
		return NULL;
	}
	return l;
}

void logs_check(struct logs *l, int rc)
{
	if (rc < 0 && !l->io_error) {
		l->io_error = 1;
		l->io_errno = errno;
	}
}

void log_conn_id(struct zlog *z, const struct conn *c)
{
	zlog_cstr(z, c->uid);
	zlog_addr(z, c->orig_h);
	zlog_port(z, c->key.cli_port);
	zlog_addr(z, c->resp_h);
	zlog_port(z, c->key.srv_port);
}

void log_text(struct zlog *z, const struct text *t)
{
	if (t && t->set && t->len)
		zlog_str(z, t->s, t->len);
	else
		zlog_unset(z);
}

void logs_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	struct logs *l = s->logs;

	log_smb_mapping_event(l, c, ev);
	log_smb_files_event(l, c, ev);
	pipes_event(c, ev);
	log_ntlm_event(l, c, ev);
}

void logs_conn_end(struct sensor *s, struct conn *c)
{
	struct smb_session *ss, *tmp;

	pipes_free(c);
	HASH_ITER(hh, c->smbt.sessions, ss, tmp) {
		log_smb_session_write(s->logs, c, ss);
		smb_track_session_drop(&c->smbt, ss);
	}
	log_ntlm_conn_end(s->logs, c);
	log_conn_end(s->logs, c);
}

/* The logs a worker renders, in the order of their forwarding ids; notice
 * and stats are the coordinator's own. */
static size_t rendered(struct logs *l, struct zlog **out)
{
	struct zlog *all[] = { l->conn, l->smb_mapping, l->smb_files, l->smb_session, l->dce_rpc,
			       l->smb_exec, l->ntlm, l->weird };
	size_t n = sizeof(all) / sizeof(all[0]);

	memcpy(out, all, sizeof(all));
	return n;
}

void logs_forward(struct logs *l, zlog_forward_fn fwd, void *ctx)
{
	struct zlog *all[LOGS_MAX];
	size_t i, n = rendered(l, all);

	for (i = 0; i < n; i++)
		zlog_forward(all[i], fwd, ctx, (unsigned)i);
}

struct zlog *logs_by_id(struct logs *l, unsigned id)
{
	struct zlog *all[LOGS_MAX];

	return id < rendered(l, all) ? all[id] : NULL;
}

void logs_reopen(struct logs *l)
{
	struct zlog *all[LOGS_MAX];
	size_t i, n = rendered(l, all);

	all[n++] = l->notice;
	all[n++] = l->stats;
	for (i = 0; i < n; i++)
		logs_check(l, zlog_reopen(all[i]));
}

void logs_flush(struct logs *l)
{
	logs_check(l, zlog_flush(l->conn));
	logs_check(l, zlog_flush(l->smb_mapping));
	logs_check(l, zlog_flush(l->smb_files));
	logs_check(l, zlog_flush(l->smb_session));
	logs_check(l, zlog_flush(l->dce_rpc));
	logs_check(l, zlog_flush(l->smb_exec));
	logs_check(l, zlog_flush(l->ntlm));
	logs_check(l, zlog_flush(l->notice));
	logs_check(l, zlog_flush(l->weird));
	logs_check(l, zlog_flush(l->stats));
}

int logs_close(struct logs *l)
{
	int rc;

	if (!l)
		return 0;
	logs_check(l, zlog_close(l->conn));
	logs_check(l, zlog_close(l->smb_mapping));
	logs_check(l, zlog_close(l->smb_files));
	logs_check(l, zlog_close(l->smb_session));
	logs_check(l, zlog_close(l->dce_rpc));
	logs_check(l, zlog_close(l->smb_exec));
	logs_check(l, zlog_close(l->ntlm));
	logs_check(l, zlog_close(l->notice));
	logs_check(l, zlog_close(l->weird));
	logs_check(l, zlog_close(l->stats));
	rc = l->io_error ? -1 : 0;
	errno = l->io_errno;
	free(l);
	return rc;
}
