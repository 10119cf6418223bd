/* Hardening findings (detect_findings.h): weak settings seen in the traffic
 * itself, each once per (note, client, server) every finding_interval
 * seconds, so a daily report per pair and not a row per connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "detect_findings.h"
#include "detect_obs.h"
#include "logs.h"
#include "sensor.h"

struct finding_key {
	uint8_t note;               /* enum notice_kind */
	char client[46], server[46];
};

struct finding_pair {
	struct finding_key key;     /* zero-padded: hashed as bytes */
	int64_t reported_us;
	UT_hash_handle hh;
};

static void evict_oldest(struct sensor *s)
{
	struct finding_pair *p = s->findings;

	HASH_DEL(s->findings, p);
	free(p);
	s->st.finding_pairs_evicted++;
}

/* Pairs least recently seen first: one whose interval has passed would be
 * due again anyway, so it can go (a day of new pairs does not fill the
 * table). */
static void expire(struct sensor *s, int64_t now_us)
{
	struct finding_pair *p;

	while ((p = s->findings) && now_us - p->reported_us >= (int64_t)s->cfg.finding_interval * 1000000) {
		HASH_DEL(s->findings, p);
		free(p);
		s->st.finding_pairs_expired++;
	}
}

int detect_finding_due(struct sensor *s, enum notice_kind note, const char *client, const char *server,
		       int64_t now_us)
{
	struct finding_key k;
	struct finding_pair *p;
	int due = 1;

	memset(&k, 0, sizeof(k));
	k.note = (uint8_t)note;
	snprintf(k.client, sizeof(k.client), "%s", client);
	snprintf(k.server, sizeof(k.server), "%s", server);
	HASH_FIND(hh, s->findings, &k, sizeof(k), p);
	if (p) {
		HASH_DEL(s->findings, p); /* re-added last: the most recently seen */
		due = now_us - p->reported_us >= (int64_t)s->cfg.finding_interval * 1000000;
	} else {
		expire(s, now_us);
		if (HASH_COUNT(s->findings) >= s->cfg.finding_max_pairs)
			evict_oldest(s);
		if (!(p = calloc(1, sizeof(*p)))) {
			s->st.detect_alloc_failed++;
			return 1;
		}
		p->key = k;
	}
	if (due)
		p->reported_us = now_us;
	HASH_ADD(hh, s->findings, key, sizeof(p->key), p);
	return due;
}

void detect_findings_obs(struct sensor *s, const struct detect_obs *o)
{
	const struct obs_finding *f = &o->u.finding;
	struct notice n = { o->now_us, &o->c, f->note, f->msg, f->sub, *f->file_desc ? f->file_desc : NULL,
			    o->c.orig_h, o->c.resp_h, o->c.resp_p, -1 };

	if (!detect_finding_due(s, f->note, o->c.orig_h, o->c.resp_h, o->now_us))
		return;
	log_notice(s->logs, &n);
	s->st.notices++;
}

void detect_findings_free(struct sensor *s)
{
	struct finding_pair *p, *tmp;

	HASH_ITER(hh, s->findings, p, tmp) {
		HASH_DEL(s->findings, p);
		free(p);
	}
}
