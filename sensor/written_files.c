/* The staging half of "write a binary, then run it": see written_files.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sensor.h"
#include "written_files.h"

#define LOCAL_MAX 600

/* The local directory a share stands for, or NULL when it is not known. */
static const char *share_root(const char *share_path, char drive[4])
{
	const char *share = strrchr(share_path, '\\');

	share = share ? share + 1 : share_path;
	if (!strcasecmp(share, "ADMIN$"))
		return "c:\\windows";
	if (strlen(share) == 2 && isalpha((unsigned char)share[0]) && share[1] == '$') {
		drive[0] = (char)tolower((unsigned char)share[0]);
		drive[1] = ':';
		drive[2] = '\0';
		return drive;
	}
	return NULL;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static struct written_host *host(struct sensor *s, const char *resp_h)
{
	struct written_host *h;

	HASH_FIND_STR(s->written, resp_h, h);
	if (h)
		return h;
	if (HASH_COUNT(s->written) >= s->cfg.exec_max_hosts || !(h = calloc(1, sizeof(*h)))) {
		s->st.written_hosts_refused++;
		return NULL;
	}
	snprintf(h->resp_h, sizeof(h->resp_h), "%s", resp_h);
	HASH_ADD_STR(s->written, resp_h, h);
	return h;
}

void written_files_note(struct sensor *s, const char *resp_h, const char *share_path, const char *name)
{
	char drive[4], local[LOCAL_MAX], shown[LOCAL_MAX];
	const char *root = share_path && name ? share_root(share_path, drive) : NULL;
	struct written_host *h;
	struct written_file *f;

	if (!root || snprintf(local, sizeof(local), "%s\\%s", root, name) >= (int)sizeof(local) ||
	    snprintf(shown, sizeof(shown), "%s\\%s", share_path, name) >= (int)sizeof(shown) ||
	    !(h = host(s, resp_h)))
		return;
	lower(local);
	f = &h->files[h->next];
	free(f->local);
	free(f->shown);
	f->local = strdup(local);
	f->shown = strdup(shown);
	h->next = (h->next + 1) % WRITTEN_PER_HOST;
}

/* cmd lower-cased with the two variables that stand for C:\Windows expanded. */
static void normalise(const char *cmd, size_t len, char *out, size_t cap)
{
	static const char *const vars[] = { "%systemroot%", "%windir%" };
	size_t i = 0, o = 0, v;

	while (i < len && o + 11 < cap) {
		for (v = 0; v < 2; v++)
			if (len - i >= strlen(vars[v]) && !strncasecmp(cmd + i, vars[v], strlen(vars[v])))
				break;
		if (v < 2) {
			memcpy(out + o, "c:\\windows", 10);
			o += 10;
			i += strlen(vars[v]);
		} else {
			out[o++] = (char)tolower((unsigned char)cmd[i++]);
		}
	}
	out[o] = '\0';
}

const char *written_files_match(const struct sensor *s, const char *resp_h, const char *cmd, size_t len)
{
	char norm[LOCAL_MAX * 2];
	struct written_host *h;
	unsigned i;

	HASH_FIND_STR(s->written, resp_h, h);
	if (!h || !len)
		return NULL;
	normalise(cmd, len, norm, sizeof(norm));
	for (i = 1; i <= WRITTEN_PER_HOST; i++) {
		const struct written_file *f = &h->files[(h->next + WRITTEN_PER_HOST - i) % WRITTEN_PER_HOST];

		if (f->local && strstr(norm, f->local))
			return f->shown;
	}
	return NULL;
}

void written_files_free(struct sensor *s)
{
	struct written_host *h, *tmp;
	unsigned i;

	HASH_ITER(hh, s->written, h, tmp) {
		for (i = 0; i < WRITTEN_PER_HOST; i++) {
			free(h->files[i].local);
			free(h->files[i].shown);
		}
		HASH_DEL(s->written, h);
		free(h);
	}
}
