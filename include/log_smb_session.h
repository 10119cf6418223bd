/* smb_session.log, the project's own: one row per SMB session (SessionId,
 * SMB1 UID) with its account, how it authenticated, signing, encryption,
 * and what it did: trees connected, files and bytes written. Written when
 * the session logs off, fails to set up, or the connection ends. */
#ifndef SMBSENSOR_LOG_SMB_SESSION_H
#define SMBSENSOR_LOG_SMB_SESSION_H

#include "events.h"
#include "zlog.h"

struct conn;
struct logs;
struct smb_session;

extern const struct zfield log_smb_session_fields[];
extern const unsigned log_smb_session_nfields;

void log_smb_session_write(struct logs *l, const struct conn *c, const struct smb_session *s);
/* Zeek's dialect names ("3.1.1", ...), "NT LM 0.12" for SMB1; buf holds 16. */
const char *smb_dialect_name(uint8_t version, uint16_t dialect, char buf[16]);

#endif
