/* Exec chains and remote execution (detect.h). State is per destination
 * host: the last few admin-share writes and execution calls, each with who,
 * from where and on which connection. Hosts are forgotten least recently
 * active first at detect_max_hosts (detect_hosts_evicted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utlist.h>
#include <uthash.h>

#include "detect.h"
#include "detect_internal.h"
#include "flows.h"
#include "log_notice.h"
#include "pipes.h"
#include "rpc_names.h"

#define SLOTS 4          /* writes and calls remembered per host */

/* The texts are allocated to their length: a host record is a few hundred
 * bytes, not the 18 KB that buffers for the longest ones took. */
struct act {
	int64_t ts_us;
	char src[46], uid[UID_LEN], account[DETECT_ACCOUNT_LEN];
	char *what;              /* write: the file's share path; call: its description */
	char *file;              /* call: the written file it names, NULL if none */
	uint8_t used;            /* in a chain already */
};

struct detect_host {
	char resp_h[46];
	struct act writes[SLOTS], calls[SLOTS];
	uint8_t next_write, next_call;
	uint32_t chains;         /* Exec_Chain notices for this host */
	int64_t last_us;         /* packet time of its latest write or call */
	UT_hash_handle hh;
};

static const char *text_of(const char *p)
{
	return p ? p : "";
}

static void act_clear(struct act *a)
{
	free(a->what);
	free(a->file);
	memset(a, 0, sizeof(*a));
}

static void host_free(struct detect_host *h)
{
	int i;

	for (i = 0; i < SLOTS; i++) {
		act_clear(&h->writes[i]);
		act_clear(&h->calls[i]);
	}
	free(h);
}

/* Least recently active first: a host with nothing inside the window can
 * complete no chain, and goes unless it had one (the report counts them). */
static void expire(struct sensor *s)
{
	struct detect_host *h, *tmp;
	int64_t window = (int64_t)s->cfg.exec_chain_window * 1000000;

	HASH_ITER(hh, s->detect, h, tmp) {
		if (s->now_us - h->last_us <= window)
			return;
		if (h->chains)
			continue;
		HASH_DEL(s->detect, h);
		host_free(h);
		s->st.detect_hosts_expired++;
	}
}

/* The host's record, created (and the least recently active one evicted at
 * the limit) when missing; it becomes the most recently active. */
static struct detect_host *host(struct sensor *s, const char *resp_h)
{
	struct detect_host *h;

	HASH_FIND_STR(s->detect, resp_h, h);
	if (h) {
		HASH_DEL(s->detect, h);
	} else {
		expire(s);
		if (HASH_COUNT(s->detect) >= s->cfg.detect_max_hosts) {
			h = s->detect;
			HASH_DEL(s->detect, h);
			host_free(h);
			s->st.detect_hosts_evicted++;
		}
		if (!(h = calloc(1, sizeof(*h)))) {
			s->st.detect_alloc_failed++;
			return NULL;
		}
		snprintf(h->resp_h, sizeof(h->resp_h), "%s", resp_h);
	}
	h->last_us = s->now_us;
	HASH_ADD_STR(s->detect, resp_h, h);
	return h;
}

static int same_account(const char *a, const char *b)
{
	return !*a || !*b || !strcasecmp(a, b);
}

static int within(const struct sensor *s, int64_t a, int64_t b)
{
	int64_t d = a > b ? a - b : b - a;

	return d <= (int64_t)s->cfg.exec_chain_window * 1000000;
}

static struct act *record(struct act *slots, uint8_t *next, const struct conn *c, const char *account)
{
	struct act *a = &slots[*next];

	*next = (uint8_t)((*next + 1) % SLOTS);
	act_clear(a);
	a->ts_us = c->s->now_us;
	snprintf(a->src, sizeof(a->src), "%s", c->orig_h);
	snprintf(a->uid, sizeof(a->uid), "%s", c->uid);
	snprintf(a->account, sizeof(a->account), "%s", account);
	return a;
}

/* One notice for a write and a call on one host; c is the connection of
 * the one that came second. */
