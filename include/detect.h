/* Detectors: sequences across connections, judged on packet time with
 * bounded state, written to notice.log. detect_event and detect_exec turn
 * a connection's events into observations (detect_obs.h), which the
 * detectors judge in this process or, with --workers, in the coordinator;
 * they never look at packets.
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

#include <stddef.h>
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

/* One line of the run's report: a host or account and a count. */
struct detect_top {
	char name[128];
	uint64_t n;
};

/* Destination hosts by exec chains, most first (at most max). */
size_t detect_exec_top(const struct sensor *s, struct detect_top *out, size_t max);
/* Insert (name, n) into the n_out-long list out, kept sorted by n and at
 * most max long; returns the new length. */
size_t detect_top_add(struct detect_top *out, size_t n_out, size_t max, const char *name, uint64_t n);

#endif
