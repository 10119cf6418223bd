/* Hardening findings (SMBSensor::SMB1, Unsigned, Unencrypted_Sensitive,
 * NetBIOS_Transport, Peer_Not_Allowed): each reported at most once per
 * (note, client, server) every finding_interval seconds of packet time. */
#ifndef SMBSENSOR_DETECT_FINDINGS_H
#define SMBSENSOR_DETECT_FINDINGS_H

#include <stdint.h>

#include "log_notice.h"

struct sensor;

/* Whether the finding is due at packet time now_us: not reported for this
 * client and server in the last finding_interval seconds. When it is, it
 * counts as reported now. The pairs remembered are bounded by
 * finding_max_pairs (least recently seen forgotten, finding_pairs_evicted). */
int detect_finding_due(struct sensor *s, enum notice_kind note, const char *client, const char *server,
		       int64_t now_us);

#endif
