/* Detectors: sequences across connections, judged on packet time with
 * bounded state, written to notice.log. They read the events and the rows
 * the log writers produce; they never look at packets.
 *
 * Exec chain (SMBSensor::Exec_Chain): on one destination host, a file
 * written to an admin share (config admin_shares) and, within
 * exec_chain_window seconds in either order, a remote execution call (a
 * service created, reconfigured or started, a task registered or run, an
 * at job added) by the same account when both accounts are known. One
 * notice per chain; higher severity when the call runs the file written.
 * Remote execution on its own (SMBSensor::Remote_Exec): every such call. */
#ifndef SMBSENSOR_DETECT_H
#define SMBSENSOR_DETECT_H

#include <stdint.h>

struct conn;
struct event;
struct pipe_call;
struct rpc_exec;
struct sensor;

/* After the logs have seen the event. */
void detect_event(struct sensor *s, struct conn *c, const struct event *ev);
/* An execution call of session_id on c, answered (status_known) or not;
 * staged is the written file its binary path or command names
 * (smb_exec.log file_path) or NULL. */
void detect_exec(struct sensor *s, const struct conn *c, uint64_t session_id, const struct pipe_call *call,
		 int status_known, uint32_t status, const char *staged);
void detect_free(struct sensor *s);

#endif
