/* Our table of tracked TCP connections, keyed by the client/server 4-tuple.
 * libnids owns the reassembly; this owns everything we know about each
 * connection, and outlives libnids' own stream pointers. */
#ifndef SMBSENSOR_FLOWS_H
#define SMBSENSOR_FLOWS_H

#include <stdint.h>
#include <uthash.h>

#include "log_ntlm.h"
#include "netbios.h"
#include "sensor.h"
#include "smb.h"
#include "uid.h"

struct conn_key {
	uint32_t cli_addr;   /* network byte order, as libnids' tuple4 */
	uint32_t srv_addr;
	uint16_t cli_port;   /* host byte order */
	uint16_t srv_port;
};

enum conn_end { CONN_CLOSED, CONN_RESET, CONN_TIMED_OUT, CONN_AT_EXIT };

struct conn {
	struct conn_key key;
	char uid[UID_LEN];
	char orig_h[16], resp_h[16];
	int64_t ts_first_us;
	int midstream;
	struct nb_stream nb[2];     /* [1] client to server, [0] server to client */
	struct smb_state smb;
	struct ntlm_rec ntlm;
	struct sensor *s;
	struct ev_sink sink;
	UT_hash_handle hh;
};

struct conn *flow_find(struct sensor *s, const struct conn_key *k);
/* Start tracking; NULL on allocation failure (counted by the caller). */
struct conn *flow_open(struct sensor *s, const struct conn_key *k, int midstream);
/* Bytes from one side, in order. */
void flow_data(struct conn *c, int from_client, const uint8_t *data, size_t n);
/* Final rows for the connection, then forget it. */
void flow_close(struct conn *c, enum conn_end how);
void flow_close_all(struct sensor *s);

#endif
