/* SMB2/3 message parsing, called by the SMB dispatcher (dissectors/smb.c). */
#ifndef SMBSENSOR_SMB2_H
#define SMBSENSOR_SMB2_H

#include <stddef.h>
#include <stdint.h>
#include <uthash.h>

#include "events.h"
#include "reader.h"
#include "smb.h"

enum smb2_command {
	SMB2_NEGOTIATE = 0x00,
	SMB2_SESSION_SETUP = 0x01,
	SMB2_LOGOFF = 0x02,
	SMB2_TREE_CONNECT = 0x03,
	SMB2_TREE_DISCONNECT = 0x04,
	SMB2_CREATE = 0x05,
	SMB2_CLOSE = 0x06,
	SMB2_FLUSH = 0x07,
	SMB2_READ = 0x08,
	SMB2_WRITE = 0x09,
	SMB2_LOCK = 0x0A,
	SMB2_IOCTL = 0x0B,
	SMB2_CANCEL = 0x0C,
	SMB2_ECHO = 0x0D,
	SMB2_QUERY_DIRECTORY = 0x0E,
	SMB2_CHANGE_NOTIFY = 0x0F,
	SMB2_QUERY_INFO = 0x10,
	SMB2_SET_INFO = 0x11,
	SMB2_OPLOCK_BREAK = 0x12,
	SMB2_NCOMMANDS
};

#define SMB2_HDR_LEN 64
#define SMB2_FLAGS_SERVER_TO_REDIR 0x00000001u
#define SMB2_FLAGS_ASYNC_COMMAND 0x00000002u
#define SMB2_FLAGS_SIGNED 0x00000008u

#define NT_STATUS_SUCCESS 0x00000000u
#define NT_STATUS_PENDING 0x00000103u
#define NT_STATUS_MORE_PROCESSING_REQUIRED 0xC0000016u

/* The fixed 64-byte header. */
struct smb2_hdr {
	uint16_t credit_charge;
	uint32_t status;
	uint16_t command;
	uint32_t flags;
	uint32_t next_command;
	uint64_t message_id;
	uint64_t async_id;
	uint32_t tree_id;
	uint64_t session_id;
};

/* A request waiting for its response, by MessageId. */
struct smb2_pending {
	uint64_t message_id;
	uint16_t command;
	uint8_t security_mode;   /* SESSION_SETUP request */
	uint8_t info_class;      /* SET_INFO request */
	uint8_t delete_pending;  /* SET_INFO disposition */
	int64_t ts_us;
	struct text *text;       /* TREE_CONNECT path, CREATE name, SET_INFO rename target; owned */
	struct file_ref f;       /* READ, CLOSE, SET_INFO: the file (responses do not carry it) */
	uint64_t offset;         /* READ */
	uint32_t desired_access, disposition, create_options; /* CREATE */
	UT_hash_handle hh;
};

/* Everything a command handler needs about the message at hand. */
struct smb2_msg {
	struct smb_state *s;
	const struct smb_ctx *c;
	const struct smb2_hdr *h;
	struct rd *r;            /* whole NetBIOS message; offsets are from hdr_off */
	size_t hdr_off;
	int from_client;
	struct file_ref *chain;  /* the file of the previous message in a compound chain */
};

void smb2_emit(const struct smb2_msg *m, struct event *ev);
void smb2_bad_body(const struct smb2_msg *m);
/* A reader positioned at the command body, right after the header. */
struct rd smb2_body(const struct smb2_msg *m);
/* A buffer given by an offset from the SMB2 header, as bodies give them. */
struct rd smb2_hdr_buf(const struct smb2_msg *m, uint32_t off, uint32_t len);
/* An error status (severity 3), MORE_PROCESSING_REQUIRED excepted. */
int smb2_is_error(uint32_t status);

/* Named pipes (dissectors/smb2_pipes.c): which trees are pipe shares and
 * which FileIds are pipes, so their data is kept and handed on. */
void smb2_pipes_tree(const struct smb2_msg *m, uint32_t tree_id, uint8_t share_type);
/* The same for any version (SMB1 passes TIDs, and FIDs as { 0, FID }). */
void smb_pipes_tree(struct smb_state *s, const struct smb_ctx *c, uint32_t tree_id, uint8_t share_type);
void smb_pipes_open(struct smb_state *s, const struct smb_ctx *c, const struct file_ref *f);
void smb2_pipes_open(const struct smb2_msg *m, const struct file_ref *f);
void smb2_pipes_close(struct smb_state *s, const struct file_ref *f);
int smb2_is_pipe(const struct smb_state *s, const struct file_ref *f);
/* Hand on n pipe bytes found at offset off from the SMB2 header. */
void smb2_pipe_data(const struct smb2_msg *m, const struct file_ref *f, uint32_t off, uint32_t n);
/* An EV_SMB_PIPE_DATA event of d's bytes at the message time (any version;
 * counts pipe_bytes); the caller emits it. */
void smb_pipe_event(const struct smb_ctx *c, struct event *ev, const struct file_ref *f,
		    int from_client, const struct rd *d, uint32_t status);
void smb2_pipes_free(struct smb_state *s);

/* File commands (dissectors/smb2_files.c), request and response. */
void smb2_files_request(const struct smb2_msg *m, struct smb2_pending *p);
void smb2_files_response(const struct smb2_msg *m, const struct smb2_pending *p);

/* Parse the header at the reader's position. Returns 0, or -1 if it is not
 * an SMB2 header (bad magic or structure size, or too short). */
int smb2_parse_header(struct rd *r, struct smb2_hdr *h);

/* One NetBIOS message whose first bytes are 0xFE 'SMB' (possibly a compound
 * chain); r covers the captured part of it. */
void smb2_message(struct smb_state *s, const struct smb_ctx *c, int from_client, struct rd *r);

/* Bytes of one SMB2 message worth keeping: all of it, but for the bulk data
 * of WRITE requests and READ responses. */
size_t smb2_wanted_bytes(const struct smb_state *s, struct rd *r, size_t len);

/* Report a protocol anomaly by name (a static string), source "SMB" as
 * Zeek's SMB analyzer; _addl with details (NULL: none) and the source Zeek
 * gives that weird (NULL: unset). */
void smb_weird(const struct smb_ctx *c, const char *name);
void smb_weird_addl(const struct smb_ctx *c, const char *name, const char *addl, const char *source);

#endif
