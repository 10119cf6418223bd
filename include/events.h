/* Typed events from the dissectors to their consumers (log writers, the
 * summary, later the detectors). A dissector fills an event and hands it to
 * the sink; the event lives only for the duration of the call. */
#ifndef SMBSENSOR_EVENTS_H
#define SMBSENSOR_EVENTS_H

#include <stdint.h>
#include "ntlmssp.h"
#include "text.h"

enum ev_type {
	EV_SMB2_NEGOTIATE,     /* response seen */
	EV_SMB_AUTH_BLOB,      /* a SESSION_SETUP security blob, either direction */
	EV_SMB2_SESSION_SETUP, /* final response (not MORE_PROCESSING_REQUIRED) */
	EV_SMB2_TREE_CONNECT,  /* response seen */
	EV_SMB2_TREE_DISCONNECT,
	EV_SMB2_LOGOFF,
	EV_SMB_WEIRD,          /* a protocol anomaly, counted by name */
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
};

struct event {
	enum ev_type type;
	int64_t ts_us;            /* packet time of the request (or of the message when unpaired) */
	union {
		struct ev_negotiate negotiate;
		struct ev_auth_blob auth;
		struct ev_session_setup session;
		struct ev_tree_connect tree;
		struct ev_tree_disconnect tree_disconnect;
		struct ev_logoff logoff;
		struct ev_weird weird;
	} u;
};

struct ev_sink {
	void (*emit)(void *ctx, const struct event *ev);
	void *ctx;
};

static inline void ev_emit(const struct ev_sink *sink, const struct event *ev)
{
	if (sink && sink->emit)
		sink->emit(sink->ctx, ev);
}

#endif
