/* smb_mapping.log, Zeek's fields: one row per successful tree connect. */
#ifndef SMBSENSOR_LOG_SMB_MAPPING_H
#define SMBSENSOR_LOG_SMB_MAPPING_H

#include "events.h"
#include "zlog.h"

struct conn;
struct logs;

extern const struct zfield log_smb_mapping_fields[];
extern const unsigned log_smb_mapping_nfields;

void log_smb_mapping_event(struct logs *l, const struct conn *c, const struct event *ev);

/* Zeek's SMB2::share_types names; "unknown-N" otherwise. buf holds 16. */
const char *smb2_share_type_name(unsigned type, char buf[16]);

#endif
