/* Bounded tallies for the end-of-run report: summary_max_entries distinct
 * accounts and shares at most, the rest counted in summary_full. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "flows.h"
#include "logs.h"
#include "summary.h"
#include "term_text.h"

struct tally {
	char *key;
	uint64_t ok, failed;
	UT_hash_handle hh;
};

struct summary {
	struct tally *accounts;
	struct tally *shares;
	unsigned naccounts, nshares;
	uint64_t sessions_ok, sessions_failed;
};

struct summary *summary_new(void)
{
	return calloc(1, sizeof(struct summary));
}

static void tally(struct sensor *s, struct tally **set, unsigned *n, const char *key, int ok)
{
	struct tally *t;

	HASH_FIND_STR(*set, key, t);
	if (!t) {
		if (*n >= s->cfg.summary_max_entries || !(t = calloc(1, sizeof(*t))) || !(t->key = strdup(key))) {
			free(t);
			s->st.summary_full++;
			return;
		}
		HASH_ADD_KEYPTR(hh, *set, t->key, strlen(t->key), t);
		(*n)++;
	}
	if (ok)
		t->ok++;
	else
		t->failed++;
}

static void account_key(const struct conn *c, char *buf, size_t n)
{
	const struct ntlm_rec *r = &c->ntlm;

	buf[0] = '\0';
	if (r->username.len) {
		term_text_append(buf, n, r->domainname.s, r->domainname.len);
		term_text_append(buf, n, "\\", 1);
		term_text_append(buf, n, r->username.s, r->username.len);
	} else if (r->active)
		snprintf(buf, n, "(anonymous)");
	else
		snprintf(buf, n, "(not NTLM)");
}

void summary_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	struct summary *sm = s->summary;
	char key[4 * (2 * TEXT_MAX + 1) + 1]; /* escaped: 4 bytes a byte at most */
	int ok;

	if (ev->type == EV_SMB_SESSION_SETUP) {
		ok = ev->u.session.status == 0;
		ok ? sm->sessions_ok++ : sm->sessions_failed++;
		account_key(c, key, sizeof(key));
		tally(s, &sm->accounts, &sm->naccounts, key, ok);
	} else if (ev->type == EV_SMB_TREE_CONNECT) {
		key[0] = '\0';
		if (ev->u.tree.path)
			term_text_append(key, sizeof(key), ev->u.tree.path->s, ev->u.tree.path->len);
		else
			snprintf(key, sizeof(key), "(unknown path)");
		tally(s, &sm->shares, &sm->nshares, key, ev->u.tree.status == 0);
	}
}

static void print_set(FILE *f, const char *title, struct tally *set, unsigned n)
{
	struct tally *t;

	fprintf(f, "%s (%u):\n", title, n);
	for (t = set; t; t = t->hh.next)
		fprintf(f, "  %-40s %" PRIu64 " ok, %" PRIu64 " failed\n", t->key, t->ok, t->failed);
}

static void print_rows(FILE *f, const char *name, const struct zlog *z)
{
	uint64_t n = zlog_rows(z);

	if (n)
		fprintf(f, " %s.log (%" PRIu64 " row%s)", name, n, n == 1 ? "" : "s");
}

void summary_print(FILE *f, const struct sensor *s, const char *logdir)
{
	const struct summary *sm = s->summary;

	fprintf(f, "smbsensor summary\n");
	fprintf(f, "  packets %" PRIu64 ", bytes %" PRIu64 ", SMB connections %" PRIu64 " (%" PRIu64
		   " picked up mid-stream)\n",
		s->st.pkts, s->st.bytes, s->st.conns, s->st.conns_midstream);
	fprintf(f, "  SMB2 messages %" PRIu64 ", SMB1 %" PRIu64 ", encrypted %" PRIu64 "\n", s->st.smb.smb2_msgs,
		s->st.smb.smb1_msgs, s->st.smb.transform_msgs);
	fprintf(f, "  sessions: %" PRIu64 " succeeded, %" PRIu64 " failed\n", sm->sessions_ok, sm->sessions_failed);
	print_set(f, "accounts", sm->accounts, sm->naccounts);
	print_set(f, "shares", sm->shares, sm->nshares);
	if (s->st.summary_full)
		fprintf(f, "  (%" PRIu64 " more not listed: summary_max_entries reached)\n", s->st.summary_full);
	fprintf(f, "logs written to %s:", logdir);
	print_rows(f, "conn", s->logs->conn);
	print_rows(f, "smb_mapping", s->logs->smb_mapping);
	print_rows(f, "smb_files", s->logs->smb_files);
	print_rows(f, "smb_session", s->logs->smb_session);
	print_rows(f, "dce_rpc", s->logs->dce_rpc);
	print_rows(f, "smb_exec", s->logs->smb_exec);
	print_rows(f, "ntlm", s->logs->ntlm);
	print_rows(f, "notice", s->logs->notice);
	print_rows(f, "weird", s->logs->weird);
	print_rows(f, "stats", s->logs->stats);
	fputc('\n', f);
}

static void free_set(struct tally **set)
{
	struct tally *t, *tmp;

	HASH_ITER(hh, *set, t, tmp) {
		HASH_DEL(*set, t);
		free(t->key);
		free(t);
	}
}

void summary_free(struct summary *sm)
{
	if (!sm)
		return;
	free_set(&sm->accounts);
	free_set(&sm->shares);
	free(sm);
}
