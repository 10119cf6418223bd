/* What the detectors share: the account text of a session, the findings'
 * connection side, and each detector's clean-up. */
#ifndef SMBSENSOR_DETECT_INTERNAL_H
#define SMBSENSOR_DETECT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct conn;
struct event;
struct sensor;

#define DETECT_ACCOUNT_LEN 128

/* "DOMAIN\user" of the session (or of the connection's NTLM logon, for
 * DCE/RPC over TCP); "" when not known. */
void detect_account(const struct conn *c, uint64_t session_id, char *out, size_t n);

/* The findings an event of c shows (detect_observe_findings.c). */
void detect_findings_event(struct sensor *s, struct conn *c, const struct event *ev);

void detect_exec_free(struct sensor *s);
void detect_fanout_free(struct sensor *s);
void detect_logons_free(struct sensor *s);
void detect_findings_free(struct sensor *s);

#endif
