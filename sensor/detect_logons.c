/* Failed logons (detect_logons.h): final SESSION_SETUP responses whose status
 * says the credentials were refused, SMB1 or SMB2/3, NTLM or Kerberos,
 * counted per source host
 * and per account on packet time. One table holds both kinds of key,
 * forgotten least recently active first at logon_max_keys
 * (logon_keys_evicted).
 *
 * The defaults, more than 10 failures in 300 s: the Microsoft security
 * baseline sets the account lockout threshold to 10 bad passwords. A user
 * who mistypes does not get there in five minutes; a password guesser or
 * sprayer does, and it is about to lock accounts out. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uthash.h>

#include "detect_internal.h"
#include "detect_logons.h"
#include "flows.h"
#include "log_notice.h"

/* The window is cut into SLOTS slots of packet time and a key counts the
 * slots that lie inside it, so a count never reaches further back than the
 * window (it may forget up to one slot, window/16, of its oldest failures).
 * An exact sliding window would keep logon_failures timestamps per key, and
 * that setting goes up to a million. */
#define SLOTS 16
#define OTHERS 3           /* accounts of a source, or sources of an account, named in the notice */
#define OTHER_LEN 64

/* The statuses of refused credentials (MS-ERREF 2.3). Others are not logon
 * failures: ACCESS_DENIED refuses a multichannel session binding
 * (smb3_multichannel.pcap has 26), NETWORK_SESSION_EXPIRED asks a client
 * to authenticate again. */
static int credentials_refused(uint32_t status)
{
	static const uint32_t refused[] = {
		0xc000006d, /* LOGON_FAILURE */          0xc000006a, /* WRONG_PASSWORD */
		0xc0000064, /* NO_SUCH_USER */           0xc0000072, /* ACCOUNT_DISABLED */
		0xc0000234, /* ACCOUNT_LOCKED_OUT */     0xc000006e, /* ACCOUNT_RESTRICTION */
		0xc000006f, /* INVALID_LOGON_HOURS */    0xc0000070, /* INVALID_WORKSTATION */
		0xc0000071, /* PASSWORD_EXPIRED */       0xc0000193, /* ACCOUNT_EXPIRED */
		0xc0000224, /* PASSWORD_MUST_CHANGE */   0xc000015b, /* LOGON_TYPE_NOT_GRANTED */
		0x00020002, /* SMB1 DOS error ERRSRV/ERRbadpw */
	};
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (status == refused[i])
			return 1;
	return 0;
}

struct logon_key {
	char id[2 + DETECT_ACCOUNT_LEN]; /* 's' or 'a', then the name in lower case: the hash key */
	char name[DETECT_ACCOUNT_LEN];   /* as first seen */
	int64_t slot;                    /* number of the newest slot: packet time / slot length */
	int64_t last_us;                 /* the last failure */
	uint32_t count[SLOTS];
	int64_t first_us[SLOTS];         /* the first failure of each slot */
	char others[OTHERS][OTHER_LEN];
	uint8_t nothers, more;           /* more: further names left out */
	uint8_t alerted;                 /* until a window passes without a failure */
	UT_hash_handle hh;
};

static int64_t window_us(const struct sensor *s)
{
	return (int64_t)s->cfg.logon_failure_window * 1000000;
}

static int64_t slot_us(const struct sensor *s)
{
	return window_us(s) / SLOTS;
}

/* Make room for one key, least recently active first, but never keep: the
 * key the caller holds (so the table may hold one more than the limit). */
static void make_room(struct sensor *s, const struct logon_key *keep)
{
	struct logon_key *victim = s->logons;

	if (HASH_COUNT(s->logons) < s->cfg.logon_max_keys)
		return;
	if (victim == keep)
		victim = victim->hh.next;
	if (!victim)
		return;
	HASH_DEL(s->logons, victim);
	free(victim);
	s->st.logon_keys_evicted++;
}

/* The key, created when missing; it becomes the most recently active. */
static struct logon_key *key_get(struct sensor *s, char kind, const char *name, const struct logon_key *keep)
{
	char id[2 + DETECT_ACCOUNT_LEN];
	struct logon_key *k;
	size_t i;

	id[0] = kind;
	for (i = 0; name[i] && i + 2 < sizeof(id); i++)
		id[i + 1] = (char)tolower((unsigned char)name[i]);
	id[i + 1] = '\0';
	HASH_FIND_STR(s->logons, id, k);
	if (k) {
		HASH_DEL(s->logons, k);
	} else {
		make_room(s, keep);
		if (!(k = calloc(1, sizeof(*k)))) {
			s->st.detect_alloc_failed++;
			return NULL;
		}
		memcpy(k->id, id, sizeof(id));
		snprintf(k->name, sizeof(k->name), "%s", name);
	}
	HASH_ADD_STR(s->logons, id, k);
	return k;
}

/* Move the key to the slot of now: a full window without a failure starts
 * it afresh (and allows a new notice); the slots passed over are emptied. */
static void advance(const struct sensor *s, struct logon_key *k, int64_t now)
{
	int64_t slot = now / (slot_us(s) ? slot_us(s) : 1), i;

	if (k->last_us && now - k->last_us >= window_us(s)) {
		memset(k->count, 0, sizeof(k->count));
		k->nothers = k->more = k->alerted = 0;
	}
	for (i = k->slot + 1; i <= slot && i <= k->slot + SLOTS; i++)
		k->count[i % SLOTS] = 0;
	if (slot > k->slot)
		k->slot = slot;
}

