/* dce_rpc.log with Zeek's fields (ts uid id.* rtt named_pipe endpoint
 * operation). Unlike Zeek, a request whose response was never seen still
 * gets a row, with rtt unset. */
#ifndef SMBSENSOR_LOG_DCE_RPC_H
#define SMBSENSOR_LOG_DCE_RPC_H

#include <stdint.h>

#include "zlog.h"

struct conn;
struct logs;
struct pipe_stream;
struct pipe_call;

extern const struct zfield log_dce_rpc_fields[];
extern const unsigned log_dce_rpc_nfields;

/* rtt_us < 0: no response. */
void log_dce_rpc_call(struct logs *l, const struct conn *c, const struct pipe_stream *p,
		      const struct pipe_call *call, int64_t rtt_us);

#endif
