/* dce_rpc.log as Zeek's dce-rpc/main.zeek writes it: endpoint and operation
 * names from Zeek's tables, "unknown-<uuid>"/"unknown-<opnum>" otherwise,
 * endpoint unset when the BIND was not seen (Zeek writes no row then);
 * rtt unset when the response came at the request's time; named_pipe from
 * the BIND_ACK's secondary address; Zeek's DCE_RPC::ignored_operations are
 * not logged. */
#include <stdio.h>
#include <string.h>

#include "flows.h"
#include "log_dce_rpc.h"
#include "logs.h"
#include "pipes.h"
#include "rpc_names.h"

const struct zfield log_dce_rpc_fields[] = {
	{ "ts", ZT_TIME },         { "uid", ZT_STRING },   { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },  { "id.resp_h", ZT_ADDR }, { "id.resp_p", ZT_PORT },
	{ "rtt", ZT_INTERVAL },    { "named_pipe", ZT_STRING }, { "endpoint", ZT_STRING },
	{ "operation", ZT_STRING },
};
const unsigned log_dce_rpc_nfields = sizeof(log_dce_rpc_fields) / sizeof(log_dce_rpc_fields[0]);

/* Zeek's DCE_RPC::ignored_operations (scripts/base/protocols/dce-rpc/main.zeek). */
static int ignored(const char *endpoint, const char *op)
{
	static const char *const list[][2] = {
		{ "winreg", "BaseRegCloseKey" }, { "winreg", "BaseRegGetVersion" },
		{ "winreg", "BaseRegOpenKey" },  { "winreg", "BaseRegQueryValue" },
		{ "winreg", "BaseRegDeleteKeyEx" }, { "winreg", "OpenLocalMachine" },
		{ "winreg", "BaseRegEnumKey" },  { "winreg", "OpenClassesRoot" },
		{ "spoolss", "RpcSplOpenPrinter" }, { "spoolss", "RpcClosePrinter" },
		{ "wkssvc", "NetrWkstaGetInfo" },
	};
	size_t i;

	for (i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (!strcmp(list[i][0], endpoint) && !strcmp(list[i][1], op))
			return 1;
	return 0;
}

void log_dce_rpc_call(struct logs *l, const struct conn *c, const struct pipe_stream *p,
		      const struct pipe_call *call, int64_t rtt_us)
{
	struct zlog *z = l->dce_rpc;
	char uuid[RPC_UUID_STR_LEN + 1], ep_buf[RPC_UUID_STR_LEN + 16], op_buf[24];
	const char *ep = call->iface_known ? rpc_endpoint_name(call->iface) : NULL;
	const char *op = call->iface_known ? rpc_operation_name(call->iface, call->opnum) : NULL;

	if (!ep && call->iface_known) {
		rpc_uuid_format(call->iface, uuid);
		snprintf(ep_buf, sizeof(ep_buf), "unknown-%s", uuid);
		ep = ep_buf;
	}
	if (!op) {
		snprintf(op_buf, sizeof(op_buf), "unknown-%u", call->opnum);
		op = op_buf;
	}
	if (ep && ignored(ep, op))
		return;
	zlog_begin(z);
	zlog_time(z, call->ts_us);
	log_conn_id(z, c);
	if (rtt_us > 0)
		zlog_time(z, rtt_us);
	else
		zlog_unset(z);
	log_text(z, &p->named_pipe);
	if (ep)
		zlog_cstr(z, ep);
	else
		zlog_unset(z); /* the BIND was not seen */
	zlog_cstr(z, op);
	logs_check(l, zlog_end(z));
}
