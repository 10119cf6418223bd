/* DCE/RPC over the named pipes of one connection: a DCE/RPC stream per pipe
 * FileId, fed from EV_SMB_PIPE_DATA, whose calls become dce_rpc.log rows.
 * Bounded by smb_max_pipes per connection; refusals counted. */
#ifndef SMBSENSOR_PIPES_H
#define SMBSENSOR_PIPES_H

#include <stdint.h>
#include <uthash.h>

#include "dcerpc.h"
#include "events.h"
#include "text.h"

#define PIPE_MAX_CALLS 32

/* A request waiting for its response (for rtt), or to be logged without one. */
struct pipe_call {
	uint32_t call_id;
	uint16_t opnum;
	uint8_t iface[16];
	uint8_t used, iface_known;
	int64_t ts_us;
};

struct pipe_stream {
	uint64_t key[2];               /* FileId: persistent, volatile */
	struct dcerpc_state rpc;
	struct text named_pipe;        /* BIND_ACK secondary address, Zeek's named_pipe */
	struct pipe_call calls[PIPE_MAX_CALLS];
	uint8_t next_call;
	UT_hash_handle hh;
};

struct conn;
struct logs;

void pipes_event(struct conn *c, const struct event *ev);
/* Rows for calls never answered, then the streams go (connection end). */
void pipes_free(struct conn *c);

#endif
