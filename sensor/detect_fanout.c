/* Fan-out of accounts and source hosts (detect_fanout.h), on packet time.
 *
 * One table holds both kinds of key (fanout_state.h), found by name (case
 * ignored) and kept in order of activity: an active key moves to the end,
 * and at fanout_max_keys the front one is forgotten (fanout_keys_evicted).
 * Each key keeps its destinations (edges) with the time of the latest
 * access and of the latest admin-share access, as milliseconds from a
 * sensor-wide base (rebased every few weeks of packet time), so the window
 * is evaluated when an access arrives, and the edges outlive the window for
 * the report and the graph. Only account keys count shares and sessions per
 * edge (the graph shows accounts only). The uids named in a notice come
 * from a small per-key ring of the latest access of the RING most recently
 * reached destinations; the notice says how many it could not name. A key
 * keeps at most fanout_max_edges destinations, dropping an expired one to
 * make room and otherwise refusing the new one (fanout_edges_refused). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Keys match by name with case ignored, and by kind (fanout_state.h). */
static unsigned key_hash(const void *key, unsigned len);
#define HASH_FUNCTION(keyptr, keylen, hashv) ((hashv) = key_hash(keyptr, keylen))
#define HASH_KEYCMP(a, b, keylen) strncasecmp(a, b, (keylen) >> 1)

#include "detect_fanout.h"
#include "detect_obs.h"
#include "fanout_state.h"
#include "logs.h"
#include "sensor.h"
#include "log_notice.h"

#define SHARE_LEN 32
#define DST_LEN 46
#define LISTED 8      /* hosts named in a notice */
#define REBASE_MS (UINT32_C(1) << 30) /* ~12 days of packet time kept before the base */

enum kind { K_ACCOUNT, K_SOURCE };

/* What the window holds for a key at one moment. */
struct tally {
	uint64_t weight;
	uint32_t hosts;
	int admin;
	uint32_t oldest_ms;
};

/* Keys. */

/* FNV-1a of the kind and of the name in lower case. */
static unsigned key_hash(const void *key, unsigned len)
{
	const unsigned char *p = key;
	uint32_t h = (2166136261u ^ (len & 1)) * 16777619u;
	unsigned i;

	for (i = 0; i < len >> 1; i++)
		h = (h ^ (uint8_t)tolower(p[i])) * 16777619u;
	return h;
}

static unsigned key_len(enum kind kind, const char *name)
{
	return (unsigned)strlen(name) * 2 + (kind == K_ACCOUNT);
}

static size_t edge_size(const struct fkey *k)
{
	return fkey_is_account(k) ? sizeof(struct account_edge) : sizeof(struct edge);
}

static void edge_release(struct fanout_state *f, const struct fkey *k, uint32_t i)
{
	const struct edge *e = fkey_edge(k, i);
	unsigned j;

	fstr_release(&f->names, e->dst);
	if (e->peer != NO_PEER)
		fstr_release(&f->names, e->peer);
	if (fkey_is_account(k))
		for (j = 0; j < SHARES; j++)
			if (fkey_use(k, i)->n[j])
				fstr_release(&f->shares, fkey_use(k, i)->share[j]);
}

static void key_free(struct fanout_state *f, struct fkey *k)
{
	uint32_t i;

	HASH_DELETE(hh, f->keys, k);
	for (i = 0; i < k->nedges; i++)
		edge_release(f, k, i);
	fstr_release(&f->names, k->name); /* the hash key: only once out of the table */
	free(k->edges);
	free(k);
}

/* Allowlisted: an account by "DOMAIN\user" or by "user", a source by its
 * network. */
static int allowed(const struct sensor *s, enum kind kind, const char *name)
{
	const char *user = strrchr(name, '\\');

	if (kind == K_SOURCE)
		return config_cidrs_has(&s->cfg.allow_sources, name);
	return config_list_has(&s->cfg.allow_accounts, name) ||
	       (user && config_list_has(&s->cfg.allow_accounts, user + 1));
}

static struct fanout_state *state(struct sensor *s, int64_t now_us)
{
	struct fanout_state *f = s->fanout;

