/* See privs.h. The order matters: initgroups reads the group database, so
 * it comes before chroot; setgid before setuid, which gives up the right
 * to change groups. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "privs.h"

int privs_lookup(struct privs *p, char *err, size_t errlen)
{
	struct passwd *pw;
	char *end;
	unsigned long id;

	if (!p->user)
		return 0;
	errno = 0;
	pw = getpwnam(p->user);
	if (!pw && *p->user >= '0' && *p->user <= '9') {
		id = strtoul(p->user, &end, 10);
		if (!*end)
			pw = getpwuid((uid_t)id);
	}
	if (!pw) {
		snprintf(err, errlen, "unknown user '%.64s'", p->user);
		return -1;
	}
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	return 0;
}

int privs_drop(const struct privs *p, char *err, size_t errlen)
{
	if (!p->user)
		return 0;
	if (initgroups(p->user, p->gid) < 0 && setgroups(0, NULL) < 0) {
		snprintf(err, errlen, "cannot set the groups of %s: %s", p->user, strerror(errno));
		return -1;
	}
	if (p->chroot_dir && (chroot(p->chroot_dir) < 0 || chdir("/") < 0)) {
		snprintf(err, errlen, "cannot chroot to %s: %s", p->chroot_dir, strerror(errno));
		return -1;
	}
	if (setgid(p->gid) < 0 || setuid(p->uid) < 0) {
		snprintf(err, errlen, "cannot become %s: %s", p->user, strerror(errno));
		return -1;
	}
	if (p->uid != 0 && setuid(0) == 0) {
		snprintf(err, errlen, "still able to become root after dropping to %s", p->user);
		return -1;
	}
	return 0;
}
