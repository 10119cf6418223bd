/* The connection side of the hardening findings (detect_findings.h): which
 * weak setting an event shows, worded with the connection's dialect and
 * account. A connection hands each kind on at most once per
 * finding_interval; the pair table across connections (detect_findings.c)
 * keeps it to one per client and server. */
#include <stdio.h>
#include <string.h>
#include <uthash.h>

#include "detect_internal.h"
#include "detect_obs.h"
#include "flows.h"
#include "log_smb_session.h"

#define SMB2_SHAREFLAG_ENCRYPT_DATA 0x8000
#define NETBIOS_SSN_PORT 139

/* "client -> server what", unless this connection handed it on within
 * finding_interval: a connection that lives longer than that may repeat it
 * up to one interval late. */
static void finding(struct sensor *s, struct conn *c, const struct event *ev, enum notice_kind note,
		    const char *severity, const char *what, const char *file_desc)
{
	int64_t *last = &c->findings_us[note - NOTE_SMB1];
	struct detect_obs o;
	struct obs_finding *f = &o.u.finding;
	char dbuf[16];
	const char *dialect;

	if (*last && ev->ts_us - *last < (int64_t)s->cfg.finding_interval * 1000000)
		return;
	*last = ev->ts_us;
	dialect = smb_dialect_name(c->smbt.version, c->smbt.dialect, dbuf);
	detect_obs_start(&o, OBS_FINDING, c, ev->session_id);
	o.now_us = ev->ts_us;
	f->note = note;
	snprintf(f->msg, sizeof(f->msg), "%s -> %s %s", c->orig_h, c->resp_h, what);
	snprintf(f->sub, sizeof(f->sub), "severity=%s; dialect=%s; account=%s; uid=%s", severity,
		 dialect ? dialect : "-", *o.account ? o.account : "-", c->uid);
	snprintf(f->file_desc, sizeof(f->file_desc), "%s", file_desc ? file_desc : "");
	detect_emit(s, &o);
}

/* SMB1, TCP 139 and the allowed servers are properties of the connection:
 * looked at on its NEGOTIATE, or on every event while none was seen (a
 * capture that starts mid-connection); the pair table keeps it to one. A
 * security blob is not such an event: the NEGOTIATE response's own blob
 * comes just before the NEGOTIATE event. */
static void connection_findings(struct sensor *s, struct conn *c, const struct event *ev)
{
	char what[64], dbuf[16];
	const char *dialect;

	if (ev->version == 1) {
		dialect = smb_dialect_name(1, c->smbt.dialect, dbuf);
		if (ev->type != EV_SMB_NEGOTIATE)
			snprintf(what, sizeof(what), "uses SMB1");
		else
			snprintf(what, sizeof(what), "negotiated SMB1%s%.20s%s", dialect ? " (" : "",
				 dialect ? dialect : "", dialect ? ")" : "");
		finding(s, c, ev, NOTE_SMB1, "high", what, NULL);
	}
	if (c->key.srv_port == NETBIOS_SSN_PORT)
		finding(s, c, ev, NOTE_NETBIOS_TRANSPORT, "low", "speaks SMB over the NetBIOS session service (TCP 139)",
			NULL);
	if (s->cfg.allow_smb_servers.n && !config_cidrs_has(&s->cfg.allow_smb_servers, c->resp_h))
		finding(s, c, ev, NOTE_PEER_NOT_ALLOWED, "medium", "uses an SMB server not in allow_smb_servers",
			NULL);
}

static struct smb_session *session_of(const struct conn *c, uint64_t id)
{
	struct smb_session *ss;

	HASH_FIND(hh, c->smbt.sessions, &id, sizeof(id), ss);
	return ss;
}

/* A successful tree connect to a sensitive share (its last path component)
 * that neither the session nor the share encrypts. */
static void sensitive_share(struct sensor *s, struct conn *c, const struct event *ev)
{
	const struct ev_tree_connect *t = &ev->u.tree;
	const struct smb_session *ss = session_of(c, t->session_id);
	const char *name;
	char what[TEXT_MAX + 64];

	if (!smb_status_ok(ev->version, t->status) || !t->path || !t->path->set || (ss && ss->encrypted) ||
	    (t->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA))
		return;
	name = strrchr(t->path->s, '\\');
	if (!config_list_has(&s->cfg.sensitive_shares, name ? name + 1 : t->path->s))
		return;
	snprintf(what, sizeof(what), "reached %s without encryption", t->path->s);
	finding(s, c, ev, NOTE_UNENCRYPTED_SENSITIVE, "medium", what, t->path->s);
}

/* Whether a session signs is judged on its first ordinary messages, the
 * file opens, and not on smb_session.signing_used: SMB 3.x signs the final
 * SESSION_SETUP response whenever there is a session key, and 3.1.1 also
 * its TREE_CONNECTs, whether or not the session signs the rest (demo.pcap
 * shows both), so signing_used only says that some message was signed. A
 * successful open that is unsigned, in a session not encrypted and where
 * neither NEGOTIATE nor SESSION_SETUP required signing, shows the session's
 * file traffic travels unsigned (open to tampering and NTLM relay). */
static void unsigned_session(struct sensor *s, struct conn *c, const struct event *ev)
{
	const struct smb_session *ss = session_of(c, ev->session_id);

	if (ev->signed_msg || !smb_status_ok(ev->version, ev->u.create.status) || !ss || ss->encrypted ||
	    ss->signing_required || c->smbt.signing_required)
		return;
	finding(s, c, ev, NOTE_UNSIGNED, "medium", "opens files in a session that does not sign its messages",
		NULL);
}

void detect_findings_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	if (ev->type == EV_SMB_NEGOTIATE || (!c->smbt.dialect && ev->type != EV_SMB_AUTH_BLOB))
		connection_findings(s, c, ev);
	if (ev->type == EV_SMB_TREE_CONNECT)
		sensitive_share(s, c, ev);
	else if (ev->type == EV_SMB_CREATE)
		unsigned_session(s, c, ev);
}

