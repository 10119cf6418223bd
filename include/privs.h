/* Giving up root once the capture is open, as tcpdump -Z does: the sensor
 * parses hostile bytes and should do it as an unprivileged user. */
#ifndef SMBSENSOR_PRIVS_H
#define SMBSENSOR_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

struct privs {
	const char *user;      /* NULL: keep the current user */
	uid_t uid;
	gid_t gid;
	const char *chroot_dir; /* NULL: no chroot */
};

/* Resolve p->user (name or numeric uid). -1 and a message when unknown. */
int privs_lookup(struct privs *p, char *err, size_t errlen);

/* Supplementary groups, chroot when asked, then group and user; checks that
 * root cannot be taken back. -1 and a message on any failure. */
int privs_drop(const struct privs *p, char *err, size_t errlen);

#endif