	if (f)
		return f;
	if (!(f = calloc(1, sizeof(*f)))) {
		s->st.detect_alloc_failed++;
		return NULL;
	}
	fstrings_init(&f->names, NO_PEER); /* struct edge's peer has 31 bits, NO_PEER not an id */
	fstrings_init(&f->shares, UINT16_MAX);
	f->base_us = now_us - (int64_t)REBASE_MS * 1000;
	s->fanout = f;
	return f;
}

/* The key named name (its full text: full), created (evicting the least
 * recently active one at the limit) when missing; it becomes the most
 * recently active. NULL when out of memory. */
static struct fkey *key(struct sensor *s, enum kind kind, uint32_t name, const char *full)
{
	struct fanout_state *f = s->fanout;
	const char *text = fstr_text(&f->names, name);
	unsigned len = key_len(kind, text), hashv;
	struct fkey *k;

	HASH_FIND(hh, f->keys, text, len, k);
	if (k) {
		if (k->hh.next) {
			hashv = k->hh.hashv;
			HASH_DELETE(hh, f->keys, k);
			HASH_ADD_KEYPTR_BYHASHVALUE(hh, f->keys, fstr_text(&f->names, k->name), len, hashv, k);
		}
		return k;
	}
	if (HASH_COUNT(f->keys) >= s->cfg.fanout_max_keys) {
		key_free(f, f->keys);
		s->st.fanout_keys_evicted++;
	}
	if (!(k = calloc(1, sizeof(*k)))) {
		s->st.detect_alloc_failed++;
		return NULL;
	}
	k->name = fstr_hold(&f->names, name);
	k->allowed = (unsigned)allowed(s, kind, full);
	HASH_ADD_KEYPTR(hh, f->keys, text, len, k);
	return k;
}

/* Times. */

static uint32_t window_ms(const struct sensor *s)
{
	return s->cfg.fanout_window * 1000;
}

static int in_window(const struct sensor *s, uint32_t at_ms, uint32_t now_ms)
{
	return at_ms && (int64_t)now_ms - at_ms < window_ms(s); /* at_ms may be later (packets out of order) */
}

static uint32_t shifted(uint32_t t, int64_t by)
{
	return t > by ? (uint32_t)(t - by) : t ? 1 : 0;
}

/* Packet time in ms from the base (at least 1), moving the base on when the
 * times near 32 bits: what is then older than REBASE_MS (far beyond any
 * window) stays 1, the oldest time. */
static uint32_t ms_of(struct sensor *s, int64_t ts_us)
{
	struct fanout_state *f = s->fanout;
	int64_t ms = (ts_us - f->base_us) / 1000, by;
	struct fkey *k;
	uint32_t j;

	if (ms >= (int64_t)UINT32_MAX - REBASE_MS) {
		by = ms - 2 * (int64_t)REBASE_MS;
		f->base_us += by * 1000;
		ms -= by;
		for (k = f->keys; k; k = k->hh.next) {
			k->alert_ms = shifted(k->alert_ms, by);
			for (j = 0; j < k->nedges; j++) {
				struct edge *e = fkey_edge(k, j);

				e->last = shifted(e->last, by);
				e->admin = shifted(e->admin, by);
			}
		}
	}
	return ms < 1 ? 1 : (uint32_t)ms;
}

/* Edges. */

/* The capacity of the edge array for n edges: it grows 1, 4, 12, 20, 32,
 * 48, then by half (to a multiple of 4), up to fanout_max_edges. One first:
 * many keys never reach a second host, and the first array is left behind
 * as a hole among the keys and strings made with it when it moves, one
 * that nothing else fits in. A key's nedges never goes down, so this is
 * always its array's capacity. */
static uint32_t edge_cap(const struct sensor *s, uint32_t n)
{
	uint32_t cap = 0;

	while (cap < n)
		cap = cap >= 4 ? (cap + (cap / 2 > 8 ? cap / 2 : 8) + 3) / 4 * 4 : cap ? 4 : 1;
	return cap < s->cfg.fanout_max_edges ? cap : s->cfg.fanout_max_edges;
}

/* A free slot for a new destination: the array grows up to the limit, then
 * the least recently reached destination is dropped if it has expired. */
