/* weird.log with Zeek's Weird::Info fields: one row per protocol anomaly of
 * a connection, rate-limited per connection (weird_limit.h). */
#ifndef SMBSENSOR_LOG_WEIRD_H
#define SMBSENSOR_LOG_WEIRD_H

#include <stdint.h>

#include "zlog.h"

struct conn;
struct logs;

struct weird {
	int64_t ts_us;
	const char *name;        /* static: Zeek's name where Zeek has one */
	const char *addl;        /* NULL: unset */
	const char *source;      /* the analyzer, as Zeek names it: "SMB", "DCE_RPC" ...; NULL unset */
};

/* The peer column: Zeek writes its node's peer_description there. */
#define WEIRD_PEER "smbsensor"

extern const struct zfield log_weird_fields[];
extern const unsigned log_weird_nfields;

/* Count the weird (stats.log weirds) and write its row unless the
 * connection's rate limit suppresses it (weirds_suppressed). */
void log_weird(struct conn *c, const struct weird *w);

#endif
