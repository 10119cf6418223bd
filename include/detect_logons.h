/* Failed logons (SMBSensor::Logon_Failures): the counting, apart from the
 * events, so that it can be driven on packet time without packets. */
#ifndef SMBSENSOR_DETECT_LOGONS_H
#define SMBSENSOR_DETECT_LOGONS_H

#include <stdint.h>

struct detect_conn;
struct sensor;

/* One failed logon at packet time now_us, from source to server, for
 * account ("DOMAIN\user", "" when not known). It counts against the source
 * and against the account; a key that crosses s->cfg.logon_failures in
 * s->cfg.logon_failure_window raises a notice about connection c (NULL
 * allowed). Returns the number of notices raised. */
int detect_logon_failure(struct sensor *s, const struct detect_conn *c, const char *source, const char *server,
			 const char *account, int64_t now_us);

#endif
