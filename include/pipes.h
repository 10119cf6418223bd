/* DCE/RPC over the named pipes of one connection: a DCE/RPC stream per pipe
 * FileId, fed from EV_SMB_PIPE_DATA, whose calls become dce_rpc.log rows.
 * Bounded by smb_max_pipes per connection; refusals counted. */
#ifndef SMBSENSOR_PIPES_H
#define SMBSENSOR_PIPES_H

#include <stdint.h>
#include <uthash.h>

#include "dcerpc.h"
#include "events.h"
#include "rpc_exec.h"
#include "text.h"

#define PIPE_MAX_CALLS 32
#define PIPE_MAX_HANDLES 4

/* A request waiting for its response (for rtt), or to be logged without one. */
struct pipe_call {
	uint32_t call_id;
	uint16_t opnum;
	uint8_t iface[16];
	uint8_t used, iface_known;
	uint8_t sealed;                /* the request stub was encrypted */
	int64_t ts_us;
	struct rpc_exec *exec;         /* decoded arguments of an execution call */
};

/* A handle from CreateService/OpenService (a service name) or from
 * BaseRegCreateKey/OpenKey (a key path), so that the calls made on it
 * (StartService, DeleteService, BaseRegSetValue ...) can be named. */
struct pipe_handle {
	uint8_t handle[NDR_HANDLE_LEN];
	struct text name;
};

struct pipe_stream {
	uint64_t key[2];               /* FileId: persistent, volatile */
	uint64_t session_id;           /* of the open: account and share for smb_exec.log */
	uint32_t tree_id;
	struct dcerpc_state rpc;
	struct text named_pipe;        /* BIND_ACK secondary address, Zeek's named_pipe */
	struct pipe_call calls[PIPE_MAX_CALLS];
	uint8_t next_call;
	struct pipe_handle handles[PIPE_MAX_HANDLES];
	uint8_t next_handle;
	UT_hash_handle hh;
};

struct conn;
struct logs;

void pipes_event(struct conn *c, const struct event *ev);
/* DCE/RPC directly over TCP: the connection is one stream. */
void pipes_tcp_data(struct conn *c, int from_client, const uint8_t *data, size_t n);
void pipes_tcp_gap(struct conn *c, int from_client);
/* Rows for calls never answered, then the streams go (connection end). */
void pipes_free(struct conn *c);

#endif
