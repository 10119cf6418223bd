/* Sessions per connection, from the events: the account comes from the
 * client's AUTHENTICATE (or the SMB1 plain account), held until the final
 * SESSION_SETUP response names the session; signing, encryption, trees and
 * writes are credited to the session of each message. */
#include <stdlib.h>
#include <string.h>

#include "ntlmssp.h"
#include "smb_track.h"

#define SMB2_SIGNING_REQUIRED 0x0002
#define SMB2_SESSION_FLAG_IS_GUEST 0x0001
#define SMB2_SESSION_FLAG_IS_NULL 0x0002
#define SMB2_SESSION_FLAG_ENCRYPT_DATA 0x0004

/* An empty name is no name: "-" in the logs, as an anonymous logon's. */
static void take_name(struct smb_name *n, const struct text *t)
{
	smb_name_set(n, t->len ? t : NULL);
}

/* to takes over from's bytes. */
static void move_name(struct smb_name *to, struct smb_name *from)
{
	smb_name_free(to);
	*to = *from;
	from->s = NULL;
	from->len = 0;
}

static void clear_auth(struct smb_auth *a)
{
	smb_name_free(&a->account);
	smb_name_free(&a->domain);
	smb_name_free(&a->workstation);
	memset(a, 0, sizeof(*a));
}

static void take_blob(struct smb_auth *a, const struct ev_auth_blob *b)
{
	if (!b->from_client)
		return;
	if (b->blob->mech == MECH_KERBEROS)
		a->kerberos = 1;
	if (b->blob->msg != NTLM_AUTHENTICATE)
		return;
	clear_auth(a);
	a->ntlm = 1;
	a->anonymous = (uint8_t)b->blob->anonymous;
	take_name(&a->account, &b->blob->user);
	take_name(&a->domain, &b->blob->domain);
	take_name(&a->workstation, &b->blob->workstation);
}

static struct smb_session *session(struct smb_track *t, const struct smb_track_limits *lim,
				   struct smb_track_stats *st, uint64_t id, int64_t ts)
{
	struct smb_session *s;

	HASH_FIND(hh, t->sessions, &id, sizeof(id), s);
	if (s)
		return s;
	if (t->nsessions >= lim->max_sessions || !(s = calloc(1, sizeof(*s)))) {
		st->sessions_refused++;
		return NULL;
	}
	s->session_id = id;
	s->ts_us = ts;
	HASH_ADD(hh, t->sessions, session_id, sizeof(s->session_id), s);
	t->nsessions++;
	return s;
}

/* The final SESSION_SETUP response: the pending account becomes the
 * session's. */
static void setup_done(struct smb_track *t, struct smb_session *s, const struct event *ev)
{
	const struct ev_session_setup *ss = &ev->u.session;

	s->ts_us = ev->ts_us < s->ts_us ? ev->ts_us : s->ts_us;
	s->setup_seen = 1;
	s->status = ss->status;
	s->signing_required = t->signing_required || (ss->security_mode & SMB2_SIGNING_REQUIRED);
	s->guest = (ss->session_flags & SMB2_SESSION_FLAG_IS_GUEST) != 0;
	s->anonymous = t->auth.anonymous || (ss->session_flags & SMB2_SESSION_FLAG_IS_NULL);
	s->encrypted |= (ss->session_flags & SMB2_SESSION_FLAG_ENCRYPT_DATA) != 0;
	s->kerberos = t->auth.kerberos && !t->auth.ntlm;
	s->ntlm = t->auth.ntlm;
	move_name(&s->account, &t->auth.account);
	move_name(&s->domain, &t->auth.domain);
	move_name(&s->workstation, &t->auth.workstation);
	clear_auth(&t->auth);
}

static void activity(struct smb_session *s, const struct event *ev)
{
	s->last_us = ev->ts_us > s->last_us ? ev->ts_us : s->last_us;
	s->signing_used |= ev->signed_msg;
	if (ev->type == EV_SMB_TREE_CONNECT && smb_status_ok(ev->version, ev->u.tree.status))
		s->trees++;
	else if (ev->type == EV_SMB_WRITE)
		s->bytes_written += ev->u.io.length;
	else if (ev->type == EV_SMB_TRANSFORM) {
		s->encrypted = 1;
		s->encrypted_msgs++;
	}
}

struct smb_session *smb_track_session_event(struct smb_track *t, const struct smb_track_limits *lim,
					    struct smb_track_stats *st, const struct event *ev)
{
	struct smb_session *s;
	uint64_t id = ev->type == EV_SMB_SESSION_SETUP ? ev->u.session.session_id : ev->session_id;

	if (ev->type == EV_SMB_NEGOTIATE) {
		t->dialect = ev->u.negotiate.dialect;
		t->version = ev->version;
		t->signing_required = (ev->u.negotiate.security_mode & SMB2_SIGNING_REQUIRED) != 0;
		return NULL;
	}
	if (ev->type == EV_SMB_AUTH_BLOB) {
		take_blob(&t->auth, &ev->u.auth);
		return NULL;
	}
	if (id == 0 || ev->type == EV_SMB_WEIRD)
		return NULL;
	if (!(s = session(t, lim, st, id, ev->ts_us)))
		return NULL;
	if (ev->type == EV_SMB_SESSION_SETUP)
		setup_done(t, s, ev);
	activity(s, ev);
	return s;
}

void smb_track_session_drop(struct smb_track *t, struct smb_session *s)
{
	HASH_DEL(t->sessions, s);
	t->nsessions--;
	smb_name_free(&s->account);
	smb_name_free(&s->domain);
	smb_name_free(&s->workstation);
	free(s);
}
