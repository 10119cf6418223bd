/* notice.log as Zeek's notice framework writes it (Notice::Info, with the
 * geodata columns of actions/add-geodata.zeek), so that zeek-cut and the
 * tools that read Zeek's notices read ours. Actions are always just
 * Notice::ACTION_LOG: the sensor does not mail or page. */
#include "detect_obs.h"
#include "log_notice.h"
#include "logs.h"

const struct zfield log_notice_fields[] = {
	{ "ts", ZT_TIME },           { "uid", ZT_STRING },            { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },    { "id.resp_h", ZT_ADDR },        { "id.resp_p", ZT_PORT },
	{ "fuid", ZT_STRING },       { "file_mime_type", ZT_STRING }, { "file_desc", ZT_STRING },
	{ "proto", ZT_ENUM },        { "note", ZT_ENUM },             { "msg", ZT_STRING },
	{ "sub", ZT_STRING },        { "src", ZT_ADDR },              { "dst", ZT_ADDR },
	{ "p", ZT_PORT },            { "n", ZT_COUNT },               { "peer_descr", ZT_STRING },
	{ "actions", ZT_SET_ENUM },  { "email_dest", ZT_SET_STRING }, { "suppress_for", ZT_INTERVAL },
	{ "remote_location.country_code", ZT_STRING }, { "remote_location.region", ZT_STRING },
	{ "remote_location.city", ZT_STRING }, { "remote_location.latitude", ZT_DOUBLE },
	{ "remote_location.longitude", ZT_DOUBLE },
};
const unsigned log_notice_nfields = sizeof(log_notice_fields) / sizeof(log_notice_fields[0]);

static const char *const names[NOTE_KINDS] = {
	"SMBSensor::Exec_Chain", "SMBSensor::Remote_Exec", "SMBSensor::Account_Fanout",
	"SMBSensor::Source_Fanout", "SMBSensor::Logon_Failures", "SMBSensor::SMB1", "SMBSensor::Unsigned",
	"SMBSensor::Unencrypted_Sensitive", "SMBSensor::Peer_Not_Allowed", "SMBSensor::NetBIOS_Transport",
};

const char *log_notice_name(enum notice_kind k)
{
	return k < NOTE_KINDS ? names[k] : "?";
}

static void cstr_or_unset(struct zlog *z, const char *s)
{
	if (s)
		zlog_cstr(z, s);
	else
		zlog_unset(z);
}

void log_notice(struct logs *l, const struct notice *n)
{
	static const char action[] = "Notice::ACTION_LOG";
	struct zlog *z = l->notice;
	int i;

	zlog_begin(z);
	zlog_time(z, n->ts_us);
	if (n->c) {
		zlog_cstr(z, n->c->uid);
		zlog_addr(z, n->c->orig_h);
		zlog_port(z, n->c->orig_p);
		zlog_addr(z, n->c->resp_h);
		zlog_port(z, n->c->resp_p);
	} else {
		for (i = 0; i < 5; i++)
			zlog_unset(z);
	}
	zlog_unset(z); /* fuid: no file analysis */
	zlog_unset(z);
	cstr_or_unset(z, n->file_desc);
	cstr_or_unset(z, n->c ? "tcp" : NULL);
	zlog_cstr(z, log_notice_name(n->kind));
	zlog_cstr(z, n->msg);
	cstr_or_unset(z, n->sub);
	n->src ? zlog_addr(z, n->src) : zlog_unset(z);
	n->dst ? zlog_addr(z, n->dst) : zlog_unset(z);
	n->p ? zlog_port(z, n->p) : zlog_unset(z);
	n->n >= 0 ? zlog_count(z, (uint64_t)n->n) : zlog_unset(z);
	zlog_unset(z); /* peer_descr: one sensor */
	zlog_set_begin(z);
	zlog_set_elem(z, action, sizeof(action) - 1);
	zlog_set_end(z);
	zlog_set_begin(z); /* email_dest */
	zlog_set_end(z);
	zlog_time(z, NOTICE_SUPPRESS_US);
	for (i = 0; i < 5; i++)
		zlog_unset(z); /* no GeoIP */
	logs_check(l, zlog_end(z));
	if (n->kind < NOTE_KINDS)
		l->notes[n->kind]++;
}