static int64_t edge_slot(struct sensor *s, struct fkey *k, uint32_t now_ms)
{
	uint32_t i, old, cap = edge_cap(s, k->nedges);
	void *e;

	if (k->nedges < cap)
		return k->nedges++;
	if (cap < s->cfg.fanout_max_edges) {
		cap = edge_cap(s, k->nedges + 1);
		if (!(e = realloc(k->edges, cap * edge_size(k)))) {
			s->st.detect_alloc_failed++;
			return -1;
		}
		k->edges = e;
		return k->nedges++;
	}
	for (old = 0, i = 1; i < k->nedges; i++)
		if (fkey_edge(k, i)->last < fkey_edge(k, old)->last)
			old = i;
	if (in_window(s, fkey_edge(k, old)->last, now_ms)) {
		s->st.fanout_edges_refused++;
		return -1;
	}
	edge_release(s->fanout, k, old);
	for (i = 0; i < k->nring; i++) /* its uid goes with it */
		if (k->ring[i].edge == old) {
			memmove(&k->ring[i], &k->ring[i + 1], (k->nring - i - 1) * sizeof(k->ring[0]));
			k->nring--;
			break;
		}
	return old;
}

/* The index of the edge to dst, -1 when there is none and no room. */
static int64_t edge(struct sensor *s, struct fkey *k, uint32_t dst, uint32_t now_ms)
{
	uint32_t i;
	struct edge *e;
	int64_t at;

	for (i = 0; i < k->nedges; i++)
		if (fkey_edge(k, i)->dst == dst)
			return i;
	if ((at = edge_slot(s, k, now_ms)) < 0)
		return -1;
	e = fkey_edge(k, (uint32_t)at);
	memset(e, 0, edge_size(k)); /* and an account's use, which follows */
	e->dst = fstr_hold(&s->fanout->names, dst);
	e->peer = NO_PEER;
	return at;
}

static void count(uint16_t *n)
{
	if (*n < COUNT_MAX)
		(*n)++;
}

static void count_share(struct sensor *s, struct use *u, const char *share)
{
	struct fanout_state *f = s->fanout;
	char name[SHARE_LEN];
	uint32_t id;
	unsigned i;

	snprintf(name, sizeof(name), "%s", share);
	for (i = 0; i < SHARES && u->n[i]; i++)
		if (!strcasecmp(fstr_text(&f->shares, u->share[i]), name)) {
			count(&u->n[i]);
			return;
		}
	if (i == SHARES ||
	    (id = fstr_intern(&f->shares, name, SHARE_LEN - 1, &s->st.detect_alloc_failed)) == FSTR_NONE) {
		count(&u->other);
		return;
	}
	u->share[i] = (uint16_t)id;
	u->n[i] = 1;
}

/* The access's uid becomes the latest of edge i, the newest of the ring. */
static void remember_uid(struct fkey *k, uint32_t i, const char *uid)
{
	struct uid_slot *r;
	unsigned j;

	for (j = 0; j < k->nring && k->ring[j].edge != i; j++)
		;
	if (j == RING)
		j = 0; /* full: the oldest goes */
	else if (j == k->nring)
		k->nring++;
	memmove(&k->ring[j], &k->ring[j + 1], (k->nring - j - 1) * sizeof(k->ring[0]));
	r = &k->ring[k->nring - 1];
	r->edge = (uint16_t)i;
	memset(r->uid, 0, sizeof(r->uid));
	memcpy(r->uid, uid, strnlen(uid, sizeof(r->uid)));
}

static void record(struct sensor *s, struct fkey *k, uint32_t i, const struct fanout_access *a, uint32_t peer,
		   uint32_t now_ms, int admin)
{
	struct fanout_state *f = s->fanout;
	struct edge *e = fkey_edge(k, i);

	e->last = now_ms;
	if (admin)
		e->admin = now_ms;
	remember_uid(k, i, a->uid);
	if (peer != FSTR_NONE && e->peer != peer) {
		fstr_release(&f->names, e->peer == NO_PEER ? FSTR_NONE : e->peer);
		e->peer = fstr_hold(&f->names, peer);
	}
	if (!fkey_is_account(k))
		return;
	if (a->share)
		count_share(s, fkey_use(k, i), a->share);
	else
		count(&fkey_use(k, i)->sessions);
}
/* A destination's weight is the highest of its accesses in the window. */
static struct tally tally(const struct sensor *s, const struct fkey *k, uint32_t now_ms)
{
	struct tally t = { 0, 0, 0, now_ms };
	uint32_t i;

