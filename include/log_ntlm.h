/* ntlm.log, as Zeek writes it: at most one row per connection, written at
 * the first final authentication result or when the connection ends. */
#ifndef SMBSENSOR_LOG_NTLM_H
#define SMBSENSOR_LOG_NTLM_H

#include <stdint.h>
#include "events.h"
#include "ntlmssp.h"
#include "text.h"
#include "zlog.h"

struct conn;
struct logs;


struct ntlm_rec {
	int active;        /* an NTLMSSP message was seen */
	int done;          /* the row was written */
	int64_t ts_us;     /* first NTLMSSP message */
	int success;       /* -1 unset, 0 F, 1 T */
	struct text username, hostname, domainname;
	struct text server_nb_computer_name, server_dns_computer_name, server_tree_name;
};

extern const struct zfield log_ntlm_fields[];
extern const unsigned log_ntlm_nfields;

void log_ntlm_event(struct logs *l, struct conn *c, const struct event *ev);
/* An NTLMSSP or SPNEGO token from another carrier (a DCE/RPC auth verifier). */
void log_ntlm_blob(struct logs *l, struct conn *c, const struct ntlm_blob *b, int64_t ts);
void log_ntlm_conn_end(struct logs *l, struct conn *c);

#endif
