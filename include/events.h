/* Typed events from the dissectors to their consumers (log writers, the
 * summary, later the detectors). A dissector fills an event and hands it to
 * the sink; the event lives only for the duration of the call. SMB1 and
 * SMB2/3 raise the same events: the version is in each event. */
#ifndef SMBSENSOR_EVENTS_H
#define SMBSENSOR_EVENTS_H

#include <stdint.h>
#include "ntlmssp.h"
#include "text.h"

enum ev_type {
	EV_SMB_NEGOTIATE,      /* response seen */
	EV_SMB_AUTH_BLOB,      /* a SESSION_SETUP security blob, either direction */
	EV_SMB_SESSION_SETUP,  /* final response (not MORE_PROCESSING_REQUIRED) */
	EV_SMB_TREE_CONNECT,   /* response seen */
	EV_SMB_TREE_DISCONNECT,
	EV_SMB_LOGOFF,
	EV_SMB_WEIRD,          /* a protocol anomaly, counted by name */
	EV_SMB_CREATE,         /* open: response seen (SMB2 CREATE, SMB1 NT_CREATE_ANDX) */
	EV_SMB_READ,           /* response seen (the data length is in it) */
	EV_SMB_WRITE,          /* request seen (the data length is in it) */
	EV_SMB_CLOSE,          /* response seen */
	EV_SMB_SET_INFO,       /* rename, delete disposition, basic info: response seen */
	EV_SMB_IOCTL,          /* request seen */
	EV_SMB_TRANSFORM,      /* an SMB3 encrypted message */
	EV_SMB_PIPE_DATA,      /* bytes written to or read from a named pipe (DCE/RPC rides on them) */
};

/* An open file: SMB2 FileId (persistent, volatile) or SMB1 FID (volatile). */
struct file_ref {
	uint64_t session_id;
	uint32_t tree_id;
	uint64_t persistent;
	uint64_t volatile_id;
};

/* MAC times in microseconds since the epoch; 0 when not carried. */
struct file_times {
	int64_t created, accessed, written, changed;
};

struct ev_create {
	struct file_ref f;
	const struct text *name;  /* from the request; NULL when it was not seen */
	uint32_t status;
	uint32_t desired_access;
	uint32_t disposition;
	uint32_t create_options;  /* FILE_DELETE_ON_CLOSE 0x1000, FILE_DIRECTORY_FILE 0x1 */
	uint32_t create_action;   /* 0 superseded, 1 opened, 2 created, 3 overwritten */
	uint32_t attributes;      /* FILE_ATTRIBUTE_DIRECTORY 0x10 */
	uint64_t end_of_file;
	struct file_times times;
};

struct ev_io {
	struct file_ref f;
	uint64_t offset;
	uint32_t length;          /* bytes read (response) or to write (request) */
	uint32_t status;
};

struct ev_close {
	struct file_ref f;
	uint32_t status;
	int have_attributes;      /* SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB: size and times below */
	uint64_t end_of_file;
	struct file_times times;
};

enum set_info_kind { SET_INFO_OTHER, SET_INFO_RENAME, SET_INFO_DISPOSITION, SET_INFO_BASIC };

struct ev_set_info {
	struct file_ref f;
	uint32_t status;
	enum set_info_kind kind;
	const struct text *new_name;  /* SET_INFO_RENAME */
	int delete_pending;           /* SET_INFO_DISPOSITION */
};

struct ev_ioctl {
	struct file_ref f;
	uint32_t ctl_code;
};

struct ev_transform {
	uint64_t session_id;
};

/* One chunk of a named pipe's byte stream, in order per direction: a WRITE
 * request or the input of an FSCTL_PIPE_TRANSCEIVE from the client, a READ
 * response or a transceive's output from the server. */
struct ev_pipe_data {
	struct file_ref f;
	int from_client;
	const uint8_t *data;      /* valid during the call only */
	size_t len;
	uint32_t status;          /* of the response carrying server data */
};

struct ev_negotiate {
	uint16_t dialect;
	uint16_t security_mode;
	uint32_t capabilities;
	uint32_t status;
};

struct ev_auth_blob {
	int from_client;
	uint64_t session_id;
	const struct ntlm_blob *blob;
};

struct ev_session_setup {
	uint64_t session_id;
	uint32_t status;
	uint16_t session_flags;   /* SMB2_SESSION_FLAG_IS_GUEST 1, IS_NULL 2, ENCRYPT_DATA 4 */
	uint16_t security_mode;   /* from the request: signing enabled 1 / required 2 */
};

struct ev_tree_connect {
	uint64_t session_id;
	uint32_t tree_id;
	uint32_t status;
	uint8_t share_type;       /* 1 DISK, 2 PIPE, 3 PRINT, 0 unknown */
	uint32_t share_flags;
	const struct text *path;  /* NULL when the request was not seen */
	const struct text *service;   /* SMB1 only: "A:", "IPC", ... from the response */
	const struct text *native_fs; /* SMB1 only: e.g. "NTFS", when not empty */
};

struct ev_tree_disconnect {
	uint64_t session_id;
	uint32_t tree_id;
};

struct ev_logoff {
	uint64_t session_id;
};

struct ev_weird {
	const char *name;         /* a static string, Zeek's weird name where one exists */
	const char *addl;         /* details, NULL when none; valid during the call */
	const char *source;       /* Zeek's: the analyzer ("SMB"), or what its script says; NULL unset */
};

struct event {
	enum ev_type type;
	uint8_t version;          /* 1 for SMB1, 2 for SMB2/3 */
	uint8_t signed_msg;       /* the message that raised it was signed */
	uint64_t session_id;      /* of that message (SMB1: the UID) */
	int64_t ts_us;            /* packet time of the request (or of the message when unpaired) */
	union {
		struct ev_negotiate negotiate;
		struct ev_auth_blob auth;
		struct ev_session_setup session;
		struct ev_tree_connect tree;
		struct ev_tree_disconnect tree_disconnect;
		struct ev_logoff logoff;
		struct ev_weird weird;
		struct ev_create create;
		struct ev_io io;
		struct ev_close close;
		struct ev_set_info set_info;
		struct ev_ioctl ioctl;
		struct ev_transform transform;
		struct ev_pipe_data pipe;
	} u;
};

struct ev_sink {
	void (*emit)(void *ctx, const struct event *ev);
	void *ctx;
};

/* A success: SMB2 errors have severity 3; an SMB1 status may also be a DOS
 * error class/code, so any non-zero value is a failure there. */
static inline int smb_status_ok(uint8_t version, uint32_t status)
{
	return version == 1 ? status == 0 : (status >> 30) != 3;
}

static inline void ev_emit(const struct ev_sink *sink, const struct event *ev)
{
	if (sink && sink->emit)
		sink->emit(sink->ctx, ev);
}

#endif