	for (i = 0; i < k->nedges; i++) {
		const struct edge *e = fkey_edge(k, i);
		int admin = in_window(s, e->admin, now_ms);

		if (!in_window(s, e->last, now_ms))
			continue;
		t.weight += admin ? s->cfg.fanout_admin_weight : 1;
		t.hosts++;
		t.admin |= admin;
		if (e->last < t.oldest_ms)
			t.oldest_ms = e->last;
	}
	return t;
}

/* The comma-separated list has item (case ignored, as account names). */
static int listed(const char *list, const char *item, size_t len)
{
	const char *p, *end;

	for (p = list; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ',');
		end = end ? end : p + strlen(p);
		if ((size_t)(end - p) == len && !strncasecmp(p, item, len))
			return 1;
	}
	return 0;
}

/* Append item to the list unless it is empty, already there, or does not
 * fit. */
static void list_add(char *list, size_t n, const char *item, const char *sep)
{
	size_t used = strlen(list), len = strlen(item);

	if (*item && !listed(list, item, len) && used + strlen(sep) + len < n)
		snprintf(list + used, n - used, "%s%s", used ? sep : "", item);
}

/* The hosts, peers and uids of the edges in the window, which are marked
 * as part of the alert; returns how many of them had no uid left in the
 * ring. */
static uint32_t describe(const struct sensor *s, struct fkey *k, uint32_t now_ms, char *hosts, size_t hn,
			 char *peers, size_t pn, char *uids, size_t un)
{
	const struct fanout_state *f = s->fanout;
	char uid[RING_UID + 1];
	uint32_t i, named = 0, lost = 0;
	unsigned j;

	for (i = 0; i < k->nedges; i++) {
		struct edge *e = fkey_edge(k, i);

		if (!in_window(s, e->last, now_ms))
			continue;
		e->alerted = 1;
		if (named++ < LISTED)
			list_add(hosts, hn, fstr_text(&f->names, e->dst), ", ");
		if (e->peer != NO_PEER)
			list_add(peers, pn, fstr_text(&f->names, e->peer), ",");
		for (j = 0; j < k->nring && k->ring[j].edge != i; j++)
			;
		if (j < k->nring) {
			snprintf(uid, sizeof(uid), "%.*s", RING_UID, k->ring[j].uid);
			list_add(uids, un, uid, ",");
		} else {
			lost++;
		}
	}
	if (named > LISTED)
		list_add(hosts, hn, "...", ", ");
	return lost;
}

static void alert(struct sensor *s, struct fkey *k, const struct fanout_access *a, const struct tally *t,
		  uint32_t now_ms)
{
	char hosts[LISTED * 48 + 8] = "", peers[4 * DETECT_ACCOUNT_LEN] = "", uids[LISTED * UID_LEN] = "";
	char msg[2 * DETECT_ACCOUNT_LEN + sizeof(hosts)], sub[96 + sizeof(peers) + sizeof(uids)], more[48] = "";
	int account = fkey_is_account(k);
	struct notice n = { a->ts_us, a->c, account ? NOTE_ACCOUNT_FANOUT : NOTE_SOURCE_FANOUT,
			    msg, sub, NULL, *a->src ? a->src : NULL, *a->dst ? a->dst : NULL, a->port, t->hosts };
	uint32_t lost = describe(s, k, now_ms, hosts, sizeof(hosts), peers, sizeof(peers), uids, sizeof(uids));

	if (lost)
		snprintf(more, sizeof(more), " (+%u not kept)", lost);
	snprintf(msg, sizeof(msg), "%.*s reached %u hosts in %u s (weight %llu > %u): %s", DETECT_ACCOUNT_LEN - 1,
		 fstr_text(&s->fanout->names, k->name), t->hosts, (now_ms - t->oldest_ms) / 1000,
		 (unsigned long long)t->weight, s->cfg.fanout_hosts, hosts);
	snprintf(sub, sizeof(sub), "severity=%s; %s=%s; uids=%s%s", t->admin ? "high" : "medium",
		 account ? "sources" : "accounts", *peers ? peers : "-", *uids ? uids : "-", more);
	log_notice(s->logs, &n);
	s->st.notices++;
	k->alerts++;
	k->alert_ms = now_ms;
}

