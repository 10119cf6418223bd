/* Fan-out of accounts and source hosts (detect_fanout.h), kept compact so
 * that 100,000 accounts x 20 hosts stay well under 200 MB (bench/
 * detect_state.c).
 *
 * The strings that repeat (addresses, account names, share names) are
 * interned once per sensor with reference counts and freed with their last
 * reference; keys and edges hold 32-bit ids (share names: 16-bit ids in a
 * table of their own, at most 65,535 live names, the rest counted as
 * "other"). One table holds both kinds of key, found by name (case
 * ignored), in least recently active order; each key keeps its destinations
 * (edges) with the time of the latest access and of the latest admin-share
 * access, as milliseconds from a sensor-wide base (rebased every few weeks
 * of packet time), so the window is evaluated on packet time when an access
 * arrives, and the edges outlive the window for the report and the graph.
 * Only account keys keep per-edge share and session counts (the graph shows
 * accounts only). The uids named in a notice come from a small per-key ring
 * of the latest access of the RING most recently reached destinations; the
 * notice says how many it could not name. Keys are forgotten least recently
 * active first at fanout_max_keys (fanout_keys_evicted); a key keeps at most
 * fanout_max_edges destinations, dropping an expired one to make room and
 * otherwise refusing the new one (fanout_edges_refused). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect_fanout.h"
#include "detect_internal.h"
#include "flows.h"
#include "log_notice.h"

#define SHARES 4      /* share names counted per edge; the rest as "other" */
#define SHARE_LEN 32
#define DST_LEN 46
#define LISTED 8      /* hosts named in a notice */
#define RING 6        /* uids kept per key: the latest access of as many destinations */
#define RING_UID 19   /* a uid with its NUL (smbsensor's are 18 characters; longer ones are cut) */
#define NONE UINT32_MAX
#define COUNT_MAX UINT16_MAX
#define REBASE_MS (UINT32_C(1) << 30) /* ~12 days of packet time kept before the base */

enum kind { K_ACCOUNT = 'a', K_SOURCE = 's' };

/* An interned string; refs 0: free, next_free then links the free ids. */
struct istr {
	char *s;
	uint32_t hash;
	uint32_t refs;
};

/* Open addressing (linear probing) over ids + 1; 0 is an empty slot. */
struct table {
	uint32_t *slot;
	uint32_t mask, used;
};

struct strtab {
	struct istr *v;
	uint32_t n, cap, free, max; /* ids in use or freed, allocated, first free id, id limit */
	struct table t;
};

/* A destination: 16 bytes. Times in ms from the base, 0: none. */
struct edge {
	uint32_t dst;                      /* string id */
	uint32_t peer : 31;                /* account key: the source; source key: the account */
	uint32_t alerted : 1;
	uint32_t last, admin;              /* latest access, latest on an admin share */
};

/* What an account key's edge was used for (the DOT label): 20 bytes,
 * counts saturating at COUNT_MAX. */
struct use {
	uint16_t share[SHARES];            /* share table ids */
	uint16_t n[SHARES];
	uint16_t other, sessions;          /* tree connects beyond SHARES names; session setups */
};

struct uid_slot {
	uint16_t edge;                     /* index in the key's edges */
	char uid[RING_UID];
};

struct fkey {
	uint32_t prev, next;               /* key ids, least recently active first */
	uint32_t name;                     /* string id, as first seen (at most 127 bytes) */
	uint32_t hash;                     /* of kind and the name in lower case */
	uint32_t nedges, cap, alerts;
	uint32_t alert_ms;                 /* latest notice */
	uint8_t kind, allowed, nring;
	struct edge *edge;                 /* cap edges; an account's are followed by cap uses */
	struct uid_slot ring[RING];        /* oldest first */
};

/* The detector's state (struct sensor's fanout). */
struct fanout_state {
	struct strtab names, shares;
	struct fkey **key;                 /* by key id; NULL: free */
	uint32_t nkey, capkey, freekey, count;
	struct table keys;
	uint32_t head, tail;               /* least and most recently active */
	int64_t base_us;                   /* packet time of ms 0 */
};

