/* The execution calls of a pipe's DCE/RPC (svcctl, ITaskSchedulerService,
 * atsvc): their arguments are decoded at the request, kept with the call,
 * and written to smb_exec.log with the response's status. */
#ifndef SMBSENSOR_PIPE_EXEC_H
#define SMBSENSOR_PIPE_EXEC_H

#include <stdint.h>

#include "dcerpc.h"
#include "pipes.h"

struct conn;

void pipe_exec_request(struct conn *c, struct pipe_stream *p, struct pipe_call *call,
		       const struct dcerpc_call_info *ci);
/* ci NULL: a FAULT with status; NULL call->exec is ignored. */
void pipe_exec_answer(struct conn *c, struct pipe_stream *p, struct pipe_call *call,
		      const struct dcerpc_call_info *ci, uint32_t fault_status);
void pipe_exec_unanswered(struct conn *c, struct pipe_stream *p, struct pipe_call *call);

#endif