/* One access seen from one key (full: its name as given); peer is the
 * other end of the key (the source of an account, the account of a
 * source). name, peer and dst are names ids, FSTR_NONE when they could not
 * be interned. */
static void visit(struct sensor *s, enum kind kind, const char *full, uint32_t name, uint32_t peer, uint32_t dst,
		  const struct fanout_access *a, int admin)
{
	struct fkey *k = name == FSTR_NONE ? NULL : key(s, kind, name, full);
	uint32_t now_ms;
	struct tally t;
	int64_t i;

	if (!k)
		return;
	now_ms = ms_of(s, a->ts_us);
	if (dst != FSTR_NONE && (i = edge(s, k, dst, now_ms)) >= 0)
		record(s, k, (uint32_t)i, a, peer, now_ms, admin);
	t = tally(s, k, now_ms);
	/* One notice per window: no storm while the fan-out goes on. */
	if (t.weight > s->cfg.fanout_hosts && !k->allowed && !(k->alerts && (int64_t)now_ms - k->alert_ms < window_ms(s)))
		alert(s, k, a, &t, now_ms);
}

static uint32_t last_access(const struct fkey *k)
{
	uint32_t i, last = 0;

	for (i = 0; i < k->nedges; i++)
		if (fkey_edge(k, i)->last > last)
			last = fkey_edge(k, i)->last;
	return last;
}

/* Keys idle for fanout_key_timeout (never less than the window) go, least
 * recently active first: the graph keeps the recent hours, and a day of new
 * clients and accounts does not grow it to fanout_max_keys. */
static void expire_keys(struct sensor *s, uint32_t now_ms)
{
	struct fanout_state *f = s->fanout;
	uint32_t secs = s->cfg.fanout_key_timeout > s->cfg.fanout_window ? s->cfg.fanout_key_timeout
									 : s->cfg.fanout_window;
	struct fkey *k;

	while ((k = f->keys) && (int64_t)now_ms - last_access(k) > (int64_t)secs * 1000) {
		key_free(f, k);
		s->st.fanout_keys_expired++;
	}
}

void detect_fanout_access(struct sensor *s, const struct fanout_access *a)
{
	int admin = a->share && config_list_has(&s->cfg.admin_shares, a->share);
	struct fanout_state *f = state(s, a->ts_us);
	uint64_t *failed = &s->st.detect_alloc_failed;
	uint32_t account, src, dst;

	if (!f)
		return;
	expire_keys(s, ms_of(s, a->ts_us));
	/* Each string is looked up once, and held until both keys are done. */
	account = fstr_intern(&f->names, a->account, DETECT_ACCOUNT_LEN - 1, failed);
	src = fstr_intern(&f->names, a->src, DETECT_ACCOUNT_LEN - 1, failed);
	dst = fstr_intern(&f->names, a->dst, DST_LEN - 1, failed);
	if (*a->account)
		visit(s, K_ACCOUNT, a->account, account, src, dst, a, admin);
	if (*a->src)
		visit(s, K_SOURCE, a->src, src, account, dst, a, admin);
	fstr_release(&f->names, account);
	fstr_release(&f->names, src);
	fstr_release(&f->names, dst);
}

void detect_fanout_obs(struct sensor *s, const struct detect_obs *o)
{
	struct fanout_access a = { o->now_us, o->account, o->c.orig_h, o->c.resp_h, *o->u.share ? o->u.share : NULL,
				   o->c.uid, o->c.resp_p, &o->c };

	detect_fanout_access(s, &a);
}

void detect_fanout_free(struct sensor *s)
{
	struct fanout_state *f = s->fanout;
	struct fkey *k, *tmp;

	if (!f)
		return;
	HASH_ITER(hh, f->keys, k, tmp) {
		HASH_DELETE(hh, f->keys, k);
		free(k->edges);
		free(k);
	}
	fstrings_free(&f->names);
	fstrings_free(&f->shares);
	free(f);
	s->fanout = NULL;
}