static void chain(struct sensor *s, struct detect_host *h, const struct conn *c, struct act *w, struct act *x)
{
	char msg[8 * TEXT_MAX], sub[2 * TEXT_MAX];
	int64_t gap = x->ts_us - w->ts_us;
	int named = x->file && !strcasecmp(x->file, text_of(w->what));
	const char *who = *x->account ? x->account : *w->account ? w->account : "an unknown account";
	struct notice n = { s->now_us, c, NOTE_EXEC_CHAIN, msg, sub, text_of(w->what), x->src, c->resp_h,
			    c->key.srv_port, -1 };

	w->used = x->used = 1;
	h->chains++;
	if (gap >= 0)
		snprintf(msg, sizeof(msg), "%s wrote %s from %s, then %s on %s from %s %.1f s later", who,
			 text_of(w->what), w->src, text_of(x->what), c->resp_h, x->src, (double)gap / 1e6);
	else
		snprintf(msg, sizeof(msg), "%s called %s on %s from %s, then wrote %s from %s %.1f s later", who,
			 text_of(x->what), c->resp_h, x->src, text_of(w->what), w->src, (double)-gap / 1e6);
	snprintf(sub, sizeof(sub), "severity=%s; order=%s; write_uid=%s; exec_uid=%s", named ? "high" : "medium",
		 gap >= 0 ? "write-then-exec" : "exec-then-write", w->uid, x->uid);
	log_notice(s->logs, &n);
	s->st.notices++;
}

static int admin_share(const struct sensor *s, const char *share_path)
{
	const char *name = strrchr(share_path, '\\');

	return config_list_has(&s->cfg.admin_shares, name ? name + 1 : share_path);
}

static void staged_write(struct sensor *s, struct conn *c, const struct event *ev)
{
	struct smb_open *o = smb_track_open_find(&c->smbt, &ev->u.io.f);
	struct smb_tree *tr = o ? smb_track_tree(&c->smbt, o->tree_id) : NULL;
	char account[DETECT_ACCOUNT_LEN];
	struct detect_host *h;
	struct act *w;
	size_t n;
	int i;

	if (!o || o->writes != 1 || !o->name.s || !tr || !tr->path.s || tr->share_type != 1 ||
	    !admin_share(s, tr->path.s))
		return;
	if (!(h = host(s, c->resp_h)))
		return;
	detect_account(c, ev->session_id, account, sizeof(account));
	w = record(h->writes, &h->next_write, c, account);
	n = strlen(tr->path.s) + strlen(o->name.s) + 2;
	if ((w->what = malloc(n)))
		snprintf(w->what, n, "%s\\%s", tr->path.s, o->name.s);
	for (i = 0; i < SLOTS; i++) {
		struct act *x = &h->calls[i];

		if (x->ts_us && !x->used && within(s, x->ts_us, w->ts_us) && same_account(x->account, account)) {
			chain(s, h, c, w, x);
			return;
		}
	}
}

void detect_exec_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	if (ev->type == EV_SMB_WRITE)
		staged_write(s, c, ev);
}

/* The calls that make a host run something. */
static int runs_something(enum rpc_exec_op op)
{
	return op == RPC_EXEC_SVC_CREATE || op == RPC_EXEC_SVC_CHANGE || op == RPC_EXEC_SVC_START ||
	       op == RPC_EXEC_TASK_REGISTER || op == RPC_EXEC_TASK_RUN || op == RPC_EXEC_AT_JOB_ADD;
}

/* What the call runs: the binary path, or the task's command and arguments. */
static void command_of(const struct rpc_exec *e, char *out, size_t n)
{
	if (e->binary_path.set)
		snprintf(out, n, "%s", e->binary_path.s);
	else if (e->command.set)
		snprintf(out, n, "%s%s%s", e->command.s, e->arguments.set ? " " : "",
			 e->arguments.set ? e->arguments.s : "");
	else
		out[0] = '\0';
}

/* A shell or script host, a path outside the system directories, or a
 * program read from a share: what service and task payloads of attack
 * tools look like, and what installers rarely do. */
static const char *suspicious(const char *cmd)
{
	static const char *const hosts[] = { "cmd.exe", "cmd /", "%comspec%", "powershell", "pwsh", "rundll32",
					     "mshta", "wscript", "cscript", "regsvr32", "certutil", "bitsadmin" };
	static const char *const system[] = { "%systemroot%\\system32\\", "%windir%\\system32\\",
					      "c:\\windows\\system32\\", "\"c:\\windows\\system32\\",
					      "c:\\program files", "\"c:\\program files", "%programfiles%" };
	size_t i;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (strcasestr(cmd, hosts[i]))
			return "shell or script host";
	if (!strncmp(cmd, "\\\\", 2) || !strncmp(cmd, "\"\\\\", 3))
		return "runs from a share";
	for (i = 0; i < sizeof(system) / sizeof(system[0]); i++)
		if (!strncasecmp(cmd, system[i], strlen(system[i])))
			return NULL;
	return "outside the system directories";
}