static void add_other(struct logon_key *k, const char *other)
{
	unsigned i;

	if (!*other)
		return;
	for (i = 0; i < k->nothers; i++)
		if (!strncasecmp(k->others[i], other, OTHER_LEN - 1))
			return;
	if (k->nothers < OTHERS)
		snprintf(k->others[k->nothers++], OTHER_LEN, "%s", other);
	else
		k->more = 1;
}

/* Failures in the window, and the first of them. */
static uint32_t total(const struct logon_key *k, int64_t *first)
{
	uint32_t n = 0;
	unsigned i;

	*first = k->last_us;
	for (i = 0; i < SLOTS; i++)
		if (k->count[i]) {
			n += k->count[i];
			*first = k->first_us[i] < *first ? k->first_us[i] : *first;
		}
	return n;
}

/* Count one failure on the key; 1 when that crosses the threshold. A packet
 * older than the newest slot (connections interleave) counts in it. */
static int count(const struct sensor *s, struct logon_key *k, const char *other, int64_t now)
{
	unsigned i;
	int64_t first;

	advance(s, k, now);
	i = (unsigned)(k->slot % SLOTS);
	if (!k->count[i]++)
		k->first_us[i] = now;
	k->last_us = now > k->last_us ? now : k->last_us;
	add_other(k, other);
	if (k->alerted || total(k, &first) <= s->cfg.logon_failures)
		return 0;
	k->alerted = 1;
	return 1;
}

static void others_text(const struct logon_key *k, char *out, size_t n)
{
	snprintf(out, n, "%.63s%s%.63s%s%.63s%s", k->nothers ? k->others[0] : "unknown", k->nothers > 1 ? ", " : "",
		 k->nothers > 1 ? k->others[1] : "", k->nothers > 2 ? ", " : "", k->nothers > 2 ? k->others[2] : "",
		 k->more ? " and more" : "");
}

/* The notice of key k; with single, the key of the other kind crossed with
 * it and both name only each other: one notice says it all. */
static void notify(struct sensor *s, const struct conn *c, const struct logon_key *k, const char *source,
		   const char *server, int single)
{
	char msg[4 * DETECT_ACCOUNT_LEN + 4 * OTHER_LEN], sub[2 * TEXT_MAX], who[4 * OTHER_LEN];
	int64_t first;
	uint32_t n = total(k, &first);
	int by_source = k->id[0] == 's';
	struct notice nt = { k->last_us, c, NOTE_LOGON_FAILURES, msg, sub, NULL, source, server,
			     c ? c->key.srv_port : 0, n };

	others_text(k, who, sizeof(who));
	if (single)
		snprintf(msg, sizeof(msg), "%.127s from %.63s failed %u logons in %.0f s, the last against %.63s",
			 k->name, source, n, (double)(k->last_us - first) / 1e6, server);
	else
		snprintf(msg, sizeof(msg), "%.127s failed %u logons in %.0f s, the last against %.63s (%s: %s)",
			 k->name, n, (double)(k->last_us - first) / 1e6, server, by_source ? "accounts" : "sources",
			 who);
	snprintf(sub, sizeof(sub), "severity=%s; key=%s; threshold=%u; window=%u s%s%.*s",
		 k->nothers > 1 ? "high" : "medium", single ? "source+account" : by_source ? "source" : "account",
		 s->cfg.logon_failures, s->cfg.logon_failure_window, c ? "; uid=" : "", UID_LEN, c ? c->uid : "");
	log_notice(s->logs, &nt);
	s->st.notices++;
}

int detect_logon_failure(struct sensor *s, const struct conn *c, const char *source, const char *server,
			 const char *account, int64_t now_us)
{
	struct logon_key *src, *acct = NULL;
	int src_hit, acct_hit = 0, single;

	if (!(src = key_get(s, 's', source, NULL)))
		return 0;
	src_hit = count(s, src, account, now_us);
	if (*account && (acct = key_get(s, 'a', account, src)))
		acct_hit = count(s, acct, source, now_us);
	single = src_hit && acct_hit && src->nothers == 1 && !src->more && acct->nothers == 1 && !acct->more;
	if (single) {
		notify(s, c, acct, source, server, 1);
		return 1;
	}
	if (src_hit)
		notify(s, c, src, source, server, 0);
	if (acct_hit)
		notify(s, c, acct, source, server, 0);
	return src_hit + acct_hit;
}

/* The session's account, or the one the client sent when the server did
 * not name a session (its failure may carry SessionId 0). */
static void account_of(const struct conn *c, uint64_t session_id, char *out, size_t n)
{
	const struct smb_auth *a = &c->smbt.auth;

	detect_account(c, session_id, out, n);
	if (!*out && a->account.s)
		snprintf(out, n, "%.60s%s%.60s", a->domain.s ? a->domain.s : "", a->domain.s ? "\\" : "", a->account.s);
}

void detect_logons_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	char account[DETECT_ACCOUNT_LEN];
	uint32_t status = ev->u.session.status;

	if (ev->type != EV_SMB_SESSION_SETUP || !credentials_refused(status))
		return;
	account_of(c, ev->u.session.session_id, account, sizeof(account));
	detect_logon_failure(s, c, c->orig_h, c->resp_h, account, ev->ts_us);
}

void detect_logons_free(struct sensor *s)
{
	struct logon_key *k, *tmp;

	HASH_ITER(hh, s->logons, k, tmp) {
		HASH_DEL(s->logons, k);
		free(k);
	}
}
