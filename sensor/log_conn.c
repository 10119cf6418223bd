/* conn.log. Fields and their unset rules follow Zeek's conn/main.zeek:
 * duration and the byte counts only when the connection lasted longer than
 * zero; local_orig/local_resp from Zeek's default local networks (the
 * private address space); service "smb" once three SMB messages parsed, as
 * Zeek's analyzer confirms after three chunks. Unlike Zeek, missed_bytes
 * also counts holes of connections picked up mid-stream. */
#include <arpa/inet.h>
#include <string.h>

#include "conn_track.h"
#include "flows.h"
#include "log_conn.h"
#include "logs.h"

#define SMB_CONFIRM_MSGS 3

const struct zfield log_conn_fields[] = {
	{ "ts", ZT_TIME },           { "uid", ZT_STRING },          { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },    { "id.resp_h", ZT_ADDR },      { "id.resp_p", ZT_PORT },
	{ "proto", ZT_ENUM },        { "service", ZT_STRING },      { "duration", ZT_INTERVAL },
	{ "orig_bytes", ZT_COUNT },  { "resp_bytes", ZT_COUNT },    { "conn_state", ZT_STRING },
	{ "local_orig", ZT_BOOL },   { "local_resp", ZT_BOOL },     { "missed_bytes", ZT_COUNT },
	{ "history", ZT_STRING },    { "orig_pkts", ZT_COUNT },     { "orig_ip_bytes", ZT_COUNT },
	{ "resp_pkts", ZT_COUNT },   { "resp_ip_bytes", ZT_COUNT }, { "tunnel_parents", ZT_SET_STRING },
	{ "ip_proto", ZT_COUNT },
};
const unsigned log_conn_nfields = sizeof(log_conn_fields) / sizeof(log_conn_fields[0]);

struct prefix {
	int family;
	const char *net;
	unsigned bits;
};

/* Zeek's Site::private_address_space, local by default. */
static const struct prefix private_nets[] = {
	{ AF_INET, "10.0.0.0", 8 },     { AF_INET, "172.16.0.0", 12 }, { AF_INET, "192.168.0.0", 16 },
	{ AF_INET, "100.64.0.0", 10 },  { AF_INET, "127.0.0.0", 8 },   { AF_INET, "169.254.0.0", 16 },
	{ AF_INET6, "fc00::", 7 },      { AF_INET6, "fe80::", 10 },    { AF_INET6, "::1", 128 },
};

static int in_prefix(const uint8_t *addr, const uint8_t *net, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(addr, net, whole))
		return 0;
	return !rest || ((addr[whole] ^ net[whole]) >> (8 - rest)) == 0;
}

static int is_local(const char *text)
{
	uint8_t a[16], n[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	size_t i;

	if (inet_pton(family, text, a) != 1)
		return 0;
	for (i = 0; i < sizeof(private_nets) / sizeof(private_nets[0]); i++)
		if (private_nets[i].family == family && inet_pton(family, private_nets[i].net, n) == 1 &&
		    in_prefix(a, n, private_nets[i].bits))
			return 1;
	return 0;
}

void log_conn_end(struct logs *l, const struct conn *c)
{
	const struct conn_track *t = &c->track;
	struct zlog *z = l->conn;
	int64_t duration = t->last_us - t->first_us;

	zlog_begin(z);
	zlog_time(z, t->first_us);
	log_conn_id(z, c);
	zlog_cstr(z, "tcp");
	if (c->smb_msgs >= SMB_CONFIRM_MSGS)
		zlog_cstr(z, "smb");
	else if (c->rpc_confirmed)
		zlog_cstr(z, "dce_rpc");
	else
		zlog_unset(z);
	if (duration > 0) {
		zlog_time(z, duration);
		zlog_count(z, conntrack_size(t, 1));
		zlog_count(z, conntrack_size(t, 0));
	} else {
		zlog_unset(z);
		zlog_unset(z);
		zlog_unset(z);
	}
	zlog_cstr(z, conntrack_state(t));
	zlog_bool(z, is_local(c->orig_h));
	zlog_bool(z, is_local(c->resp_h));
	zlog_count(z, c->missed_bytes);
	if (t->hlen)
		zlog_str(z, t->history, t->hlen);
	else
		zlog_unset(z);
	zlog_count(z, t->ep[1].pkts);
	zlog_count(z, t->ep[1].ip_bytes);
	zlog_count(z, t->ep[0].pkts);
	zlog_count(z, t->ep[0].ip_bytes);
	zlog_unset(z);
	zlog_count(z, 6);
	logs_check(l, zlog_end(z));
}
