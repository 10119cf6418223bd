/* The project's smb_exec.log: one row per DCE/RPC call that creates, changes,
 * starts, stops or deletes a service, or registers, runs or deletes a
 * scheduled task, or writes a registry key that starts a program (a
 * service's key, Run/RunOnce), with the arguments that say what runs
 * (service name, binary path, task command, key and value) and the status of the response. The call's
 * time is the request's; a call never answered has status unset. A sealed
 * (encrypted) request still gets its row, with its arguments unset and
 * sealed T. When the binary path or command names a file written over SMB
 * to the same host (any connection), file_path is that file's share path
 * and name. */
#ifndef SMBSENSOR_LOG_SMB_EXEC_H
#define SMBSENSOR_LOG_SMB_EXEC_H

#include <stdint.h>

#include "zlog.h"

struct conn;
struct logs;
struct pipe_stream;
struct pipe_call;
struct rpc_exec;

extern const struct zfield log_smb_exec_fields[];
extern const unsigned log_smb_exec_nfields;

/* status_known 0: no response seen. */
void log_smb_exec_call(struct logs *l, const struct conn *c, const struct pipe_stream *p,
		       const struct pipe_call *call, int status_known, uint32_t status);
/* The file_path of the call: the file written to c's server that its
 * binary path, command or value names; NULL when none. */
const char *log_smb_exec_staged(const struct conn *c, const struct rpc_exec *e);

#endif
