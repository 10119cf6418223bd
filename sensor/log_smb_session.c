/* smb_session.log. auth is NTLM, Kerberos, anonymous (a null session or an
 * NTLM AUTHENTICATE without a user) or guest; '-' when the session setup
 * was not captured (the session was picked up mid-stream). */
#include <stdio.h>

#include "flows.h"
#include "log_smb_session.h"
#include "logs.h"

const struct zfield log_smb_session_fields[] = {
	{ "ts", ZT_TIME },           { "uid", ZT_STRING },           { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },    { "id.resp_h", ZT_ADDR },       { "id.resp_p", ZT_PORT },
	{ "session_id", ZT_COUNT },  { "dialect", ZT_STRING },       { "signing_required", ZT_BOOL },
	{ "signing_used", ZT_BOOL }, { "encrypted", ZT_BOOL },       { "auth", ZT_STRING },
	{ "account", ZT_STRING },    { "domain", ZT_STRING },        { "workstation", ZT_STRING },
	{ "status", ZT_STRING },     { "trees", ZT_COUNT },          { "files_written", ZT_COUNT },
	{ "bytes_written", ZT_COUNT }, { "encrypted_msgs", ZT_COUNT }, { "duration", ZT_INTERVAL },
};
const unsigned log_smb_session_nfields = sizeof(log_smb_session_fields) / sizeof(log_smb_session_fields[0]);

const char *smb_dialect_name(uint8_t version, uint16_t dialect, char buf[16])
{
	static const struct { uint16_t d; const char *name; } names[] = {
		{ 0x0202, "2.0.2" }, { 0x0210, "2.1" }, { 0x0300, "3.0" },
		{ 0x0302, "3.0.2" }, { 0x0311, "3.1.1" }, { 0x02FF, "2.1+" },
	};
	size_t i;

	if (version == 1)
		return dialect == 0x0100 ? "NT LM 0.12" : dialect ? "pre-NT LM 0.12" : NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].d == dialect)
			return names[i].name;
	if (!dialect)
		return NULL;
	snprintf(buf, 16, "0x%04x", dialect);
	return buf;
}

static const char *auth_name(const struct smb_session *s)
{
	if (!s->setup_seen)
		return NULL;
	if (s->anonymous)
		return "anonymous";
	if (s->guest)
		return "guest";
	if (s->kerberos)
		return "Kerberos";
	return s->ntlm ? "NTLM" : NULL;
}

void log_smb_session_write(struct logs *l, const struct conn *c, const struct smb_session *s)
{
	struct zlog *z = l->smb_session;
	char dbuf[16], status[16];

	snprintf(status, sizeof(status), "0x%08x", s->status);
	zlog_begin(z);
	zlog_time(z, s->ts_us);
	log_conn_id(z, c);
	zlog_count(z, s->session_id);
	zlog_cstr(z, smb_dialect_name(c->smbt.version, c->smbt.dialect, dbuf));
	zlog_bool(z, s->signing_required);
	zlog_bool(z, s->signing_used);
	zlog_bool(z, s->encrypted);
	zlog_cstr(z, auth_name(s));
	zlog_str(z, s->account.s, s->account.len);
	zlog_str(z, s->domain.s, s->domain.len);
	zlog_str(z, s->workstation.s, s->workstation.len);
	zlog_cstr(z, s->setup_seen ? status : NULL);
	zlog_count(z, s->trees);
	zlog_count(z, s->files_written);
	zlog_count(z, s->bytes_written);
	zlog_count(z, s->encrypted_msgs);
	zlog_time(z, s->last_us > s->ts_us ? s->last_us - s->ts_us : 0);
	logs_check(l, zlog_end(z));
}
