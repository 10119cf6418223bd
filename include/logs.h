/* The set of log files and the fan-out of events to their writers. */
#ifndef SMBSENSOR_LOGS_H
#define SMBSENSOR_LOGS_H

#include "events.h"
#include "log_notice.h"
#include "text.h"
#include "zlog.h"

struct conn;
struct sensor;

#define LOGS_MAX 16 /* files in struct logs, with room to grow */

struct logs {
	struct zlog *conn;
	struct zlog *smb_mapping;
	struct zlog *smb_files;
	struct zlog *smb_session;
	struct zlog *dce_rpc;
	struct zlog *smb_exec;
	struct zlog *ntlm;
	struct zlog *notice;
	uint64_t notes[NOTE_KINDS]; /* notice.log rows per kind */
	struct zlog *weird;
	struct zlog *stats;
	int io_error;              /* a row could not be written (errno kept in io_errno) */
	int io_errno;
};

/* Prepare the logs in dir (which must exist). NULL on allocation failure. */
struct logs *logs_open(const char *dir, int json);
void logs_event(struct sensor *s, struct conn *c, const struct event *ev);
void logs_conn_end(struct sensor *s, struct conn *c);
/* Push buffered rows to the files (every second of packet time, and every
 * tick of a live capture). */
void logs_flush(struct logs *l);
/* Close every file; the next row of each creates it again (SIGHUP). */
void logs_reopen(struct logs *l);
/* A worker: every log but notice and stats renders its rows and hands
 * them to fwd with an id that logs_by_id turns back into the log. */
void logs_forward(struct logs *l, zlog_forward_fn fwd, void *ctx);
/* The log of a forwarding id; NULL for an unknown id. */
struct zlog *logs_by_id(struct logs *l, unsigned id);
/* Close every file; returns -1 if any row or close failed. */
int logs_close(struct logs *l);

/* The uid and id.* columns every connection log starts with (after ts). */
void log_conn_id(struct zlog *z, const struct conn *c);
/* A text from the wire, unset when it was absent or empty (NULL allowed). */
void log_text(struct zlog *z, const struct text *t);
/* Record the outcome of a zlog_end / zlog_close. */
void logs_check(struct logs *l, int rc);

#endif
