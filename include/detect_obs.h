/* What the detectors are told about a connection: observations copied out
 * of its events, with no pointers, so that a capture worker (--workers) can
 * hand them to the one process that runs the detectors, which needs the
 * view across every connection. In a single process they are consumed at
 * once. */
#ifndef SMBSENSOR_DETECT_OBS_H
#define SMBSENSOR_DETECT_OBS_H

#include <stdint.h>

#include "detect_internal.h"
#include "log_notice.h"
#include "text.h"
#include "uid.h"

/* The connection fields a notice logs. */
struct detect_conn {
	char uid[UID_LEN];
	char orig_h[46], resp_h[46];
	uint16_t orig_p, resp_p;
};

enum obs_kind {
	OBS_ADMIN_WRITE,   /* the first write to a file opened on an admin share */
	OBS_EXEC,          /* a call that makes the host run something */
	OBS_ACCESS,        /* a successful session setup or tree connect */
	OBS_LOGON_FAILURE, /* credentials refused */
	OBS_FINDING,       /* a hardening finding, before its once-per-pair check */
};

#define OBS_PATH_LEN (2 * TEXT_MAX + 2)

struct obs_exec {
	int64_t call_us;          /* when the call was made (its answer came at now_us) */
	uint8_t status_known;
	uint32_t status;
	char what[3 * TEXT_MAX];  /* "svcctl CreateServiceW 'name' running 'cmd'" */
	char cmd[OBS_PATH_LEN];   /* binary path or task command; "" none */
	char file[OBS_PATH_LEN];  /* the written file the call names; "" none */
};

struct obs_finding {
	enum notice_kind note;
	char msg[3 * TEXT_MAX];
	char sub[2 * TEXT_MAX];
	char file_desc[TEXT_MAX + 1]; /* "" unset */
};

struct detect_obs {
	enum obs_kind kind;
	int64_t now_us;           /* packet time */
	struct detect_conn c;
	char account[DETECT_ACCOUNT_LEN]; /* "DOMAIN\user"; "" when not known */
	union {
		char path[OBS_PATH_LEN]; /* OBS_ADMIN_WRITE: "\\srv\ADMIN$\file" */
		char share[TEXT_MAX + 1]; /* OBS_ACCESS: the share name; "" for a session setup */
		struct obs_exec exec;
		struct obs_finding finding;
	} u;
};

struct conn;
struct sensor;

/* Start o about connection c: time, connection fields, the account of
 * session_id. */
void detect_obs_start(struct detect_obs *o, enum obs_kind kind, const struct conn *c, uint64_t session_id);
/* Judge one observation: the detectors' state and notice.log. */
void detect_consume(struct sensor *s, const struct detect_obs *o);
/* Hand it on: to s->obs_out when set (a worker), else to detect_consume. */
void detect_emit(struct sensor *s, const struct detect_obs *o);

/* Each detector's share of detect_consume. */
void detect_exec_write(struct sensor *s, const struct detect_obs *o);
void detect_exec_call(struct sensor *s, const struct detect_obs *o);
void detect_fanout_obs(struct sensor *s, const struct detect_obs *o);
void detect_logons_obs(struct sensor *s, const struct detect_obs *o);
void detect_findings_obs(struct sensor *s, const struct detect_obs *o);

#endif
