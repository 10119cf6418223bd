/* Hardening findings (detect_findings.h): weak settings seen in the traffic
 * itself, each once per (note, client, server) every finding_interval
 * seconds, so a daily report per pair and not a row per connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "detect_findings.h"
#include "detect_internal.h"
#include "flows.h"
#include "log_smb_session.h"

#define SMB2_SHAREFLAG_ENCRYPT_DATA 0x8000
#define NETBIOS_SSN_PORT 139

struct finding_key {
	uint8_t note;               /* enum notice_kind */
	char client[46], server[46];
};

struct finding_pair {
	struct finding_key key;     /* zero-padded: hashed as bytes */
	int64_t reported_us;
	UT_hash_handle hh;
};

static void evict_oldest(struct sensor *s)
{
	struct finding_pair *p = s->findings;

	HASH_DEL(s->findings, p);
	free(p);
	s->st.finding_pairs_evicted++;
}

/* Pairs least recently seen first: one whose interval has passed would be
 * due again anyway, so it can go (a day of new pairs does not fill the
 * table). */
static void expire(struct sensor *s, int64_t now_us)
{
	struct finding_pair *p;

	while ((p = s->findings) && now_us - p->reported_us >= (int64_t)s->cfg.finding_interval * 1000000) {
		HASH_DEL(s->findings, p);
		free(p);
		s->st.finding_pairs_expired++;
	}
}

int detect_finding_due(struct sensor *s, enum notice_kind note, const char *client, const char *server,
		       int64_t now_us)
{
	struct finding_key k;
	struct finding_pair *p;
	int due = 1;

	memset(&k, 0, sizeof(k));
	k.note = (uint8_t)note;
	snprintf(k.client, sizeof(k.client), "%s", client);
	snprintf(k.server, sizeof(k.server), "%s", server);
	HASH_FIND(hh, s->findings, &k, sizeof(k), p);
	if (p) {
		HASH_DEL(s->findings, p); /* re-added last: the most recently seen */
		due = now_us - p->reported_us >= (int64_t)s->cfg.finding_interval * 1000000;
	} else {
		expire(s, now_us);
		if (HASH_COUNT(s->findings) >= s->cfg.finding_max_pairs)
			evict_oldest(s);
		if (!(p = calloc(1, sizeof(*p)))) {
			s->st.detect_alloc_failed++;
			return 1;
		}
		p->key = k;
	}
	if (due)
		p->reported_us = now_us;
	HASH_ADD(hh, s->findings, key, sizeof(p->key), p);
	return due;
}

/* One notice about connection c, when due: "client -> server what". */
static void finding(struct sensor *s, const struct conn *c, const struct event *ev, enum notice_kind note,
		    const char *severity, const char *what, const char *file_desc)
{
	char msg[3 * TEXT_MAX], sub[2 * TEXT_MAX], account[DETECT_ACCOUNT_LEN], dbuf[16];
	const char *dialect = smb_dialect_name(c->smbt.version, c->smbt.dialect, dbuf);
	struct notice n = { ev->ts_us, c, note, msg, sub, file_desc, c->orig_h, c->resp_h,
			    c->key.srv_port, -1 };

	if (!detect_finding_due(s, note, c->orig_h, c->resp_h, ev->ts_us))
		return;
	detect_account(c, ev->session_id, account, sizeof(account));
	snprintf(msg, sizeof(msg), "%s -> %s %s", c->orig_h, c->resp_h, what);
	snprintf(sub, sizeof(sub), "severity=%s; dialect=%s; account=%s; uid=%s", severity, dialect ? dialect : "-",
		 *account ? account : "-", c->uid);
	log_notice(s->logs, &n);
	s->st.notices++;
}

/* SMB1, TCP 139 and the allowed servers are properties of the connection:
 * looked at on its NEGOTIATE, or on every event while none was seen (a
 * capture that starts mid-connection); the pair table keeps it to one. A
 * security blob is not such an event: the NEGOTIATE response's own blob
 * comes just before the NEGOTIATE event. */
static void connection_findings(struct sensor *s, const struct conn *c, const struct event *ev)
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
static void sensitive_share(struct sensor *s, const struct conn *c, const struct event *ev)
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
static void unsigned_session(struct sensor *s, const struct conn *c, const struct event *ev)
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

void detect_findings_free(struct sensor *s)
{
	struct finding_pair *p, *tmp;

	HASH_ITER(hh, s->findings, p, tmp) {
		HASH_DEL(s->findings, p);
		free(p);
	}
}
