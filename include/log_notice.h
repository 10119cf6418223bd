/* notice.log with Zeek's Notice::Info fields, for the detectors' alerts. */
#ifndef SMBSENSOR_LOG_NOTICE_H
#define SMBSENSOR_LOG_NOTICE_H

#include <stdint.h>

#include "zlog.h"

struct detect_conn;
struct logs;

/* The notes the detectors write, counted per kind for the run's report. */
enum notice_kind {
	NOTE_EXEC_CHAIN, NOTE_REMOTE_EXEC, NOTE_ACCOUNT_FANOUT, NOTE_SOURCE_FANOUT, NOTE_LOGON_FAILURES,
	NOTE_SMB1, NOTE_UNSIGNED, NOTE_UNENCRYPTED_SENSITIVE, NOTE_PEER_NOT_ALLOWED, NOTE_NETBIOS_TRANSPORT,
	NOTE_KINDS
};
/* "SMBSensor::Exec_Chain" ...; + NOTE_PREFIX_LEN: "Exec_Chain". */
#define NOTE_PREFIX_LEN 11
const char *log_notice_name(enum notice_kind k);

struct notice {
	int64_t ts_us;
	const struct detect_conn *c; /* the connection it is about, or NULL */
	enum notice_kind kind;
	const char *msg;
	const char *sub;          /* details: severity, order, uids; NULL unset */
	const char *file_desc;    /* the file involved, NULL unset */
	const char *src, *dst;    /* address text; NULL unset */
	uint16_t p;               /* 0 unset */
	int64_t n;                /* -1 unset */
};

extern const struct zfield log_notice_fields[];
extern const unsigned log_notice_nfields;

/* Zeek's default suppression interval, logged as suppress_for. */
#define NOTICE_SUPPRESS_US (3600 * INT64_C(1000000))

void log_notice(struct logs *l, const struct notice *n);

#endif
