/* Zeek writes the row at the TREE_CONNECT response with the request's time,
 * and writes none for a failed tree connect (error responses are parsed as
 * error bodies). service and native_file_system are SMB1-only. */
#include <stdio.h>

#include "flows.h"
#include "log_smb_mapping.h"
#include "logs.h"

const struct zfield log_smb_mapping_fields[] = {
	{ "ts", ZT_TIME },          { "uid", ZT_STRING },     { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },   { "id.resp_h", ZT_ADDR }, { "id.resp_p", ZT_PORT },
	{ "path", ZT_STRING },      { "service", ZT_STRING }, { "native_file_system", ZT_STRING },
	{ "share_type", ZT_STRING },
};
const unsigned log_smb_mapping_nfields = sizeof(log_smb_mapping_fields) / sizeof(log_smb_mapping_fields[0]);

const char *smb2_share_type_name(unsigned type, char buf[16])
{
	static const char *const names[] = { NULL, "DISK", "PIPE", "PRINT" };

	if (type < 4 && names[type])
		return names[type];
	snprintf(buf, 16, "unknown-%u", type);
	return buf;
}

void log_smb_mapping_event(struct logs *l, const struct conn *c, const struct event *ev)
{
	const struct ev_tree_connect *t = &ev->u.tree;
	struct zlog *z = l->smb_mapping;
	char buf[16];

	if (ev->type != EV_SMB_TREE_CONNECT || !smb_status_ok(ev->version, t->status))
		return;
	zlog_begin(z);
	zlog_time(z, ev->ts_us);
	log_conn_id(z, c);
	if (t->path)
		zlog_str(z, t->path->s, t->path->len);
	else
		zlog_unset(z);
	log_text(z, t->service);
	log_text(z, t->native_fs);
	zlog_cstr(z, smb2_share_type_name(t->share_type, buf));
	logs_check(l, zlog_end(z));
}
