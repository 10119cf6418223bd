/* conn.log with Zeek's fields: one row per tracked connection, written when
 * it ends (expiry, eviction, reuse of its 4-tuple, or the end of the run). */
#ifndef SMBSENSOR_LOG_CONN_H
#define SMBSENSOR_LOG_CONN_H

#include "zlog.h"

struct conn;
struct logs;

extern const struct zfield log_conn_fields[];
extern const unsigned log_conn_nfields;

void log_conn_end(struct logs *l, const struct conn *c);

#endif
