/* What libnids 1.26 does not do and a sensor on a SPAN port needs
 * (../shared/LIBNIDS.md): starting a stream whose handshake was not
 * captured, accepting data whose acknowledgement was captured first, and
 * going on after a segment the capture lost, with a filler whose size is
 * counted as missed bytes. Called between packets, never from inside a
 * libnids callback. */
#ifndef SMBSENSOR_RECOVERY_H
#define SMBSENSOR_RECOVERY_H

#include <sys/time.h>

#include "tcpseg.h"

struct conn;
struct sensor;

/* Before the captured segment t of c is given to libnids. Returns a token
 * for recovery_after. */
unsigned recovery_before(struct sensor *s, struct conn *c, const struct timeval *ts, const struct tcp_seg *t,
			 int from_client);
/* After it was given to libnids. */
void recovery_after(struct conn *c, const struct tcp_seg *t, int from_client, unsigned token);

#endif