/* What the window holds for a key at one moment. */
struct tally {
	uint64_t weight;
	uint32_t hosts;
	int admin;
	uint32_t oldest_ms;
};

static uint32_t hash_of(const char *p, size_t n, int fold, uint32_t h)
{
	for (; n--; p++)
		h = (h ^ (uint8_t)(fold ? tolower((unsigned char)*p) : *p)) * 16777619u;
	return h;
}

/* The slot holding id (NONE: the empty slot where a new one goes) for a
 * probe: eq(ctx, id, probe) tells a match. */
static uint32_t *tab_find(const struct table *t, uint32_t hash, int (*eq)(const void *, uint32_t, const void *),
			  const void *ctx, const void *probe)
{
	uint32_t i;

	for (i = hash & t->mask; t->slot[i]; i = (i + 1) & t->mask)
		if (eq(ctx, t->slot[i] - 1, probe))
			return &t->slot[i];
	return &t->slot[i];
}

/* Room for one more (load at most 1/2): 0, or -1 out of memory. */
static int tab_room(struct table *t, uint32_t (*hash)(const void *, uint32_t), const void *ctx)
{
	uint32_t n, i, j, *slot;

	if (t->slot && (t->used + 1) * 2 <= t->mask + 1)
		return 0;
	n = t->slot ? (t->mask + 1) * 2 : 64;
	if (!(slot = calloc(n, sizeof(*slot))))
		return -1;
	for (i = 0; t->slot && i <= t->mask; i++)
		if (t->slot[i]) {
			for (j = hash(ctx, t->slot[i] - 1) & (n - 1); slot[j]; j = (j + 1) & (n - 1))
				;
			slot[j] = t->slot[i];
		}
	free(t->slot);
	t->slot = slot;
	t->mask = n - 1;
	return 0;
}