static void describe(const struct pipe_call *call, const char *cmd, char *out, size_t n)
{
	const struct rpc_exec *e = call->exec;
	const char *ep = rpc_endpoint_name(call->iface), *op = rpc_operation_name(call->iface, call->opnum);
	const struct text *name = e->service_name.set ? &e->service_name : &e->task_name;

	snprintf(out, n, "%s %s%s%s%s%s%s%s", ep ? ep : "?", op ? op : "?", name->set ? " '" : "",
		 name->set ? name->s : "", name->set ? "'" : "", *cmd ? " running '" : "", cmd, *cmd ? "'" : "");
}

static void remote_exec(struct sensor *s, const struct conn *c, const struct act *x, const char *cmd,
			int status_known, uint32_t status)
{
	char msg[4 * TEXT_MAX], sub[TEXT_MAX];
	const char *why = *cmd ? suspicious(cmd) : NULL;
	struct notice n = { s->now_us, c, NOTE_REMOTE_EXEC, msg, sub, x->file, x->src,
			    c->resp_h, c->key.srv_port, -1 };
	char st[16] = "-";

	if (status_known)
		snprintf(st, sizeof(st), "0x%08x", status);
	snprintf(msg, sizeof(msg), "%s on %s from %s: %s", *x->account ? x->account : "an unknown account", c->resp_h,
		 x->src, text_of(x->what));
	snprintf(sub, sizeof(sub), "severity=%s%s%s; status=%s; uid=%s", why ? "high" : "medium", why ? "; reason=" : "",
		 why ? why : "", st, x->uid);
	log_notice(s->logs, &n);
	s->st.notices++;
}

/* The newest write on h not yet in a chain that can make one with call x;
 * with name, only the write of that file. */
static struct act *chained_write(const struct sensor *s, struct detect_host *h, const struct act *x,
				 const char *name)
{
	int i;

	for (i = 0; i < SLOTS; i++) {
		struct act *w = &h->writes[(h->next_write + SLOTS - 1 - i) % SLOTS];

		if (w->ts_us && !w->used && within(s, w->ts_us, x->ts_us) && same_account(w->account, x->account) &&
		    (!name || !strcasecmp(name, text_of(w->what))))
			return w;
	}
	return NULL;
}

void detect_exec(struct sensor *s, const struct conn *c, uint64_t session_id, const struct pipe_call *call,
		 int status_known, uint32_t status, const char *staged)
{
	char account[DETECT_ACCOUNT_LEN], cmd[2 * TEXT_MAX + 2], what[3 * TEXT_MAX];
	struct detect_host *h;
	struct act *x, *w;

	if (!s->cfg.detect || !call->exec || !runs_something(call->exec->op) || !(h = host(s, c->resp_h)))
		return;
	detect_account(c, session_id, account, sizeof(account));
	command_of(call->exec, cmd, sizeof(cmd));
	x = record(h->calls, &h->next_call, c, account);
	x->ts_us = call->ts_us;
	describe(call, cmd, what, sizeof(what));
	x->what = strdup(what);
	if (staged)
		x->file = strdup(staged);
	remote_exec(s, c, x, cmd, status_known, status);
	if ((w = chained_write(s, h, x, staged)) || (staged && (w = chained_write(s, h, x, NULL))))
		chain(s, h, c, w, x);
}

size_t detect_exec_top(const struct sensor *s, struct detect_top *out, size_t max)
{
	const struct detect_host *h;
	size_t n = 0;

	for (h = s->detect; h; h = h->hh.next)
		if (h->chains)
			n = detect_top_add(out, n, max, h->resp_h, h->chains);
	return n;
}

void detect_exec_free(struct sensor *s)
{
	struct detect_host *h, *tmp;

	HASH_ITER(hh, s->detect, h, tmp) {
		HASH_DEL(s->detect, h);
		host_free(h);
	}
}
