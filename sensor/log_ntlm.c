/* ntlm.log. Like Zeek: one row per connection, user/host/domain from the
 * AUTHENTICATE message, server names from the CHALLENGE target info, success
 * from the SPNEGO negResult. Unlike Zeek, a session setup that ends without a
 * negResult (e.g. STATUS_LOGON_FAILURE, which carries no security blob) sets
 * success from its NT status instead of leaving it unset: the analyst asking
 * "did this logon work" gets an answer. */
#include "flows.h"
#include "log_ntlm.h"
#include "logs.h"
#include "zlog.h"

const struct zfield log_ntlm_fields[] = {
	{ "ts", ZT_TIME },
	{ "uid", ZT_STRING },
	{ "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT },
	{ "id.resp_h", ZT_ADDR },
	{ "id.resp_p", ZT_PORT },
	{ "username", ZT_STRING },
	{ "hostname", ZT_STRING },
	{ "domainname", ZT_STRING },
	{ "server_nb_computer_name", ZT_STRING },
	{ "server_dns_computer_name", ZT_STRING },
	{ "server_tree_name", ZT_STRING },
	{ "success", ZT_BOOL },
};
const unsigned log_ntlm_nfields = sizeof(log_ntlm_fields) / sizeof(log_ntlm_fields[0]);

/* Zeek leaves a field unset when the wire carried an empty string. */
static void write_row(struct logs *l, struct conn *c)
{
	struct ntlm_rec *r = &c->ntlm;
	struct zlog *z = l->ntlm;

	zlog_begin(z);
	zlog_time(z, r->ts_us);
	log_conn_id(z, c);
	log_text(z, &r->username);
	log_text(z, &r->hostname);
	log_text(z, &r->domainname);
	log_text(z, &r->server_nb_computer_name);
	log_text(z, &r->server_dns_computer_name);
	log_text(z, &r->server_tree_name);
	if (r->success < 0)
		zlog_unset(z);
	else
		zlog_bool(z, r->success);
	logs_check(l, zlog_end(z));
	r->done = 1;
}

static void take_blob(struct ntlm_rec *r, const struct ntlm_blob *b, int64_t ts)
{
	if (b->msg != NTLM_NONE && !r->active) {
		r->active = 1;
		r->ts_us = ts;
	}
	if (b->msg == NTLM_AUTHENTICATE) {
		r->username = b->user;
		r->hostname = b->workstation;
		r->domainname = b->domain;
	} else if (b->msg == NTLM_CHALLENGE) {
		r->server_nb_computer_name = b->server_nb_computer;
		r->server_dns_computer_name = b->server_dns_computer;
		r->server_tree_name = b->server_dns_tree;
	}
	if (b->neg_result == NEG_ACCEPT_COMPLETED)
		r->success = 1;
	else if (b->neg_result == NEG_REJECT)
		r->success = 0;
}

void log_ntlm_blob(struct logs *l, struct conn *c, const struct ntlm_blob *b, int64_t ts)
{
	struct ntlm_rec *r = &c->ntlm;

	if (r->done)
		return;
	take_blob(r, b, ts);
	if (r->active && r->success >= 0)
		write_row(l, c);
}

void log_ntlm_event(struct logs *l, struct conn *c, const struct event *ev)
{
	struct ntlm_rec *r = &c->ntlm;

	if (r->done)
		return;
	if (ev->type == EV_SMB_AUTH_BLOB) {
		log_ntlm_blob(l, c, ev->u.auth.blob, ev->ts_us);
	} else if (ev->type == EV_SMB_SESSION_SETUP && r->active) {
		r->success = ev->u.session.status == 0;
		write_row(l, c);
	}
}

void log_ntlm_conn_end(struct logs *l, struct conn *c)
{
	if (c->ntlm.active && !c->ntlm.done)
		write_row(l, c);
}