/* Empty a slot, moving up the entries after it that belong before it. */
static void tab_del(struct table *t, uint32_t *at, uint32_t (*hash)(const void *, uint32_t), const void *ctx)
{
	uint32_t i = (uint32_t)(at - t->slot), j = i, home;

	t->used--;
	for (;;) {
		t->slot[i] = 0;
		for (;;) {
			j = (j + 1) & t->mask;
			if (!t->slot[j])
				return;
			home = hash(ctx, t->slot[j] - 1) & t->mask;
			/* j may move to i unless its home lies cyclically in (i, j] */
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		t->slot[i] = t->slot[j];
		i = j;
	}
}

/* Strings. */

struct str_probe {
	const char *s;
	size_t n;
};

static int str_eq(const void *ctx, uint32_t id, const void *probe)
{
	const struct istr *v = &((const struct strtab *)ctx)->v[id];
	const struct str_probe *p = probe;

	return !strncmp(v->s, p->s, p->n) && !v->s[p->n];
}

static uint32_t str_hash(const void *ctx, uint32_t id)
{
	return ((const struct strtab *)ctx)->v[id].hash;
}

static const char *str(const struct strtab *st, uint32_t id)
{
	return st->v[id].s;
}

/* The id of s (at most max bytes of it), one more reference; NONE when out
 * of memory or of ids. */
static uint32_t intern(struct sensor *s, struct strtab *st, const char *text, size_t max)
{
	struct str_probe p = { text, strnlen(text, max) };
	uint32_t hash = hash_of(text, p.n, 0, 2166136261u), *slot, id;
	struct istr *v;

	if (tab_room(&st->t, str_hash, st))
		goto nomem;
	slot = tab_find(&st->t, hash, str_eq, st, &p);
	if (*slot) {
		st->v[*slot - 1].refs++;
		return *slot - 1;
	}
	if (st->free != NONE) {
		id = st->free;
	} else {
		if (st->n == st->max)
			return NONE;
		if (st->n == st->cap) {
			uint32_t cap = st->cap ? st->cap + st->cap / 2 : 256;

			if (!(v = realloc(st->v, cap * sizeof(*v))))
				goto nomem;
			st->v = v;
			st->cap = cap;
		}
		id = st->n++;
	}
	v = &st->v[id];
	if (!(v->s = strndup(text, p.n))) {
		if (id == st->n - 1 && st->free == NONE)
			st->n--;
		goto nomem;
	}
	if (st->free == id)
		st->free = v->hash; /* the next free one */
	v->hash = hash;
	v->refs = 1;
	*slot = id + 1;
	st->t.used++;
	return id;
nomem:
	s->st.detect_alloc_failed++;
	return NONE;
}

static void release(struct strtab *st, uint32_t id)
{
	struct istr *v = &st->v[id];
	struct str_probe p;

	if (id == NONE || --v->refs)
		return;
	p.s = v->s;
	p.n = strlen(v->s);
	tab_del(&st->t, tab_find(&st->t, v->hash, str_eq, st, &p), str_hash, st);
	free(v->s);
	v->s = NULL;
	v->hash = st->free;
	st->free = id;
}

static void strtab_free(struct strtab *st)
{
	uint32_t i;

	for (i = 0; i < st->n; i++)
		if (st->v[i].refs)
			free(st->v[i].s);
	free(st->v);
	free(st->t.slot);
}

/* Keys. */

struct key_probe {
	const struct fanout_state *f;
	char kind;
	const char *name;                  /* at most DETECT_ACCOUNT_LEN - 1 bytes */
};

static int key_eq(const void *ctx, uint32_t id, const void *probe)
{
	const struct key_probe *p = probe;
	const struct fkey *k = p->f->key[id];

	(void)ctx;
	return k->kind == p->kind && !strcasecmp(str(&p->f->names, k->name), p->name);
}

static uint32_t key_hash(const void *ctx, uint32_t id)
{
	return ((const struct fanout_state *)ctx)->key[id]->hash;
}

static uint32_t key_hash_of(char kind, const char *name)
{
	return hash_of(name, strlen(name), 1, hash_of(&kind, 1, 0, 2166136261u));
}

static int is_account(const struct fkey *k)
{
	return k->kind == K_ACCOUNT;
}

static struct use *uses(const struct fkey *k)
{
	return (struct use *)(void *)(k->edge + k->cap);
}

static void edge_release(struct fanout_state *f, const struct fkey *k, uint32_t i)
{
	unsigned j;

	release(&f->names, k->edge[i].dst);
	if (k->edge[i].peer != NONE >> 1)
		release(&f->names, k->edge[i].peer);
	if (is_account(k))
		for (j = 0; j < SHARES; j++)
			if (uses(k)[i].n[j])
				release(&f->shares, uses(k)[i].share[j]);
}

static void lru_unlink(struct fanout_state *f, uint32_t id)
{
	struct fkey *k = f->key[id];

	*(k->prev == NONE ? &f->head : &f->key[k->prev]->next) = k->next;
	*(k->next == NONE ? &f->tail : &f->key[k->next]->prev) = k->prev;
}

static void lru_append(struct fanout_state *f, uint32_t id)
{
	struct fkey *k = f->key[id];

	k->prev = f->tail;
	k->next = NONE;
	*(f->tail == NONE ? &f->head : &f->key[f->tail]->next) = id;
	f->tail = id;
}

static void key_free(struct fanout_state *f, uint32_t id)
{
	struct fkey *k = f->key[id];
	struct key_probe p = { f, (char)k->kind, str(&f->names, k->name) };
	uint32_t i;

	tab_del(&f->keys, tab_find(&f->keys, k->hash, key_eq, f, &p), key_hash, f);
	lru_unlink(f, id);
	for (i = 0; i < k->nedges; i++)
		edge_release(f, k, i);
	release(&f->names, k->name);
	free(k->edge);
	free(k);
	f->count--;
	/* A free id holds the next free one, tagged odd. */
	f->key[id] = (struct fkey *)(uintptr_t)(((uintptr_t)f->freekey << 1) | 1);
	f->freekey = id;
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
	f->names.free = f->shares.free = f->freekey = f->head = f->tail = NONE;
	f->names.max = INT32_MAX; /* struct edge's peer has 31 bits */
	f->shares.max = UINT16_MAX;
	f->base_us = now_us - (int64_t)REBASE_MS * 1000;
	s->fanout = f;
	return f;
}

/* The key, created (evicting the least recently active one at the limit)
 * when missing; it becomes the most recently active. NULL when out of memory. */
static struct fkey *key(struct sensor *s, enum kind kind, const char *full)
{
	struct fanout_state *f = s->fanout;
	char name[DETECT_ACCOUNT_LEN];
	struct key_probe p = { f, (char)kind, name };
	uint32_t hash, *slot, id;
	struct fkey *k, **v;

	snprintf(name, sizeof(name), "%s", full);
	hash = key_hash_of((char)kind, name);
	if (tab_room(&f->keys, key_hash, f)) {
		s->st.detect_alloc_failed++;
		return NULL;
	}
	slot = tab_find(&f->keys, hash, key_eq, f, &p);
	if (*slot) {
		id = *slot - 1;
		lru_unlink(f, id);
		lru_append(f, id);
		return f->key[id];
	}
	if (f->count >= s->cfg.fanout_max_keys) {
		key_free(f, f->head);
		s->st.fanout_keys_evicted++;
		slot = tab_find(&f->keys, hash, key_eq, f, &p); /* the table has moved on */
	}
	if (f->freekey == NONE && f->nkey == f->capkey) {
		uint32_t cap = f->capkey ? f->capkey + f->capkey / 2 : 256;

		if (!(v = realloc(f->key, cap * sizeof(*v)))) {
			s->st.detect_alloc_failed++;
			return NULL;
		}
		f->key = v;
		f->capkey = cap;
	}
	if (!(k = calloc(1, sizeof(*k)))) {
		s->st.detect_alloc_failed++;
		return NULL;
	}
	if ((k->name = intern(s, &f->names, name, sizeof(name) - 1)) == NONE) {
		free(k);
		return NULL;
	}
	if (f->freekey != NONE) {
		id = f->freekey;
		f->freekey = (uint32_t)((uintptr_t)f->key[id] >> 1);
	} else {
		id = f->nkey++;
	}
	k->hash = hash;
	k->kind = (uint8_t)kind;
	k->allowed = (uint8_t)allowed(s, kind, full);
	f->key[id] = k;
	*slot = id + 1;
	f->keys.used++;
	f->count++;
	lru_append(f, id);
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
	uint32_t i, j;

	if (ms >= (int64_t)UINT32_MAX - REBASE_MS) {
		by = ms - 2 * (int64_t)REBASE_MS;
		f->base_us += by * 1000;
		ms -= by;
		for (i = 0; i < f->nkey; i++) {
			struct fkey *k = f->key[i];

			if ((uintptr_t)k & 1)
				continue;
			k->alert_ms = shifted(k->alert_ms, by);
			for (j = 0; j < k->nedges; j++) {
				k->edge[j].last = shifted(k->edge[j].last, by);
				k->edge[j].admin = shifted(k->edge[j].admin, by);
			}
		}
	}
	return ms < 1 ? 1 : (uint32_t)ms;
}

/* Edges. */

/* A free slot for a new destination: the arrays grow up to the limit (4,
 * 12, 20, 32, 48, then by half, to a multiple of 4), then the least recently reached destination is
 * dropped if it has expired. */
static int64_t edge_slot(struct sensor *s, struct fkey *k, uint32_t now_ms)
{
	uint32_t i, old, cap;
	size_t per = sizeof(struct edge) + (is_account(k) ? sizeof(struct use) : 0);
	struct edge *e;

	if (k->nedges < k->cap)
		return k->nedges++;
	if (k->cap < s->cfg.fanout_max_edges) {
		cap = k->cap ? (k->cap + (k->cap / 2 > 8 ? k->cap / 2 : 8) + 3) / 4 * 4 : 4;
		cap = cap < s->cfg.fanout_max_edges ? cap : s->cfg.fanout_max_edges;
		if (!(e = realloc(k->edge, cap * per))) {
			s->st.detect_alloc_failed++;
			return -1;
		}
		if (is_account(k))
			memmove(e + cap, e + k->cap, k->nedges * sizeof(struct use));
		k->edge = e;
		k->cap = cap;
		return k->nedges++;
	}
	for (old = 0, i = 1; i < k->nedges; i++)
		if (k->edge[i].last < k->edge[old].last)
			old = i;
	if (in_window(s, k->edge[old].last, now_ms)) {
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
static int64_t edge(struct sensor *s, struct fkey *k, const char *dst, uint32_t now_ms)
{
	struct fanout_state *f = s->fanout;
	uint32_t i, id;
	int64_t at;

	for (i = 0; i < k->nedges; i++)
		if (!strncmp(str(&f->names, k->edge[i].dst), dst, DST_LEN - 1))
			return i;
	if ((id = intern(s, &f->names, dst, DST_LEN - 1)) == NONE)
		return -1;
	if ((at = edge_slot(s, k, now_ms)) < 0) {
		release(&f->names, id);
		return -1;
	}
	memset(&k->edge[at], 0, sizeof(k->edge[at]));
	k->edge[at].dst = id;
	k->edge[at].peer = NONE >> 1; /* none yet */
	if (is_account(k))
		memset(&uses(k)[at], 0, sizeof(struct use));
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
		if (!strcasecmp(str(&f->shares, u->share[i]), name)) {
			count(&u->n[i]);
			return;
		}
	if (i == SHARES || (id = intern(s, &f->shares, name, SHARE_LEN - 1)) == NONE) {
		count(&u->other);
		return;
	}
	u->share[i] = (uint16_t)id;
	u->n[i] = 1;
}

/* The access's uid becomes the latest of edge i, the newest of the ring. */
static void remember_uid(struct fkey *k, uint32_t i, const char *uid)
{
	unsigned j;

	for (j = 0; j < k->nring && k->ring[j].edge != i; j++)
		;
	if (j == RING)
		j = 0; /* full: the oldest goes */
	else if (j == k->nring)
		k->nring++;
	memmove(&k->ring[j], &k->ring[j + 1], (k->nring - j - 1) * sizeof(k->ring[0]));
	k->ring[k->nring - 1].edge = (uint16_t)i;
	snprintf(k->ring[k->nring - 1].uid, RING_UID, "%s", uid);
}

static void record(struct sensor *s, struct fkey *k, uint32_t i, const struct fanout_access *a, const char *peer,
		   uint32_t now_ms, int admin)
{
	struct fanout_state *f = s->fanout;
	struct edge *e = &k->edge[i];
	uint32_t id;

	e->last = now_ms;
	if (admin)
		e->admin = now_ms;
	remember_uid(k, i, a->uid);
	if (e->peer == NONE >> 1 || strncmp(str(&f->names, e->peer), peer, DETECT_ACCOUNT_LEN - 1)) {
		if ((id = intern(s, &f->names, peer, DETECT_ACCOUNT_LEN - 1)) != NONE) {
			if (e->peer != NONE >> 1)
				release(&f->names, e->peer);
			e->peer = id;
		}
	}
	if (!is_account(k))
		return;
	if (a->share)
		count_share(s, &uses(k)[i], a->share);
	else
		count(&uses(k)[i].sessions);
}

/* A destination's weight is the highest of its accesses in the window. */
static struct tally tally(const struct sensor *s, const struct fkey *k, uint32_t now_ms)
{
	struct tally t = { 0, 0, 0, now_ms };
	uint32_t i;

	for (i = 0; i < k->nedges; i++) {
		const struct edge *e = &k->edge[i];
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
	uint32_t i, named = 0, lost = 0;
	unsigned j;

	for (i = 0; i < k->nedges; i++) {
		struct edge *e = &k->edge[i];

		if (!in_window(s, e->last, now_ms))
			continue;
		e->alerted = 1;
		if (named++ < LISTED)
			list_add(hosts, hn, str(&f->names, e->dst), ", ");
		if (e->peer != NONE >> 1)
			list_add(peers, pn, str(&f->names, e->peer), ",");
		for (j = 0; j < k->nring && k->ring[j].edge != i; j++)
			;
		if (j < k->nring)
			list_add(uids, un, k->ring[j].uid, ",");
		else
			lost++;
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
	int account = is_account(k);
	struct notice n = { a->ts_us, a->c, account ? "SMBSensor::Account_Fanout" : "SMBSensor::Source_Fanout",
			    msg, sub, NULL, *a->src ? a->src : NULL, *a->dst ? a->dst : NULL, a->port, t->hosts };
	uint32_t lost = describe(s, k, now_ms, hosts, sizeof(hosts), peers, sizeof(peers), uids, sizeof(uids));

	if (lost)
		snprintf(more, sizeof(more), " (+%u not kept)", lost);
	snprintf(msg, sizeof(msg), "%.*s reached %u hosts in %u s (weight %llu > %u): %s", DETECT_ACCOUNT_LEN - 1,
		 str(&s->fanout->names, k->name), t->hosts, (now_ms - t->oldest_ms) / 1000,
		 (unsigned long long)t->weight, s->cfg.fanout_hosts, hosts);
	snprintf(sub, sizeof(sub), "severity=%s; %s=%s; uids=%s%s", t->admin ? "high" : "medium",
		 account ? "sources" : "accounts", *peers ? peers : "-", *uids ? uids : "-", more);
	log_notice(s->logs, &n);
	s->st.notices++;
	k->alerts++;
	k->alert_ms = now_ms;
}

/* One access seen from one key; peer is the other end of the key (the
 * source of an account, the account of a source). */
static void visit(struct sensor *s, enum kind kind, const char *name, const char *peer,
		  const struct fanout_access *a, int admin)
{
	struct fkey *k = key(s, kind, name);
	uint32_t now_ms;
	struct tally t;
	int64_t i;

	if (!k)
		return;
	now_ms = ms_of(s, a->ts_us);
	if ((i = edge(s, k, a->dst, now_ms)) >= 0)
		record(s, k, (uint32_t)i, a, peer, now_ms, admin);
	t = tally(s, k, now_ms);
	/* One notice per window: no storm while the fan-out goes on. */
	if (t.weight > s->cfg.fanout_hosts && !k->allowed && !(k->alerts && (int64_t)now_ms - k->alert_ms < window_ms(s)))
		alert(s, k, a, &t, now_ms);
}

void detect_fanout_access(struct sensor *s, const struct fanout_access *a)
{
	int admin = a->share && config_list_has(&s->cfg.admin_shares, a->share);

	if (!state(s, a->ts_us))
		return;
	if (*a->account)
		visit(s, K_ACCOUNT, a->account, a->src, a, admin);
	if (*a->src)
		visit(s, K_SOURCE, a->src, a->account, a, admin);
}

/* The share name: the last component of "\\server\share". */
static const char *share_of(const struct text *path)
{
	const char *name;

	if (!path || !path->set)
		return "?";
	name = strrchr(path->s, '\\');
	return name ? name + 1 : path->s;
}

void detect_fanout_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	char account[DETECT_ACCOUNT_LEN];
	struct fanout_access a = { s->now_us, account, c->orig_h, c->resp_h, NULL, c->uid, c->key.srv_port, c };
	uint64_t session_id;

	if (ev->type == EV_SMB_SESSION_SETUP && smb_status_ok(ev->version, ev->u.session.status)) {
		session_id = ev->u.session.session_id;
	} else if (ev->type == EV_SMB_TREE_CONNECT && smb_status_ok(ev->version, ev->u.tree.status)) {
		session_id = ev->u.tree.session_id;
		a.share = share_of(ev->u.tree.path);
	} else {
		return;
	}
	detect_account(c, session_id, account, sizeof(account));
	detect_fanout_access(s, &a);
}

static int top_before(const struct fanout_top *a, const struct fanout_top *b)
{
	if (a->hosts != b->hosts)
		return a->hosts > b->hosts;
	if (a->alerts != b->alerts)
		return a->alerts > b->alerts;
	return strcmp(a->account, b->account) < 0;
}

size_t detect_fanout_top_accounts(const struct sensor *s, struct fanout_top *out, size_t max)
{
	const struct fanout_state *f = s->fanout;
	const struct fkey *k;
	struct fanout_top t;
	size_t n = 0, i;
	uint32_t id;

	for (id = f ? f->head : NONE; id != NONE && max; id = k->next) {
		k = f->key[id];
		if (!is_account(k))
			continue;
		snprintf(t.account, sizeof(t.account), "%s", str(&f->names, k->name));
		t.hosts = k->nedges;
		t.alerts = k->alerts;
		if (n == max && !top_before(&t, &out[n - 1]))
			continue;
		/* Insertion into the sorted list, the last one falling off when full. */
		for (i = n < max ? n++ : n - 1; i > 0 && top_before(&t, &out[i - 1]); i--)
			out[i] = out[i - 1];
		out[i] = t;
	}
	return n;
}

/* Text from the wire inside a DOT quoted string: quotes and backslashes
 * escaped, control bytes shown as \xNN so no line or string can be broken. */
static void dot_text(FILE *f, const char *p)
{
	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\\\x%02x", ch);
		else
			fputc(ch, f);
	}
}

/* A node: its id is prefixed by its kind, so an account named like an
 * address stays apart from the host. */
static void dot_node(FILE *f, char kind, const char *name)
{
	fprintf(f, "\t\"%c:", kind);
	dot_text(f, name);
	fputs("\" [label=\"", f);
	dot_text(f, name);
	fprintf(f, "\", shape=%s];\n", kind == K_ACCOUNT ? "box" : "ellipse");
}

/* " xN", "+" when the count saturated. */
static void dot_count(FILE *f, uint16_t n)
{
	fprintf(f, " x%u%s", n, n == COUNT_MAX ? "+" : "");
}

static void dot_edge(FILE *f, const struct fanout_state *st, const struct fkey *k, uint32_t i)
{
	const struct edge *e = &k->edge[i];
	const struct use *u = &uses(k)[i];
	const char *sep = "", *dst = str(&st->names, e->dst), *name = str(&st->names, k->name);
	unsigned j;

	dot_node(f, 'h', dst);
	fputs("\t\"a:", f);
	dot_text(f, name);
	fputs("\" -> \"h:", f);
	dot_text(f, dst);
	fputs("\" [label=\"", f);
	for (j = 0; j < SHARES && u->n[j]; j++, sep = ", ") {
		fputs(sep, f);
		dot_text(f, str(&st->shares, u->share[j]));
		dot_count(f, u->n[j]);
	}
	if (u->other) {
		fprintf(f, "%sother", sep);
		dot_count(f, u->other);
	}
	if (!j && !u->other) {
		fputs("session", f);
		dot_count(f, u->sessions);
	}
	fprintf(f, "\"%s];\n", e->alerted ? ", color=red, fontcolor=red" : "");
}

int detect_fanout_write_dot(const struct sensor *s, FILE *f)
{
	const struct fanout_state *st = s->fanout;
	const struct fkey *k;
	uint32_t id, i;

	fputs("digraph smb_fanout {\n\trankdir=LR;\n", f);
	for (id = st ? st->head : NONE; id != NONE; id = k->next) {
		k = st->key[id];
		if (!is_account(k))
			continue;
		dot_node(f, K_ACCOUNT, str(&st->names, k->name));
		for (i = 0; i < k->nedges; i++)
			dot_edge(f, st, k, i);
	}
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

void detect_fanout_free(struct sensor *s)
{
	struct fanout_state *f = s->fanout;
	uint32_t id, next;

	if (!f)
		return;
	for (id = f->head; id != NONE; id = next) {
		next = f->key[id]->next;
		free(f->key[id]->edge);
		free(f->key[id]);
	}
	free(f->key);
	free(f->keys.slot);
	strtab_free(&f->names);
	strtab_free(&f->shares);
	free(f);
	s->fanout = NULL;
}
