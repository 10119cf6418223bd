/* smb_files.log with Zeek's fields and action names (SMB::FILE_OPEN ...).
 * Which actions are logged is configurable; by default Zeek's set plus
 * SMB::FILE_WRITE, written once per open file at its first write. */
#ifndef SMBSENSOR_LOG_SMB_FILES_H
#define SMBSENSOR_LOG_SMB_FILES_H

#include <stdint.h>
#include <uthash.h>

#include "events.h"
#include "zlog.h"

enum smb_action {
	SMB_FILE_READ, SMB_FILE_WRITE, SMB_FILE_OPEN, SMB_FILE_CLOSE, SMB_FILE_DELETE, SMB_FILE_RENAME,
	SMB_FILE_SET_ATTRIBUTE, SMB_PIPE_READ, SMB_PIPE_WRITE, SMB_PIPE_OPEN, SMB_PIPE_CLOSE, SMB_PRINT_READ,
	SMB_PRINT_WRITE, SMB_PRINT_OPEN, SMB_PRINT_CLOSE, SMB_NACTIONS
};

#define SMB_DEFAULT_ACTIONS                                                                                  \
	(1u << SMB_FILE_OPEN | 1u << SMB_FILE_RENAME | 1u << SMB_FILE_DELETE | 1u << SMB_PRINT_OPEN |        \
	 1u << SMB_PRINT_CLOSE | 1u << SMB_FILE_WRITE)

/* "FILE_OPEN" or "SMB::FILE_OPEN" -> the action; -1 when unknown. */
int smb_action_parse(const char *name, size_t len);

/* A row already written on this connection, remembered to avoid writing it
 * again (Zeek's recent_files, 3 minutes after it was last seen). */
struct smb_seen {
	uint64_t key;
	int64_t last_us;
	UT_hash_handle hh;
};

struct smb_files_state {
	struct smb_seen *seen;
	uint32_t nseen;
};

struct conn;
struct logs;

extern const struct zfield log_smb_files_fields[];
extern const unsigned log_smb_files_nfields;

void log_smb_files_event(struct logs *l, struct conn *c, const struct event *ev);
void log_smb_files_free(struct smb_files_state *st);

#endif
