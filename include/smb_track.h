/* What the sensor knows about the SMB state of one connection, built from
 * events: trees (TreeId -> share path and type) and open files (FileId ->
 * name, tree, counters). Bounded: the limits come from the config and every
 * refusal is counted. The log writers and, later, the detectors read it. */
#ifndef SMBSENSOR_SMB_TRACK_H
#define SMBSENSOR_SMB_TRACK_H

#include <stddef.h>
#include <stdint.h>
#include <uthash.h>

#include "events.h"

/* A name from the wire kept at its length: its bytes may hold a NUL, which
 * the logs show escaped rather than ending the name there. s is also
 * NUL-terminated, for the detectors and the report, which take C strings. */
struct smb_name {
	char *s;                 /* NULL when not seen */
	uint16_t len;
};

/* n becomes a copy of t (NULL or unset t: no name); the old one is freed. */
void smb_name_set(struct smb_name *n, const struct text *t);
void smb_name_free(struct smb_name *n);

struct smb_tree {
	uint32_t tree_id;
	struct smb_name path;    /* s NULL when the tree connect was not seen */
	uint8_t share_type;      /* 1 DISK, 2 PIPE, 3 PRINT, 0 unknown */
	UT_hash_handle hh;
};

struct smb_open {
	uint64_t persistent, volatile_id; /* the key */
	uint32_t tree_id;
	struct smb_name name;    /* relative to the share; s NULL when not seen */
	int64_t ts_us;           /* the open request: every row of the file has it */
	uint64_t size;
	struct file_times times;
	uint64_t bytes_written, bytes_read;
	uint32_t writes, reads;
	uint8_t logged_write;    /* the FILE_WRITE row was written */
	uint8_t is_dir;
	UT_hash_handle hh;
};

/* One SMB session (SessionId, SMB1 UID): who, how, and what it did. */
struct smb_session {
	uint64_t session_id;
	int64_t ts_us, last_us;
	uint32_t status;          /* of the final SESSION_SETUP response */
	uint8_t setup_seen;       /* that response was seen */
	uint8_t signing_required, signing_used, encrypted;
	uint8_t guest, anonymous, kerberos, ntlm;
	struct smb_name account, domain, workstation;
	uint32_t trees, files_written;
	uint64_t bytes_written, encrypted_msgs;
	UT_hash_handle hh;
};

struct smb_track_limits {
	uint32_t max_trees;
	uint32_t max_opens;
	uint32_t max_sessions;
};

struct smb_track_stats {
	uint64_t trees_refused;
	uint64_t opens_refused;
	uint64_t opens_unknown;  /* file events for a FileId whose open was not seen */
	uint64_t sessions_refused;
};

/* What the client sent before the server named the session (Kerberos
 * and NTLM's first legs travel with SessionId 0). */
struct smb_auth {
	uint8_t kerberos, ntlm, anonymous;
	struct smb_name account, domain, workstation;
};

struct smb_track {
	struct smb_tree *trees;
	struct smb_open *opens;
	struct smb_session *sessions;
	uint32_t ntrees, nopens, nsessions;
	uint16_t dialect;         /* from NEGOTIATE; 0 when not seen */
	uint8_t version;          /* 1 SMB1, 2 SMB2/3 */
	uint8_t signing_required; /* NEGOTIATE response security mode */
	struct smb_auth auth;     /* pending until a final SESSION_SETUP */
};

struct smb_tree *smb_track_tree(struct smb_track *t, uint32_t tree_id);
/* A successful tree connect: the tree is (re)defined. NULL when refused. */
struct smb_tree *smb_track_tree_connect(struct smb_track *t, const struct smb_track_limits *lim,
					struct smb_track_stats *st, const struct ev_tree_connect *ev);
void smb_track_tree_disconnect(struct smb_track *t, uint32_t tree_id);

struct smb_open *smb_track_open_find(struct smb_track *t, const struct file_ref *f);
/* A successful open. NULL when refused. */
struct smb_open *smb_track_open(struct smb_track *t, const struct smb_track_limits *lim,
				struct smb_track_stats *st, const struct event *ev);
/* The file of an event whose open was not seen (mid-stream): a record with
 * no name, so its activity is still counted. NULL when refused. */
struct smb_open *smb_track_open_unknown(struct smb_track *t, const struct smb_track_limits *lim,
					struct smb_track_stats *st, const struct file_ref *f, int64_t ts);
void smb_track_close(struct smb_track *t, struct smb_open *o);

/* Follow sessions through an event: negotiate, auth blobs, session setup,
 * and the activity of each session. NULL when the event has no session or
 * the table is full (counted). */
struct smb_session *smb_track_session_event(struct smb_track *t, const struct smb_track_limits *lim,
					    struct smb_track_stats *st, const struct event *ev);
void smb_track_session_drop(struct smb_track *t, struct smb_session *s);

void smb_track_free(struct smb_track *t);

#endif
